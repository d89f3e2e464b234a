#include "core/jacobian.h"

#include "core/error.h"

#include <stdexcept>
#include <type_traits>

namespace relulab {

namespace {

void requireOneOutput(const Architecture& architecture) {
    if (architecture.outputs() != 1)
        throw InvalidInput("network", "the per-sample Jacobian needs exactly one output, got " +
                                          std::to_string(architecture.outputs()));
}

// What the Jacobian is made of: per layer, dy/dZ (one row per sample) and the layer's input.
template <typename T> struct LayerFactors {
    const arma::Mat<T>& x;
    ForwardPass<T> pass;
    std::vector<arma::Mat<T>> deltas;

    LayerFactors(const Network<T>& network, const arma::Mat<T>& samples)
        : x(samples) {
        network.forward(x, pass);
        // Backpropagating a seed of 1 per sample gives each sample's dy/dZ in its own row.
        deltas = network.backpropagate(pass, arma::ones<arma::Mat<T>>(x.n_rows, 1));
    }

    const arma::Mat<T>& input(std::size_t l) const { return l == 0 ? x : pass.activations[l - 1]; }
};

// J^T: column i = dy(x_i)/dθ, the layout the products below want.
template <typename T>
arma::Mat<T> jacobianTransposed(const Network<T>& network, const LayerFactors<T>& factors) {
    const std::size_t samples = factors.x.n_rows;
    arma::Mat<T> jacobian(network.parameterCount(), samples);
    for (std::size_t l = 0; l < network.layerCount(); ++l) {
        const LayerSlice& s = network.slices()[l];
        const arma::Mat<T>& input = factors.input(l);
        const arma::Mat<T>& delta = factors.deltas[l];
        for (std::size_t i = 0; i < samples; ++i) {
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
    return jacobian;
}

} // namespace

template <typename T>
arma::Mat<T> outputJacobian(const Network<T>& network, const arma::Mat<T>& x) {
    requireOneOutput(network.architecture());
    return jacobianTransposed(network, LayerFactors<T>(network, x)).t();
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

template <typename T> JacobianSvd<T> jacobianSvd(const Network<T>& network, const arma::Mat<T>& x) {
    requireOneOutput(network.architecture());
    // With more samples than parameters the kernel would be the larger side: J itself is
    // small then, and LAPACK is exact and quick on it.
    if (x.n_rows > network.parameterCount())
        return thinSvd(outputJacobian(network, x));
    if constexpr (!std::is_same_v<T, double>) {
        // In double: the kernel squares the Jacobian's range.
        Network<double> exact(network.architecture());
        exact.parameters() = arma::conv_to<arma::vec>::from(network.parameters());
        JacobianSvd<double> svd = jacobianSvd(exact, arma::conv_to<arma::mat>::from(x));
        return {arma::conv_to<arma::Mat<T>>::from(svd.u),
                arma::conv_to<arma::Col<T>>::from(svd.singularValues),
                arma::conv_to<arma::Mat<T>>::from(svd.v)};
    } else {
        const LayerFactors<double> factors(network, x);
        arma::mat kernel(x.n_rows, x.n_rows, arma::fill::zeros);
        for (std::size_t l = 0; l < network.layerCount(); ++l) {
            const arma::mat& input = factors.input(l);
            kernel += (factors.deltas[l] * factors.deltas[l].t()) % (input * input.t() + 1.0);
        }
        if (!kernel.is_finite())
            throw InvalidInput("jacobian", "contains NaN or infinity");
        JacobianSvd<double> svd;
        arma::vec eigenvalues;
        if (!arma::eig_sym(eigenvalues, svd.u, kernel, "dc") &&
            !arma::eig_sym(eigenvalues, svd.u, kernel))
            throw std::runtime_error(
                "the eigendecomposition of the tangent kernel did not converge");
        svd.u = arma::fliplr(svd.u); // largest first

        svd.v = jacobianTransposed(network, factors) * svd.u;
        svd.singularValues = arma::sqrt(arma::sum(arma::square(svd.v), 0)).t();
        if (!svd.singularValues.is_sorted("descend")) { // neighbours in the noise floor can swap
            const arma::uvec order = arma::sort_index(svd.singularValues, "descend");
            svd.singularValues = arma::vec(svd.singularValues(order));
            svd.u = arma::mat(svd.u.cols(order));
            svd.v = arma::mat(svd.v.cols(order));
        }
        for (arma::uword c = 0; c < svd.v.n_cols; ++c)
            if (svd.singularValues[c] > 0)
                svd.v.col(c) /= svd.singularValues[c];
        return svd;
    }
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
template JacobianSvd<float> jacobianSvd(const Network<float>&, const arma::fmat&);
template JacobianSvd<double> jacobianSvd(const Network<double>&, const arma::mat&);
template arma::fmat principalFeatures(const Network<float>&, const JacobianSvd<float>&,
                                      const arma::fmat&, std::size_t);
template arma::mat principalFeatures(const Network<double>&, const JacobianSvd<double>&,
                                     const arma::mat&, std::size_t);

} // namespace relulab
