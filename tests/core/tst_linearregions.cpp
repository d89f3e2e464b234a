// Exact linear regions (core/linearregions.h), checked against what a plain forward pass sees:
// on a fine grid every point lies in exactly one region, of the point's own activation pattern;
// against the count of an arrangement of lines in closed form; and the breakpoints of 1-input
// nets against a dense scan of the slope.
#include "core/error.h"
#include "core/initializer.h"
#include "core/linearregions.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

using namespace relulab;

namespace {

using Point = std::array<double, 2>;
using Box = std::array<Point, 2>; // x range, y range

// inputs -> widths... with `hidden` on the hidden layers and `output` on the last, PyTorch's
// default initialization from `seed`.
Network<double> randomNet(int inputs, const QList<int>& widths, std::uint64_t seed,
                          Activation hidden = Activation::relu(),
                          Activation output = Activation::identity()) {
    Architecture architecture{inputs, {}};
    for (qsizetype l = 0; l < widths.size(); ++l)
        architecture.layers.push_back({widths[l], l + 1 < widths.size() ? hidden : output});
    Network<double> net(architecture);
    initializeNetwork(net, {}, seed);
    return net;
}

// A net with hand-set parameters in state_dict order (per layer W row-major, then b).
Network<double> handNet(int inputs, std::vector<LayerSpec> layers, std::vector<double> values) {
    return Network<double>(Architecture{inputs, std::move(layers)}, arma::vec(values));
}

// The activation pattern of each row of x as the forward pass has it (pre-activation > 0 for
// every unit of a relu or leaky_relu layer), packed into bits in layer and unit order.
std::vector<std::uint64_t> forwardPatterns(const Network<double>& net, const arma::mat& x) {
    std::vector<std::uint64_t> patterns(x.n_rows, 0);
    ForwardPass<double> pass;
    const arma::uword chunk = 1 << 15; // keeps the forward pass's matrices small
    for (arma::uword first = 0; first < x.n_rows; first += chunk) {
        const arma::uword last = std::min<arma::uword>(x.n_rows, first + chunk) - 1;
        net.forward(x.rows(first, last), pass);
        int bit = 0;
        for (std::size_t l = 0; l < net.layerCount(); ++l) {
            if (net.architecture().layers[l].activation.kind == ActivationKind::Identity)
                continue;
            const arma::mat& z = pass.preActivations[l];
            for (arma::uword j = 0; j < z.n_cols; ++j, ++bit)
                for (arma::uword r = 0; r < z.n_rows; ++r)
                    if (z(r, j) > 0.0)
                        patterns[first + r] |= std::uint64_t{1} << bit;
        }
        if (bit > 64)
            qFatal("forwardPatterns packs at most 64 cutting units");
    }
    return patterns;
}

std::uint64_t packed(const std::vector<std::uint8_t>& pattern) {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i)
        bits |= std::uint64_t{pattern[i] != 0} << i;
    return bits;
}

double area(const std::vector<Point>& polygon) {
    double twice = 0.0;
    for (std::size_t i = 0; i < polygon.size(); ++i) {
        const Point& p = polygon[i];
        const Point& q = polygon[(i + 1) % polygon.size()];
        twice += p[0] * q[1] - q[0] * p[1];
    }
    return 0.5 * twice;
}

// The least signed distance from p to the polygon's edges' lines: > 0 strictly inside a convex
// counter-clockwise polygon.
double insideDistance(const std::vector<Point>& polygon, double x, double y) {
    double least = 1e300;
    for (std::size_t i = 0; i < polygon.size(); ++i) {
        const Point& a = polygon[i];
        const Point& b = polygon[(i + 1) % polygon.size()];
        const double ex = b[0] - a[0], ey = b[1] - a[1];
        const double length = std::hypot(ex, ey);
        if (length > 0)
            least = std::min(least, (ex * (y - a[1]) - ey * (x - a[0])) / length);
    }
    return least;
}

std::size_t cuttingUnits(const Network<double>& net) {
    std::size_t count = 0;
    for (const LayerSpec& layer : net.architecture().layers)
        if (layer.activation.kind != ActivationKind::Identity)
            count += static_cast<std::size_t>(layer.units);
    return count;
}

