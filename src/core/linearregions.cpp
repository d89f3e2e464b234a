#include "core/linearregions.h"

#include "core/error.h"
#include "core/numbertext.h"

#include <algorithm>
#include <cmath>

namespace relulab {

void checkPiecewiseLinear(const Architecture& architecture) {
    for (std::size_t l = 0; l < architecture.layers.size(); ++l) {
        const ActivationKind kind = architecture.layers[l].activation.kind;
        if (kind != ActivationKind::Relu && kind != ActivationKind::LeakyRelu &&
            kind != ActivationKind::Identity)
            throw InvalidInput({}, "linear regions need piecewise linear activations: " +
                                       layerDisplayName(l, architecture.layers.size()) + " is " +
                                       std::string(activationKinds.name(kind)));
    }
}

void checkRegionRange(const std::array<double, 2>& range, const std::string& where) {
    if (!std::isfinite(range[0]) || !std::isfinite(range[1]))
        throw InvalidInput(where, "expected finite numbers, got [" + shortNumber(range[0]) + ", " +
                                      shortNumber(range[1]) + "]");
    if (!(range[0] < range[1]))
        throw InvalidInput(where, "low must be below high, got [" + shortNumber(range[0]) + ", " +
                                      shortNumber(range[1]) + "]");
    if (!std::isfinite(range[1] - range[0]))
        throw InvalidInput(where, "is wider than a double can hold");
}

namespace {

using Point = std::array<double, 2>;
using Polygon = std::vector<Point>;

// One layer as the cutting sees it: W (units x inputs, row-major as stored), b, and what the
// activation does to a unit's affine piece.
struct LayerView {
    const double* weight = nullptr;
    const double* bias = nullptr;
    std::size_t inputs = 0;
    std::size_t units = 0;
    bool cuts = false;        // relu or leaky_relu
    double inactiveSlope = 0; // the factor where the pre-activation is <= 0: 0 or leaky's slope

    double factor(bool active) const { return active ? 1.0 : inactiveSlope; }
};

std::vector<LayerView> layerViews(const Network<double>& net) {
    checkPiecewiseLinear(net.architecture());
    std::vector<LayerView> views;
    for (std::size_t l = 0; l < net.layerCount(); ++l) {
        const LayerSlice& s = net.slices()[l];
        const Activation& activation = net.architecture().layers[l].activation;
        LayerView view;
        view.weight = net.parameters().memptr() + s.weightOffset;
        view.bias = net.parameters().memptr() + s.biasOffset;
        view.inputs = s.inputs;
        view.units = s.units;
        view.cuts = activation.kind != ActivationKind::Identity;
        view.inactiveSlope =
            activation.kind == ActivationKind::LeakyRelu ? activation.parameter : 0.0;
        views.push_back(view);
    }
    return views;
}

// The layer's pre-activations as affine functions of the input: `map` holds the layer's input
// (inputs rows of m coefficients: one per input variable, then the constant), `pre` gets
// W * map with b added to the constants. Rows of `map` that are zero (dead units) are skipped.
// `reach` is the largest |input variable| in the box: a pre-activation that could overflow
// there (the cuts take differences of its values) is refused.
void preActivations(const LayerView& layer, const std::vector<double>& map, std::size_t m,
                    const double* reach, std::vector<double>& pre, std::vector<std::size_t>& live) {
    live.clear();
    for (std::size_t i = 0; i < layer.inputs; ++i)
        for (std::size_t c = 0; c < m; ++c)
            if (map[i * m + c] != 0.0) {
                live.push_back(i);
                break;
            }
    pre.assign(layer.units * m, 0.0);
    for (std::size_t j = 0; j < layer.units; ++j) {
        double* row = pre.data() + j * m;
        const double* w = layer.weight + j * layer.inputs;
        for (std::size_t i : live) {
            const double* in = map.data() + i * m;
            for (std::size_t c = 0; c < m; ++c)
                row[c] += w[i] * in[c];
        }
        row[m - 1] += layer.bias[j];
        double bound = std::abs(row[m - 1]);
        for (std::size_t c = 0; c + 1 < m; ++c)
            bound += std::abs(row[c]) * reach[c];
        if (!(bound < 1e300))
            throw InvalidInput({}, "the network's values overflow in the box (parameters or box "
                                   "too large for exact regions)");
    }
}

// An upper bound of any output's slope (the product of the layers' infinity norms), the scale
// of the rounding in the slopes compared by networkBreakpoints.
double slopeScale(const std::vector<LayerView>& layers) {
    double scale = 1.0;
    for (const LayerView& layer : layers) {
        double norm = 0.0;
        for (std::size_t j = 0; j < layer.units; ++j) {
            double sum = 0.0;
            for (std::size_t i = 0; i < layer.inputs; ++i)
                sum += std::abs(layer.weight[j * layer.inputs + i]);
            norm = std::max(norm, sum);
        }
        scale *= norm * std::max(1.0, std::abs(layer.inactiveSlope));
    }
    return std::isfinite(scale) ? scale : 0.0; // past double's range: relative tolerance only
}

// 1 input: depth first through the layers, each interval cut at its units' zeros, so that the
// final pieces come out from left to right; each map row is (slope, intercept).
class BreakpointSearch {
public:
    BreakpointSearch(const Network<double>& net, double low, double high, std::size_t maxPieces)
        : m_layers(layerViews(net))
        , m_maps(m_layers.size() + 1)
        , m_pre(m_layers.size())
        , m_live(m_layers.size())
        , m_reach(std::max(std::abs(low), std::abs(high)))
        , m_eps(1e-12 * (high - low) + 1e-15 * m_reach)
        , m_slopeFloor(1e-12 * slopeScale(m_layers))
        , m_maxPieces(maxPieces) {
        m_maps[0] = {1.0, 0.0};
    }

