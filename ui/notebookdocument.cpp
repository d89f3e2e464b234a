#include "notebookdocument.h"

#include "experimentcommands.h"

#include "document/notebookfile.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <map>

namespace relulab {

namespace {

constexpr int pollMilliseconds = 100;

// Leaves a core to the window: the runs are the unit of parallelism, the GUI must stay smooth.
int workerThreads() {
    return std::max(1, QThread::idealThreadCount() - 1);
}

RunSummary summarize(const RunRecord& run) {
    RunSummary summary{run.label, run.result.status, run.result.stepsDone};
    const SnapshotSeries& s = run.result.snapshots;
    if (s.count > 0) {
        summary.trainError = s.trainError[s.count - 1];
        summary.trainSetError = s.trainSetError[s.count - 1];
        summary.testError = s.testError[s.count - 1];
        if (s.trainAccuracy.size() >= s.count && s.testAccuracy.size() >= s.count) {
            summary.trainAccuracy = s.trainAccuracy[s.count - 1];
            summary.testAccuracy = s.testAccuracy[s.count - 1];
        }
    }
    return summary;
}

} // namespace

int indexAfterInsert(int index, int inserted) {
    return index >= 0 && inserted <= index ? index + 1 : index;
}

int indexAfterRemove(int index, int removed) {
    if (index == removed)
        return -1;
    return removed < index ? index - 1 : index;
}

int indexAfterMove(int index, int from, int to) {
    if (index == from)
        return to;
    if (from < index && to >= index)
        return index - 1;
    if (from > index && to <= index)
        return index + 1;
    return index;
}

NotebookDocument::NotebookDocument(QObject* parent)
    : QObject(parent) {
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this] { Q_EMIT modifiedChanged(isModified()); });
    m_poll.setInterval(pollMilliseconds);
    connect(&m_poll, &QTimer::timeout, this, &NotebookDocument::pollSession);
}

// The session cancels and waits. The undo stack, destroyed after this body, says it is clean
// once more: nobody hears it, as those who listen (the window) may be half destroyed already.
NotebookDocument::~NotebookDocument() {
    blockSignals(true);
}

bool NotebookDocument::isModified() const {
    return !m_undo.isClean() || m_runsUnsaved;
}

void NotebookDocument::setRunsUnsaved(bool unsaved) {
    const bool was = isModified();
    m_runsUnsaved = unsaved;
    if (was != isModified())
        Q_EMIT modifiedChanged(isModified());
}

void NotebookDocument::replace(Notebook notebook, const QString& path,
                               std::unique_ptr<NotebookLock> lock) {
    m_session.reset();
    m_poll.stop();
    m_notebook = std::move(notebook);
    m_path = path;
    m_lock = std::move(lock);
    m_undo.clear();
    m_runsUnsaved = false;
    Q_EMIT documentReset();
    Q_EMIT modifiedChanged(false);
}

std::unique_ptr<NotebookLock> NotebookDocument::lockFor(const QString& path) {
    if (m_lock && m_lock->covers(path))
        return std::move(m_lock);
    return std::make_unique<NotebookLock>(path);
}

void NotebookDocument::keepIfOwn(std::unique_ptr<NotebookLock> lock) {
    if (lock && lock->covers(m_path))
        m_lock = std::move(lock);
}

void NotebookDocument::reset(Notebook notebook) {
    replace(std::move(notebook), {}, nullptr);
}

void NotebookDocument::open(const QString& path) {
    std::unique_ptr<NotebookLock> lock = lockFor(path);
    try {
        Notebook notebook = notebookfile::load(path);
        replace(std::move(notebook), path, std::move(lock));
    } catch (...) {
        keepIfOwn(std::move(lock));
        throw;
    }
}

void NotebookDocument::save(const QString& path) {
    std::unique_ptr<NotebookLock> lock = lockFor(path);
    try {
        if (m_session)
            m_session->saveNotebook(path);
        else
            notebookfile::save(m_notebook, path);
    } catch (...) {
        keepIfOwn(std::move(lock));
        throw;
    }
    m_lock = std::move(lock);
    m_path = path;
    m_undo.setClean();
    setRunsUnsaved(false);
    Q_EMIT modifiedChanged(isModified());
}

void NotebookDocument::editExperiment(int index, const Experiment& edited, const QString& text,
                                      const QString& mergeKey) {
    m_undo.push(new EditExperimentCommand(*this, index, withoutRuns(experimentAt(index)),
                                          withoutRuns(edited), text, mergeKey));
}

void NotebookDocument::insertExperiment(int index, Experiment experiment, const QString& text) {
    m_undo.push(new InsertExperimentCommand(*this, index, std::move(experiment), text));
}

