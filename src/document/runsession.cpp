#include "document/runsession.h"

#include "core/error.h"
#include "document/runplan.h"
#include "runner/runner.h"

#include <QDateTime>
#include <QFileInfo>

#include <map>

namespace relulab {

RunSession::RunSession(Notebook& notebook, const std::vector<std::size_t>& experiments, int threads,
                       const QString& path)
    : m_notebook(notebook) {
    const std::string baseDirectory =
        path.isEmpty() ? std::string() : QFileInfo(path).absolutePath().toStdString();
    std::vector<std::pair<DatasetSpec, std::shared_ptr<const Dataset>>> datasets;
    for (std::size_t index : experiments) {
        const Experiment& experiment = notebook.experiments.at(index);
        const std::string where = "experiment \"" + experiment.name + "\"";
        try {
            for (PlannedRun& planned : planRuns(experiment)) {
                // Runs of the same data set share one copy of it.
                std::shared_ptr<const Dataset> data;
                for (const auto& [spec, made] : datasets)
                    if (spec == planned.settings.dataset)
                        data = made;
                if (!data) {
                    data = std::make_shared<const Dataset>(
                        generateDataset(planned.settings.dataset, baseDirectory));
                    datasets.emplace_back(planned.settings.dataset, data);
                }
                m_specs.push_back(makeRunSpec(planned.label, planned.settings, data));
                Run run{index, {}, 0, false};
                run.record.uid = newUid();
                run.record.label = planned.label;
                run.record.settings = std::move(planned.settings);
                m_runs.push_back(std::move(run));
            }
        } catch (const InvalidInput& error) {
            throw error.under(where);
        }
    }
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    if (!path.isEmpty())
        m_writer = std::make_unique<RunWriter>(path);
    if (m_writer)
        m_writer->beginTransaction();
    for (Run& run : m_runs) {
        run.record.startedAt = now.toStdString();
        run.record.result.status = RunStatus::Running;
        m_uids.emplace_back(run.experiment, run.record.uid);
        if (m_writer)
            m_writer->addRun(notebook.experiments[run.experiment].uid, run.record);
    }
    if (m_writer)
        m_writer->commit();

    m_results.resize(m_runs.size());
    m_board = std::make_unique<ProgressBoard>(m_runs.size());
    m_start = std::chrono::steady_clock::now();
    m_worker = std::thread([this, threads] { Runner(threads).run(m_specs, *m_board, m_results); });
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
    if (m_writer)
        m_writer->beginTransaction();
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        Run& run = m_runs[i];
        if (run.stored)
            continue;
        // The status first: once it is final, every snapshot is published and every field set.
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
    if (active)
        return true;
    m_worker.join();
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        m_runs[i].record.result = std::move(m_results[i]);
        m_notebook.experiments[m_runs[i].experiment].runs.push_back(std::move(m_runs[i].record));
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

} // namespace relulab
