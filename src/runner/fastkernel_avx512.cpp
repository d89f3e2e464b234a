// The fast kernels compiled for one instruction set (flags in CMakeLists.txt).
#define RELULAB_KERNEL_NAMESPACE kernels_avx512
#define RELULAB_KERNEL_LANES 16
#include "runner/fastkernel_impl.h"
