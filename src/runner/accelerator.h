#pragma once

#include "runner/progress.h"
#include "runner/runresult.h"
#include "runner/runspec.h"

#include <span>
#include <string>

namespace relulab {

// A device that trains many runs at once (the CUDA backend in gpu/), behind the same runner
// interface as the CPU threads: the Runner gives it the runs it accepts and the CPU the rest.
class Accelerator {
public:
    virtual ~Accelerator() = default;

    // What it is, for messages and RunResult::backend ("cuda: NVIDIA H200").
    virtual std::string name() const = 0;

    // Whether this run can train here; if not, `why` says so (the run then trains on the CPU).
    virtual bool accepts(const RunSpec& spec, std::string& why) const = 0;

    // Trains accepted runs together until each one has finished, been cancelled, diverged or
    // failed, filling progress and results as the CPU's trainRun does: snapshots published
    // through RunProgress::snapshotsPublished as they arrive, cancellation asked through
    // RunProgress::cancelRequested. Never throws: a device error fails the runs it hit.
    virtual void train(std::span<const RunSpec* const> specs,
                       std::span<RunProgress* const> progress,
                       std::span<RunResult* const> results) = 0;
};

} // namespace relulab
