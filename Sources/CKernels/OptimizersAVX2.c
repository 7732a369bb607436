// The fused optimizer steps for AVX2, from OptimizerRules.inc.h.
#include "OptimizerKernels.h"

#if CK_X86
#define CK_SUFFIX avx2
#define CK_TARGET __attribute__((target("avx2,fma")))
#include "OptimizerRules.inc.h"
#endif
