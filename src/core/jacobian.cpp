#include "core/jacobian.h"

#include "core/error.h"

#include <stdexcept>

namespace relulab {

template <typename T>
arma::Mat<T> outputJacobian(const Network<T>& network, const arma::Mat<T>& x) {
    if (network.architecture().outputs() != 1)
        throw InvalidInput("network", "the per-sample Jacobian needs exactly one output, got " +
                                          std::to_string(network.architecture().outputs()));
    ForwardPass<T> pass;
    network.forward(x, pass);
    // Backpropagating a seed of 1 per sample gives each sample's dy/dZ in its own row.
    const std::vector<arma::Mat<T>> deltas =
        network.backpropagate(pass, arma::ones<arma::Mat<T>>(x.n_rows, 1));

    arma::Mat<T> jacobian(network.parameterCount(), x.n_rows); // transposed: columns are samples
    for (std::size_t l = 0; l < network.layerCount(); ++l) {
        const LayerSlice& s = network.slices()[l];
        const arma::Mat<T>& input = l == 0 ? x : pass.activations[l - 1];
        const arma::Mat<T>& delta = deltas[l];
        for (arma::uword i = 0; i < x.n_rows; ++i) {
            T* column = jacobian.colptr(i);
            // dy/dW[j][k] = delta_j * input_k, row-major over (j, k); dy/db_j = delta_j.
            for (std::size_t j = 0; j < s.units; ++j) {
                const T d = delta(i, j);
                T* row = column + s.weightOffset + j * s.inputs;
                for (std::size_t k = 0; k < s.inputs; ++k)
                    row[k] = d * input(i, k);
                column[s.biasOffset + j] = d;
            }
        }
    }
    return jacobian.t();
}

template <typename T> JacobianSvd<T> thinSvd(const arma::Mat<T>& jacobian) {
    if (!jacobian.is_finite())
        throw InvalidInput("jacobian", "contains NaN or infinity");
    // Always in double: the small singular values are what the analysis is about, and float32
    // LAPACK loses them (at 1e-5 of the largest its error is already 1e-4), for no gain in time.
    // LAPACK is also about twice as fast on the tall orientation (parameters x samples, the usual
    // shape): decompose J^T = V S U^T and swap the factors.
    const bool wide = jacobian.n_cols > jacobian.n_rows;
    const arma::mat input = wide ? arma::conv_to<arma::mat>::from(jacobian).t()
                                 : arma::conv_to<arma::mat>::from(jacobian);
    arma::mat left, right;
    arma::vec singular;
    if (!arma::svd_econ(left, singular, right, input, "both", "dc") &&
        !arma::svd_econ(left, singular, right, input, "both", "std"))
        throw std::runtime_error("the SVD of the Jacobian did not converge");
    JacobianSvd<T> svd;
    svd.u = arma::conv_to<arma::Mat<T>>::from(wide ? right : left);
    svd.v = arma::conv_to<arma::Mat<T>>::from(wide ? left : right);
    svd.singularValues = arma::conv_to<arma::Col<T>>::from(singular);
    return svd;
}

template <typename T>
arma::Mat<T> principalFeatures(const Network<T>& network, const JacobianSvd<T>& svd,
                               const arma::Mat<T>& grid, std::size_t count) {
    const std::size_t available = svd.v.n_cols;
    const std::size_t k = count == 0 ? available : std::min(count, available);
    return outputJacobian(network, grid) * svd.v.head_cols(k);
}

template arma::fmat outputJacobian(const Network<float>&, const arma::fmat&);
template arma::mat outputJacobian(const Network<double>&, const arma::mat&);
template struct JacobianSvd<float>;
template struct JacobianSvd<double>;
template JacobianSvd<float> thinSvd(const arma::fmat&);
template JacobianSvd<double> thinSvd(const arma::mat&);
template arma::fmat principalFeatures(const Network<float>&, const JacobianSvd<float>&,
                                      const arma::fmat&, std::size_t);
template arma::mat principalFeatures(const Network<double>&, const JacobianSvd<double>&,
                                     const arma::mat&, std::size_t);

} // namespace relulab