    std::vector<double> run(double low, double high) {
        descend(0, low, high);
        return std::move(m_breakpoints);
    }

private:
    void descend(std::size_t level, double a, double b) {
        if (level == m_layers.size()) {
            emit(a);
            return;
        }
        const LayerView& layer = m_layers[level];
        std::vector<double>& pre = m_pre[level];
        preActivations(layer, m_maps[level], 2, &m_reach, pre, m_live[level]);
        std::vector<double>& next = m_maps[level + 1];
        if (!layer.cuts) {
            next = pre;
            descend(level + 1, a, b);
            return;
        }
        std::vector<double> cuts{a};
        for (std::size_t j = 0; j < layer.units; ++j)
            if (pre[2 * j] != 0.0) {
                const double root = -pre[2 * j + 1] / pre[2 * j];
                if (root > a + m_eps && root < b - m_eps)
                    cuts.push_back(root);
            }
        std::sort(cuts.begin() + 1, cuts.end());
        cuts.push_back(b);
        next.resize(pre.size());
        for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
            const double lo = cuts[k], hi = cuts[k + 1];
            if (hi - lo <= m_eps && k + 2 < cuts.size())
                continue; // the same zero twice: its piece starts at the next cut
            const double mid = 0.5 * (lo + hi);
            for (std::size_t j = 0; j < layer.units; ++j) {
                const double f = layer.factor(pre[2 * j] * mid + pre[2 * j + 1] > 0.0);
                next[2 * j] = f * pre[2 * j];
                next[2 * j + 1] = f * pre[2 * j + 1];
            }
            descend(level + 1, lo, hi);
        }
    }

    // A final piece starting at `a`: a breakpoint there when some output's slope changes.
    void emit(double a) {
        if (++m_pieces > m_maxPieces)
            throw InvalidInput({}, "more than " + std::to_string(m_maxPieces) +
                                       " linear pieces in the interval (the limit)");
        const std::vector<double>& out = m_maps.back();
        const std::size_t outputs = out.size() / 2;
        if (!m_lastSlopes.empty()) {
            for (std::size_t o = 0; o < outputs; ++o) {
                const double left = m_lastSlopes[o], right = out[2 * o];
                const double tolerance =
                    1e-9 * std::max(std::abs(left), std::abs(right)) + m_slopeFloor;
                if (std::abs(left - right) > tolerance) {
                    m_breakpoints.push_back(a);
                    break;
                }
            }
        }
        m_lastSlopes.resize(outputs);
        for (std::size_t o = 0; o < outputs; ++o)
            m_lastSlopes[o] = out[2 * o];
    }

