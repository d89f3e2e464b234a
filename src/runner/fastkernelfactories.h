#pragma once

#include "core/activation.h"
#include "runner/fastkernel.h"

namespace relulab {

struct FastKernelShape {
    int width;
    int hiddenLayers; // 1 or 2
    Activation activation;
    const float* x;
    const float* y;
    int batchSize;
};

// One factory per instruction set, each compiled in its own translation unit with its flags.
namespace kernels_avx512 {
std::unique_ptr<FastKernel> makeKernel(const FastKernelShape& shape);
int maxBatch();
} // namespace kernels_avx512
namespace kernels_avx2 {
std::unique_ptr<FastKernel> makeKernel(const FastKernelShape& shape);
int maxBatch();
} // namespace kernels_avx2
namespace kernels_baseline {
std::unique_ptr<FastKernel> makeKernel(const FastKernelShape& shape);
int maxBatch();
} // namespace kernels_baseline

} // namespace relulab
