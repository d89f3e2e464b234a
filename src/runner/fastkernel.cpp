#include "runner/fastkernel.h"

#include "core/nametable.h"
#include "runner/fastkernelfactories.h"
#include "runner/homeworkshape.h"

#include <stdexcept>

namespace relulab {

namespace {
constexpr NameTable<Isa, 3> isaNames{{{
    {Isa::Baseline, "baseline"},
    {Isa::Avx2, "avx2"},
    {Isa::Avx512, "avx512"},
}}};
} // namespace

std::string_view isaName(Isa isa) {
    return isaNames.name(isa);
}

Isa detectIsa() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq"))
        return Isa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return Isa::Avx2;
    return Isa::Baseline;
}

namespace {
int maxBatch(Isa isa) {
    switch (isa) {
    case Isa::Avx512:
        return kernels_avx512::maxBatch();
    case Isa::Avx2:
        return kernels_avx2::maxBatch();
    case Isa::Baseline:
        break;
    }
    return kernels_baseline::maxBatch();
}
} // namespace

bool fastKernelSupports(const Architecture& architecture, LossKind loss, std::size_t batchSize,
                        Isa isa) {
    if (batchSize < 1 || batchSize > static_cast<std::size_t>(maxBatch(isa)))
        return false;
    return isHomeworkShape(architecture, loss);
}

std::unique_ptr<FastKernel> makeFastKernel(const Architecture& architecture, const float* x,
                                           const float* y, std::size_t batchSize, Isa isa) {
    if (!fastKernelSupports(architecture, LossKind::Mse, batchSize, isa))
        throw std::logic_error("makeFastKernel: architecture not supported");
    const FastKernelShape shape{architecture.layers.front().units,
                                static_cast<int>(architecture.layers.size()) - 1,
                                architecture.layers.front().activation,
                                x,
                                y,
                                static_cast<int>(batchSize)};
    switch (isa) {
    case Isa::Avx512:
        return kernels_avx512::makeKernel(shape);
    case Isa::Avx2:
        return kernels_avx2::makeKernel(shape);
    case Isa::Baseline:
        break;
    }
    return kernels_baseline::makeKernel(shape);
}

} // namespace relulab
