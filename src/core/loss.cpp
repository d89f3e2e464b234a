#include "core/loss.h"

#include "core/error.h"
#include "core/nametable.h"
#include "core/numbertext.h"

#include <cmath>
#include <string>

namespace relulab {

void checkTargets(LossKind kind, const arma::mat& targets, int outputs, const char* where) {
    if (!targets.is_finite())
        throw InvalidInput(where, "contains NaN or infinity");
    const auto expectedColumns = kind == LossKind::CrossEntropy ? 1 : outputs;
    if (targets.n_cols != static_cast<arma::uword>(expectedColumns))
        throw InvalidInput(where, std::string(lossKinds.name(kind)) + " needs " +
                                      std::to_string(expectedColumns) + " target column(s), got " +
                                      std::to_string(targets.n_cols));
    for (arma::uword i = 0; i < targets.n_rows; ++i) {
        const double t = targets(i, 0);
        const std::string at = std::string(where) + "[" + std::to_string(i) + "]";
        if (kind == LossKind::CrossEntropy && (t != std::floor(t) || t < 0))
            throw InvalidInput(at,
                               "class index must be a whole number >= 0, got " + shortNumber(t));
        if (kind == LossKind::CrossEntropy && t >= outputs)
            throw InvalidInput(at, "is class " + shortNumber(t) + ", but the output layer has " +
                                       std::to_string(outputs) +
                                       " unit(s): cross_entropy needs one per class");
        if (kind == LossKind::BceLogits) {
            for (arma::uword j = 0; j < targets.n_cols; ++j)
                if (targets(i, j) < 0 || targets(i, j) > 1)
                    throw InvalidInput(at, "bce_logits targets must lie in [0, 1]");
        }
    }
}

namespace {

template <typename T>
T meanSquaredError(const arma::Mat<T>& output, const arma::Mat<T>& targets,
                   arma::Mat<T>* gradient) {
    const double count = static_cast<double>(output.n_elem);
    double sum = 0.0;
    for (arma::uword i = 0; i < output.n_elem; ++i) {
        const double r = static_cast<double>(output[i]) - static_cast<double>(targets[i]);
        sum += r * r;
    }
    if (gradient)
        *gradient = (output - targets) * static_cast<T>(2.0 / count);
    return static_cast<T>(sum / count);
}

// log(1 + e^-|z|) + max(z, 0) - z t: the numerically stable form of BCE on logits.
template <typename T>
T binaryCrossEntropyLogits(const arma::Mat<T>& output, const arma::Mat<T>& targets,
                           arma::Mat<T>* gradient) {
    const double count = static_cast<double>(output.n_elem);
    double sum = 0.0;
    if (gradient)
        gradient->set_size(output.n_rows, output.n_cols);
    for (arma::uword i = 0; i < output.n_elem; ++i) {
        const T z = output[i];
        const T t = targets[i];
        sum += static_cast<double>(std::max(z, T(0)) - z * t + std::log1p(std::exp(-std::abs(z))));
        if (gradient) {
            const T sigmoid = T(1) / (T(1) + std::exp(-z));
            (*gradient)[i] = (sigmoid - t) / static_cast<T>(count);
        }
    }
    return static_cast<T>(sum / count);
}

// mean_i (logsumexp(o_i) - o_i[y_i]); gradient (softmax(o_i) - onehot(y_i)) / n.
template <typename T>
T crossEntropy(const arma::Mat<T>& output, const arma::Mat<T>& targets, arma::Mat<T>* gradient) {
    const arma::uword n = output.n_rows;
    double sum = 0.0;
    if (gradient)
        gradient->set_size(output.n_rows, output.n_cols);
    for (arma::uword i = 0; i < n; ++i) {
        const T top = output.row(i).max();
        T normaliser = 0;
        for (arma::uword c = 0; c < output.n_cols; ++c)
            normaliser += std::exp(output(i, c) - top);
        const T logSumExp = top + std::log(normaliser);
        const auto label = static_cast<arma::uword>(targets(i, 0));
        sum += static_cast<double>(logSumExp - output(i, label));
        if (gradient) {
            for (arma::uword c = 0; c < output.n_cols; ++c) {
                const T p = std::exp(output(i, c) - logSumExp);
                (*gradient)(i, c) = (p - (c == label ? T(1) : T(0))) / static_cast<T>(n);
            }
        }
    }
    return static_cast<T>(sum / static_cast<double>(n));
}

} // namespace

template <typename T>
T computeLoss(LossKind kind, const arma::Mat<T>& output, const arma::Mat<T>& targets,
              arma::Mat<T>* gradient) {
    switch (kind) {
    case LossKind::Mse:
        return meanSquaredError(output, targets, gradient);
    case LossKind::BceLogits:
        return binaryCrossEntropyLogits(output, targets, gradient);
    case LossKind::CrossEntropy:
        return crossEntropy(output, targets, gradient);
    }
    return T(0);
}

template float computeLoss(LossKind, const arma::fmat&, const arma::fmat&, arma::fmat*);
template double computeLoss(LossKind, const arma::mat&, const arma::mat&, arma::mat*);

} // namespace relulab
