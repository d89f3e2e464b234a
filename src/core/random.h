#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace relulab {

// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a counter-based
// generator, so a stream is fully defined by (seed, position). The GPU backend uses the same
// function, which makes a run's random draws identical on both backends.
class Philox {
public:
    using Block = std::array<std::uint32_t, 4>;

    // `stream` separates independent uses of one seed (initialization, sampling, ...).
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

    // Uniform integer in [0, bound) without modulo bias (Lemire's multiply-shift method).
    std::uint32_t below(std::uint32_t bound) {
        std::uint64_t product = std::uint64_t{nextU32()} * bound;
        auto low = static_cast<std::uint32_t>(product);
        if (low < bound) {
            const std::uint32_t threshold = (0u - bound) % bound;
            while (low < threshold) {
                product = std::uint64_t{nextU32()} * bound;
                low = static_cast<std::uint32_t>(product);
            }
        }
        return static_cast<std::uint32_t>(product >> 32);
    }

private:
    std::array<std::uint32_t, 2> m_key;
    std::uint32_t m_stream;
    std::uint64_t m_counter = 0;
    Block m_block{};
    int m_used = 4;
};

// SplitMix64 (Steele, Lea and Flood 2014) as a counter-based stream: draw i is mix(seed +
// (i + 1) gamma), a few multiplies per 64 bits. Minibatch sampling draws dozens of indices per
// training step and uses this one; the GPU backend can compute any draw from (seed, i) as well.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform integer in [0, bound) from 32 random bits without modulo bias (Lemire).
    static bool boundedFrom(std::uint32_t random, std::uint32_t bound, std::uint32_t& result) {
        const std::uint64_t product = std::uint64_t{random} * bound;
        const auto low = static_cast<std::uint32_t>(product);
        result = static_cast<std::uint32_t>(product >> 32);
        return low >= bound || low >= (0u - bound) % bound; // false: reject, draw again
    }

private:
    std::uint64_t m_state;
};

} // namespace relulab
