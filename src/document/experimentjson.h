#pragma once

#include "document/experiment.h"

#include <QJsonObject>
#include <QString>

namespace relulab {

// The most steps a file may set (and a stored run may have done).
inline constexpr long long maxStepsInFiles = 1'000'000'000'000LL;

// The readable JSON form of experiments: the notebook stores settings in it, and an experiment
// exports to and imports from a file of it. Readers refuse unknown keys and impossible values,
// naming the field ("training.lr").
QJsonObject settingsToJson(const ExperimentSettings& settings);
ExperimentSettings settingsFromJson(const QJsonObject& object, const std::string& where);

QJsonObject sweepToJson(const SweepSpec& sweep);
SweepSpec sweepFromJson(const QJsonObject& object, const std::string& where);

QJsonObject experimentToJson(const Experiment& experiment, bool withRuns);
Experiment experimentFromJson(const QJsonObject& object, const std::string& where);

// Export file: {"format": "relulab-experiment", "version": 1, "experiment": {...}}. Written
// atomically; errors throw std::runtime_error naming the file.
void exportExperiment(const Experiment& experiment, bool withRuns, const QString& path);
// Reads an export file; a new uid is given to the experiment and its runs so that importing
// twice makes two experiments. Throws InvalidInput naming the file and field.
Experiment importExperiment(const QString& path);

} // namespace relulab
