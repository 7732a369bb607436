// zlib's inflate and deflate (Debian: zlib1g-dev; pkg-config name `zlib`), for .gz datasets.
#include <zlib.h>
