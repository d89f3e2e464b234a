#pragma once

#include "core/nametable.h"

#include <armadillo>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relulab {

enum class RunStatus { Pending, Running, Finished, Cancelled, Diverged, Failed };

inline constexpr NameTable<RunStatus, 6> runStatusKinds{{{
    {RunStatus::Pending, "pending"},
    {RunStatus::Running, "running"},
    {RunStatus::Finished, "finished"},
    {RunStatus::Cancelled, "cancelled"},
    {RunStatus::Diverged, "diverged"},
    {RunStatus::Failed, "failed"},
}}};
static_assert(runStatusKinds.coversEnum());
// Finished, cancelled, diverged or failed: the run will not change any more.
inline bool hasEnded(RunStatus status) {
    return status != RunStatus::Pending && status != RunStatus::Running;
}

// A run's snapshots, column by column, allocated before the run starts so that the step loop
// never allocates. Column i is the state after step `steps[i]`.
struct SnapshotSeries {
    std::vector<long> steps;
    std::vector<double> trainError;    // loss of that step's batch, before its update
    std::vector<double> testError;     // full test loss after the update (NaN without test data)
    std::vector<double> trainSetError; // whole training set's loss after the update (NaN: older
                                       // notebooks, which kept the batch loss alone)
    std::vector<double> trainAccuracy; // classifiers: fraction of the training set labelled right
    std::vector<double> testAccuracy;  // ... and of the test set (NaN: mse, no test data, older)
    arma::fmat parameters;             // parameterCount x snapshots, state_dict order
    arma::mat gradientNorms;           // layers x snapshots: L2 norm of that step's batch gradient
    arma::imat deadUnits;  // hidden layers x snapshots, on the training set; -1: not ReLU
    std::size_t count = 0; // snapshots filled so far

    void allocate(const std::vector<long>& snapshotSteps, std::size_t parameterCount,
                  std::size_t layers);
};

struct RunResult {
    RunStatus status = RunStatus::Pending;
    std::string message; // why it failed or diverged
    long stepsDone = 0;
    double wallSeconds = 0.0;
    std::string backend;     // "cpu-avx512", "cpu-general", "cuda: NVIDIA H200", ...
    std::string backendNote; // why it is not on the backend asked for ("on the CPU: ...")
    arma::fvec initialParameters;
    arma::fvec finalParameters;
    SnapshotSeries snapshots;
};

} // namespace relulab
