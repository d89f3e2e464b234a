#pragma once

#include "runner/progress.h"
#include "runner/runresult.h"
#include "runner/runspec.h"

#include <vector>

namespace relulab {

// Executes a list of runs (one experiment, or a sweep) on a oneTBB task arena, each run on one
// thread. A run's results depend only on its own spec and seeds, never on the thread count.
class Runner {
public:
    // threads = 0: every hardware thread.
    explicit Runner(int threads = 0);

    int threads() const { return m_threads; }

    // Blocks until every run is finished, cancelled, diverged or failed. `board` must have one
    // entry per run; other threads may read it and request cancellation meanwhile.
    std::vector<RunResult> run(const std::vector<RunSpec>& runs, ProgressBoard& board) const;
    // The same into `results` (one per run, sized by the caller), which other threads may read
    // as `board` publishes snapshots: how the GUI and CLI store snapshots as they are produced.
    void run(const std::vector<RunSpec>& runs, ProgressBoard& board,
             std::vector<RunResult>& results) const;

private:
    int m_threads;
};

} // namespace relulab
