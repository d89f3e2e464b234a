#pragma once

#include "core/nametable.h"

#include "core/random.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace relulab {

// without_replacement: a uniformly random m-subset per step, as torch.randperm(n)[:m].
// with_replacement: m independent uniform indices, as np.random.choice(n, m).
// full_batch: every sample, in order.
enum class SamplingKind { WithoutReplacement, WithReplacement, FullBatch };

// Every kind with its name in files and on the command line, in the order the app lists them.
inline constexpr NameTable<SamplingKind, 3> samplingKinds{{{
    {SamplingKind::WithoutReplacement, "without_replacement"},
    {SamplingKind::WithReplacement, "with_replacement"},
    {SamplingKind::FullBatch, "full_batch"},
}}};
static_assert(samplingKinds.coversEnum());

// Draws minibatch indices from its own seeded stream, so a run's batches do not depend on
// anything but its sampling seed.
class BatchSampler {
public:
    BatchSampler(std::size_t samples, std::size_t batchSize, SamplingKind kind, std::uint64_t seed);

    // The SplitMix64 seed of a sampling seed's stream (another backend draws the same words).
    static std::uint64_t streamSeed(std::uint64_t seed);

    std::size_t batchSize() const { return m_batchSize; }
    // The next batch's indices; valid until the next call.
    std::span<const std::uint32_t> next() {
        return next([](std::size_t, std::uint32_t) {});
    }
    // The same, calling `chosen(position, index)` for each index of the batch in order: a
    // caller gathers the samples while the indices are drawn, not in a second pass.
    template <class Chosen> std::span<const std::uint32_t> next(Chosen&& chosen);

private:
    SamplingKind m_kind;
    SplitMixBits m_random;
    std::size_t m_batchSize;
    // Kept across calls: a partial Fisher-Yates leaves the batch in its first m entries.
    std::vector<std::uint32_t> m_permutation;
    std::vector<std::uint32_t> m_drawn; // the batch, with replacement only
};

template <class Chosen> std::span<const std::uint32_t> BatchSampler::next(Chosen&& chosen) {
    const auto n = static_cast<std::uint32_t>(m_permutation.size());
    std::span<const std::uint32_t> batch;
    switch (m_kind) {
    case SamplingKind::FullBatch:
        batch = m_permutation;
        break;
    case SamplingKind::WithReplacement:
        for (std::uint32_t& index : m_drawn)
            index = m_random.below(n);
        batch = m_drawn;
        break;
    case SamplingKind::WithoutReplacement: {
        // The first m steps of Fisher-Yates on any permutation give a uniform ordered m-subset,
        // so the array need not be reset between batches.
        const auto m = static_cast<std::uint32_t>(m_batchSize);
        m_random.shuffleFront(m_permutation.data(), n, m, chosen);
        return {m_permutation.data(), m};
    }
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
        chosen(i, batch[i]);
    return batch;
}

} // namespace relulab
