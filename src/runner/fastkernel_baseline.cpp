// The fast kernels compiled for one instruction set (flags in CMakeLists.txt).
#define RELULAB_KERNEL_NAMESPACE kernels_baseline
#define RELULAB_KERNEL_LANES 4
#include "runner/fastkernel_impl.h"
