#pragma once

#include "runner/progress.h"
#include "runner/runresult.h"
#include "runner/runspec.h"

namespace relulab {

// Trains one run on this thread, on the fast CPU kernel when the run's shape has one and the
// general path otherwise, reporting through `progress` and stopping when it asks to. Never
// throws: bad settings come back as status Failed with the message. `result` is filled in
// place, so that another thread may read the snapshots `progress` says are published.
void trainRun(const RunSpec& spec, RunProgress& progress, RunResult& result);
RunResult trainRun(const RunSpec& spec, RunProgress& progress);

} // namespace relulab