// Every polygon convex, counter-clockwise and of its own pattern, with areas summing to the
// box's; on an n x n grid of cell centres, every point farther than a hair from every edge lies
// in exactly one polygon, whose pattern is the point's own; every region of 50 cells or more
// holds such a point. `seen` gets the number of regions the grid found.
void checkAgainstGrid(const Network<double>& net, const Box& box, int n, std::size_t& seen) {
    const std::vector<LinearRegion> regions = linearRegions(net, box[0], box[1]);
    QCOMPARE(linearRegionCount(net, box[0], box[1]), regions.size());
    const double x0 = box[0][0], y0 = box[1][0];
    const double width = box[0][1] - x0, height = box[1][1] - y0;
    const double scale = std::max(width, height);
    const double hair = 1e-7 * scale;
    const double dx = width / n, dy = height / n;

    double total = 0.0;
    std::set<std::uint64_t> patterns;
    for (const LinearRegion& region : regions) {
        const std::vector<Point>& polygon = region.polygon;
        QVERIFY(polygon.size() >= 3);
        QCOMPARE(region.pattern.size(), cuttingUnits(net));
        for (std::size_t i = 0; i < polygon.size(); ++i) {
            const Point& a = polygon[i];
            const Point& b = polygon[(i + 1) % polygon.size()];
            const Point& c = polygon[(i + 2) % polygon.size()];
            const double turn = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
            QVERIFY2(turn >= -1e-12 * scale * scale, "a polygon that is not convex and CCW");
        }
        QVERIFY(area(polygon) > 0.0);
        total += area(polygon);
        QVERIFY2(patterns.insert(packed(region.pattern)).second, "two regions of one pattern");
    }
    QVERIFY2(std::abs(total - width * height) <= 1e-9 * width * height,
             qPrintable(
                 QStringLiteral("areas sum to %1 in a box of %2").arg(total).arg(width * height)));

    arma::mat grid(std::size_t(n) * n, 2);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            grid(std::size_t(i) * n + j, 0) = x0 + (j + 0.5) * dx;
            grid(std::size_t(i) * n + j, 1) = y0 + (i + 0.5) * dy;
        }
    const std::vector<std::uint64_t> own = forwardPatterns(net, grid);
    std::vector<int> hits(grid.n_rows, 0), owner(grid.n_rows, -1);
    std::vector<char> nearEdge(grid.n_rows, 0);
    for (std::size_t r = 0; r < regions.size(); ++r) {
        double lowX = 1e300, highX = -1e300, lowY = 1e300, highY = -1e300;
        for (const Point& p : regions[r].polygon) {
            lowX = std::min(lowX, p[0]), highX = std::max(highX, p[0]);
            lowY = std::min(lowY, p[1]), highY = std::max(highY, p[1]);
        }
        const int j0 = std::max(0, int(std::floor((lowX - x0) / dx - 1)));
        const int j1 = std::min(n - 1, int(std::ceil((highX - x0) / dx)));
        const int i0 = std::max(0, int(std::floor((lowY - y0) / dy - 1)));
        const int i1 = std::min(n - 1, int(std::ceil((highY - y0) / dy)));
        for (int i = i0; i <= i1; ++i)
            for (int j = j0; j <= j1; ++j) {
                const std::size_t k = std::size_t(i) * n + j;
                const double d = insideDistance(regions[r].polygon, grid(k, 0), grid(k, 1));
                if (d > hair) {
                    ++hits[k];
                    owner[k] = int(r);
                } else if (d > -hair) {
                    nearEdge[k] = 1;
                }
            }
    }
    std::size_t notOnce = 0, wrongPattern = 0;
    QString first;
    std::vector<int> owned(regions.size(), 0);
    for (std::size_t k = 0; k < grid.n_rows; ++k) {
        if (nearEdge[k])
            continue;
        const bool once = hits[k] == 1;
        if (once && packed(regions[std::size_t(owner[k])].pattern) == own[k]) {
            ++owned[std::size_t(owner[k])];
            continue;
        }
        (once ? wrongPattern : notOnce) += 1;
        if (first.isEmpty())
            first = QStringLiteral("(%1, %2) in %3 regions")
                        .arg(grid(k, 0))
                        .arg(grid(k, 1))
                        .arg(hits[k]);
    }
    QVERIFY2(notOnce == 0 && wrongPattern == 0,
             qPrintable(QStringLiteral("%1 points not in one region, %2 in one of another "
                                       "pattern; first: %3")
                            .arg(notOnce)
                            .arg(wrongPattern)
                            .arg(first)));
    seen = 0;
    for (std::size_t r = 0; r < regions.size(); ++r) {
        seen += owned[r] > 0 ? 1 : 0;
        if (area(regions[r].polygon) >= 50 * dx * dy)
            QVERIFY2(owned[r] > 0, "a large region without a grid point of its pattern");
    }
}

