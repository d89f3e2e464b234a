#include "plots/surfacecharts.h"

#include "core/classification.h"
#include "plots/contour.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace relulab {

namespace {

constexpr double planeMargin = 0.1;

std::string formatNumber(double value) {
    std::ostringstream out;
    out.precision(3);
    out << value;
    return out.str();
}

void coverColumn(const arma::mat& x, std::size_t column, double& low, double& high) {
    if (x.n_rows == 0 || column >= x.n_cols)
        return;
    low = std::min(low, x.col(column).min());
    high = std::max(high, x.col(column).max());
}

// Each point's class for colouring: the label for classifiers; for mse targets that take two
// values (a classifier trained by regression, as the seed's XOR) the index of the value.
// Empty when the targets are no classes.
arma::uvec pointClasses(LossKind loss, const arma::mat& targets, std::vector<double>& levels) {
    if (isClassification(loss))
        return targetLabels(loss, targets).col(0);
    std::set<double> distinct(targets.begin_col(0), targets.end_col(0));
    if (targets.n_cols != 1 || distinct.size() != 2)
        return {};
    levels.assign(distinct.begin(), distinct.end());
    arma::uvec classes(targets.n_rows);
    for (arma::uword i = 0; i < targets.n_rows; ++i)
        classes[i] = targets(i, 0) == levels[1] ? 1 : 0;
    return classes;
}

arma::uvec predictedClasses(LossKind loss, const arma::mat& output,
                            const std::vector<double>& levels) {
    if (isClassification(loss))
        return predictedLabels(loss, output).col(0);
    const double threshold = 0.5 * (levels[0] + levels[1]);
    return arma::conv_to<arma::uvec>::from(output.col(0) > threshold);
}

void addPoints(Chart& chart, const arma::mat& x, const arma::mat& y, const Network<double>& net,
               LossKind loss, const InputPlane& plane, const std::string& set, SeriesStyle style,
               Series& wrong) {
    if (x.n_rows == 0)
        return;
    std::vector<double> levels;
    const arma::uvec classes = pointClasses(loss, y, levels);
    if (classes.is_empty()) {
        Series points{set, style, {}, {}};
        points.colour = inkColour;
        for (arma::uword i = 0; i < x.n_rows; ++i) {
            points.x.push_back(x(i, plane.xInput));
            points.y.push_back(x(i, plane.yInput));
        }
        chart.series.push_back(std::move(points));
        return;
    }
    const arma::uvec predicted = predictedClasses(loss, net.predict(x), levels);
    const arma::uword classCount = classes.max() + 1;
    for (arma::uword c = 0; c < classCount; ++c) {
        // Many classes: their numbers alone, so that the legend under a small chart holds them.
        const std::string name = !levels.empty()  ? "y = " + formatNumber(levels[c])
                                 : classCount > 3 ? std::to_string(c)
                                                  : "class " + std::to_string(c);
        // The legend names each class once, by its training points; the note says which marks
        // are the test set's.
        const bool test = style == SeriesStyle::Markers;
        Series points{test ? name + " (" + set + ")" : name, style, {}, {}};
        points.inLegend = !test;
        points.colour = int(c);
        points.markerSize = test ? 7.0 : 0.0; // under the rings of wrong ones, still seen
        for (arma::uword i = 0; i < x.n_rows; ++i)
            if (classes[i] == c) {
                points.x.push_back(x(i, plane.xInput));
                points.y.push_back(x(i, plane.yInput));
            }
        if (!points.x.empty())
            chart.series.push_back(std::move(points));
    }
    for (arma::uword i = 0; i < x.n_rows; ++i)
        if (predicted[i] != classes[i]) {
            wrong.x.push_back(x(i, plane.xInput));
            wrong.y.push_back(x(i, plane.yInput));
        }
}

} // namespace

std::string inputName(std::size_t input) {
    std::string name("x"); // appended: "x" + a string sets off GCC 12's false -Wrestrict
    name += std::to_string(input + 1);
    return name;
}

