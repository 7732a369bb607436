// CKernels: the engine's SIMD kernels, in C.
//
// Each kernel has variants for AVX-512, AVX2 with FMA, and portable C, chosen once from CPUID
// (`ck_isa_detected`), never from what OpenBLAS detects or OPENBLAS_CORETYPE. Variants are
// compiled with per-function target attributes, so the package builds with default flags on any
// x86-64, and only the portable variant on other CPUs. A naive reference sits beside each kernel;
// the tests hold every variant the machine can run to it.
//
// Matrices are row-major. Sizes are `long` (Swift's Int). No kernel allocates per call beyond a
// per-thread packing buffer that grows to the largest size seen; none starts threads: callers
// split work into bands and run them on the engine's thread pool.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction sets a kernel variant can be written for, in increasing order.
typedef enum {
    CK_ISA_PORTABLE = 0,  ///< plain C, for any CPU
    CK_ISA_AVX2 = 1,      ///< AVX2 and FMA3 (x86-64 Haswell, Zen 1 onwards)
    CK_ISA_AVX512 = 2,    ///< AVX-512 F and VL (Skylake-SP, Zen 4 onwards)
} ck_isa;

/// The best instruction set this CPU and its operating system support, from CPUID and XGETBV
/// (the OS must save the wider registers). Computed once.
ck_isa ck_isa_detected(void);

/// "avx512", "avx2" or "portable".
const char *ck_isa_name(ck_isa isa);

/// The instruction set the engine's kernels use: `ck_isa_detected()` unless lowered with
/// `ck_set_isa` (to compare paths, or to measure a slower machine's path).
ck_isa ck_isa_active(void);

/// Uses `isa` from now on, if the CPU supports it; returns whether it did.
int ck_set_isa(ck_isa isa);

/// Tells the CPU this thread is spinning on a memory location (x86 PAUSE, AArch64 YIELD): the
/// engine's idle worker threads call it while they wait a few microseconds for the next job.
static inline void ck_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("pause");
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

// MARK: - Matrix products

/// The register tile of `isa`'s GEMM microkernel: it computes `mr` rows by `nr` columns of C.
void ck_sgemm_tile(ck_isa isa, long *mr, long *nr);

/// C = alpha·op(A)·op(B) + beta·C with `isa`'s kernels, on the path `ck_sgemm_plan` picks. op(A) is m×k, op(B) is k×n, C is
/// m×n; lda, ldb, ldc are the row strides of A, B, C as stored (A is stored k×m when
/// transposed). When `bias` is given, C then gets bias[i] added to row i (`bias_per_row`) or
/// bias[j] to column j; when `relu` is set, C = max(C, 0) last. Single-threaded.
void ck_sgemm(ck_isa isa, int transpose_a, int transpose_b, long m, long n, long k,
              float alpha, const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc,
              const float *bias, int bias_per_row, int relu);

/// Floats of op(B) (k × n) packed as `ck_sgemm_pack_b` lays it out for `isa`: ⌈n/nr⌉ panels,
/// each k steps of nr floats (zeros past column n).
long ck_sgemm_packed_b_size(ck_isa isa, long k, long n);

/// Packs op(B) (k × n; B stored n × k when transposed) into `packed`, in that layout.
void ck_sgemm_pack_b(ck_isa isa, int transpose_b, long k, long n, const float *b, long ldb, float *packed);

/// `ck_sgemm` with B given packed over its whole depth (`ck_sgemm_pack_b`'s layout), as a
/// convolution's receptive fields are written straight from its input. A band of C's columns
/// starting at a multiple of nr reads the panels from `packed_b + start / nr · k · nr`.
void ck_sgemm_packed_b(ck_isa isa, int transpose_a, long m, long n, long k,
                       float alpha, const float *a, long lda, const float *packed_b,
                       float beta, float *c, long ldc,
                       const float *bias, int bias_per_row, int relu);

/// How a product is computed: packed panels around the register-tile microkernel, or, for a
/// transposed B against few rows of A, tiles of dot products that read both in place.
typedef enum {
    CK_SGEMM_PACKED = 0,
    CK_SGEMM_DOT = 1,
} ck_sgemm_path;

/// Rows of A up to which a product with B transposed takes the dot-product path.
#define CK_SGEMM_DOT_MAX_ROWS 32

/// The path `ck_sgemm` takes for a product of this shape. A caller that splits C into bands
/// plans once for the whole product and runs every band on that path, so that each element
/// is computed the same way whatever the split.
ck_sgemm_path ck_sgemm_plan(ck_isa isa, int transpose_a, int transpose_b, long m, long n, long k);

/// `ck_sgemm` on the given path (the dot-product path needs B transposed and A not; otherwise
/// the packed path is taken).
void ck_sgemm_run(ck_isa isa, ck_sgemm_path path, int transpose_a, int transpose_b, long m, long n, long k,
                  float alpha, const float *a, long lda, const float *b, long ldb,
                  float beta, float *c, long ldc,
                  const float *bias, int bias_per_row, int relu);

