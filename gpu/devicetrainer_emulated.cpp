// The CUDA trainer's own code compiled for the CPU (gpu/cudaemulation.h, chosen by
// RELULAB_CUDA_EMULATION in CMakeLists.txt): the library that the backend's tests run against
// where there is no GPU.
#include "gpu/devicetrainer.cu"