InputPlane inputPlane(const Dataset& data, std::size_t xInput, std::size_t yInput) {
    InputPlane plane;
    plane.xInput = xInput;
    plane.yInput = yInput;
    plane.base = arma::mean(data.trainX, 0);
    double xLow = INFINITY, xHigh = -INFINITY, yLow = INFINITY, yHigh = -INFINITY;
    for (const arma::mat* x : {&data.trainX, &data.testX}) {
        coverColumn(*x, xInput, xLow, xHigh);
        coverColumn(*x, yInput, yLow, yHigh);
    }
    auto widen = [](double& low, double& high) {
        if (!(high > low)) {
            low -= 1.0;
            high += 1.0;
        }
        const double pad = planeMargin * (high - low);
        low -= pad;
        high += pad;
    };
    widen(xLow, xHigh);
    widen(yLow, yHigh);
    plane.xLow = xLow, plane.xHigh = xHigh, plane.yLow = yLow, plane.yHigh = yHigh;
    if (data.trainX.n_cols > 2) // (their values: plane.base)
        plane.note = "a slice: the other inputs at their training means";
    return plane;
}

Grid planeGrid(const InputPlane& plane, std::size_t side) {
    return {side, side, plane.xLow, plane.xHigh, plane.yLow, plane.yHigh};
}

arma::mat planeInputs(const InputPlane& plane, const Grid& grid) {
    arma::mat inputs = arma::repmat(plane.base, arma::uword(grid.cells()), 1);
    for (std::size_t r = 0; r < grid.rows; ++r)
        for (std::size_t c = 0; c < grid.columns; ++c) {
            inputs(r * grid.columns + c, plane.xInput) = grid.x(c);
            inputs(r * grid.columns + c, plane.yInput) = grid.y(r);
        }
    return inputs;
}

PlaneFields planeFields(const Network<double>& net, LossKind loss, const arma::mat& inputs,
                        std::size_t maxUnits) {
    ForwardPass<double> pass;
    net.forward(inputs, pass);
    const arma::mat& out = pass.output();
    const std::size_t cells = inputs.n_rows;
    PlaneFields fields;
    Heatmap& surface = fields.surface;
    surface.values.resize(cells);
    fields.boundary.resize(cells);
    if (loss == LossKind::BceLogits) {
        surface.name = "P(class 1)";
        for (std::size_t i = 0; i < cells; ++i) {
            surface.values[i] = 1.0 / (1.0 + std::exp(-out(i, 0)));
            fields.boundary[i] = out(i, 0);
        }
    } else if (loss == LossKind::CrossEntropy) {
        // Confidence: the winner's softmax probability from 1/k (a tie of all) to 1.
        surface.name = "confidence";
        surface.classesColumn = "winning class";
        surface.classes.resize(cells);
        const double k = double(out.n_cols);
        for (std::size_t i = 0; i < cells; ++i) {
            const arma::rowvec logits = out.row(i);
            const arma::uword winner = logits.index_max();
            const double p = 1.0 / arma::accu(arma::exp(logits - logits[winner]));
            surface.classes[i] = int(winner);
            surface.values[i] = k > 1 ? (p - 1.0 / k) / (1.0 - 1.0 / k) : 1.0;
            fields.boundary[i] = double(winner); // class changes are drawn from the classes
        }
    } else {
        surface.name = "output";
        for (std::size_t i = 0; i < cells; ++i)
            surface.values[i] = fields.boundary[i] = out(i, 0);
        surface.low = surface.values.empty() ? 0.0 : *std::ranges::min_element(surface.values);
        surface.high = surface.values.empty() ? 1.0 : *std::ranges::max_element(surface.values);
        surface.middle = 0.5 * (surface.low + surface.high);
    }
    for (std::size_t l = 0; l + 1 < pass.activations.size(); ++l) {
        const arma::mat& a = pass.activations[l];
        for (arma::uword u = 0; u < a.n_cols && fields.units.size() < maxUnits; ++u) {
            Heatmap unit{"hidden " + std::to_string(l + 1) + " unit " + std::to_string(u),
                         "hidden " + std::to_string(l + 1),
                         {a.begin_col(u), a.end_col(u)}};
            const double reach = arma::abs(a.col(u)).max();
            unit.low = -reach;
            unit.middle = 0.0;
            unit.high = reach;
            unit.lowColour = 3; // orange below 0, blue above, as TensorFlow Playground
            unit.highColour = 0;
            fields.units.push_back(std::move(unit));
        }
    }
    return fields;
}

