#pragma once
// What the window tests share: waiting for training and charts, finding a chart on the visible
// tab, telling a drawn chart from a blank one, and what counts as a blocked GUI thread.
#include "ui/chartspanel.h"
#include "ui/chartview.h"
#include "ui/mainwindow.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTest>
#include <QTimer>

#include <algorithm>

#include <string>

namespace relulab::windowdriving {

inline constexpr int trainingTimeoutMs = 120'000;

// An event-loop gap that means a blocked GUI thread, not a slow one. The 50 ms goal is measured
// by the bench. Under AddressSanitizer with the sanitized suite's other tests beside it, gaps of
// 930 ms were seen (the GUI thread also commits the live runs' snapshots to SQLite).
#ifdef __SANITIZE_ADDRESS__
inline constexpr qint64 blockedGuiMs = 2000;
#else
inline constexpr qint64 blockedGuiMs = 500;
#endif

inline void waitForCharts(MainWindow& window) {
    QTRY_VERIFY_WITH_TIMEOUT(!window.charts()->isComputing(), 30'000);
}

inline const ChartView* visibleChart(MainWindow& window, const std::string& id) {
    for (const ChartView* view : window.charts()->visibleCharts())
        if (view->chartData().id == id)
            return view;
    return nullptr;
}

// Pixels that are not the white page: axes, labels and data.
inline int drawnPixels(const QImage& image) {
    int drawn = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            drawn += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
    return drawn;
}

// The longest the event loop went without running a 5 ms timer over `milliseconds` of waiting.
inline qint64 longestEventLoopGap(int milliseconds) {
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, longest = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longest = std::max(longest, clock.elapsed() - last);
        last = clock.elapsed();
    });
    tick.start();
    QTest::qWait(milliseconds);
    return longest;
}

} // namespace relulab::windowdriving
