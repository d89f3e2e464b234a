#pragma once

#include "core/caseevaluation.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace relulab {

// The evaluation case format of shared/reference/README.md: a network, its parameters in
// state_dict order (per layer the weight as rows, then the bias), data, and optionally a
// full-batch optimizer run. Expected results in the file are accepted and ignored.
EvaluationCase parseEvaluationCase(const QByteArray& text);

// Reads a case file; errors name the field (InvalidInput) or the file (std::runtime_error).
EvaluationCase readEvaluationCase(const QString& path);

// The case itself (network, loss, parameters, x, y; not its optional training or regions box)
// in the format parseEvaluationCase reads, which a PyTorch user can load: `name` and `note`
// describe it. Qt writes each double as the shortest text that reads back as the same double.
QJsonObject evaluationCaseToJson(const EvaluationCase& input, const QString& name,
                                 const QString& note);

// Writes `text` to `path` through a temporary file renamed over it, so that a full disk or a
// crash never leaves half a file. Throws std::runtime_error naming the file.
void writeCaseFile(const QJsonObject& text, const QString& path);

// The engine's results under the same field names as the reference files.
QJsonObject evaluationResultToJson(const EvaluationCase& input, const EvaluationResult& result,
                                   Precision precision);

// Parameters as nested lists per tensor: weight rows, then bias, layer by layer.
QJsonArray parametersToJson(const Architecture& architecture, const arma::vec& parameters);
arma::vec parametersFromJson(const QJsonValue& value, const Architecture& architecture,
                             const std::string& where);

QJsonObject architectureToJson(const Architecture& architecture);
Architecture architectureFromJson(const QJsonValue& value, const std::string& where);

} // namespace relulab
