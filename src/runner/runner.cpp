#include "runner/runner.h"

#include "runner/trainrun.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <stdexcept>

namespace relulab {

Runner::Runner(int threads)
    : m_threads(threads > 0 ? threads : tbb::info::default_concurrency()) {}

std::vector<RunResult> Runner::run(const std::vector<RunSpec>& runs, ProgressBoard& board) const {
    std::vector<RunResult> results(runs.size());
    run(runs, board, results);
    return results;
}

void Runner::run(const std::vector<RunSpec>& runs, ProgressBoard& board,
                 std::vector<RunResult>& results) const {
    if (board.size() != runs.size() || results.size() != runs.size())
        throw std::invalid_argument("Runner::run: one progress entry and result per run");
    tbb::task_arena arena(m_threads);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, runs.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t i = range.begin(); i != range.end(); ++i)
                    trainRun(runs[i], board[i], results[i]);
            },
            tbb::simple_partitioner());
    });
}

} // namespace relulab
