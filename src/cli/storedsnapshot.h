#pragma once

#include "core/caseevaluation.h"

#include <QCommandLineOption>
#include <QString>

class QCommandLineParser;

#include <optional>
#include <string>

namespace relulab::cli {

// --run LABEL and --snapshot STEP: which stored run of an experiment, and which of its
// snapshots, `evaluate` and `export --case` read.
QCommandLineOption runOption();
QCommandLineOption snapshotOption();

// The option's value, or nothing where it is not given.
std::optional<QString> optionValue(const QCommandLineParser& parser,
                                   const QCommandLineOption& option);

struct SnapshotCase {
    EvaluationCase input;
    std::string experiment;
    std::string run;
    long step = 0;
};

// Reads the notebook at `path` (read-only, as `info` does) and makes the case of a snapshot of
// one of `experiment`'s runs: the run labelled `run`, or the experiment's only one; the snapshot
// at step `step` (as typed), or the last. Throws InvalidInput naming the file and what is not
// there, with what there is instead.
SnapshotCase readSnapshotCase(const QString& path, const QString& experiment,
                              const std::optional<QString>& run,
                              const std::optional<QString>& step);

} // namespace relulab::cli
