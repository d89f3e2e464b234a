#include "core/activation.h"

namespace relulab {

std::string_view activationParameterName(ActivationKind kind) {
    const ActivationDescriptor* d = activationKinds.find(kind);
    return d ? d->parameterName : std::string_view{};
}

double activationDefaultParameter(ActivationKind kind) {
    const ActivationDescriptor* d = activationKinds.find(kind);
    return d ? d->defaultParameter : 0.0;
}

} // namespace relulab
