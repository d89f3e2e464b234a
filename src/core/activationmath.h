#pragma once

// The activations' formulas, once, for every backend: the core's Activation, the fast CPU
// kernels' scalar lanes and the CUDA kernels (gpu/) all call these two functions. Plain C++ with
// nothing but <cmath>, so that nvcc compiles it as device code too.

#include <cmath>

#if defined(__CUDACC__)
#define RELULAB_HOST_DEVICE __host__ __device__
#else
#define RELULAB_HOST_DEVICE
#endif

namespace relulab {

// The values are stored nowhere (files use the names in activation.h's table), but the GPU's plain
// structs carry them: append new kinds before Count.
enum class ActivationKind { Identity, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Selu, Softplus, Count };
inline constexpr int activationKindCount = static_cast<int>(ActivationKind::Count);

namespace selu {
inline constexpr double alpha = 1.6732632423543772848170429916717;
inline constexpr double scale = 1.0507009873554804934193349852946;
} // namespace selu

// PyTorch's softplus returns z itself once beta*z exceeds this, to avoid exp overflow.
inline constexpr double softplusThreshold = 20.0;

// a(z) with PyTorch's formula; `p` is the kind's one parameter (leaky_relu: negative slope, elu:
// alpha, softplus: beta). No default case: a kind added above without its formula here is a
// compiler warning (-Wswitch; an error in gpu/'s nvcc build), and the every-kind tests fail.
template <typename T> RELULAB_HOST_DEVICE inline T activationValue(ActivationKind kind, T p, T z) {
    switch (kind) {
    case ActivationKind::Identity:
        return z;
    case ActivationKind::Relu: // max(0, z)
        return z > T(0) ? z : T(0);
    case ActivationKind::LeakyRelu: // max(0, z) + slope * min(0, z)
        return z > T(0) ? z : p * z;
    case ActivationKind::Elu: // z for z > 0, alpha (e^z - 1) otherwise
        return z > T(0) ? z : p * std::expm1(z);
    case ActivationKind::Sigmoid: // 1 / (1 + e^-z)
        return T(1) / (T(1) + std::exp(-z));
    case ActivationKind::Tanh:
        return std::tanh(z);
    case ActivationKind::Selu: // scale (max(0, z) + min(0, alpha (e^z - 1)))
        return z > T(0) ? T(selu::scale) * z : T(selu::scale * selu::alpha) * std::expm1(z);
    case ActivationKind::Softplus: // log(1 + e^(beta z)) / beta
        return p * z > T(softplusThreshold) ? z : std::log1p(std::exp(p * z)) / p;
    case ActivationKind::Count:
        break;
    }
    return z;
}

// da/dz given both z and a = a(z) (some derivatives are cheapest from the output), with
// PyTorch's choice at the kinks.
template <typename T>
RELULAB_HOST_DEVICE inline T activationDerivative(ActivationKind kind, T p, T z, T a) {
    switch (kind) {
    case ActivationKind::Identity:
        return T(1);
    case ActivationKind::Relu: // PyTorch: gradient 0 at z = 0
        return z > T(0) ? T(1) : T(0);
    case ActivationKind::LeakyRelu:
        return z > T(0) ? T(1) : p;
    case ActivationKind::Elu:
        return z > T(0) ? T(1) : p * std::exp(z);
    case ActivationKind::Sigmoid: // s(z) s(-z): 1 - s would cancel where s is near 1
        return a / (T(1) + std::exp(z));
    case ActivationKind::Tanh: // 1 - tanh^2
        return T(1) - a * a;
    case ActivationKind::Selu:
        return z > T(0) ? T(selu::scale) : T(selu::scale * selu::alpha) * std::exp(z);
    case ActivationKind::Softplus: // sigmoid(beta z)
        return p * z > T(softplusThreshold) ? T(1) : T(1) / (T(1) + std::exp(-p * z));
    case ActivationKind::Count:
        break;
    }
    return T(1);
}

} // namespace relulab
