#include "plots/contour.h"

#include <array>
#include <cmath>

namespace relulab {

void contourSegments(const Grid& grid, const std::vector<double>& field, double level,
                     std::vector<double>& x, std::vector<double>& y) {
    if (grid.columns < 2 || grid.rows < 2 || field.size() != grid.cells())
        return;
    auto at = [&](std::size_t c, std::size_t r) { return field[r * grid.columns + c] - level; };
    for (std::size_t r = 0; r + 1 < grid.rows; ++r)
        for (std::size_t c = 0; c + 1 < grid.columns; ++c) {
            // Corners counter-clockwise from the bottom left; edge e joins corner e and e + 1.
            const std::array<double, 4> v{at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1)};
            const std::array<double, 4> cx{grid.x(c), grid.x(c + 1), grid.x(c + 1), grid.x(c)};
            const std::array<double, 4> cy{grid.y(r), grid.y(r), grid.y(r + 1), grid.y(r + 1)};
            if (!std::isfinite(v[0] + v[1] + v[2] + v[3]))
                continue;
            std::array<double, 4> ex{}, ey{};
            int count = 0;
            for (int e = 0; e < 4; ++e) {
                const double a = v[std::size_t(e)], b = v[std::size_t((e + 1) % 4)];
                if ((a > 0) == (b > 0))
                    continue;
                const double t = a / (a - b);
                const auto i = std::size_t(e), j = std::size_t((e + 1) % 4);
                ex[std::size_t(count)] = cx[i] + t * (cx[j] - cx[i]);
                ey[std::size_t(count)] = cy[i] + t * (cy[j] - cy[i]);
                ++count;
            }
            auto add = [&](int p, int q) {
                x.insert(x.end(), {ex[std::size_t(p)], ex[std::size_t(q)]});
                y.insert(y.end(), {ey[std::size_t(p)], ey[std::size_t(q)]});
            };
            if (count == 2) {
                add(0, 1);
            } else if (count == 4) {
                // A saddle: corners 0 and 2 on one side. If the centre is on their side, their
                // region joins across it and the lines cut off corners 1 and 3.
                const bool centreWithEven = ((v[0] + v[1] + v[2] + v[3]) > 0) == (v[0] > 0);
                if (centreWithEven) {
                    add(0, 1); // edges 0 and 1 around corner 1
                    add(2, 3); // edges 2 and 3 around corner 3
                } else {
                    add(1, 2); // edges 1 and 2 around corner 2
                    add(3, 0); // edges 3 and 0 around corner 0
                }
            }
        }
}

} // namespace relulab