Box boxOf(const QList<double>& v) {
    return {{{v[0], v[1]}, {v[2], v[3]}}};
}

Activation activationNamed(const QString& name) {
    const auto kind = activationKinds.fromName(name.toStdString());
    if (!kind)
        qFatal("no activation %s", qPrintable(name));
    return {*kind, activationDefaultParameter(*kind)};
}

// The function on a dense grid of n + 1 points, and where a scan of its finite-difference slope
// sees kinks: the middle of each run of grid points where some output's slope changes by more
// than the rounding of the differences.
std::vector<double> scannedKinks(const Network<double>& net, double low, double high, int n) {
    const arma::vec x = arma::linspace(low, high, arma::uword(n) + 1);
    const arma::mat y = net.predict(arma::mat(x));
    const double h = (high - low) / n;
    const arma::mat slopes = arma::diff(y) / h; // row i: the slope on [x_i, x_i+1]
    const double tolerance = 1e-6 * std::max(1.0, arma::abs(slopes).max());
    std::vector<double> kinks;
    int runStart = -1;
    for (int i = 1; i <= n; ++i) {
        const bool change = i < n && arma::abs(slopes.row(i) - slopes.row(i - 1)).max() > tolerance;
        if (change && runStart < 0)
            runStart = i;
        if (!change && runStart >= 0) {
            kinks.push_back(0.5 * (x[runStart] + x[i - 1]));
            runStart = -1;
        }
    }
    return kinks;
}

double distanceToNearest(const std::vector<double>& sorted, double x) {
    double best = 1e300;
    for (double v : sorted)
        best = std::min(best, std::abs(v - x));
    return best;
}

} // namespace