    std::vector<LayerView> m_layers;
    std::vector<std::vector<double>> m_maps; // per level, the layer's input as affine functions
    std::vector<std::vector<double>> m_pre;
    std::vector<std::vector<std::size_t>> m_live;
    double m_reach;
    double m_eps;
    double m_slopeFloor;
    std::size_t m_maxPieces;
    std::size_t m_pieces = 0;
    std::vector<double> m_lastSlopes;
    std::vector<double> m_breakpoints;
};

// The shoelace formula about the first vertex (far from the origin, the products of absolute
// coordinates would cancel).
double signedArea(const Polygon& polygon) {
    double twice = 0.0;
    const Point& o = polygon[0];
    for (std::size_t i = 1; i + 1 < polygon.size(); ++i) {
        const double px = polygon[i][0] - o[0], py = polygon[i][1] - o[1];
        const double qx = polygon[i + 1][0] - o[0], qy = polygon[i + 1][1] - o[1];
        twice += px * qy - qx * py;
    }
    return 0.5 * twice;
}

// 2 inputs: depth first through the layers; within a layer the region's polygon is cut by each
// unit's zero line in turn (the pre-activations are affine on the whole region, so one cut does
// not change the next unit's line). Map rows are (d/dx, d/dy, constant).
class RegionSearch {
public:
    RegionSearch(const Network<double>& net, Point xRange, Point yRange, std::size_t maxRegions,
                 std::vector<LinearRegion>* regions)
        : m_layers(layerViews(net))
        , m_maps(m_layers.size() + 1)
        , m_pre(m_layers.size())
        , m_live(m_layers.size())
        , m_width{xRange[1] - xRange[0], yRange[1] - yRange[0]}
        , m_magnitude{std::max(std::abs(xRange[0]), std::abs(xRange[1])),
                      std::max(std::abs(yRange[0]), std::abs(yRange[1]))}
        , m_areaTolerance(1e-12 * m_width[0] * m_width[1])
        , m_maxRegions(maxRegions)
        , m_regions(regions) {
        m_maps[0] = {1.0, 0.0, 0.0, 0.0, 1.0, 0.0};
    }

    std::size_t run(Point xRange, Point yRange) {
        descend(0, {{xRange[0], yRange[0]},
                    {xRange[1], yRange[0]},
                    {xRange[1], yRange[1]},
                    {xRange[0], yRange[1]}});
        return m_count;
    }

private:
    struct Piece {
        Polygon polygon;
        std::vector<std::uint8_t> active; // per unit of the layer
    };

    void descend(std::size_t level, const Polygon& polygon) {
        if (level == m_layers.size()) {
            emit(polygon);
            return;
        }
        const LayerView& layer = m_layers[level];
        std::vector<double>& pre = m_pre[level];
        preActivations(layer, m_maps[level], 3, m_magnitude.data(), pre, m_live[level]);
        std::vector<double>& next = m_maps[level + 1];
        if (!layer.cuts) {
            next = pre;
            descend(level + 1, polygon);
            return;
        }
        std::vector<Piece> pieces{{polygon, {}}};
        Polygon positive, negative;
        for (std::size_t j = 0; j < layer.units; ++j) {
            const double* g = pre.data() + 3 * j;
            for (std::size_t p = 0, n = pieces.size(); p < n; ++p) {
                const int side = cut(pieces[p].polygon, g, positive, negative);
                if (side != 0) {
                    pieces[p].active.push_back(side > 0 ? 1 : 0);
                    continue;
                }
                Piece below{std::move(negative), pieces[p].active};
                below.active.push_back(0);
                pieces[p].polygon = std::move(positive);
                pieces[p].active.push_back(1);
                pieces.push_back(std::move(below));
                positive = {};
                negative = {};
            }
            if (m_count + pieces.size() > m_maxRegions)
                tooMany();
        }
        next.resize(pre.size());
        for (const Piece& piece : pieces) {
            for (std::size_t j = 0; j < layer.units; ++j) {
                const double f = layer.factor(piece.active[j] != 0);
                for (std::size_t c = 0; c < 3; ++c)
                    next[3 * j + c] = f * pre[3 * j + c];
            }
            m_pattern.insert(m_pattern.end(), piece.active.begin(), piece.active.end());
            descend(level + 1, piece.polygon);
            m_pattern.resize(m_pattern.size() - piece.active.size());
        }
    }

