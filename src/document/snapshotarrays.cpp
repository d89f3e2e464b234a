#include "document/snapshotarrays.h"

#include "core/classification.h"
#include "core/error.h"
#include "core/numbertext.h"

#include <cmath>
#include <limits>

namespace relulab {

namespace {

std::string indexed(const std::string& where, arma::uword i) {
    return where + "[" + std::to_string(i) + "]";
}

} // namespace

void checkDeadUnitCounts(const arma::vec& counts, const Architecture& network,
                         const std::string& where) {
    constexpr double notCounted = -1; // the layer's activation is not ReLU
    for (arma::uword layer = 0; layer < counts.n_elem; ++layer) {
        const double count = counts[layer];
        const int units = layer < network.layerCount() ? network.layers[layer].units : 0;
        if (!(count >= notCounted && count <= units && count == std::floor(count)))
            throw InvalidInput(indexed(where, layer),
                               "dead units of " + layerDisplayName(layer, network) +
                                   " must be a whole number from 0 to " + std::to_string(units) +
                                   " (or -1: not counted), got " + shortNumber(count));
    }
}

void checkSinglePrecisionRange(const arma::vec& parameters, const std::string& where) {
    constexpr double largest = std::numeric_limits<float>::max();
    for (arma::uword i = 0; i < parameters.n_elem; ++i)
        if (std::abs(parameters[i]) > largest)
            throw InvalidInput(indexed(where, i),
                               shortNumber(parameters[i]) +
                                   " is past single precision's range (3.4e+38), in which "
                                   "snapshots keep parameters");
}

void checkAccuracy(double accuracy, LossKind loss, const std::string& where) {
    if (std::isnan(accuracy))
        return;
    if (!isClassification(loss))
        throw InvalidInput(where, "is an accuracy, but the run's loss is " +
                                      std::string(lossKinds.name(loss)) +
                                      ", which has no labels to count");
    if (!(accuracy >= 0.0 && accuracy <= 1.0))
        throw InvalidInput(where, "must be a fraction from 0 to 1 (or null), got " +
                                      shortNumber(accuracy));
}

} // namespace relulab