Chart decisionSurfaceChart(const Network<double>& net, LossKind loss, const Dataset& data,
                           const InputPlane& plane, const std::string& at, std::size_t side) {
    const std::string xName = inputName(plane.xInput);
    const std::string yName = inputName(plane.yInput);
    Chart chart{"decision_surface", "Decision surface " + at, xName, yName, false, {}};
    if (loss == LossKind::Mse)
        chart.title = "Output over the inputs " + at;
    chart.note = data.testX.n_rows > 0 ? "dots: train, squares: test" : "";
    chart.grid = planeGrid(plane, side);
    PlaneFields fields = planeFields(net, loss, planeInputs(plane, chart.grid), 0);

    Series boundary{"boundary", SeriesStyle::Segments, {}, {}};
    boundary.colour = inkColour;
    boundary.setsRange = false;
    boundary.inLegend = false; // the note says it: the legend has room for the classes
    std::vector<double> levels;
    pointClasses(loss, data.trainY, levels);
    if (loss == LossKind::BceLogits) {
        contourSegments(chart.grid, fields.boundary, 0.0, boundary.x, boundary.y);
    } else if (loss == LossKind::CrossEntropy) {
        // Between each class's cells and the rest.
        const int classes = int(net.architecture().outputs());
        for (int c = 0; c < classes; ++c) {
            std::vector<double> inside(fields.boundary.size());
            for (std::size_t i = 0; i < inside.size(); ++i)
                inside[i] = fields.surface.classes[i] == c ? 1.0 : -1.0;
            contourSegments(chart.grid, inside, 0.0, boundary.x, boundary.y);
        }
    } else if (!levels.empty()) {
        contourSegments(chart.grid, fields.boundary, 0.5 * (levels[0] + levels[1]), boundary.x,
                        boundary.y);
        boundary.name = "output = " + formatNumber(0.5 * (levels[0] + levels[1]));
    }
    chart.heatmaps.push_back(std::move(fields.surface));
    if (!boundary.x.empty()) {
        chart.note += (chart.note.empty() ? "" : ", ") + std::string("black line: ") +
                      (loss == LossKind::Mse ? boundary.name : std::string("boundary"));
        chart.series.push_back(std::move(boundary));
    }

    Series wrong{"wrong", SeriesStyle::Rings, {}, {}};
    addPoints(chart, data.trainX, data.trainY, net, loss, plane, "train", SeriesStyle::Points,
              wrong);
    const std::size_t wrongInTraining = wrong.x.size();
    addPoints(chart, data.testX, data.testY, net, loss, plane, "test", SeriesStyle::Markers, wrong);
    if (!wrong.x.empty() || isClassification(loss)) { // a set whose test rows are its own: both
        chart.note += "; rings: wrong, " + std::to_string(wrongInTraining) + " of " +
                      std::to_string(data.trainX.n_rows) + " train";
        if (data.testX.n_rows > 0)
            chart.note += ", " + std::to_string(wrong.x.size() - wrongInTraining) + " of " +
                          std::to_string(data.testX.n_rows) + " test";
    }
    if (!plane.note.empty())
        chart.note += "; " + plane.note;
    for (Series& s : chart.series)
        s.setsRange = false; // the plane's box is the range
    if (!wrong.x.empty()) {
        wrong.setsRange = false;
        wrong.inLegend = false; // the note counts them
        chart.series.push_back(std::move(wrong));
    }
    return chart;
}

Chart unitMapsChart(const Network<double>& net, const InputPlane& plane, const std::string& at,
                    std::size_t side) {
    Chart chart{
        "unit_maps", "Hidden units " + at, inputName(plane.xInput), inputName(plane.yInput), false,
        {}};
    chart.grid = planeGrid(plane, side);
    PlaneFields fields = planeFields(net, LossKind::Mse, planeInputs(plane, chart.grid));
    chart.heatmaps = std::move(fields.units);
    std::size_t units = 0;
    for (const LayerSpec& layer : net.architecture().layers)
        units += std::size_t(layer.units);
    units -= std::size_t(net.architecture().outputs());
    chart.note = "white 0 (all white: dead), blue > 0, orange < 0; each on its own scale";
    if (chart.heatmaps.size() < units)
        chart.note += "; the first " + std::to_string(chart.heatmaps.size()) + " of " +
                      std::to_string(units) + " units";
    if (!plane.note.empty())
        chart.note += "; " + plane.note;
    return chart;
}

} // namespace relulab
