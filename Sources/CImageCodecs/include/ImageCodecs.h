#ifndef RLRUN_IMAGE_CODECS_H
#define RLRUN_IMAGE_CODECS_H

#include <stddef.h>

/// PNG and JPEG through Debian's libpng and libjpeg-turbo, for `Images`. The libraries report
/// errors by longjmp (libjpeg) or through their own setjmp (libpng's simplified API): both
/// stay inside this C file, and every failure comes back as a status and a one-line reason.

/// The largest side, and the most pixels, of an image these functions decode: a header may
/// claim 4 billion pixels, and a decoded image is width × height × 3 bytes.
#define RLRUN_IMAGE_MAX_SIDE 16384
#define RLRUN_IMAGE_MAX_PIXELS (64L * 1024 * 1024)

/// Decodes the PNG or JPEG in `bytes` into 8-bit RGB, rows top to bottom, in a buffer the
/// caller frees with free(). Returns 0 with `*width`, `*height` and `*rgb` set, or -1 with a
/// one-line reason in `error` (of `error_capacity` bytes).
int rlrun_decode_image(const unsigned char *bytes, size_t count, int *width, int *height,
                       unsigned char **rgb, char *error, size_t error_capacity);

/// Encodes 8-bit RGB (`width` × `height` × 3, rows top to bottom) as a PNG in a buffer the
/// caller frees with free(). Returns 0 with `*png` and `*png_count` set, or -1 with a reason.
int rlrun_encode_png(const unsigned char *rgb, int width, int height, unsigned char **png,
                     size_t *png_count, char *error, size_t error_capacity);

/// Encodes 8-bit RGB as a JPEG of `quality` (1–100) in a buffer the caller frees with free().
int rlrun_encode_jpeg(const unsigned char *rgb, int width, int height, int quality, unsigned char **jpeg,
                      size_t *jpeg_count, char *error, size_t error_capacity);

#endif
