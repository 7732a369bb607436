// The fused optimizer steps for any CPU, from OptimizerRules.inc.h.
#include "OptimizerKernels.h"

#define CK_SUFFIX portable
#define CK_TARGET 
#include "OptimizerRules.inc.h"
