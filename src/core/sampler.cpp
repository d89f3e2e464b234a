#include "core/sampler.h"

#include "core/error.h"
#include "core/nametable.h"

#include <numeric>
#include <string>

namespace relulab {

namespace {
constexpr std::uint64_t samplingStream = 0x5A3B0000'00000000ull;
}

std::uint64_t BatchSampler::streamSeed(std::uint64_t seed) {
    return seed ^ samplingStream;
}

BatchSampler::BatchSampler(std::size_t samples, std::size_t batchSize, SamplingKind kind,
                           std::uint64_t seed)
    : m_kind(kind)
    , m_random(streamSeed(seed)) {
    if (samples == 0)
        throw InvalidInput("data", "has no samples");
    if (samples > UINT32_MAX)
        throw InvalidInput("data", "too many samples");
    if (kind == SamplingKind::FullBatch)
        batchSize = samples;
    if (batchSize == 0)
        throw InvalidInput("batch_size", "must be at least 1");
    if (kind == SamplingKind::WithoutReplacement && batchSize > samples)
        throw InvalidInput("batch_size", "is " + std::to_string(batchSize) + " but only " +
                                             std::to_string(samples) +
                                             " samples can be drawn without replacement");
    m_batchSize = batchSize;
    m_permutation.resize(samples);
    std::iota(m_permutation.begin(), m_permutation.end(), 0u);
    if (kind == SamplingKind::WithReplacement)
        m_drawn.resize(batchSize);
}

} // namespace relulab
