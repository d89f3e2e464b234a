#pragma once

#include "core/datasetkinds.h"

#include <functional>

class QMenu;
class QWidget;

namespace relulab {

// Edit > Add experiment: an entry per data set kind (datasetKinds, grouped by family), each
// saying the net the new experiment starts with; `add` gets the chosen kind.
QMenu* newExperimentMenu(QWidget* parent, std::function<void(DatasetKind)> add);

} // namespace relulab
