// The portable GEMM microkernel: a 4 × 8 tile of 128-bit vectors, which every 64-bit CPU has
// (SSE2 on x86-64, NEON on AArch64).
#include "SgemmKernels.h"

#define CK_UKERNEL ck_sgemm_ukernel_4x8_portable
#define CK_MR 4
#define CK_NR_VECTORS 2
#define CK_VECTOR_BYTES 16
#define CK_TARGET
#include "SgemmMicrokernel.inc.h"
