// The AVX-512 dot-product microkernel: 4 rows of A by 4 rows of B, 16 ZMM accumulators.
#include "SgemmKernels.h"

#if CK_X86
#define CK_DOT_UKERNEL ck_sgemm_dot_ukernel_4x4_avx512
#define CK_MR 4
#define CK_NR 4
#define CK_VECTOR_BYTES 64
#define CK_TARGET __attribute__((target("avx512f,avx512vl")))
#include "SgemmDotMicrokernel.inc.h"
#endif
