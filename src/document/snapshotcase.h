#pragma once

#include "core/caseevaluation.h"
#include "document/experiment.h"

#include <armadillo>
#include <string>

namespace relulab {

// A stored run's net as an evaluation case: the net and loss the run trained, `parameters` (one
// of its snapshots' or its initial ones, stored as float32, widened to double exactly) and its
// training set generated again from the run's own settings (data seed included), as the run had
// it before converting it to float32. `baseDirectory` resolves a CSV set's relative paths as the
// run did: the notebook's folder. Throws InvalidInput when the data set cannot be made any more.
EvaluationCase snapshotCase(const RunRecord& run, const arma::fvec& parameters,
                            const std::string& baseDirectory);

} // namespace relulab
