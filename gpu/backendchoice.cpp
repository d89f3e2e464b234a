#include "core/error.h"
#include "core/nametable.h"
#include "gpu/cudaaccelerator.h"

namespace relulab {

namespace {
constexpr NameTable<BackendChoice, 3> names{{{
    {BackendChoice::Cpu, "cpu"},
    {BackendChoice::Cuda, "cuda"},
    {BackendChoice::Auto, "auto"},
}}};
} // namespace

std::string_view backendChoiceName(BackendChoice choice) {
    return names.name(choice);
}

std::optional<BackendChoice> backendChoiceFromName(std::string_view name) {
    return names.find(name);
}

std::shared_ptr<Accelerator> acceleratorFor(BackendChoice choice, std::string& note) {
    note.clear();
    if (choice == BackendChoice::Cpu)
        return nullptr;
    std::string whyNot;
    std::shared_ptr<Accelerator> accelerator = makeCudaAccelerator(whyNot);
    if (accelerator)
        return accelerator;
    if (choice == BackendChoice::Cuda)
        throw InvalidInput("backend", "cuda was asked for, but " + whyNot);
    note = "training on the CPU: " + whyNot;
    return nullptr;
}

} // namespace relulab
