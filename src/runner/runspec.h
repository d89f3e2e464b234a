#pragma once

#include "core/architecture.h"
#include "core/dataset.h"
#include "core/initializer.h"
#include "core/loss.h"
#include "core/training.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace relulab {

// Where a continued run starts: another run's snapshot, its parameters and the step it was
// taken after. The run trains `steps` more from step + 1, its snapshots on the same iteration
// axis and its batches where that run's sampling stream was; the optimizer starts afresh (a
// snapshot keeps no momentum or Adam moments), so that with plain SGD and the same settings it
// goes on exactly as the first run did.
struct RunStartPoint {
    arma::fvec parameters; // state_dict order
    long step = 0;
};

// Everything one training run needs; runs in float32.
struct RunSpec {
    std::string name;
    Architecture architecture;
    std::vector<InitializerSpec> initializers; // one per layer, or empty for the default
    std::uint64_t initSeed = 0;
    LossKind loss = LossKind::Mse;
    TrainingSpec training;
    long steps = 1000;        // 0: evaluate the initial net only (one snapshot, at step 0)
    long snapshotEvery = 100; // and at step 1, as the homework's history
    // When set, the output layer is first fitted by ridge regression (this lambda) on the
    // penultimate features of the initial net, as the homework's "hidden layers as features".
    std::optional<double> ridgeLambda;
    std::shared_ptr<const Dataset> data;
    bool allowFastKernel = true;       // false forces the general path (to compare against it)
    std::optional<RunStartPoint> from; // a continued run's start; none: initialize the net

    // Throws InvalidInput naming the field when the run cannot start.
    void validate() const;
    // Steps at which snapshots are taken: 1 and every multiple of snapshotEvery (0 alone for a
    // run of no steps); for a continued run from step k, k + 1 and the multiples after k up to
    // k + steps (k alone for no steps).
    std::vector<long> snapshotSteps() const;
    long firstStep() const { return from ? from->step : 0; } // the steps done before this run
};

} // namespace relulab
