#include "cli/storedsnapshot.h"

#include "core/error.h"
#include "document/notebookfile.h"
#include "document/snapshotcase.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <algorithm>
#include <iterator>

namespace relulab::cli {

namespace {

// "\"a\", \"b\", \"c\"": a sweep can have thousands of runs, so a long list is cut short.
template <typename Range, typename Name> std::string quotedList(const Range& items, Name name) {
    constexpr std::size_t shown = 20;
    std::string text;
    std::size_t count = 0;
    for (const auto& item : items) {
        if (count++ == shown)
            continue;
        text += (text.empty() ? "\"" : ", \"") + name(item) + "\"";
    }
    if (count > shown)
        text += " and " + std::to_string(count - shown) + " more";
    return text;
}

const Experiment& findExperiment(const Notebook& notebook, const std::string& name) {
    if (const Experiment* experiment = notebook.find(name))
        return *experiment;
    if (notebook.experiments.empty())
        throw InvalidInput({}, "has no experiments, so none named \"" + name + "\"");
    throw InvalidInput(
        {}, "no experiment named \"" + name + "\" (it has " +
                quotedList(notebook.experiments, [](const Experiment& e) { return e.name; }) + ")");
}

const RunRecord& findRun(const Experiment& experiment, const std::optional<std::string>& label) {
    const auto labelOf = [](const RunRecord& r) { return r.label; };
    if (experiment.runs.empty())
        throw InvalidInput({}, "has no runs yet (train it with relulab run)");
    if (!label) {
        if (experiment.runs.size() == 1)
            return experiment.runs.front();
        throw InvalidInput(
            {}, "has " + std::to_string(experiment.runs.size()) +
                    " runs; choose one with --run LABEL: " + quotedList(experiment.runs, labelOf));
    }
    const auto run = std::ranges::find(experiment.runs, *label, &RunRecord::label);
    if (run == experiment.runs.end())
        throw InvalidInput({}, "no run labelled \"" + *label +
                                   "\" (its runs: " + quotedList(experiment.runs, labelOf) + ")");
    return *run;
}

long parseStep(const QString& text) {
    bool ok = false;
    const long step = text.toLong(&ok);
    if (!ok || step < 0)
        throw InvalidInput("--snapshot", "expects the step of a snapshot (0, 1, 10, ...), got \"" +
                                             text.toStdString() + "\"");
    return step;
}

struct Snapshot {
    long step = 0;
    arma::fvec parameters;
};

// The snapshot at `step`, or the last; a step the run has no snapshot of is refused with the
// nearest ones it has. Step 0 is the initial parameters (the first snapshot is after step 1).
Snapshot findSnapshot(const RunRecord& run, const std::optional<long>& step) {
    const SnapshotSeries& snapshots = run.result.snapshots;
    if (snapshots.count == 0)
        throw InvalidInput(
            {}, "has no snapshots (it is " + std::string(runStatusKinds.name(run.result.status)) +
                    (run.result.message.empty() ? "" : ": " + run.result.message) + ")");
    const std::size_t last = snapshots.count - 1;
    if (!step)
        return {snapshots.steps[last], snapshots.parameters.col(last)};
    std::vector<long> steps(snapshots.steps.begin(), snapshots.steps.begin() + long(last + 1));
    const bool initial = steps.front() != 0 && !run.result.initialParameters.is_empty();
    if (initial && *step == 0)
        return {0, run.result.initialParameters};
    if (initial)
        steps.insert(steps.begin(), 0);
    const auto at = std::lower_bound(steps.begin(), steps.end(), *step);
    if (at != steps.end() && *at == *step)
        return {*step, snapshots.parameters.col(std::size_t(at - steps.begin()) - initial)};
    std::string nearest;
    if (at != steps.begin())
        nearest = std::to_string(*std::prev(at));
    if (at != steps.end())
        nearest += (nearest.empty() ? "" : " and ") + std::to_string(*at);
    throw InvalidInput({}, "has no snapshot at step " + std::to_string(*step) +
                               " (nearest: " + nearest + "; its " + std::to_string(last + 1) +
                               " snapshots are at steps " + std::to_string(snapshots.steps[0]) +
                               " to " + std::to_string(snapshots.steps[last]) +
                               (initial ? ", and step 0 is its initial parameters)" : ")"));
}

} // namespace

std::optional<QString> optionValue(const QCommandLineParser& parser,
                                   const QCommandLineOption& option) {
    return parser.isSet(option) ? std::optional(parser.value(option)) : std::nullopt;
}

QCommandLineOption runOption() {
    return QCommandLineOption(QStringLiteral("run"),
                              QStringLiteral("the run's label, as relulab info lists it (needed "
                                             "where the experiment has several runs)"),
                              QStringLiteral("LABEL"));
}

QCommandLineOption snapshotOption() {
    return QCommandLineOption(QStringLiteral("snapshot"),
                              QStringLiteral("the snapshot's step, the iteration the app shows "
                                             "(1, 10, ..., 500; default: the last; 0: the initial "
                                             "parameters)"),
                              QStringLiteral("STEP"));
}

SnapshotCase readSnapshotCase(const QString& path, const QString& experiment,
                              const std::optional<QString>& run,
                              const std::optional<QString>& step) {
    const std::optional<long> wantedStep =
        step ? std::optional<long>(parseStep(*step)) : std::nullopt;
    const Notebook notebook = notebookfile::load(path); // names the file in its errors
    const std::string file = path.toStdString();
    const std::string experimentName = experiment.toStdString();
    const Experiment* found = nullptr;
    const RunRecord* record = nullptr;
    std::string where = file;
    try {
        found = &findExperiment(notebook, experimentName);
        where += ": experiment \"" + experimentName + "\"";
        record = &findRun(*found, run ? std::optional(run->toStdString()) : std::nullopt);
        where += ", run \"" + record->label + "\"";
        const Snapshot snapshot = findSnapshot(*record, wantedStep);
        SnapshotCase result{{}, found->name, record->label, snapshot.step};
        where += ", step " + std::to_string(result.step);
        // CSV paths are relative to the notebook's folder, as they were when the run trained.
        result.input = snapshotCase(*record, snapshot.parameters,
                                    QFileInfo(path).absolutePath().toStdString());
        return result;
    } catch (const InvalidInput& error) {
        throw error.under(where);
    }
}

} // namespace relulab::cli