/// The same product as `ck_sgemm`, as three nested loops with a float accumulator in the
/// natural order of k: the reference the tests hold the fast kernels to.
void ck_sgemm_reference(int transpose_a, int transpose_b, long m, long n, long k,
                        float alpha, const float *a, long lda, const float *b, long ldb,
                        float beta, float *c, long ldc,
                        const float *bias, int bias_per_row, int relu);

/// Runs the microkernel of `isa` on packed panels for `iterations` steps of depth `kc` and
/// returns the floating-point operations done: a loop with no memory traffic beyond L1, which
/// the benchmark times to measure one core's peak.
double ck_sgemm_peak_loop(ck_isa isa, long iterations, long kc);

// MARK: - Convolution operands

/// A 2-D convolution over NCHW images, PyTorch's conv2d: output size ⌊(H + 2p − KH)/s⌋ + 1.
typedef struct {
    long channels, height, width;
    long kernel_height, kernel_width, stride, padding;
    long output_height, output_width;
} ck_conv_geometry;

/// The column matrix of `batch` images, cols (C·KH·KW × N·OH·OW), written as the GEMM's
/// packed B panels of width nr ≤ 64 (zeros past the last column): panels [panel_begin,
/// panel_end) only, so that callers can split them over threads. Gathers with `isa`'s vectors
/// where nr is a multiple of their lanes; the images must have fewer than 2³¹ floats.
void ck_im2col_panels(ck_isa isa, long nr, const ck_conv_geometry *g, long batch, const float *images, float *panels,
                      long panel_begin, long panel_end);

/// `ck_im2col_panels` one lane at a time: the portable path, and the reference for tests.
void ck_im2col_panels_reference(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                float *panels, long panel_begin, long panel_end);

/// The transposed column matrix of `batch` images, colsᵀ (N·OH·OW × C·KH·KW), written as the
/// GEMM's packed B panels of width nr ≤ 64 (zeros past the last column): its rows
/// [position_begin, position_end) only, so that callers can split the rows over threads.
/// Gathers as `ck_im2col_panels` does, with the same limit on the images' size.
void ck_im2col_transposed_panels(ck_isa isa, long nr, const ck_conv_geometry *g, long batch, const float *images,
                                 float *panels, long position_begin, long position_end);

/// `ck_im2col_transposed_panels` one lane at a time: the portable path, and the reference.
void ck_im2col_transposed_panels_reference(long nr, const ck_conv_geometry *g, long batch, const float *images,
                                           float *panels, long position_begin, long position_end);

// MARK: - Memory

/// Sets glibc's mmap and trim thresholds (bytes); returns whether glibc took both (0 where the
/// C library is not glibc).
int ck_keep_freed_memory(long mmap_threshold, long trim_threshold);

// MARK: - Pooling

/// Max pooling of `planes` H × W planes over 2×2 windows, stride 2: y (planes, ⌊H/2⌋, ⌊W/2⌋)
/// and, unless `winners` is NULL, each window's winner as an offset in its input plane. The
/// first of equal maxima wins, and NaN wins (PyTorch's MaxPool2d).
void ck_max_pool_2x2(ck_isa isa, long planes, long height, long width, const float *x, float *y, int32_t *winners);

/// `ck_max_pool_2x2` one window at a time: the portable path, and the reference for tests.
void ck_max_pool_2x2_reference(long planes, long height, long width, const float *x, float *y, int32_t *winners);

// MARK: - Optimizer steps

/// Adam's hyperparameters for one step, with the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ.
typedef struct {
    float learning_rate, beta1, beta2, epsilon;
    float decoupled_weight_decay;  ///< AdamW's λ (0 for Adam)
    float correction1, correction2;
} ck_adam_parameters;

/// RMSProp's hyperparameters: α, ρ, ε, and where ε goes (1: √(v + ε), 0: √v + ε).
typedef struct {
    float learning_rate, decay, epsilon;
    int epsilon_inside;
} ck_rmsprop_parameters;

/// One Adam step over `count` elements, in one pass: m, v and θ updated in place.
void ck_adam_step(ck_isa isa, long count, float *theta, const float *g, float *m, float *v,
                  const ck_adam_parameters *p);

/// One RMSProp step: the mean square and θ updated in place.
void ck_rmsprop_step(ck_isa isa, long count, float *theta, const float *g, float *mean_square,
                     const ck_rmsprop_parameters *p);

/// One centered RMSProp step without momentum: mean square, mean and θ updated in place.
void ck_centered_rmsprop_step(ck_isa isa, long count, float *theta, const float *g, float *mean_square,
                              float *mean, const ck_rmsprop_parameters *p);

/// The three steps an element at a time, as the papers write them: the tests' references.
void ck_adam_step_reference(long count, float *theta, const float *g, float *m, float *v,
                            const ck_adam_parameters *p);
void ck_rmsprop_step_reference(long count, float *theta, const float *g, float *mean_square,
                               const ck_rmsprop_parameters *p);
void ck_centered_rmsprop_step_reference(long count, float *theta, const float *g, float *mean_square, float *mean,
                                        const ck_rmsprop_parameters *p);

#ifdef __cplusplus
}
#endif

#endif
