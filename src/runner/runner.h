#pragma once

#include "runner/accelerator.h"
#include "runner/progress.h"
#include "runner/runresult.h"
#include "runner/runspec.h"

#include <memory>
#include <vector>

namespace relulab {

// Executes a list of runs (one experiment, or a sweep) on a oneTBB task arena, each run on one
// thread, or on an accelerator that trains the runs it accepts all at once while the CPU
// threads train the rest. A run's results depend only on its own spec and seeds, never on the
// thread count.
class Runner {
public:
    // threads = 0: every hardware thread. `accelerator` may be null (the CPU only).
    explicit Runner(int threads = 0, std::shared_ptr<Accelerator> accelerator = {});

    int threads() const { return m_threads; }
    const std::shared_ptr<Accelerator>& accelerator() const { return m_accelerator; }

    // Blocks until every run is finished, cancelled, diverged or failed. `board` must have one
    // entry per run; other threads may read it and request cancellation meanwhile.
    std::vector<RunResult> run(const std::vector<RunSpec>& runs, ProgressBoard& board) const;
    // The same into `results` (one per run, sized by the caller), which other threads may read
    // as `board` publishes snapshots: how the GUI and CLI store snapshots as they are produced.
    void run(const std::vector<RunSpec>& runs, ProgressBoard& board,
             std::vector<RunResult>& results) const;

private:
    int m_threads;
    std::shared_ptr<Accelerator> m_accelerator;
};

} // namespace relulab
