#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace relulab {

enum class ActivationKind { Identity, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Selu, Softplus };

// An activation and its one parameter (leaky_relu: negative slope, elu: alpha, softplus: beta),
// with PyTorch's formulas and PyTorch's choice of derivative at the kinks.
struct Activation {
    ActivationKind kind = ActivationKind::Identity;
    double parameter = 0.0;

    static Activation identity() { return {ActivationKind::Identity, 0.0}; }
    static Activation relu() { return {ActivationKind::Relu, 0.0}; }
    static Activation leakyRelu(double slope = 0.01) { return {ActivationKind::LeakyRelu, slope}; }
    static Activation elu(double alpha = 1.0) { return {ActivationKind::Elu, alpha}; }
    static Activation sigmoid() { return {ActivationKind::Sigmoid, 0.0}; }
    static Activation tanh() { return {ActivationKind::Tanh, 0.0}; }
    static Activation selu() { return {ActivationKind::Selu, 0.0}; }
    static Activation softplus(double beta = 1.0) { return {ActivationKind::Softplus, beta}; }

    bool operator==(const Activation&) const = default;

    // Value of a(z).
    template <typename T> T apply(T z) const;
    // da/dz, given both z and a(z) (some derivatives are cheapest from the output).
    template <typename T> T derivative(T z, T a) const;
};

// Name as used in files and on the command line ("relu", "leaky_relu", ...).
std::string_view activationName(ActivationKind kind);
std::optional<ActivationKind> activationFromName(std::string_view name);
std::string activationNames(); // every name, "a, b, c"
// Name of the kind's parameter in files ("slope", "alpha", "beta"), empty if it has none.
std::string_view activationParameterName(ActivationKind kind);
double activationDefaultParameter(ActivationKind kind);

namespace selu {
inline constexpr double alpha = 1.6732632423543772848170429916717;
inline constexpr double scale = 1.0507009873554804934193349852946;
} // namespace selu

// PyTorch's softplus returns z itself once beta*z exceeds this, to avoid exp overflow.
inline constexpr double softplusThreshold = 20.0;

template <typename T> T Activation::apply(T z) const {
    const T p = static_cast<T>(parameter);
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
    }
    return z;
}

template <typename T> T Activation::derivative(T z, T a) const {
    const T p = static_cast<T>(parameter);
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
    }
    return T(1);
}

} // namespace relulab
