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

// LAPACK's SVD (divide and conquer, in double): every singular value to rounding of the
// largest, however small. For any matrix; what `relulab evaluate` compares with PyTorch.
template <typename T> JacobianSvd<T> thinSvd(const arma::Mat<T>& jacobian);

// The same decomposition of outputJacobian(network, x), about four times faster for the usual
// shapes (a few hundred samples, thousands of parameters): the eigenvectors of the tangent
// kernel K = J J^T are U, and J^T U = V diag(S). K comes layer by layer, in double, as
// sum_l (D_l D_l^T) o (A_l A_l^T + 1) (D: dy/dZ, A: the layer's input, o: elementwise), and
// S_i = |J^T u_i|. Values above 1e-6 of the largest agree with LAPACK's to 1e-9 relative (and
// to 1% down to 1e-8, in the tests); zero directions come out at 1e-13 to 1e-10 of the largest
// instead of 1e-16, far below the 1e-7 that float32 parameters resolve. U is orthonormal and
// U diag(S) V^T = J to rounding; columns of V have unit length (zero where S_i = 0). With more
// samples than parameters it is thinSvd(outputJacobian(network, x)).
template <typename T> JacobianSvd<T> jacobianSvd(const Network<T>& network, const arma::Mat<T>& x);

// Principal features evaluated anywhere: J(grid) V, which equals U diag(S) on the samples the
// SVD was taken on. One column per principal feature, the first `count` (all when 0).
template <typename T>
arma::Mat<T> principalFeatures(const Network<T>& network, const JacobianSvd<T>& svd,
                               const arma::Mat<T>& grid, std::size_t count = 0);

} // namespace relulab
