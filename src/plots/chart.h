#pragma once

#include <string>
#include <vector>

namespace relulab {

// What a chart shows, apart from how it is drawn: the headless renderer and the app's Qt Charts
// panels draw the same Chart, and its CSV export is these numbers.
enum class SeriesStyle { Line, Dashed, Dotted, Points, Markers, Bars };

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
};

// How a value axis is divided: any numbers, counts (whole-number ticks) or indices (whole-number
// ticks and half a unit of air each side, so that markers on the first and last show whole).
enum class AxisScale { Continuous, Count, Index };

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
};

} // namespace relulab
