// The AVX2 + FMA dot-product microkernel: 3 rows of A by 3 rows of B, 9 YMM accumulators
// beside 3 for A's rows and 1 for B's (4 × 4 needs 21 of the 16 registers).
#include "SgemmKernels.h"

#if CK_X86
#define CK_DOT_UKERNEL ck_sgemm_dot_ukernel_3x3_avx2
#define CK_MR 3
#define CK_NR 3
#define CK_VECTOR_BYTES 32
#define CK_TARGET __attribute__((target("avx2,fma")))
#include "SgemmDotMicrokernel.inc.h"
#endif
