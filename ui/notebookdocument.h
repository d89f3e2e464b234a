#pragma once

#include "document/experiment.h"
#include "document/notebooklock.h"
#include "document/runsession.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUndoStack>

#include <memory>
#include <set>
#include <vector>

namespace relulab {

// What a run row shows in the notebook tree.
struct RunSummary {
    std::string label;
    RunStatus status = RunStatus::Pending;
    long stepsDone = 0;
    double trainError = std::nan("");    // the last snapshot's batch loss
    double trainSetError = std::nan(""); // its whole training set's loss
    double testError = std::nan("");
    double trainAccuracy = std::nan(""); // classifiers: the last snapshot's, 0 .. 1
    double testAccuracy = std::nan("");
    std::string origin = {}; // a continued run's: "continued from "EXP / RUN" after step N"
};

// Where a view's experiment index points after the document inserted, removed or moved an
// experiment; -1 when its experiment was the one removed.
int indexAfterInsert(int index, int inserted);
int indexAfterRemove(int index, int removed);
int indexAfterMove(int index, int from, int to);

// The open notebook as the window sees it: the document, its file, the undo history of every
// edit, and the runs training now. Edits go through undo commands; views listen to the signals.
class NotebookDocument : public QObject {
    Q_OBJECT
public:
    explicit NotebookDocument(QObject* parent = nullptr);
    ~NotebookDocument() override;

    const Notebook& notebook() const { return m_notebook; }
    const QString& path() const { return m_path; }
    bool isModified() const;
    QUndoStack* undoStack() { return &m_undo; }

    // Replaces the document with one that has no file yet (and forgets the history).
    void reset(Notebook notebook);
    // Opens a notebook file and holds it (NotebookLock) until another replaces it. Throws
    // InvalidInput for a bad file or one another ReLU Lab has open.
    void open(const QString& path);
    // Saves atomically, taking the file over from here on; while runs train it saves them too
    // and goes on storing them there. Throws std::runtime_error naming the file.
    void save(const QString& path);

    // Edits, each one undoable. `mergeKey` lets consecutive edits of one field (typing in a
    // spin box) undo as one; empty: never merged.
    void editExperiment(int index, const Experiment& edited, const QString& text,
                        const QString& mergeKey = {});
    void insertExperiment(int index, Experiment experiment, const QString& text);
    void removeExperiment(int index);
    void moveExperiment(int from, int to);
    // Whether removeRun can take this run: a stored one of an experiment not training now.
    bool canRemoveRun(int experiment, int run) const;
    // Deletes such a run with its snapshots (else nothing); undo puts it back.
    void removeRun(int experiment, int run);

    // Runs of an experiment: the stored ones, then those of the session training now.
    int runCount(int experiment) const;
    RunSummary runSummary(int experiment, int run) const;
    RunRecord run(int experiment, int run) const; // a copy, with the snapshots so far
    // The same without its parameters (withoutParameters): for the errors and the scrubber.
    RunRecord runErrors(int experiment, int run) const;

    // Trains experiments on the runner's worker threads (and `accelerator`, when given, for the
    // runs it accepts), storing the runs as they go (into the file if the notebook has one).
    // Throws InvalidInput naming the experiment and field.
    void startRuns(const std::vector<std::size_t>& experiments, bool withSweeps,
                   std::shared_ptr<Accelerator> accelerator = {});
    // One run continued from a run's snapshot (document/runsession.h), stored likewise.
    void startContinuation(const RunSession::Continuation& continuation,
                           std::shared_ptr<Accelerator> accelerator = {});
    void cancelRuns();
    // Cancels the runs and waits until each has ended and is stored (in the file too, if the
    // notebook has one): the app is about to quit. Returns the summary trainingFinished gives;
    // empty when nothing was training.
    QString stopRunsAndWait();
    // Writes the notebook as it is now, unsaved edits and runs included, to a new file beside
    // its own ("NAME (unsaved changes DATE TIME).relulab"), or in `folder` when it has none; its
    // own file keeps what was last saved. Returns the path; throws std::runtime_error naming it.
    QString saveRecoveryCopy(const QString& folder) const;
    bool isTraining() const { return m_session != nullptr; }
    RunSession::Progress progress() const;
    bool isTrainingExperiment(int experiment) const;

    // Used by the undo commands only.
    Experiment& experimentAt(int index) { return m_notebook.experiments.at(std::size_t(index)); }
    void doInsert(int index, Experiment experiment);
    Experiment doRemove(int index);
    void doMove(int from, int to);
    void doReplace(int index, Experiment experiment);
    RunRecord doRemoveRun(int experiment, int run);
    void doInsertRun(int experiment, int run, RunRecord record);

Q_SIGNALS:
    void documentReset();
    void experimentAboutToBeInserted(int index);
    void experimentInserted(int index);
    void experimentAboutToBeRemoved(int index);
    void experimentRemoved(int index);
    void experimentAboutToBeMoved(int from, int to);
    void experimentMoved(int from, int to);
    void experimentChanged(int index);
    void runsAboutToBeInserted(int experiment, int first, int last);
    void runsInserted();
    void runsAboutToBeRemoved(int experiment, int first, int last);
    void runsRemoved(int experiment, int first, int last);
    void runsUpdated(); // live runs moved on
    void trainingStarted();
    void trainingFinished(const QString& summary);
    void modifiedChanged(bool modified);
    void errorOccurred(const QString& message);

private:
    void beginSession(std::unique_ptr<RunSession> session);
    void pollSession();
    void setRunsUnsaved(bool unsaved);
    // Live runs of the session, per experiment uid: indices into the session's runs.
    std::vector<std::size_t> liveRunsOf(int experiment) const;

    void replace(Notebook notebook, const QString& path, std::unique_ptr<NotebookLock> lock);
    // The lock for `path`: the one held when it is this notebook's file, else a new one.
    std::unique_ptr<NotebookLock> lockFor(const QString& path);
    // After a failed open or save: the lock goes back to m_lock when it is this notebook's.
    void keepIfOwn(std::unique_ptr<NotebookLock> lock);

    Notebook m_notebook;
    QString m_path;
    std::unique_ptr<NotebookLock> m_lock; // of m_path
    QUndoStack m_undo;
    bool m_runsUnsaved = false;
    std::unique_ptr<RunSession> m_session;
    std::set<std::string> m_shownExperiments; // whose training runs the views know of
    QTimer m_poll;
};

} // namespace relulab