void NotebookDocument::removeExperiment(int index) {
    m_undo.push(new RemoveExperimentCommand(*this, index));
}

void NotebookDocument::moveExperiment(int from, int to) {
    m_undo.push(new MoveExperimentCommand(*this, from, to));
}

bool NotebookDocument::canRemoveRun(int experiment, int run) const {
    if (experiment < 0 || std::size_t(experiment) >= m_notebook.experiments.size() || run < 0)
        return false;
    const auto& stored = m_notebook.experiments[std::size_t(experiment)].runs;
    return std::size_t(run) < stored.size() && !isTrainingExperiment(experiment);
}

void NotebookDocument::removeRun(int experiment, int run) {
    if (canRemoveRun(experiment, run))
        m_undo.push(new RemoveRunCommand(*this, experiment, run));
}

void NotebookDocument::doInsert(int index, Experiment experiment) {
    Q_EMIT experimentAboutToBeInserted(index);
    auto& list = m_notebook.experiments;
    list.insert(list.begin() + index, std::move(experiment));
    Q_EMIT experimentInserted(index);
}

Experiment NotebookDocument::doRemove(int index) {
    Q_EMIT experimentAboutToBeRemoved(index);
    auto& list = m_notebook.experiments;
    Experiment removed = std::move(list.at(std::size_t(index)));
    list.erase(list.begin() + index);
    Q_EMIT experimentRemoved(index);
    return removed;
}

void NotebookDocument::doMove(int from, int to) {
    Q_EMIT experimentAboutToBeMoved(from, to);
    auto& list = m_notebook.experiments;
    Experiment moved = std::move(list.at(std::size_t(from)));
    list.erase(list.begin() + from);
    list.insert(list.begin() + to, std::move(moved));
    Q_EMIT experimentMoved(from, to);
}

void NotebookDocument::doReplace(int index, Experiment experiment) {
    experimentAt(index) = std::move(experiment);
    Q_EMIT experimentChanged(index);
}

RunRecord NotebookDocument::doRemoveRun(int experiment, int run) {
    Q_EMIT runsAboutToBeRemoved(experiment, run, run);
    auto& runs = experimentAt(experiment).runs;
    RunRecord removed = std::move(runs.at(std::size_t(run)));
    runs.erase(runs.begin() + run);
    Q_EMIT runsRemoved(experiment, run, run);
    return removed;
}

void NotebookDocument::doInsertRun(int experiment, int run, RunRecord record) {
    Q_EMIT runsAboutToBeInserted(experiment, run, run);
    auto& runs = experimentAt(experiment).runs;
    runs.insert(runs.begin() + run, std::move(record));
    Q_EMIT runsInserted();
}

std::vector<std::size_t> NotebookDocument::liveRunsOf(int experiment) const {
    std::vector<std::size_t> live;
    if (!m_session || m_session->finished())
        return live;
    const std::string& uid = m_notebook.experiments.at(std::size_t(experiment)).uid;
    const auto& uids = m_session->runUids();
    if (!m_shownExperiments.contains(uid))
        return live;
    for (std::size_t i = 0; i < uids.size(); ++i)
        if (uids[i].first == uid)
            live.push_back(i);
    return live;
}

int NotebookDocument::runCount(int experiment) const {
    return int(m_notebook.experiments.at(std::size_t(experiment)).runs.size() +
               liveRunsOf(experiment).size());
}

RunSummary NotebookDocument::runSummary(int experiment, int run) const {
    const auto& stored = m_notebook.experiments.at(std::size_t(experiment)).runs;
    RunSummary summary;
    std::optional<RunParent> parent;
    if (std::size_t(run) < stored.size()) { // no copy: the tree asks for every row it paints
        summary = summarize(stored[std::size_t(run)]);
        parent = stored[std::size_t(run)].parent;
    } else {
        const RunRecord live = this->run(experiment, run);
        summary = summarize(live);
        parent = live.parent;
    }
    if (parent)
        summary.origin = m_notebook.describeParent(*parent);
    return summary;
}

RunRecord NotebookDocument::run(int experiment, int run) const {
    const auto& stored = m_notebook.experiments.at(std::size_t(experiment)).runs;
    if (std::size_t(run) < stored.size())
        return stored[std::size_t(run)];
    return m_session->liveRun(liveRunsOf(experiment).at(std::size_t(run) - stored.size()));
}

