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

std::string newUid() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace relulab
