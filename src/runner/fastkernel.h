#pragma once

#include "core/architecture.h"
#include "core/batchkernel.h"
#include "core/loss.h"

#include <memory>
#include <string_view>

namespace relulab {

// Instruction sets the fast kernels are built for; the best one the CPU has is chosen at run
// time, so one binary runs on any x86-64 machine.
enum class Isa { Baseline, Avx2, Avx512 };

std::string_view isaName(Isa isa);
Isa detectIsa();

// Forward and backward of the shapes that dominate use, in float32: the homework shape
// (runner/homeworkshape.h: 1 input, 1 or 2 hidden layers of the same width, 1 output, MSE).
// Vectorised across the batch samples.
// It computes the loss and the gradient (in the flat parameter layout); the optimizer is the
// shared one, so every optimizer setting and frozen layers work on this path too.
using FastKernel = BatchKernel<float>;

// Also bounds the batch: up to 16 vectors of samples (64 on baseline x86-64, 256 with AVX-512).
bool fastKernelSupports(const Architecture& architecture, LossKind loss, std::size_t batchSize,
                        Isa isa = detectIsa());

// `x` and `y` hold one value per sample and must outlive the kernel. Throws std::logic_error
// when fastKernelSupports() says no.
std::unique_ptr<FastKernel> makeFastKernel(const Architecture& architecture, const float* x,
                                           const float* y, std::size_t batchSize,
                                           Isa isa = detectIsa());

} // namespace relulab
