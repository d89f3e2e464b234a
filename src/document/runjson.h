#pragma once

#include "document/experiment.h"

#include <QJsonObject>

#include <string>

namespace relulab {

// A run in the experiment export's JSON: its settings, result and every snapshot. The reader
// refuses unknown keys and arrays that do not fit the run's network, naming the field.
QJsonObject runToJson(const RunRecord& run);
RunRecord runFromJson(const QJsonObject& object, const std::string& where);

} // namespace relulab
