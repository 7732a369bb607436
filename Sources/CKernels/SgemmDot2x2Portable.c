// The portable dot-product microkernel: 2 rows of A by 2 rows of B, 128-bit vectors.
#include "SgemmKernels.h"

#define CK_DOT_UKERNEL ck_sgemm_dot_ukernel_2x2_portable
#define CK_MR 2
#define CK_NR 2
#define CK_VECTOR_BYTES 16
#define CK_TARGET
#include "SgemmDotMicrokernel.inc.h"
