#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace relulab {

// What a chart shows, apart from how it is drawn: the headless renderer and the app's Qt Charts
// panels draw the same Chart, and its CSV export is these numbers.
// Segments: x and y hold the ends of separate line pieces in pairs (a contour, region outlines).
// Rings: hollow black circles around points (the misclassified ones).
// Band: the area between y and yUpper (a distribution's percentiles), pale.
enum class SeriesStyle { Line, Dashed, Dotted, Points, Markers, Bars, Segments, Rings, Band };

inline constexpr int nextColour = -1; // the palette's next colour
inline constexpr int inkColour = -2;  // black, for the one curve that the others add up to

struct Series {
    std::string name;
    SeriesStyle style = SeriesStyle::Line;
    std::vector<double> x;
    std::vector<double> y;
    bool setsRange = true;   // false: drawn but not scaled to (a unit's piece may dwarf the fit)
    bool inLegend = true;    // false for the many similar curves (unit pieces) after the first
    int colour = nextColour; // palette index, to give related series one colour
    bool faint = false;      // one of many alike: thin and pale, under the others
    double markerSize = 0.0; // Points, Markers: pixels; 0: the style's own
    // When finite (0 .. 1): the colour of the chart's colour scale there instead of a palette
    // colour (a unit's piece and elbow among many units).
    double scale = NAN;
    std::vector<double> yUpper = {}; // Band: the upper edge at each x
    // Bars: each bar's width in x units; 0: 0.7 of the unit an index axis gives each. Set, the
    // bars are intervals (a histogram's bins) and the CSV names their ends.
    double barWidth = 0.0;
    double barOffset = 0.0; // Bars: shift from x, for sets of bars side by side
    // Points, Markers on a log axis: drawn at its foot, whatever y holds (a gradient of exactly
    // 0, which the axis cannot show, marked where it is rather than left out).
    bool onLogFloor = false;
};

// The series that take the palette's next colour, in the order of a chart's series.
inline bool takesNextColour(const Series& s) {
    return s.colour == nextColour && !std::isfinite(s.scale);
}

// How a value axis is divided: any numbers, counts (whole-number ticks) or indices (whole-number
// ticks and half a unit of air each side, so that markers on the first and last show whole).
enum class AxisScale { Continuous, Count, Index };

// Cells over a box of the plane: columns x rows of them, cell (i, j) centred at
// x = xLow + (i + 0.5) * (xHigh - xLow) / columns, y likewise from yLow.
struct Grid {
    std::size_t columns = 0;
    std::size_t rows = 0;
    double xLow = 0.0, xHigh = 1.0, yLow = 0.0, yHigh = 1.0;
    std::size_t cells() const { return columns * rows; }
    double x(std::size_t column) const {
        return xLow + (double(column) + 0.5) * (xHigh - xLow) / double(columns);
    }
    double y(std::size_t row) const {
        return yLow + (double(row) + 0.5) * (yHigh - yLow) / double(rows);
    }
};

// A value per cell of the chart's grid, drawn as colour: from lowColour at `low` through white
// at `middle` to highColour at `high`. With `classes` (a winning class per cell) the cell takes
// its class's colour instead, shaded from white at `low` to full at `high` (a confidence).
struct Heatmap {
    std::string name;           // the CSV column: "P(class 1)", "hidden 1 unit 3"
    std::string group = {};     // tiles of one group share a block ("hidden 1")
    std::vector<double> values; // grid.rows rows of grid.columns, the first at yLow
    std::vector<int> classes = {};
    std::string classesColumn = {}; // the CSV column of `classes`; none when they are colours only
    double low = 0.0, middle = 0.5, high = 1.0;
    int lowColour = 0, highColour = 1; // palette indices
    bool showValues = false;           // each cell's value written in it (a confusion matrix)
    // Cells exactly 0 (or NaN) in grey, apart from the white of values near 0 (a dead unit's
    // gradients).
    bool zeroApart = false;
};

// A point of a chart the user drags to edit the net it shows (hand-building a 1-D net before
// training): a first-layer unit's elbow, moved along x, or a point of its piece, moved up and
// down. `low` .. `high` bound the moved coordinate.
struct DragHandle {
    enum class Kind { Elbow, Piece };
    Kind kind = Kind::Elbow;
    std::size_t unit = 0;
    double x = 0.0, y = 0.0;
    double low = -INFINITY, high = INFINITY;
    bool operator==(const DragHandle&) const = default;
    bool sameTarget(const DragHandle& other) const {
        return kind == other.kind && unit == other.unit;
    }
};

struct Chart {
    std::string id; // file name stem: "fit", "errors", ...
    std::string title;
    std::string xLabel;
    std::string yLabel;
    bool logY = false;
    std::vector<Series> series;
    std::string note = {}; // a line under the title: what the plot cannot show (0 on a log axis)
    AxisScale xScale = AxisScale::Continuous;
    AxisScale yScale = AxisScale::Continuous;
    std::vector<double> yCovers = {}; // values the y axis shows whatever the data (0 and n units)
    double yLow = NAN, yHigh = NAN;   // when finite: the y axis's exact range (0 .. 100%)
    double xLow = NAN, xHigh = NAN;   // likewise for x (a zoomed chart exported as shown)
    double xMarker = NAN;             // a vertical line there: a time series' shown snapshot
    // An Index axis's tick names, tick i reading names[i] ("hidden 1", ..., "output").
    std::vector<std::string> xNames = {};
    std::vector<std::string> yNames = {};
    // The colour scale's ends as a line under the title reads them ("unit 0", "unit 19");
    // empty when no series takes its colour from the scale. A chart of one heatmap shows that
    // heatmap's colours from low to high instead ("-3e-4", "3e-4").
    std::string scaleLow = {}, scaleHigh = {};
    bool yReversed = false; // the first row at the top (a confusion matrix)
    // A log y axis is drawn linear where the data spans less than a decade (it would label one
    // power of ten or none); charts about decades (gradient norms, a log scale the user asked
    // for) keep it, so that runs side by side read alike.
    bool logEvenIfNarrow = false;
    // Fields over `grid`: one is drawn under the series, on the axes; several are small
    // multiples, one tile each in rows of their groups, without axes.
    Grid grid = {};
    std::vector<Heatmap> heatmaps = {};
    // The layer a per-layer chart shows (maps, histograms, distributions, dy/dθ features):
    // `relulab run --out` writes one for each layer. None for a chart of the whole net.
    std::optional<std::size_t> layer = {};
    std::vector<DragHandle> handles = {}; // what the user may drag, in the axes' values
    bool tiled() const { return heatmaps.size() > 1; }
};

} // namespace relulab
