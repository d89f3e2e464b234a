#include "document/runsession.h"

#include "core/error.h"
#include "document/runplan.h"
#include "runner/runner.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>
#include <map>

namespace relulab {

namespace {

// The first `count` snapshot columns of `s`, copied without touching the columns a worker may
// be writing.
SnapshotSeries firstSnapshots(const SnapshotSeries& s, std::size_t count) {
    SnapshotSeries copy;
    copy.count = count;
    copy.steps.assign(s.steps.begin(), s.steps.begin() + long(count));
    copy.trainError.assign(s.trainError.begin(), s.trainError.begin() + long(count));
    copy.testError.assign(s.testError.begin(), s.testError.begin() + long(count));
    copy.trainSetError.assign(s.trainSetError.begin(), s.trainSetError.begin() + long(count));
    copy.trainAccuracy.assign(s.trainAccuracy.begin(), s.trainAccuracy.begin() + long(count));
    copy.testAccuracy.assign(s.testAccuracy.begin(), s.testAccuracy.begin() + long(count));
    if (count > 0) {
        copy.parameters = s.parameters.cols(0, count - 1);
        copy.gradientNorms = s.gradientNorms.cols(0, count - 1);
        copy.deadUnits = s.deadUnits.cols(0, count - 1);
    }
    return copy;
}

// A run again of one the experiment has keeps its label with a number: "seed 1 (2)", so that
// its tree row, chart legends and folder of charts tell the two apart.
std::string unusedLabel(const Experiment& experiment, const std::string& label) {
    auto used = [&experiment](const std::string& candidate) {
        return std::ranges::any_of(experiment.runs,
                                   [&](const RunRecord& run) { return run.label == candidate; });
    };
    std::string candidate = label;
    for (int copy = 2; used(candidate); ++copy)
        candidate = label + " (" + std::to_string(copy) + ")";
    return candidate;
}

// "no space left on device while storing run "seed 1" at step 1200": SQLite's words for a full
// disk are about a database.
std::string storageFailure(std::string cause, const std::string& label, long step) {
    for (const char* full : {"database or disk is full", "disk is full"})
        if (cause.rfind(full, 0) == 0) {
            cause = "no space left on device";
            break;
        }
    while (!cause.empty() && cause.back() == ' ')
        cause.pop_back();
    return cause + " while storing run \"" + label + "\" at step " + std::to_string(step);
}

} // namespace

// The runs a session will train, as its constructors plan them.
struct RunSession::Prepared {
    DatasetSource data;
    std::vector<PreparedRun> runs;
    std::vector<Run>& records;

    void add(const Experiment& experiment, PreparedRun run,
             std::optional<RunParent> parent = std::nullopt) {
        Run session{experiment.uid, {}, 0, false};
        session.record.uid = newUid();
        session.record.label = unusedLabel(experiment, run.planned.label);
        session.record.settings = run.planned.settings;
        session.record.parent = std::move(parent);
        records.push_back(std::move(session));
        runs.push_back(std::move(run));
    }
};

RunSession::RunSession(Notebook& notebook, const std::vector<std::size_t>& experiments, int threads,
                       const QString& path, bool withSweeps,
                       std::shared_ptr<Accelerator> accelerator)
    : RunSession(notebook, threads, path, std::move(accelerator), [&](Prepared& prepared) {
        for (std::size_t index : experiments) {
            const Experiment& experiment = notebook.experiments.at(index);
            for (PreparedRun& run : prepareRuns(experiment, withSweeps, prepared.data))
                prepared.add(experiment, std::move(run));
        }
    }) {}

RunSession::RunSession(Notebook& notebook, const Continuation& continuation, int threads,
                       const QString& path, std::shared_ptr<Accelerator> accelerator)
    : RunSession(notebook, threads, path, std::move(accelerator), [&](Prepared& prepared) {
        const Experiment& experiment = notebook.experiments.at(continuation.experiment);
        const RunRecord& parent =
            notebook.experiments.at(continuation.parentExperiment).runs.at(continuation.run);
        prepared.add(experiment,
                     prepareContinuation(experiment, parent, continuation.step, prepared.data,
                                         continuation.settings ? &*continuation.settings : nullptr),
                     RunParent{parent.uid, continuation.step});
    }) {}

RunSession::RunSession(Notebook& notebook, int threads, const QString& path,
                       std::shared_ptr<Accelerator> accelerator,
                       const std::function<void(Prepared&)>& plan)
    : m_notebook(notebook) {
    const std::string baseDirectory =
        path.isEmpty() ? std::string() : QFileInfo(path).absolutePath().toStdString();
    Prepared planned{generatingDatasets(baseDirectory), {}, m_runs};
    plan(planned);
    std::vector<PreparedRun>& prepared = planned.runs;
    checkRunsMemory(prepared, threads);
    for (PreparedRun& run : prepared)
        m_specs.push_back(std::move(run.spec));
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    if (!path.isEmpty())
        m_writer = std::make_unique<RunWriter>(path);
    if (m_writer)
        m_writer->beginTransaction();
    for (Run& run : m_runs) {
        run.record.startedAt = now.toStdString();
        run.record.result.status = RunStatus::Running;
        m_uids.emplace_back(run.experimentUid, run.record.uid);
        if (m_writer)
            m_writer->addRun(run.experimentUid, run.record);
    }
    if (m_writer)
        m_writer->commit();

    m_results.resize(m_runs.size());
    m_board = std::make_unique<ProgressBoard>(m_runs.size());
    m_start = std::chrono::steady_clock::now();
    m_worker = std::thread([this, threads, accelerator = std::move(accelerator)] {
        Runner(threads, accelerator).run(m_specs, *m_board, m_results);
    });
}

RunSession::~RunSession() {
    if (m_worker.joinable()) {
        m_board->cancelAll();
        m_worker.join();
    }
}

void RunSession::cancel() {
    m_board->cancelAll();
}

bool RunSession::poll() {
    if (m_finished)
        return false;
    bool active = false;
    std::size_t storing = 0; // the run being written, for the message if that fails
    try {
        if (m_writer)
            m_writer->beginTransaction();
        for (std::size_t i = 0; i < m_runs.size(); ++i) {
            Run& run = m_runs[i];
            if (run.stored)
                continue;
            storing = i;
            // The status first: once it is final, every snapshot is published and every field
            // set.
            const bool ended = hasEnded((*m_board)[i].status.load());
            const std::size_t published =
                (*m_board)[i].snapshotsPublished.load(std::memory_order_acquire);
            if (m_writer && published > run.snapshotsWritten)
                m_writer->addSnapshots(run.record.uid, m_results[i].snapshots, run.snapshotsWritten,
                                       published);
            run.snapshotsWritten = published;
            if (!ended) {
                active = true;
                continue;
            }
            if (m_writer)
                m_writer->updateRun(run.record.uid, m_results[i]);
            run.stored = true;
        }
        if (m_writer)
            m_writer->commit();
    } catch (const std::exception& error) {
        // The file cannot take more (disk full, gone): the runs go on in memory, and saving the
        // notebook stores them. The file keeps what the last commit stored.
        m_storageError = storageFailure(error.what(), m_runs[storing].record.label,
                                        (*m_board)[storing].step.load());
        m_writer->rollback();
        m_writer.reset();
        for (std::size_t i = 0; i < m_runs.size(); ++i)
            m_runs[i].stored = hasEnded((*m_board)[i].status.load());
        active = std::any_of(m_runs.begin(), m_runs.end(), [](const Run& r) { return !r.stored; });
    }
    if (active)
        return true;
    m_worker.join();
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        m_runs[i].record.result = std::move(m_results[i]);
        for (Experiment& experiment : m_notebook.experiments)
            if (experiment.uid == m_runs[i].experimentUid)
                experiment.runs.push_back(std::move(m_runs[i].record));
    }
    m_writer.reset(); // folds the write-ahead log back into the file
    m_finished = true;
    return false;
}

