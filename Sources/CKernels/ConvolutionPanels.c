// The filter gradient's B operand written straight from NCHW images: colsᵀ, whose row
// (n, oh, ow) holds every pixel the window at that position covers, as the GEMM's packed
// panels of width nr (see ck_sgemm_pack_b). Along a panel row the lanes run over (c, kh, kw):
// lanes sharing c and kh with consecutive kw read consecutive pixels of one image row, so a
// panel row is a few short copies, not a transposition of the column matrix.
#include "CKernels.h"

#include <string.h>

/// One run of a panel: lanes [lane, lane + length) read channel c, kernel row kh, kernel
/// columns kw, kw + 1, ….
typedef struct {
    long lane, length, c, kh, kw;
} panel_run;

void ck_im2col_transposed_panels(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                 float *panels, long position_begin, long position_end) {
    const long taps = g->kernel_height * g->kernel_width, k = g->channels * taps;
    const long positions = g->output_height * g->output_width, rows = batch * positions;
    const long plane = g->height * g->width;
    panel_run runs[64];
    for (long j0 = 0; j0 < k; j0 += nr) {
        const long lanes = k - j0 < nr ? k - j0 : nr;
        // The panel's lanes as runs of consecutive kernel columns (at most nr of them).
        long count = 0;
        for (long lane = 0; lane < lanes;) {
            long j = j0 + lane, c = j / taps, kh = j % taps / g->kernel_width, kw = j % g->kernel_width;
            long length = g->kernel_width - kw < lanes - lane ? g->kernel_width - kw : lanes - lane;
            if (count == 64) break;  // nr ≤ 64 keeps every lane in a run (see the caller)
            runs[count++] = (panel_run){lane, length, c, kh, kw};
            lane += length;
        }
        float *panel = panels + j0 / nr * rows * nr;
        for (long row = position_begin; row < position_end; row++) {
            const long n = row / positions, p = row % positions;
            const long oy = p / g->output_width * g->stride - g->padding, ox = p % g->output_width * g->stride - g->padding;
            float *dst = panel + row * nr;
            for (long r = 0; r < count; r++) {
                const panel_run run = runs[r];
                const long y = oy + run.kh, x = ox + run.kw;
                float *to = dst + run.lane;
                if (y < 0 || y >= g->height) {
                    memset(to, 0, (size_t)run.length * sizeof(float));
                    continue;
                }
                const float *from = images + (n * g->channels + run.c) * plane + y * g->width;
                if (x >= 0 && x + run.length <= g->width) {
                    for (long i = 0; i < run.length; i++) to[i] = from[x + i];
                } else {
                    for (long i = 0; i < run.length; i++) {
                        long xi = x + i;
                        to[i] = xi >= 0 && xi < g->width ? from[xi] : 0;
                    }
                }
            }
            for (long lane = lanes; lane < nr; lane++) dst[lane] = 0;
        }
    }
}