    // Cuts `polygon` by g(p) = g[0] x + g[1] y + g[2] = 0: +1 when it lies on the positive side,
    // -1 on the other (or on the line), 0 when cut into `positive` and `negative`. Vertices
    // within rounding of the line go to both sides; a piece of no area (a sliver along the line)
    // leaves the whole polygon to the other side.
    int cut(const Polygon& polygon, const double* g, Polygon& positive, Polygon& negative) const {
        const double tolerance =
            1e-10 * (std::abs(g[0]) * m_width[0] + std::abs(g[1]) * m_width[1]) +
            1e-14 * (std::abs(g[0]) * m_magnitude[0] + std::abs(g[1]) * m_magnitude[1] +
                     std::abs(g[2]));
        const std::size_t n = polygon.size();
        m_values.resize(n);
        bool above = false, below = false;
        for (std::size_t i = 0; i < n; ++i) {
            double v = g[0] * polygon[i][0] + g[1] * polygon[i][1] + g[2];
            if (std::abs(v) <= tolerance)
                v = 0.0;
            above |= v > 0.0;
            below |= v < 0.0;
            m_values[i] = v;
        }
        if (!below && !above) { // the whole polygon within rounding of the line: its centre says
            Point centre{0.0, 0.0};
            for (const Point& p : polygon)
                for (int c = 0; c < 2; ++c)
                    centre[c] += p[c] / double(n);
            return g[0] * centre[0] + g[1] * centre[1] + g[2] > 0.0 ? 1 : -1;
        }
        if (!below)
            return 1;
        if (!above)
            return -1;
        positive.clear();
        negative.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = (i + 1) % n;
            const double vp = m_values[i], vq = m_values[k];
            if (vp >= 0.0)
                positive.push_back(polygon[i]);
            if (vp <= 0.0)
                negative.push_back(polygon[i]);
            if ((vp > 0.0 && vq < 0.0) || (vp < 0.0 && vq > 0.0)) {
                const double t = vp / (vp - vq);
                const Point& p = polygon[i];
                const Point& q = polygon[k];
                const Point x{p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])};
                positive.push_back(x);
                negative.push_back(x);
            }
        }
        if (signedArea(positive) <= m_areaTolerance)
            return -1;
        if (signedArea(negative) <= m_areaTolerance)
            return 1;
        return 0;
    }

    void emit(const Polygon& polygon) {
        if (++m_count > m_maxRegions)
            tooMany();
        if (m_regions)
            m_regions->push_back({polygon, m_pattern});
    }

    [[noreturn]] void tooMany() const {
        throw InvalidInput({}, "more than " + std::to_string(m_maxRegions) +
                                   " linear regions in the box (the limit)");
    }

    std::vector<LayerView> m_layers;
    std::vector<std::vector<double>> m_maps;
    std::vector<std::vector<double>> m_pre;
    std::vector<std::vector<std::size_t>> m_live;
    Point m_width;
    Point m_magnitude;
    double m_areaTolerance;
    std::size_t m_maxRegions;
    std::vector<LinearRegion>* m_regions;
    std::size_t m_count = 0;
    std::vector<std::uint8_t> m_pattern;
    mutable std::vector<double> m_values;
};

void checkInputs(const Network<double>& net, int inputs, const char* what) {
    const int has = net.architecture().inputs;
    if (has != inputs)
        throw InvalidInput({}, std::string(what) + " need a net of " + std::to_string(inputs) +
                                   (inputs == 1 ? " input" : " inputs") + ", this one has " +
                                   std::to_string(has));
}

std::size_t searchRegions(const Network<double>& net, Point xRange, Point yRange,
                          std::size_t maxRegions, std::vector<LinearRegion>* regions) {
    checkInputs(net, 2, "linear regions");
    checkRegionRange(xRange, "x range");
    checkRegionRange(yRange, "y range");
    if (!std::isnormal((xRange[1] - xRange[0]) * (yRange[1] - yRange[0])))
        throw InvalidInput({}, "the box's area is beyond what a double holds");
    return RegionSearch(net, xRange, yRange, maxRegions, regions).run(xRange, yRange);
}

} // namespace

std::vector<double> networkBreakpoints(const Network<double>& net, double low, double high,
                                       std::size_t maxPieces) {
    checkInputs(net, 1, "breakpoints");
    checkRegionRange({low, high}, "interval");
    return BreakpointSearch(net, low, high, maxPieces).run(low, high);
}

std::vector<LinearRegion> linearRegions(const Network<double>& net, std::array<double, 2> xRange,
                                        std::array<double, 2> yRange, std::size_t maxRegions) {
    std::vector<LinearRegion> regions;
    searchRegions(net, xRange, yRange, maxRegions, &regions);
    return regions;
}

std::size_t linearRegionCount(const Network<double>& net, std::array<double, 2> xRange,
                              std::array<double, 2> yRange, std::size_t maxRegions) {
    return searchRegions(net, xRange, yRange, maxRegions, nullptr);
}

} // namespace relulab
