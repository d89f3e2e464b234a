#pragma once

#include "core/architecture.h"
#include "core/loss.h"

#include <armadillo>

#include <string>

namespace relulab {

// What a stored snapshot's arrays may hold, checked wherever they are read (export files,
// notebook blobs): a file edited by hand or damaged is refused, not shown as a dead-units chart
// of impossible counts or parameters turned infinite.

// One snapshot's dead units: per hidden layer a whole number from 0 to its units, or -1 where
// they are not counted (an activation other than ReLU). Throws
// InvalidInput at "where[i]" naming the layer.
void checkDeadUnitCounts(const arma::vec& counts, const Architecture& network,
                         const std::string& where);

// Snapshots keep parameters in single precision: a finite double past its range would become
// infinite there. Throws InvalidInput at "where[i]".
void checkSinglePrecisionRange(const arma::vec& parameters, const std::string& where);

// A snapshot's accuracy: a fraction in [0, 1], and only for a loss that trains a classifier
// (NaN, for none, is always fine). Throws InvalidInput at `where`.
void checkAccuracy(double accuracy, LossKind loss, const std::string& where);

} // namespace relulab
