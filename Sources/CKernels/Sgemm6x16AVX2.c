// The AVX2 + FMA GEMM microkernel: a 6 × 16 tile in 12 of the 16 YMM registers, two for a row
// of B and one for the broadcast A value. A wider tile (4 × 24) needs all 16 and spills one
// accumulator to the stack in the loop, which halved its speed.
#include "SgemmKernels.h"

#if CK_X86
#define CK_UKERNEL ck_sgemm_ukernel_6x16_avx2
#define CK_MR 6
#define CK_NR_VECTORS 2
#define CK_VECTOR_BYTES 32
#define CK_TARGET __attribute__((target("avx2,fma")))
#include "SgemmMicrokernel.inc.h"
#endif
