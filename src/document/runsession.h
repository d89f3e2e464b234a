#pragma once

#include "document/experiment.h"
#include "document/notebookfile.h"
#include "runner/accelerator.h"
#include "runner/progress.h"
#include "runner/runspec.h"

#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace relulab {

// Trains experiments of a notebook on the runner's worker threads and stores each run as it goes:
// the caller's thread (the GUI's or the CLI's) calls poll(), which writes newly published
// snapshots and finished runs into the notebook file, and moves finished runs into the notebook.
class RunSession {
public:
    // `path`: the saved notebook to append runs to, or empty to keep them in memory only.
    // Throws InvalidInput naming the experiment and field when a run cannot start; nothing is
    // started or written then.
    // `withSweeps` false: one run per experiment with its settings as they are. `accelerator`
    // (may be null) trains the runs it accepts; the CPU threads the rest.
    RunSession(Notebook& notebook, const std::vector<std::size_t>& experiments, int threads,
               const QString& path, bool withSweeps = true,
               std::shared_ptr<Accelerator> accelerator = {});
    // One run of experiment `experiment` that continues run `run` of experiment
    // `parentExperiment` from its snapshot after `step` (document/runplan.h:
    // prepareContinuation), stored with that run as its parent.
    struct Continuation {
        // Explicit: a brace list of experiments ({0, 1}) is never one.
        explicit Continuation(std::size_t experiment, std::size_t parentExperiment, std::size_t run,
                              long step)
            : experiment(experiment)
            , parentExperiment(parentExperiment)
            , run(run)
            , step(step) {}
        std::size_t experiment;
        std::size_t parentExperiment;
        std::size_t run;
        long step;
        std::optional<ExperimentSettings> settings = {}; // none: the experiment's own
    };
    RunSession(Notebook& notebook, const Continuation& continuation, int threads,
               const QString& path, std::shared_ptr<Accelerator> accelerator = {});
    ~RunSession(); // cancels what still runs and waits for it

    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    struct Progress {
        long stepsDone = 0;
        long stepsTotal = 0;
        std::size_t runsDone = 0;
        std::size_t runs = 0;
        double elapsedSeconds = 0.0;
        double etaSeconds = -1.0; // unknown until some steps are done
    };

    std::size_t runCount() const { return m_runs.size(); }
    // Writes what is new; returns false once every run has ended and is stored, and the runs
    // are in the notebook (in their experiments, found by uid: a run whose experiment was
    // deleted meanwhile stays in the file only, where loading recovers it).
    bool poll();
    Progress progress() const;
    void cancel();
    bool finished() const { return m_finished; }
    // Why the runs stopped being stored in the file (they go on in memory); empty if they did not.
    const std::string& storageError() const { return m_storageError; }
    // Experiment uid and run uid of each planned run.
    const std::vector<std::pair<std::string, std::string>>& runUids() const { return m_uids; }

    // Run i as far as it has got: its settings, status and the snapshots published so far
    // (all of it once it has ended). Safe while the workers train.
    RunRecord liveRun(std::size_t i) const;

    // Saves the notebook with every run so far to `path` (atomically, as notebookfile::save)
    // and goes on storing the runs there. Throws std::runtime_error; the session goes on
    // storing into the old file then.
    void saveNotebook(const QString& path);

private:
    struct Prepared;
    RunSession(Notebook& notebook, int threads, const QString& path,
               std::shared_ptr<Accelerator> accelerator,
               const std::function<void(Prepared&)>& plan);

    struct Run {
        std::string experimentUid;
        RunRecord record; // its result is filled in by the worker
        std::size_t snapshotsWritten = 0;
        bool stored = false;
    };
    Notebook& m_notebook;
    std::vector<RunSpec> m_specs;
    std::vector<Run> m_runs;
    std::vector<RunResult> m_results;
    std::vector<std::pair<std::string, std::string>> m_uids;
    std::unique_ptr<ProgressBoard> m_board;
    std::unique_ptr<RunWriter> m_writer;
    std::thread m_worker;
    std::chrono::steady_clock::time_point m_start;
    bool m_finished = false;
    std::string m_storageError;
};

} // namespace relulab
