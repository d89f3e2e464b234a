#pragma once

#include <QByteArray>

#include <optional>
#include <string>

namespace relulab::json {

// A key given twice in one object: QJsonDocument keeps one of the two values without a word,
// so a file that says "lr": 0.1 and later "lr": 10 would train with whichever it kept.
struct DuplicateKey {
    std::string path; // "experiment.settings.optimizer.lr"
    qsizetype line = 0;
    qsizetype column = 0;
};

// The first duplicate key of `text`, which must be valid JSON (parse it first).
std::optional<DuplicateKey> findDuplicateKey(const QByteArray& text);

} // namespace relulab::json
