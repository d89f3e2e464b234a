#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <numbers>

namespace relulab {

// Uniform integer in [0, bound), bound >= 1, from a source of uniform 32-bit values, without
// modulo bias (Lemire, "Fast random integer generation in an interval", 2019).
template <class Next32> std::uint32_t uniformBelow(std::uint32_t bound, Next32&& next32) {
    std::uint64_t product = std::uint64_t{next32()} * bound;
    auto low = static_cast<std::uint32_t>(product);
    if (low < bound) {
        const std::uint32_t threshold = (0u - bound) % bound;
        while (low < threshold) {
            product = std::uint64_t{next32()} * bound;
            low = static_cast<std::uint32_t>(product);
        }
    }
    return static_cast<std::uint32_t>(product >> 32);
}

// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a counter-based
// generator, so a stream is fully defined by (seed, position). Initializers draw from it; the
// per-step minibatch sampling uses the cheaper SplitMix64 stream below.
class Philox {
public:
    using Block = std::array<std::uint32_t, 4>;

    // `stream` separates independent uses of one seed.
    explicit Philox(std::uint64_t seed, std::uint32_t stream = 0)
        : m_key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}
        , m_stream(stream) {}

    static Block generate(Block counter, std::array<std::uint32_t, 2> key) {
        for (int round = 0; round < 10; ++round) {
            const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * counter[0];
            const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * counter[2];
            counter = {static_cast<std::uint32_t>(p1 >> 32) ^ counter[1] ^ key[0],
                       static_cast<std::uint32_t>(p1),
                       static_cast<std::uint32_t>(p0 >> 32) ^ counter[3] ^ key[1],
                       static_cast<std::uint32_t>(p0)};
            key[0] += 0x9E3779B9u;
            key[1] += 0xBB67AE85u;
        }
        return counter;
    }

    std::uint32_t nextU32() {
        if (m_used == 4) {
            m_block = generate({static_cast<std::uint32_t>(m_counter),
                                static_cast<std::uint32_t>(m_counter >> 32), m_stream, 0u},
                               m_key);
            ++m_counter;
            m_used = 0;
        }
        return m_block[m_used++];
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() {
        const std::uint64_t high = nextU32() >> 5; // 27 bits
        const std::uint64_t low = nextU32() >> 6;  // 26 bits
        return static_cast<double>((high << 26) | low) * 0x1.0p-53;
    }

    double uniform(double low, double high) { return low + (high - low) * uniform(); }

    // Standard normal by Box-Muller; one value per call keeps the stream position simple.
    double normal() {
        const double u1 = 1.0 - uniform(); // (0, 1]: log is finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

    std::uint32_t below(std::uint32_t bound) {
        return uniformBelow(bound, [this] { return nextU32(); });
    }

private:
    std::array<std::uint32_t, 2> m_key;
    std::uint32_t m_stream;
    std::uint64_t m_counter = 0;
    Block m_block{};
    int m_used = 4;
};

// SplitMix64 (Steele, Lea and Flood 2014) as a counter-based stream: 64-bit draw k is
// mix(seed + (k + 1) gamma), a few multiplies, computable from (seed, k) alone, so the GPU
// backend can reproduce any draw. Minibatch sampling uses it: dozens of indices per step.
inline std::uint64_t splitMix64(std::uint64_t seed, std::uint64_t k) {
    std::uint64_t z = seed + (k + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Draws k = first .. first + count - 1 as 32-bit words, low half first (2 count words): no
// dependence between draws, so it vectorises (built for several instruction sets, picked at
// load time).
void splitMixWordsFill(std::uint64_t seed, std::uint64_t first, std::uint32_t* words, int count);

// offsets[k] = the high half of words[k] (firstBound - k), Lemire's draw below firstBound - k,
// for k < count, all at once (vectorised like the fill). Returns false when some draw may
// need rejecting (its low half is below its bound); those offsets are then not to be used.
bool boundedOffsets(const std::uint32_t* words, std::uint32_t firstBound, std::uint32_t count,
                    std::uint32_t* offsets);

// The stream as 32-bit values (low half of each draw, then the high half), filled in bulk.
class SplitMixBits {
public:
    explicit SplitMixBits(std::uint64_t seed)
        : m_seed(seed) {}

    std::uint32_t next() {
        if (m_position == m_size)
            refill();
        return m_words[m_position++];
    }

    std::uint32_t below(std::uint32_t bound) {
        return uniformBelow(bound, [this] { return next(); });
    }

    // The first `count` steps of a Fisher-Yates shuffle of items[0, n): items[i] swaps with
    // items[i + below(n - i)], the same draws as that loop, so items[0, count) is a uniformly
    // random ordered subset. `chosen(i, item)` sees each item as it lands at i, so that a caller
    // can gather what the item stands for in the same pass. One pass over the buffer with the
    // position in a register; the rare draw that may be rejected goes through below().
    template <class Chosen>
    void shuffleFront(std::uint32_t* items, std::uint32_t n, std::uint32_t count, Chosen&& chosen) {
        auto swapWith = [items, &chosen](std::uint32_t i, std::uint32_t offset) {
            const std::uint32_t item = items[i + offset];
            items[i + offset] = items[i];
            items[i] = item;
            chosen(i, item);
        };
        // A batch of draws at once when the buffer holds them: computing all its offsets before
        // the swaps takes the multiplies out of the swaps' loop.
        if (count <= maxBulkCount) {
            if (m_size - m_position < count)
                refill();
            std::uint32_t offsets[maxBulkCount];
            if (boundedOffsets(m_words + m_position, n, count, offsets)) {
                for (std::uint32_t i = 0; i < count; ++i)
                    swapWith(i, offsets[i]);
                m_position += count;
                return;
            }
        }
        std::uint32_t i = 0;
        while (i < count) {
            if (m_position == m_size)
                refill();
            std::size_t position = m_position;
            const std::uint32_t stop = count - i < m_size - position
                                           ? count
                                           : i + static_cast<std::uint32_t>(m_size - position);
            for (; i < stop; ++i) {
                const std::uint32_t bound = n - i;
                const std::uint64_t product = std::uint64_t{m_words[position]} * bound;
                if (static_cast<std::uint32_t>(product) < bound)
                    break;
                ++position;
                swapWith(i, static_cast<std::uint32_t>(product >> 32));
            }
            m_position = position;
            if (i < stop) {
                swapWith(i, below(n - i));
                ++i;
            }
        }
    }

    void shuffleFront(std::uint32_t* items, std::uint32_t n, std::uint32_t count) {
        shuffleFront(items, n, count, [](std::uint32_t, std::uint32_t) {});
    }

private:
    static constexpr int bufferDraws = 512;
    static constexpr std::size_t bufferWords = 2 * bufferDraws;
    static constexpr std::uint32_t maxBulkCount = 256;

    // The next draws after the words not used yet, which move to the front: the stream goes on
    // word by word, whatever a batch took.
    void refill() {
        const std::size_t left = m_size - m_position;
        std::memmove(m_words, m_words + m_position, left * sizeof(std::uint32_t));
        splitMixWordsFill(m_seed, m_drawn, m_words + left, bufferDraws);
        m_drawn += bufferDraws;
        m_size = left + bufferWords;
        m_position = 0;
    }

    std::uint64_t m_seed;
    std::uint64_t m_drawn = 0;
    std::uint32_t m_words[bufferWords + maxBulkCount];
    std::size_t m_size = 0; // words in the buffer
    // size_t, not int: an int could alias the uint32_t stores of the caller's loop and would be
    // reloaded from memory on every draw.
    std::size_t m_position = 0;
};

} // namespace relulab
