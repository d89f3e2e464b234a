#pragma once

#include "core/network.h"

#include <armadillo>

namespace relulab {

// The per-sample Jacobian of a one-output network: row i = dy(x_i)/dθ, columns in the flat
// parameter order. Its rows are the features of the linearized net y(x; θ0 + Δ) ≈ y + J Δ.
template <typename T> arma::Mat<T> outputJacobian(const Network<T>& network, const arma::Mat<T>& x);

// Thin SVD J = U diag(S) V^T. Columns of U diag(S) are the principal features on the samples:
// the directions in function space that gradient steps move the fit along, ordered by how
// fast (S^2 is the rate, by the neural tangent kernel J J^T = U S^2 U^T).
template <typename T> struct JacobianSvd {
    arma::Mat<T> u;
    arma::Col<T> singularValues;
    arma::Mat<T> v;
};

template <typename T> JacobianSvd<T> thinSvd(const arma::Mat<T>& jacobian);

// Principal features evaluated anywhere: J(grid) V, which equals U diag(S) on the samples the
// SVD was taken on. One column per principal feature, the first `count` (all when 0).
template <typename T>
arma::Mat<T> principalFeatures(const Network<T>& network, const JacobianSvd<T>& svd,
                               const arma::Mat<T>& grid, std::size_t count = 0);

} // namespace relulab
