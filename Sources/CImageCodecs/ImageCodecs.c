#include "ImageCodecs.h"

#include <setjmp.h>
#include <stdio.h>  // before jpeglib.h, which uses FILE
#include <jpeglib.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *error, size_t capacity, const char *reason) {
    snprintf(error, capacity, "%s", reason);
    // One line, whatever the library wrote.
    for (char *c = error; *c; c++) if (*c == '\n' || *c == '\r') *c = ' ';
    return -1;
}

static int size_allowed(long width, long height) {
    return width >= 1 && height >= 1 && width <= RLRUN_IMAGE_MAX_SIDE && height <= RLRUN_IMAGE_MAX_SIDE
        && width * height <= RLRUN_IMAGE_MAX_PIXELS;
}

// MARK: PNG, through libpng's simplified API (png_image), which keeps its setjmp inside.

static int decode_png(const unsigned char *bytes, size_t count, int *width, int *height,
                      unsigned char **rgb, char *error, size_t capacity) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes, count)) return fail(error, capacity, image.message);
    if (!size_allowed(image.width, image.height)) {
        png_image_free(&image);
        snprintf(error, capacity, "a PNG of %u×%u pixels is larger than rlrun reads (%d a side, %ld pixels)",
                 image.width, image.height, RLRUN_IMAGE_MAX_SIDE, RLRUN_IMAGE_MAX_PIXELS);
        return -1;
    }
    image.format = PNG_FORMAT_RGB;  // gray, palette and alpha converted (alpha composed on black)
    unsigned char *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (!pixels) {
        png_image_free(&image);
        return fail(error, capacity, "out of memory for the decoded PNG");
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        free(pixels);
        return fail(error, capacity, image.message);
    }
    *width = (int)image.width;
    *height = (int)image.height;
    *rgb = pixels;
    return 0;
}

int rlrun_encode_png(const unsigned char *rgb, int width, int height, unsigned char **png,
                     size_t *png_count, char *error, size_t capacity) {
    if (!size_allowed(width, height)) return fail(error, capacity, "the image's size is out of range for a PNG");
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    // First the size, then the bytes.
    if (!png_image_write_to_memory(&image, NULL, &size, 0, rgb, 0, NULL)) return fail(error, capacity, image.message);
    unsigned char *buffer = malloc(size);
    if (!buffer) return fail(error, capacity, "out of memory for the PNG");
    if (!png_image_write_to_memory(&image, buffer, &size, 0, rgb, 0, NULL)) {
        free(buffer);
        return fail(error, capacity, image.message);
    }
    *png = buffer;
    *png_count = size;
    return 0;
}

// MARK: JPEG, through libjpeg(-turbo), whose errors longjmp back here.

struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf back;
    char message[JMSG_LENGTH_MAX];
};

static void jpeg_failed(j_common_ptr info) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    (*info->err->format_message)(info, failure->message);
    longjmp(failure->back, 1);
}

// Warnings (a corrupt stream libjpeg can go on with) are errors here: a damaged file is refused.
static void jpeg_warned(j_common_ptr info, int level) {
    if (level < 0) jpeg_failed(info);
}

static int decode_jpeg(const unsigned char *bytes, size_t count, int *width, int *height,
                       unsigned char **rgb, char *error, size_t capacity) {
    struct jpeg_decompress_struct info;
    struct jpeg_failure failure;
    // volatile: read after longjmp.
    unsigned char *volatile pixels = NULL;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_failed;
    failure.manager.emit_message = jpeg_warned;
    failure.message[0] = 0;
    if (setjmp(failure.back)) {
        jpeg_destroy_decompress(&info);
        free(pixels);
        return fail(error, capacity, failure.message[0] ? failure.message : "a damaged JPEG");
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, bytes, (unsigned long)count);
    jpeg_read_header(&info, TRUE);
    if (!size_allowed(info.image_width, info.image_height)) {
        snprintf(failure.message, sizeof failure.message, "a JPEG of %u×%u pixels is larger than rlrun reads (%d a side, %ld pixels)",
                 info.image_width, info.image_height, RLRUN_IMAGE_MAX_SIDE, RLRUN_IMAGE_MAX_PIXELS);
        longjmp(failure.back, 1);
    }
    info.out_color_space = JCS_RGB;  // gray and CMYK converted; YCbCr too
    jpeg_start_decompress(&info);
    if (info.output_components != 3) {
        snprintf(failure.message, sizeof failure.message, "a JPEG with %d color components after conversion to RGB", info.output_components);
        longjmp(failure.back, 1);
    }
    size_t row = (size_t)info.output_width * 3;
    pixels = malloc(row * info.output_height);
    if (!pixels) {
        snprintf(failure.message, sizeof failure.message, "out of memory for the decoded JPEG");
        longjmp(failure.back, 1);
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW line = pixels + row * info.output_scanline;
        jpeg_read_scanlines(&info, &line, 1);
    }
    jpeg_finish_decompress(&info);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    *rgb = pixels;
    jpeg_destroy_decompress(&info);
    return 0;
}

int rlrun_encode_jpeg(const unsigned char *rgb, int width, int height, int quality, unsigned char **jpeg,
                      size_t *jpeg_count, char *error, size_t capacity) {
    if (!size_allowed(width, height)) return fail(error, capacity, "the image's size is out of range for a JPEG");
    struct jpeg_compress_struct info;
    struct jpeg_failure failure;
    unsigned char *volatile buffer = NULL;
    unsigned long size = 0;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_failed;
    failure.message[0] = 0;
    if (setjmp(failure.back)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        return fail(error, capacity, failure.message[0] ? failure.message : "the JPEG could not be written");
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, (unsigned char **)&buffer, &size);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW line = (JSAMPROW)(rgb + (size_t)info.next_scanline * width * 3);
        jpeg_write_scanlines(&info, &line, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *jpeg = buffer;
    *jpeg_count = size;
    return 0;
}

int rlrun_decode_image(const unsigned char *bytes, size_t count, int *width, int *height,
                       unsigned char **rgb, char *error, size_t capacity) {
    static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (count >= 8 && memcmp(bytes, png_signature, 8) == 0) return decode_png(bytes, count, width, height, rgb, error, capacity);
    if (count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return decode_jpeg(bytes, count, width, height, rgb, error, capacity);
    return fail(error, capacity, "neither a PNG nor a JPEG (it starts with neither signature)");
}
