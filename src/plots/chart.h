#pragma once

#include <string>
#include <vector>

namespace relulab {

// What a chart shows, apart from how it is drawn: the headless renderer and the app's Qt Charts
// panels draw the same Chart, and its CSV export is these numbers.
enum class SeriesStyle { Line, Dashed, Dotted, Points, Markers, Bars };

struct Series {
    std::string name;
    SeriesStyle style = SeriesStyle::Line;
    std::vector<double> x;
    std::vector<double> y;
    bool setsRange = true; // false: drawn but not scaled to (a unit's piece may dwarf the fit)
    bool inLegend = true;  // false for the many similar curves (unit pieces) after the first
    int colour = -1;       // palette index, to give related series one colour; -1: the next one
};

struct Chart {
    std::string id; // file name stem: "fit", "errors", ...
    std::string title;
    std::string xLabel;
    std::string yLabel;
    bool logY = false;
    std::vector<Series> series;
};

} // namespace relulab
