#include "document/snapshotcase.h"

#include "core/datasetspec.h"

namespace relulab {

EvaluationCase snapshotCase(const RunRecord& run, const arma::fvec& parameters,
                            const std::string& baseDirectory) {
    const Dataset data = generateDataset(run.settings.dataset, baseDirectory);
    EvaluationCase input;
    input.network = run.settings.architecture;
    input.loss = run.settings.loss;
    input.parameters = arma::conv_to<arma::vec>::from(parameters);
    input.x = data.trainX;
    input.y = data.trainY;
    input.validate();
    return input;
}

} // namespace relulab
