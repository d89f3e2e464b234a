#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace relulab {

// numpy's legacy np.random.RandomState: MT19937 with its 32-bit seeding, rand() with 53-bit
// doubles and randn() by the polar method. Datasets use it so that the homework's
// RandomState(1) data comes out bit for bit as in the notebooks.
class NumpyRandomState {
public:
    explicit NumpyRandomState(std::uint32_t seed) {
        m_state[0] = seed;
        for (std::uint32_t i = 1; i < size; ++i)
            m_state[i] = 1812433253u * (m_state[i - 1] ^ (m_state[i - 1] >> 30)) + i;
        m_position = size;
    }

    std::uint32_t nextU32() {
        if (m_position >= size)
            twist();
        std::uint32_t y = m_state[m_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    // rand(): uniform in [0, 1).
    double rand() {
        const std::uint32_t a = nextU32() >> 5;
        const std::uint32_t b = nextU32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    // randn(): standard normal, the polar method keeping the second value for the next call.
    double randn() {
        if (m_hasGauss) {
            m_hasGauss = false;
            return m_gauss;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * rand() - 1.0;
            x2 = 2.0 * rand() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        const double f = std::sqrt(-2.0 * std::log(r2) / r2);
        m_gauss = f * x1;
        m_hasGauss = true;
        return f * x2;
    }

private:
    static constexpr std::uint32_t size = 624;
    static constexpr std::uint32_t shift = 397;

    void twist() {
        for (std::uint32_t i = 0; i < size; ++i) {
            const std::uint32_t y =
                (m_state[i] & 0x80000000u) | (m_state[(i + 1) % size] & 0x7fffffffu);
            m_state[i] = m_state[(i + shift) % size] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
        }
        m_position = 0;
    }

    std::array<std::uint32_t, size> m_state{};
    std::uint32_t m_position = size;
    bool m_hasGauss = false;
    double m_gauss = 0.0;
};

} // namespace relulab
