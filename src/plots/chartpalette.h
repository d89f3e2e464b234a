#pragma once

#include "plots/chart.h"

#include <QColor>

#include <algorithm>
#include <array>
#include <cmath>

namespace relulab {

// The colours of series and classes, one list for lines, points and heatmaps.
inline constexpr std::array<QRgb, 10> chartPalette{0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e,
                                                   0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                                   0xbcbd22, 0x17becf};

inline QColor paletteColour(int index) {
    return QColor::fromRgb(chartPalette[std::size_t(index < 0 ? 0 : index) % chartPalette.size()]);
}

// A colour scale for many alike series (units): viridis, its yellow end darkened to show on
// white.
inline QColor scaleColour(double t) {
    constexpr std::array<QRgb, 5> anchors{0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xc9b517};
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * double(anchors.size() - 1);
    const std::size_t low = std::min(std::size_t(t), anchors.size() - 2);
    const double f = t - double(low);
    const QColor a = QColor::fromRgb(anchors[low]), b = QColor::fromRgb(anchors[low + 1]);
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

// A series' colour: its scale's, ink, its palette colour, or the palette's next (`next`
// counts those, in the order of the chart's series).
inline QColor seriesColour(const Series& s, int& next) {
    if (std::isfinite(s.scale))
        return scaleColour(s.scale);
    if (s.colour == inkColour)
        return Qt::black;
    return paletteColour(s.colour >= 0 ? s.colour : next++);
}

} // namespace relulab
