#include "core/activation.h"

#include "core/nametable.h"

namespace relulab {

namespace {
constexpr NameTable<ActivationKind, 8> names{{{
    {ActivationKind::Identity, "identity"},
    {ActivationKind::Relu, "relu"},
    {ActivationKind::LeakyRelu, "leaky_relu"},
    {ActivationKind::Elu, "elu"},
    {ActivationKind::Sigmoid, "sigmoid"},
    {ActivationKind::Tanh, "tanh"},
    {ActivationKind::Selu, "selu"},
    {ActivationKind::Softplus, "softplus"},
}}};
} // namespace

std::string_view activationName(ActivationKind kind) {
    return names.name(kind);
}

std::optional<ActivationKind> activationFromName(std::string_view name) {
    return names.find(name);
}

std::string activationNames() {
    return names.joinedNames();
}

std::string_view activationParameterName(ActivationKind kind) {
    switch (kind) {
    case ActivationKind::LeakyRelu:
        return "slope";
    case ActivationKind::Elu:
        return "alpha";
    case ActivationKind::Softplus:
        return "beta";
    default:
        return {};
    }
}

double activationDefaultParameter(ActivationKind kind) {
    switch (kind) {
    case ActivationKind::LeakyRelu:
        return 0.01;
    case ActivationKind::Elu:
    case ActivationKind::Softplus:
        return 1.0;
    default:
        return 0.0;
    }
}

} // namespace relulab
