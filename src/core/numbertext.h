#pragma once

#include <charconv>
#include <cmath>
#include <string>

namespace relulab {

// A number as a message or a label shows it: whole numbers in full ("100000000", "64"), others
// as printf's %g does ("0.02", "1e-05", 6 significant digits).
inline std::string shortNumber(double value) {
    if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    char text[32];
    const auto end =
        std::to_chars(text, text + sizeof text, value, std::chars_format::general, 6).ptr;
    return std::string(text, end);
}

} // namespace relulab
