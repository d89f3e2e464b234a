#include "runner/runner.h"

#include "runner/trainrun.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace relulab {

Runner::Runner(int threads, std::shared_ptr<Accelerator> accelerator)
    : m_threads(threads > 0 ? threads : tbb::info::default_concurrency())
    , m_accelerator(std::move(accelerator)) {}

std::vector<RunResult> Runner::run(const std::vector<RunSpec>& runs, ProgressBoard& board) const {
    std::vector<RunResult> results(runs.size());
    run(runs, board, results);
    return results;
}

void Runner::run(const std::vector<RunSpec>& runs, ProgressBoard& board,
                 std::vector<RunResult>& results) const {
    if (board.size() != runs.size() || results.size() != runs.size())
        throw std::invalid_argument("Runner::run: one progress entry and result per run");
    std::vector<std::size_t> onCpu;
    std::vector<const RunSpec*> acceleratedSpecs;
    std::vector<RunProgress*> acceleratedProgress;
    std::vector<RunResult*> acceleratedResults;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        std::string why;
        if (m_accelerator && m_accelerator->accepts(runs[i], why)) {
            acceleratedSpecs.push_back(&runs[i]);
            acceleratedProgress.push_back(&board[i]);
            acceleratedResults.push_back(&results[i]);
            continue;
        }
        if (m_accelerator)
            results[i].backendNote = "on the CPU: " + why;
        onCpu.push_back(i);
    }
    // The accelerator's runs on a thread of their own, beside the CPU's arena: its host side
    // mostly waits on the device.
    std::thread accelerated;
    if (!acceleratedSpecs.empty())
        accelerated = std::thread([&] {
            m_accelerator->train(acceleratedSpecs, acceleratedProgress, acceleratedResults);
        });
    tbb::task_arena arena(m_threads);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, onCpu.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t i = range.begin(); i != range.end(); ++i)
                    trainRun(runs[onCpu[i]], board[onCpu[i]], results[onCpu[i]]);
            },
            tbb::simple_partitioner());
    });
    if (accelerated.joinable())
        accelerated.join();
}

} // namespace relulab
