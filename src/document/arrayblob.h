#pragma once

#include <QByteArray>

#include <armadillo>
#include <string>

namespace relulab {

// Arrays in the notebook file: a small header ("RLA1", element type, rank, then each dimension
// as a little-endian uint32), then the elements little-endian, column by column (Armadillo's
// order: a matrix's rows are its first dimension). Self-describing, so a reader needs no schema
// to know a blob's shape.
QByteArray toBlob(const arma::fvec& values);
QByteArray toBlob(const arma::fmat& values);
QByteArray toBlob(const arma::vec& values);
QByteArray toBlob(const arma::imat& values);

// Throw InvalidInput under `where` when the blob is not an array of that type and rank.
arma::fvec floatVectorFromBlob(const QByteArray& blob, const std::string& where);
arma::fmat floatMatrixFromBlob(const QByteArray& blob, const std::string& where);
arma::vec doubleVectorFromBlob(const QByteArray& blob, const std::string& where);
arma::imat integerMatrixFromBlob(const QByteArray& blob, const std::string& where);

} // namespace relulab
