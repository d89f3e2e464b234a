// The evaluation case format (shared/reference/README.md): any bytes either parse into a case
// that evaluates to results of the network's shapes, or are refused naming the field.
#include "fuzzsupport.h"

#include "document/casefile.h"

using namespace relulab;

namespace {

// Evaluation time grows with the case; beyond these the parse alone is what is fuzzed.
bool smallEnoughToEvaluate(const EvaluationCase& input) {
    return input.parameters.n_elem <= 20'000 && input.x.n_rows <= 1'000 &&
           input.network.layerCount() <= 16 && (!input.training || input.training->steps <= 50);
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
        for (const Precision precision : {Precision::Float64, Precision::Float32})
            checkShapes(input, evaluateCase(input, precision));
    });
    return 0;
}