RunRecord NotebookDocument::runErrors(int experiment, int run) const {
    const auto& stored = m_notebook.experiments.at(std::size_t(experiment)).runs;
    if (std::size_t(run) < stored.size())
        return withoutParameters(stored[std::size_t(run)]);
    return withoutParameters(
        m_session->liveRun(liveRunsOf(experiment).at(std::size_t(run) - stored.size())));
}

void NotebookDocument::startRuns(const std::vector<std::size_t>& experiments, bool withSweeps,
                                 std::shared_ptr<Accelerator> accelerator) {
    if (m_session)
        return;
    beginSession(std::make_unique<RunSession>(m_notebook, experiments, workerThreads(), m_path,
                                              withSweeps, std::move(accelerator)));
}

void NotebookDocument::startContinuation(const RunSession::Continuation& continuation,
                                         std::shared_ptr<Accelerator> accelerator) {
    if (m_session)
        return;
    beginSession(std::make_unique<RunSession>(m_notebook, continuation, workerThreads(), m_path,
                                              std::move(accelerator)));
}

void NotebookDocument::beginSession(std::unique_ptr<RunSession> session) {
    m_shownExperiments.clear();
    m_session = std::move(session);
    if (m_path.isEmpty())
        setRunsUnsaved(true);
    // The views learn of each experiment's new runs in turn.
    for (std::size_t e = 0; e < m_notebook.experiments.size(); ++e) {
        const int before = runCount(int(e));
        m_shownExperiments.insert(m_notebook.experiments[e].uid);
        const int after = runCount(int(e));
        if (after == before)
            continue;
        m_shownExperiments.erase(m_notebook.experiments[e].uid);
        Q_EMIT runsAboutToBeInserted(int(e), before, after - 1);
        m_shownExperiments.insert(m_notebook.experiments[e].uid);
        Q_EMIT runsInserted();
    }
    m_poll.start();
    Q_EMIT trainingStarted();
}

void NotebookDocument::cancelRuns() {
    if (m_session)
        m_session->cancel();
}

QString NotebookDocument::stopRunsAndWait() {
    if (!m_session)
        return {};
    QString summary;
    const auto connection = connect(this, &NotebookDocument::trainingFinished, this,
                                    [&summary](const QString& text) { summary = text; });
    m_session->cancel();
    while (m_session->poll())
        QThread::msleep(10);
    pollSession(); // ends the session as the timer would have
    disconnect(connection);
    return summary;
}

QString NotebookDocument::saveRecoveryCopy(const QString& folder) const {
    const QFileInfo own(m_path);
    const QDir where = m_path.isEmpty() ? QDir(folder) : own.dir();
    const QString base =
        m_path.isEmpty() ? QStringLiteral("Untitled notebook") : own.completeBaseName();
    const QString stamp =
        QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH-mm-ss"));
    QString path =
        where.filePath(QStringLiteral("%1 (unsaved changes %2).relulab").arg(base, stamp));
    for (int copy = 2; QFileInfo::exists(path); ++copy)
        path = where.filePath(
            QStringLiteral("%1 (unsaved changes %2, %3).relulab").arg(base, stamp).arg(copy));
    const NotebookLock lock(path);
    notebookfile::save(m_notebook, path);
    return path;
}

RunSession::Progress NotebookDocument::progress() const {
    return m_session ? m_session->progress() : RunSession::Progress{};
}

bool NotebookDocument::isTrainingExperiment(int experiment) const {
    return !liveRunsOf(experiment).empty();
}

void NotebookDocument::pollSession() {
    if (!m_session)
        return;
    const bool active = m_session->poll();
    if (!m_session->storageError().empty() && !m_runsUnsaved) {
        setRunsUnsaved(true);
        Q_EMIT errorOccurred(QStringLiteral("The runs can no longer be stored in %1 (%2); they go "
                                            "on in memory: save the notebook to keep them.")
                                 .arg(m_path, QString::fromStdString(m_session->storageError())));
    }
    Q_EMIT runsUpdated();
    if (active)
        return;
    m_poll.stop();
    std::map<RunStatus, int> counts;
    const auto uids = m_session->runUids();
    for (std::size_t i = 0; i < uids.size(); ++i)
        ++counts[m_session->liveRun(i).result.status];
    m_session.reset();
    QStringList parts;
    for (const auto& [status, count] : counts)
        parts << QStringLiteral("%1 %2").arg(count).arg(QString::fromLatin1(
            runStatusKinds.name(status).data(), qsizetype(runStatusKinds.name(status).size())));
    Q_EMIT runsUpdated();
    Q_EMIT trainingFinished(
        QStringLiteral("%1 run(s): %2").arg(uids.size()).arg(parts.join(QStringLiteral(", "))));
}

} // namespace relulab
