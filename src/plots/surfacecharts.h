#pragma once

#include "core/dataset.h"
#include "core/loss.h"
#include "core/network.h"
#include "plots/chart.h"

#include <string>
#include <vector>

namespace relulab {

// "x1", "x2", ...: input `input` (from 0) as the charts and tables name it.
std::string inputName(std::size_t input);

// The plane of inputs the surface charts are drawn over: inputs `xInput` and `yInput` across
// the data's range (and a tenth more each side), every other input held at the training set's
// mean, as `note` says.
struct InputPlane {
    std::size_t xInput = 0, yInput = 1;
    arma::rowvec base; // the input every cell starts from
    double xLow = 0, xHigh = 1, yLow = 0, yHigh = 1;
    std::string note;
};
InputPlane inputPlane(const Dataset& data, std::size_t xInput = 0, std::size_t yInput = 1);

// The inputs at the centres of `grid`'s cells over the plane (cells x inputs, rows first).
Grid planeGrid(const InputPlane& plane, std::size_t side);
arma::mat planeInputs(const InputPlane& plane, const Grid& grid);

// What the net computes over the plane, from one forward pass: the surface (P(class 1) for
// bce_logits, the winning class with its confidence for cross_entropy, the first output for mse)
// and each hidden unit's activation, one heatmap per unit in groups "hidden 1" .. "hidden N".
struct PlaneFields {
    Heatmap surface;
    std::vector<double> boundary; // the field whose 0 contour is the decision boundary
    std::vector<Heatmap> units;
};
PlaneFields planeFields(const Network<double>& net, LossKind loss, const arma::mat& inputs,
                        std::size_t maxUnits = 256);

// The decision surface with its boundary and the data points coloured by class (or in ink for
// mse), the wrong ones ringed.
Chart decisionSurfaceChart(const Network<double>& net, LossKind loss, const Dataset& data,
                           const InputPlane& plane, const std::string& at, std::size_t side = 200);

// A small map of every hidden unit's activation over the plane.
Chart unitMapsChart(const Network<double>& net, const InputPlane& plane, const std::string& at,
                    std::size_t side = 60);

} // namespace relulab
