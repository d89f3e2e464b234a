// The evaluation case format (shared/reference/README.md): any bytes either parse into a case
// that evaluates to results of the network's shapes, or are refused naming the field.
#include "fuzzsupport.h"

#include "document/casefile.h"

#include <cmath>

using namespace relulab;

namespace {

// Evaluation time grows with the case; beyond these the parse alone is what is fuzzed. The
// regions of a box grow with the net's size much faster than the rest.
bool smallEnoughToEvaluate(const EvaluationCase& input) {
    return input.parameters.n_elem <= (input.regionsBox ? 2'000 : 20'000) &&
           input.x.n_rows <= 1'000 && input.network.layerCount() <= 16 &&
           (!input.training || input.training->steps <= 50);
}

// Breakpoints sorted inside the interval, one more piece than breakpoints; polygons that tile
// the box (their areas sum to its area).
void checkRegions(const EvaluationCase& input, const EvaluationResult& result) {
    if (!input.regionsBox) {
        if (result.linearRegions)
            fuzz::fail("regions without a regions box");
        return;
    }
    if (!result.linearRegions)
        fuzz::fail("no regions for a regions box");
    const auto& box = *input.regionsBox;
    const EvaluationResult::Regions& regions = *result.linearRegions;
    if (input.network.inputs == 1) {
        const std::vector<double>& x = regions.breakpoints;
        if (regions.count != x.size() + 1)
            fuzz::fail("a piece count that is not the breakpoints' + 1");
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!(x[i] > box[0][0] && x[i] < box[0][1]) || (i > 0 && !(x[i] > x[i - 1])))
                fuzz::fail("breakpoints not sorted inside the interval");
        return;
    }
    if (regions.count != regions.regions.size())
        fuzz::fail("a region count that is not the number of regions");
    double total = 0.0;
    for (const LinearRegion& region : regions.regions) {
        const auto& polygon = region.polygon;
        if (polygon.size() < 3)
            fuzz::fail("a region of fewer than 3 vertices");
        double twice = 0.0; // the shoelace formula about the first vertex
        for (std::size_t i = 1; i + 1 < polygon.size(); ++i)
            twice += (polygon[i][0] - polygon[0][0]) * (polygon[i + 1][1] - polygon[0][1]) -
                     (polygon[i + 1][0] - polygon[0][0]) * (polygon[i][1] - polygon[0][1]);
        if (!(twice > 0.0))
            fuzz::fail("a region that is not counter-clockwise");
        total += 0.5 * twice;
    }
    const double area = (box[0][1] - box[0][0]) * (box[1][1] - box[1][0]);
    if (!(std::abs(total - area) <= 1e-6 * area))
        fuzz::fail("regions whose areas do not sum to the box's");
}

void checkShapes(const EvaluationCase& input, const EvaluationResult& result) {
    const auto samples = input.x.n_rows;
    const auto parameters = input.parameters.n_elem;
    if (result.output.n_rows != samples ||
        result.output.n_cols != static_cast<arma::uword>(input.network.outputs()))
        fuzz::fail("the output is " + std::to_string(result.output.n_rows) + "x" +
                   std::to_string(result.output.n_cols));
    if (result.lossGradient.n_elem != parameters)
        fuzz::fail("the loss gradient has " + std::to_string(result.lossGradient.n_elem) +
                   " entries for " + std::to_string(parameters) + " parameters");
    if (result.gradientNormPerLayer.size() != input.network.layerCount())
        fuzz::fail("a gradient norm count that is not the layer count");
    if (result.jacobian &&
        (result.jacobian->n_rows != samples || result.jacobian->n_cols != parameters))
        fuzz::fail("a Jacobian of the wrong shape");
    if (result.training && result.training->finalParameters.n_elem != parameters)
        fuzz::fail("final parameters of the wrong length");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialize();
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    fuzz::expectOnlyUserErrors(fuzz::Allowed::InvalidInputOnly, [&] {
        const EvaluationCase input = parseEvaluationCase(text);
        if (!smallEnoughToEvaluate(input))
            return;
        for (const Precision precision : {Precision::Float64, Precision::Float32}) {
            const EvaluationResult result = evaluateCase(input, precision);
            checkShapes(input, result);
            checkRegions(input, result);
        }
    });
    return 0;
}
