// glibc's allocator settings for the engine (see keepFreedTensorMemory in Tensors, which
// says why). Swift cannot call mallopt: glibc declares it in malloc.h, which Swift's Glibc
// module does not include.
#include "CKernels.h"

#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ under glibc
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int ck_keep_freed_memory(long mmap_threshold, long trim_threshold) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, (int)mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, (int)trim_threshold) == 1;
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
#endif
}