class TestLinearRegions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void regionsMatchTheForwardPassOnAGrid_data() {
        QTest::addColumn<QList<int>>("widths");
        QTest::addColumn<int>("seed");
        QTest::addColumn<QString>("hidden");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QList<double>>("box");
        const QList<double> unit{-1, 1, -1, 1};
        const QList<double> wide{-3, 2, -1.5, 2.5};
        QTest::newRow("2-3-1") << QList<int>{3, 1} << 1 << "relu"
                               << "identity" << unit;
        QTest::newRow("2-4-4-1") << QList<int>{4, 4, 1} << 2 << "relu"
                                 << "identity" << wide;
        QTest::newRow("2-6-5-3-1") << QList<int>{6, 5, 3, 1} << 3 << "relu"
                                   << "identity" << wide;
        QTest::newRow("2-8-8-1") << QList<int>{8, 8, 1} << 4 << "relu"
                                 << "identity" << unit;
        QTest::newRow("leaky 2-5-5-2") << QList<int>{5, 5, 2} << 5 << "leaky_relu"
                                       << "identity" << wide;
        QTest::newRow("relu output 2-4-3") << QList<int>{4, 3} << 6 << "relu"
                                           << "relu" << wide;
        QTest::newRow("identity hidden 2-4-4-1") << QList<int>{4, 4, 1} << 7 << "identity"
                                                 << "relu" << wide;
        QTest::newRow("2-16-16-1") << QList<int>{16, 16, 1} << 8 << "relu"
                                   << "identity" << QList<double>{-2, 2, -2, 2};
        QTest::newRow("2-32-32-1 of the bench") << QList<int>{32, 32, 1} << 1 << "relu"
                                                << "identity" << QList<double>{-2, 2, -2, 2};
    }

    void regionsMatchTheForwardPassOnAGrid() {
        QFETCH(QList<int>, widths);
        QFETCH(int, seed);
        QFETCH(QString, hidden);
        QFETCH(QString, output);
        QFETCH(QList<double>, box);
        const Network<double> net = randomNet(2, widths, std::uint64_t(seed),
                                              activationNamed(hidden), activationNamed(output));
        std::size_t seen = 0;
        checkAgainstGrid(net, boxOf(box), 800, seen);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(seen >= 1);
        // The small nets' regions are all large enough for the grid to find each one.
        if (widths.size() <= 3 && widths.first() <= 4)
            QCOMPARE(linearRegions(net, boxOf(box)[0], boxOf(box)[1]).size(), seen);
    }

    // One relu layer of n lines in general position through the box: each line adds one region
    // plus one per line it crosses inside the box, so the count is 1 + n + crossings.
    void arrangementOfLinesCountsInClosedForm_data() {
        QTest::addColumn<int>("lines");
        QTest::addColumn<int>("seed");
        for (int lines : {1, 2, 3, 5, 8, 13, 20, 40})
            QTest::addRow("%d lines", lines) << lines << lines * 7 + 1;
    }

    void arrangementOfLinesCountsInClosedForm() {
        QFETCH(int, lines);
        QFETCH(int, seed);
        const Box box{{{-1.0, 3.0}, {0.5, 2.0}}};
        arma::arma_rng::set_seed(std::uint64_t(seed));
        const arma::vec through = arma::randu(2 * lines);
        const arma::vec angle = arma::randu(lines) * 2 * std::numbers::pi;
        const arma::vec size = 0.2 + 3 * arma::randu(lines);
        std::vector<double> values(3 * std::size_t(lines) + lines + 1, 1.0);
        arma::mat w(lines, 2);
        arma::vec b(lines);
        for (int j = 0; j < lines; ++j) {
            const double px = box[0][0] + through[2 * j] * (box[0][1] - box[0][0]);
            const double py = box[1][0] + through[2 * j + 1] * (box[1][1] - box[1][0]);
            w(j, 0) = size[j] * std::cos(angle[j]);
            w(j, 1) = size[j] * std::sin(angle[j]);
            b[j] = -(w(j, 0) * px + w(j, 1) * py);
            values[2 * j] = w(j, 0);
            values[2 * j + 1] = w(j, 1);
            values[2 * lines + j] = b[j];
        }
        int crossings = 0;
        for (int i = 0; i < lines; ++i)
            for (int j = i + 1; j < lines; ++j) {
                const arma::mat22 a{{w(i, 0), w(i, 1)}, {w(j, 0), w(j, 1)}};
                const arma::vec p = arma::solve(a, arma::vec{-b[i], -b[j]});
                crossings +=
                    p[0] > box[0][0] && p[0] < box[0][1] && p[1] > box[1][0] && p[1] < box[1][1];
            }
        const Network<double> net =
            handNet(2, {{lines, Activation::relu()}, {1, Activation::identity()}}, values);
        QCOMPARE(linearRegionCount(net, box[0], box[1]), std::size_t(1 + lines + crossings));
        std::size_t seen = 0;
        checkAgainstGrid(net, box, 400, seen);
    }

    // k lines through one point make 2k regions, not 1 + k + k(k-1)/2.
    void concurrentLines() {
        for (int k : {3, 4}) {
            std::vector<double> values;
            for (int j = 0; j < k; ++j) {
                const double angle = 0.3 + std::numbers::pi * j / k;
                values.push_back(std::cos(angle));
                values.push_back(std::sin(angle));
            }
            for (int j = 0; j < k; ++j) // through (0.2, -0.1)
                values.push_back(-(values[2 * j] * 0.2 - values[2 * j + 1] * 0.1));
            values.insert(values.end(), std::size_t(k) + 1, 1.0);
            const Network<double> net =
                handNet(2, {{k, Activation::relu()}, {1, Activation::identity()}}, values);
            QCOMPARE(linearRegionCount(net, {-1, 1}, {-1, 1}), std::size_t(2 * k));
        }
    }

    void parallelLines() {
        const Network<double> net = handNet( // x = -0.5 and x = 0.5
            2, {{2, Activation::relu()}, {1, Activation::identity()}},
            {1, 0, 1, 0, 0.5, -0.5, 1, 1, 0});
        const std::vector<LinearRegion> regions = linearRegions(net, {-1, 1}, {-1, 1});
        QCOMPARE(regions.size(), std::size_t(3));
        std::vector<double> areas;
        for (const LinearRegion& region : regions)
            areas.push_back(area(region.polygon));
        std::sort(areas.begin(), areas.end());
        QVERIFY(std::abs(areas[0] - 1) < 1e-12 && std::abs(areas[1] - 1) < 1e-12 &&
                std::abs(areas[2] - 2) < 1e-12);
    }

    // Two units on one line (either orientation) cut the box once.
    void coincidentLines_data() {
        QTest::addColumn<double>("factor");
        QTest::newRow("same side") << 2.0;
        QTest::newRow("opposite sides") << -3.0;
    }

    void coincidentLines() {
        QFETCH(double, factor);
        const double f = factor;
        const Network<double> net =
            handNet(2, {{2, Activation::relu()}, {1, Activation::identity()}},
                    {1, 1, f, f, 0.1, 0.1 * f, 1, 1, 0});
        const std::vector<LinearRegion> regions = linearRegions(net, {-1, 1}, {-1, 1});
        QCOMPARE(regions.size(), std::size_t(2));
        std::set<std::uint64_t> patterns;
        for (const LinearRegion& region : regions)
            patterns.insert(packed(region.pattern));
        const std::set<std::uint64_t> expected =
            f > 0 ? std::set<std::uint64_t>{0b00, 0b11} : std::set<std::uint64_t>{0b01, 0b10};
        QCOMPARE(patterns, expected);
        std::size_t seen = 0;
        checkAgainstGrid(net, {{{-1, 1}, {-1, 1}}}, 300, seen);
        QCOMPARE(seen, std::size_t(2));
    }

    // Units that never cut: a line outside the box, a dead unit, zero weights with b > 0 and 0.
    void unitsThatDoNotCut() {
        const Network<double> net =
            handNet(2, {{4, Activation::relu()}, {1, Activation::identity()}},
                    {1, 0, 0, 0, 0, 0, 0, 0, /* b */ -5, -1, 2, 0, /* out */ 1, 1, 1, 1, 0});
        const std::vector<LinearRegion> regions = linearRegions(net, {-1, 1}, {-1, 1});
        QCOMPARE(regions.size(), std::size_t(1));
        QCOMPARE(regions[0].pattern, (std::vector<std::uint8_t>{0, 0, 1, 0}));
        QCOMPARE(regions[0].polygon, (std::vector<Point>{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}));
    }

    void lineThroughCorners() {
        // The diagonal y = x through two corners: two triangles.
        const Network<double> diagonal =
            handNet(2, {{1, Activation::relu()}, {1, Activation::identity()}}, {1, -1, 0, 1, 0});
        const std::vector<LinearRegion> halves = linearRegions(diagonal, {-1, 1}, {-1, 1});
        QCOMPARE(halves.size(), std::size_t(2));
        for (const LinearRegion& half : halves) {
            QCOMPARE(half.polygon.size(), std::size_t(3));
            QVERIFY(std::abs(area(half.polygon) - 2) < 1e-12);
        }
        // x + y = -2 touches the box at one corner only.
        const Network<double> corner =
            handNet(2, {{1, Activation::relu()}, {1, Activation::identity()}}, {1, 1, 2, 1, 0});
        const std::vector<LinearRegion> whole = linearRegions(corner, {-1, 1}, {-1, 1});
        QCOMPARE(whole.size(), std::size_t(1));
        QCOMPARE(whole[0].pattern, std::vector<std::uint8_t>{1});
    }

    // An identity hidden layer does not cut and has no pattern entries; here the relu layer
    // after it cuts at x = 0 and y = 0 (u = (2x + y + 1, y), then -0.5 u0 + 0.5 u1 + 0.5 = -x).
    void identityHiddenLayer() {
        const Network<double> net = handNet(
            2, {{2, Activation::identity()}, {2, Activation::relu()}, {1, Activation::identity()}},
            {2, 1, 0, 1, /* b */ 1, 0, /* relu */ -0.5, 0.5, 0, 1, /* b */ 0.5, 0, 1, 1, 0});
        const std::vector<LinearRegion> regions = linearRegions(net, {-1, 1}, {-1, 1});
        QCOMPARE(regions.size(), std::size_t(4));
        for (const LinearRegion& region : regions)
            QCOMPARE(region.pattern.size(), std::size_t(2));
    }

    // relu(relu(x) + relu(y) - 0.5): the output's own line cuts three of the four quadrants.
    void reluOutputLayer() {
        const Network<double> net = handNet(2, {{2, Activation::relu()}, {1, Activation::relu()}},
                                            {1, 0, 0, 1, 0, 0, 1, 1, -0.5});
        std::size_t seen = 0;
        checkAgainstGrid(net, {{{-1, 1}, {-1, 1}}}, 400, seen);
        QCOMPARE(linearRegionCount(net, {-1, 1}, {-1, 1}), std::size_t(7));
        QCOMPARE(seen, std::size_t(7));
    }

    void refusals() {
        const Network<double> twenty = randomNet(2, {20, 1}, 9);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, linearRegions(twenty, {-3, 3}, {-3, 3}, 5));
        try {
            linearRegionCount(twenty, {-3, 3}, {-3, 3}, 5);
            QFAIL("no error");
        } catch (const InvalidInput& error) {
            QVERIFY2(std::string(error.what()).find("more than 5 linear regions") !=
                         std::string::npos,
                     error.what());
        }
        const Network<double> three = randomNet(3, {4, 1}, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, linearRegions(three, {0, 1}, {0, 1}));
        const Network<double> one = randomNet(1, {4, 1}, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, linearRegions(one, {0, 1}, {0, 1}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, networkBreakpoints(twenty, 0, 1));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, linearRegions(twenty, {1, 1}, {0, 1}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, linearRegions(twenty, {0, 1}, {0, NAN}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, networkBreakpoints(one, 2, 1));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, networkBreakpoints(one, -INFINITY, 1));
    }

    void smoothActivationsAreNamed_data() {
        QTest::addColumn<int>("inputs");
        QTest::addColumn<QList<QString>>("activations");
        QTest::addColumn<QString>("message");
        for (int inputs : {1, 2}) {
            QTest::addRow("hidden 2, %d inputs", inputs)
                << inputs << QList<QString>{"relu", "tanh", "identity"} << "hidden 2 is tanh";
            QTest::addRow("hidden 1, %d inputs", inputs)
                << inputs << QList<QString>{"softplus", "relu", "identity"}
                << "hidden 1 is softplus";
            QTest::addRow("output, %d inputs", inputs)
                << inputs << QList<QString>{"leaky_relu", "sigmoid"} << "output is sigmoid";
        }
    }

    void smoothActivationsAreNamed() {
        QFETCH(int, inputs);
        QFETCH(QList<QString>, activations);
        QFETCH(QString, message);
        Architecture architecture{inputs, {}};
        for (const QString& name : activations)
            architecture.layers.push_back({3, activationNamed(name)});
        Network<double> net(architecture);
        initializeNetwork(net, {}, 1);
        try {
            if (inputs == 1)
                networkBreakpoints(net, -1, 1);
            else
                linearRegions(net, {-1, 1}, {-1, 1});
            QFAIL("no error");
        } catch (const InvalidInput& error) {
            QCOMPARE(QString::fromStdString(error.what()),
                     QStringLiteral("linear regions need piecewise linear activations: ") +
                         message);
        }
    }

    void breakpointsMatchAScan_data() {
        QTest::addColumn<QList<int>>("widths");
        QTest::addColumn<int>("seed");
        QTest::addColumn<QString>("hidden");
        QTest::addColumn<QString>("output");
        QTest::newRow("1-8-1") << QList<int>{8, 1} << 1 << "relu"
                               << "identity";
        QTest::newRow("1-10-10-1") << QList<int>{10, 10, 1} << 2 << "relu"
                                   << "identity";
        QTest::newRow("1-6-6-6-2") << QList<int>{6, 6, 6, 2} << 3 << "relu"
                                   << "identity";
        QTest::newRow("leaky 1-8-8-1") << QList<int>{8, 8, 1} << 4 << "leaky_relu"
                                       << "identity";
        QTest::newRow("relu output 1-6-3") << QList<int>{6, 3} << 5 << "relu"
                                           << "relu";
        QTest::newRow("identity hidden 1-5-5-1") << QList<int>{5, 5, 1} << 6 << "identity"
                                                 << "relu";
    }

    // Every kink a dense scan sees is within two grid steps of a breakpoint and vice versa, and
    // the function is the line between consecutive breakpoints everywhere on the grid.
    void breakpointsMatchAScan() {
        QFETCH(QList<int>, widths);
        QFETCH(int, seed);
        QFETCH(QString, hidden);
        QFETCH(QString, output);
        const Network<double> net = randomNet(1, widths, std::uint64_t(seed),
                                              activationNamed(hidden), activationNamed(output));
        const double low = -3, high = 3;
        const int n = 200'000;
        const double h = (high - low) / n;
        const std::vector<double> breakpoints = networkBreakpoints(net, low, high);
        QVERIFY(std::is_sorted(breakpoints.begin(), breakpoints.end()));
        QVERIFY(breakpoints.empty() || (breakpoints.front() > low && breakpoints.back() < high));
        const std::vector<double> kinks = scannedKinks(net, low, high, n);
        if (hidden != QLatin1String("identity"))
            QVERIFY(kinks.size() >= 3);
        for (double kink : kinks)
            QVERIFY2(distanceToNearest(breakpoints, kink) <= 2 * h,
                     qPrintable(QStringLiteral("a kink at %1 that is no breakpoint").arg(kink)));
        for (double breakpoint : breakpoints)
            QVERIFY2(
                distanceToNearest(kinks, breakpoint) <= 2 * h,
                qPrintable(
                    QStringLiteral("a breakpoint at %1 the scan does not see").arg(breakpoint)));

        std::vector<double> knots{low};
        knots.insert(knots.end(), breakpoints.begin(), breakpoints.end());
        knots.push_back(high);
        const arma::mat atKnots = net.predict(arma::mat(arma::vec(knots)));
        const arma::vec x = arma::linspace(low, high, 20'001);
        const arma::mat y = net.predict(arma::mat(x));
        const double tolerance = 1e-10 * std::max(1.0, arma::abs(y).max());
        double worst = 0.0;
        for (arma::uword i = 0; i < x.n_elem; ++i) {
            const std::size_t k = std::min<std::size_t>(
                knots.size() - 2,
                std::size_t(std::upper_bound(knots.begin(), knots.end(), x[i]) - knots.begin()) -
                    1);
            const double t = (x[i] - knots[k]) / (knots[k + 1] - knots[k]);
            const arma::rowvec line = (1 - t) * atKnots.row(k) + t * atKnots.row(k + 1);
            worst = std::max(worst, arma::abs(line - y.row(i)).max());
        }
        QVERIFY2(worst <= tolerance, qPrintable(QStringLiteral("off the pieces by %1").arg(worst)));
    }

    // One relu layer into a linear output: the breakpoints are the elbows -b/w in the interval.
    void firstLayerBreakpointsAreTheElbows() {
        for (std::uint64_t seed : {1, 2, 3}) {
            const Network<double> net = randomNet(1, {12, 1}, seed);
            const arma::vec w = net.weightTransposed(0).row(0).t();
            const arma::vec b = net.bias(0);
            std::vector<double> elbows;
            for (arma::uword j = 0; j < w.n_elem; ++j)
                if (-b[j] / w[j] > -0.8 && -b[j] / w[j] < 0.9)
                    elbows.push_back(-b[j] / w[j]);
            std::sort(elbows.begin(), elbows.end());
            QVERIFY(elbows.size() >= 2);
            const std::vector<double> breakpoints = networkBreakpoints(net, -0.8, 0.9);
            QCOMPARE(breakpoints.size(), elbows.size());
            for (std::size_t i = 0; i < elbows.size(); ++i)
                QVERIFY(std::abs(breakpoints[i] - elbows[i]) <= 1e-12);
        }
    }

    // u1 = relu(x), u2 = relu(x - 0.5), v = relu(0.25 - u1 - u2): v is dead from x = 0.25 on, so
    // u2's elbow at 0.5 does not reach the output; u1's at 0 and v's own at 0.25 do.
    void deadDownstreamUnitHidesAKink() {
        const Network<double> net = handNet(
            1, {{2, Activation::relu()}, {1, Activation::relu()}, {1, Activation::identity()}},
            {1, 1, 0, -0.5, -1, -1, 0.25, 2, 0});
        const std::vector<double> breakpoints = networkBreakpoints(net, -1, 1);
        QCOMPARE(breakpoints.size(), std::size_t(2));
        QVERIFY(std::abs(breakpoints[0]) < 1e-15 && std::abs(breakpoints[1] - 0.25) < 1e-15);
        QCOMPARE(scannedKinks(net, -1, 1, 10'000).size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestLinearRegions)
#include "tst_linearregions.moc"
