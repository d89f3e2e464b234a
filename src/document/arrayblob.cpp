#include "document/arrayblob.h"

#include "core/error.h"

#include <QtEndian>

#include <cstring>
#include <vector>

namespace relulab {

namespace {

constexpr char magic[4] = {'R', 'L', 'A', '1'};
enum class ElementType : char { Float32 = 'f', Float64 = 'd', Int64 = 'l' };

template <typename Element> constexpr ElementType typeOf();
template <> constexpr ElementType typeOf<float>() {
    return ElementType::Float32;
}
template <> constexpr ElementType typeOf<double>() {
    return ElementType::Float64;
}
template <> constexpr ElementType typeOf<arma::sword>() {
    return ElementType::Int64;
}

template <typename Element>
QByteArray encode(const Element* data, std::size_t count, std::vector<std::uint32_t> shape) {
    QByteArray blob;
    blob.reserve(static_cast<qsizetype>(8 + 4 * shape.size() + sizeof(Element) * count));
    blob.append(magic, 4);
    blob.append(static_cast<char>(typeOf<Element>()));
    blob.append(static_cast<char>(shape.size()));
    blob.append(2, '\0');
    for (std::uint32_t dimension : shape) {
        const std::uint32_t le = qToLittleEndian(dimension);
        blob.append(reinterpret_cast<const char*>(&le), 4);
    }
    for (std::size_t i = 0; i < count; ++i) {
        const Element le = qToLittleEndian(data[i]);
        blob.append(reinterpret_cast<const char*>(&le), sizeof(Element));
    }
    return blob;
}

// GCC's -Warray-bounds sees QByteArray's one-byte empty buffer behind constData() once ASan is
// on, though the header's size is checked first: a false positive, silenced here only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
template <typename Element>
std::vector<std::uint32_t> decode(const QByteArray& blob, std::size_t rank,
                                  const std::string& where, std::vector<Element>& out) {
    auto fail = [&](const std::string& what) {
        throw InvalidInput(where, "corrupt array: " + what);
    };
    if (blob.size() < 8 || std::memcmp(blob.constData(), magic, 4) != 0)
        fail("no array header");
    if (blob[4] != static_cast<char>(typeOf<Element>()))
        fail("unexpected element type");
    if (static_cast<std::size_t>(blob[5]) != rank)
        fail("expected rank " + std::to_string(rank));
    const std::size_t header = 8 + 4 * rank;
    if (static_cast<std::size_t>(blob.size()) < header)
        fail("truncated header");
    std::vector<std::uint32_t> shape(rank);
    std::size_t count = 1;
    for (std::size_t d = 0; d < rank; ++d) {
        shape[d] = qFromLittleEndian<std::uint32_t>(blob.constData() + 8 + 4 * d);
        count *= shape[d];
    }
    if (static_cast<std::size_t>(blob.size()) != header + count * sizeof(Element))
        fail("size does not match its shape");
    out.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = qFromLittleEndian<Element>(blob.constData() + header + i * sizeof(Element));
    }
    return shape;
}
#pragma GCC diagnostic pop

template <typename Vector> Vector vectorFromBlob(const QByteArray& blob, const std::string& where) {
    std::vector<typename Vector::elem_type> values;
    decode(blob, 1, where, values);
    return Vector(values);
}

template <typename Matrix> Matrix matrixFromBlob(const QByteArray& blob, const std::string& where) {
    std::vector<typename Matrix::elem_type> values;
    const auto shape = decode(blob, 2, where, values);
    return Matrix(values.data(), shape[0], shape[1]);
}

} // namespace

QByteArray toBlob(const arma::fvec& v) {
    return encode(v.memptr(), v.n_elem, {static_cast<std::uint32_t>(v.n_elem)});
}
QByteArray toBlob(const arma::vec& v) {
    return encode(v.memptr(), v.n_elem, {static_cast<std::uint32_t>(v.n_elem)});
}
QByteArray toBlob(const arma::fmat& m) {
    return encode(m.memptr(), m.n_elem,
                  {static_cast<std::uint32_t>(m.n_rows), static_cast<std::uint32_t>(m.n_cols)});
}
QByteArray toBlob(const arma::imat& m) {
    return encode(m.memptr(), m.n_elem,
                  {static_cast<std::uint32_t>(m.n_rows), static_cast<std::uint32_t>(m.n_cols)});
}

arma::fvec floatVectorFromBlob(const QByteArray& blob, const std::string& where) {
    return vectorFromBlob<arma::fvec>(blob, where);
}
arma::vec doubleVectorFromBlob(const QByteArray& blob, const std::string& where) {
    return vectorFromBlob<arma::vec>(blob, where);
}
arma::fmat floatMatrixFromBlob(const QByteArray& blob, const std::string& where) {
    return matrixFromBlob<arma::fmat>(blob, where);
}
arma::imat integerMatrixFromBlob(const QByteArray& blob, const std::string& where) {
    return matrixFromBlob<arma::imat>(blob, where);
}

} // namespace relulab
