#pragma once

#include "core/network.h"
#include "runner/progress.h"
#include "runner/runresult.h"
#include "runner/runspec.h"

#include <chrono>
#include <string>
#include <vector>

namespace relulab {

// A run's data in float32, as every backend trains on it.
struct RunData {
    arma::fmat trainX, trainY, testX, testY;

    explicit RunData(const Dataset& data);
};

// What every backend does before the first step: validates the spec (InvalidInput naming the
// field), initialises the network (and fits its output layer by ridge when asked), converts the
// data, and sets result.initialParameters and the snapshots' storage.
struct RunStart {
    Network<float> network;
    RunData data;
    std::vector<long> snapshotSteps;

    RunStart(const RunSpec& spec, RunResult& result);
};

// Ends a run as every backend does: its status and message, its wall time since `started`,
// and the progress it shows, status last (readers see every other field once they see it).
void endRun(RunResult& result, RunProgress& progress, RunStatus status, std::string message,
            std::chrono::steady_clock::time_point started);

// The messages of a diverged run, the same on every backend.
std::string lossBecameMessage(double loss, long step);
std::string parametersBecameMessage(long step);

// Trains one run on this thread, on the fast CPU kernel when the run's shape has one and the
// general path otherwise, reporting through `progress` and stopping when it asks to. Never
// throws: bad settings come back as status Failed with the message. `result` is filled in
// place, so that another thread may read the snapshots `progress` says are published.
void trainRun(const RunSpec& spec, RunProgress& progress, RunResult& result);
RunResult trainRun(const RunSpec& spec, RunProgress& progress);

} // namespace relulab
