#include "document/experiment.h"

#include <QUuid>

#include <algorithm>

namespace relulab {

Experiment* Notebook::find(const std::string& name) {
    const auto it = std::find_if(experiments.begin(), experiments.end(),
                                 [&](const Experiment& e) { return e.name == name; });
    return it == experiments.end() ? nullptr : &*it;
}

const Experiment* Notebook::find(const std::string& name) const {
    return const_cast<Notebook*>(this)->find(name);
}

std::string Notebook::describeParent(const RunParent& parent) const {
    std::string name = "a deleted run";
    for (const Experiment& e : experiments)
        for (const RunRecord& run : e.runs)
            if (run.uid == parent.uid)
                name = "\"" + e.name + " / " + run.label + "\"";
    return "continued from " + name + " after step " + std::to_string(parent.step);
}

std::string newUid() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace relulab
