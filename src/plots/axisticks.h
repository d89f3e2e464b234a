#pragma once

#include <functional>
#include <string>
#include <vector>

namespace relulab {

// One tick of a value axis: where it is and what it reads.
struct Tick {
    double value = 0.0;
    std::string label;
};

// 1, 2 or 5 times a power of ten, the first at least `raw` (> 0).
double roundStep(double raw);

// A tick's label at a step: as many decimals as the step has, so that every label of an axis
// reads alike and a value that is zero to rounding (5.55e-17 at a step of 0.2) reads "0";
// exponents for very large or very small steps ("1.5e+06", "2e-05").
std::string tickLabel(double value, double step);

// How much room labels need along an axis, in pixels: a horizontal axis measures each label's
// width; a vertical one needs its line height between neighbours whatever the text.
struct TickRoom {
    double pixels = 0.0;                                   // the axis's length on screen
    std::function<double(const std::string&)> labelExtent; // along the axis
    double gap = 10.0;                                     // between neighbouring labels
    bool wholeNumbers = false;                             // counts and indices
    std::vector<std::string> names = {}; // an index axis's: tick i reads names[i] (layers)
    // Qt Charts elides each label of a category axis to an equal share of the axis, its length
    // over (ticks + 1) less this much padding; below 0, no such limit.
    double sharePadding = -1.0;
};

// Ticks at multiples of the finest round step whose labels fit along [low, high] without
// touching (and each within its share, where the room has one); at most one tick when even the
// coarsest step cannot fit two.
std::vector<Tick> niceTicks(double low, double high, const TickRoom& room);

} // namespace relulab
