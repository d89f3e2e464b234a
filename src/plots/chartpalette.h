#pragma once

#include <QColor>

#include <array>

namespace relulab {

// The colours of series and classes, one list for lines, points and heatmaps.
inline constexpr std::array<QRgb, 10> chartPalette{0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e,
                                                   0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                                   0xbcbd22, 0x17becf};

inline QColor paletteColour(int index) {
    return QColor::fromRgb(chartPalette[std::size_t(index < 0 ? 0 : index) % chartPalette.size()]);
}

} // namespace relulab
