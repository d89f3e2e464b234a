#pragma once

#include <sstream>
#include <string>

namespace relulab {

// A number as a message or a label shows it: "0.02", "1e-05", "64" (6 significant digits, no
// trailing zeros).
inline std::string shortNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace relulab