RunSession::Progress RunSession::progress() const {
    Progress p;
    p.runs = m_runs.size();
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const bool ended = hasEnded((*m_board)[i].status.load());
        p.stepsTotal += m_specs[i].steps;
        p.stepsDone += ended ? m_specs[i].steps : (*m_board)[i].step.load();
        p.runsDone += ended ? 1 : 0;
    }
    p.elapsedSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    if (p.stepsDone > 0 && p.stepsTotal > 0)
        p.etaSeconds = p.elapsedSeconds * double(p.stepsTotal - p.stepsDone) / double(p.stepsDone);
    return p;
}

RunRecord RunSession::liveRun(std::size_t i) const {
    const Run& run = m_runs.at(i);
    if (m_finished) {
        // Moved into its experiment, unless that was deleted meanwhile (the file keeps it).
        for (const Experiment& experiment : m_notebook.experiments)
            for (const RunRecord& record : experiment.runs)
                if (record.uid == m_uids[i].second)
                    return record;
        return run.record;
    }
    RunRecord live;
    live.uid = run.record.uid;
    live.label = run.record.label;
    live.startedAt = run.record.startedAt;
    live.settings = run.record.settings;
    const RunProgress& progress = (*m_board)[i];
    const RunStatus status = progress.status.load();
    const std::size_t published = progress.snapshotsPublished.load(std::memory_order_acquire);
    if (hasEnded(status)) {
        live.result = m_results[i];
        return live;
    }
    live.result.status = status == RunStatus::Pending ? RunStatus::Pending : RunStatus::Running;
    live.result.stepsDone = progress.step.load();
    if (published > 0) { // the worker set these before it published the first snapshot
        live.result.initialParameters = m_results[i].initialParameters;
        live.result.backend = m_results[i].backend;
    }
    live.result.snapshots = firstSnapshots(m_results[i].snapshots, published);
    return live;
}

void RunSession::saveNotebook(const QString& path) {
    if (m_finished) {
        notebookfile::save(m_notebook, path);
        return;
    }
    poll();
    Notebook copy = m_notebook;
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        for (Experiment& experiment : copy.experiments)
            if (experiment.uid == m_runs[i].experimentUid) {
                RunRecord live = liveRun(i);
                m_runs[i].snapshotsWritten = live.result.snapshots.count;
                if (!m_runs[i].stored)
                    pending.push_back(i);
                experiment.runs.push_back(std::move(live));
            }
    }
    notebookfile::save(copy, path);
    // From here on the runs go to the new file, which has each of them up to snapshotsWritten.
    m_writer = std::make_unique<RunWriter>(path);
    for (std::size_t i : pending)
        m_writer->resumeRun(m_runs[i].record.uid);
}

} // namespace relulab
