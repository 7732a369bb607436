// The fused optimizer steps for AVX512, from OptimizerRules.inc.h.
#include "OptimizerKernels.h"

#if CK_X86
#define CK_SUFFIX avx512
#define CK_TARGET __attribute__((target("avx512f,avx512vl")))
#include "OptimizerRules.inc.h"
#endif
