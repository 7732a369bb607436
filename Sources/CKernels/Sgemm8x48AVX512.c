// The AVX-512 GEMM microkernel: an 8 × 48 tile in 24 of the 32 ZMM registers, three for a
// row of B and one for the broadcast A value. 8 rows divide the layers' 32 and 64 channels.
#include "SgemmKernels.h"

#if CK_X86
#define CK_UKERNEL ck_sgemm_ukernel_8x48_avx512
#define CK_MR 8
#define CK_NR_VECTORS 3
#define CK_VECTOR_BYTES 64
#define CK_TARGET __attribute__((target("avx512f,avx512vl")))
#include "SgemmMicrokernel.inc.h"
#endif
