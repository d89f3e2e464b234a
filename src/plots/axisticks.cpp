#include "plots/axisticks.h"

#include <cmath>
#include <cstdio>

namespace relulab {

double roundStep(double raw) {
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (raw <= m * magnitude * (1.0 + 1e-9))
            return m * magnitude;
    return 10.0 * magnitude;
}

std::string tickLabel(double value, double step) {
    const double multiple = std::round(value / step);
    if (multiple == 0.0)
        return "0";
    value = multiple * step;
    const int stepDecade = int(std::floor(std::log10(step) + 1e-9));
    char text[48];
    if (stepDecade >= 6 || stepDecade < -4) {
        const int valueDecade = int(std::floor(std::log10(std::abs(value)) + 1e-9));
        const int digits = std::max(1, valueDecade - stepDecade + 1);
        std::snprintf(text, sizeof text, "%.*e", digits - 1, value);
        // 1.0e-08 beside 9e-09 reads as another precision, and a longer first label is elided
        // at the axis's end: the mantissa's trailing zeros go.
        std::string label = text;
        const std::size_t exponent = label.find('e');
        std::size_t end = exponent;
        while (end > 0 && label[end - 1] == '0')
            --end;
        if (end > 0 && label[end - 1] == '.')
            --end;
        return label.erase(end, exponent - end);
    } else {
        std::snprintf(text, sizeof text, "%.*f", std::max(0, -stepDecade), value);
    }
    return text;
}

namespace {

std::vector<Tick> ticksAt(double low, double high, double step,
                          const std::vector<std::string>& names) {
    std::vector<Tick> ticks;
    const double first = std::ceil(low / step - 1e-9);
    const double last = std::floor(high / step + 1e-9);
    for (double n = first; n <= last; ++n) {
        const double value = n * step;
        if (names.empty())
            ticks.push_back({value, tickLabel(value, step)});
        else if (value >= 0.0 && value < double(names.size()))
            ticks.push_back({value, names[std::size_t(std::lround(value))]});
    }
    return ticks;
}

bool fits(const std::vector<Tick>& ticks, double pixelsPerStep, const TickRoom& room) {
    if (room.sharePadding >= 0.0) {
        const double share = room.pixels / double(ticks.size() + 1) - room.sharePadding;
        for (const Tick& tick : ticks)
            if (room.labelExtent(tick.label) > share)
                return false;
    }
    for (std::size_t i = 1; i < ticks.size(); ++i) {
        const double needed =
            0.5 * (room.labelExtent(ticks[i - 1].label) + room.labelExtent(ticks[i].label)) +
            room.gap;
        if (pixelsPerStep < needed)
            return false;
    }
    return true;
}

} // namespace

std::vector<Tick> niceTicks(double low, double high, const TickRoom& room) {
    if (!(high > low) || !std::isfinite(low) || !std::isfinite(high) || !(room.pixels > 0.0))
        return {};
    const double span = high - low;
    double step = roundStep(span / 20.0); // the finest worth trying
    if (room.wholeNumbers || !room.names.empty())
        step = std::max(step, 1.0);
    std::vector<Tick> previous;
    for (int tries = 0; tries < 64; ++tries) {
        std::vector<Tick> ticks = ticksAt(low, high, step, room.names);
        if (ticks.empty() && !previous.empty()) // a step past the range: one tick of the last
            return {previous[previous.size() / 2]};
        if (ticks.size() <= 1 || fits(ticks, room.pixels * step / span, room))
            return ticks;
        previous = std::move(ticks);
        step = roundStep(step * 1.5); // the next of 1, 2, 5, 10, ...
    }
    return {};
}

} // namespace relulab
