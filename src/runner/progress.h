#pragma once

#include "runner/runresult.h"

#include <atomic>
#include <cstddef>
#include <limits>
#include <memory>

namespace relulab {

// What a run in progress shows the outside: written by the worker, read by the GUI or CLI at any
// time, without locks.
struct RunProgress {
    std::atomic<long> step{0};
    std::atomic<double> trainError{std::numeric_limits<double>::quiet_NaN()};
    std::atomic<RunStatus> status{RunStatus::Pending};
    std::atomic<bool> cancelRequested{false};
    // Snapshot columns of the run's result that are complete: stored with release after each
    // one, so a reader that loads it with acquire may read those columns while the run goes on.
    std::atomic<std::size_t> snapshotsPublished{0};
};

// One RunProgress per run of a batch, plus cancellation requests going the other way.
class ProgressBoard {
public:
    explicit ProgressBoard(std::size_t runs)
        : m_runs(runs)
        , m_progress(std::make_unique<RunProgress[]>(runs)) {}

    std::size_t size() const { return m_runs; }
    RunProgress& operator[](std::size_t run) { return m_progress[run]; }
    const RunProgress& operator[](std::size_t run) const { return m_progress[run]; }

    void cancel(std::size_t run) { m_progress[run].cancelRequested.store(true); }
    void cancelAll() {
        for (std::size_t i = 0; i < m_runs; ++i)
            cancel(i);
    }

private:
    std::size_t m_runs;
    std::unique_ptr<RunProgress[]> m_progress;
};

} // namespace relulab
