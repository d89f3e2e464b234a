#pragma once

#include <string>

namespace relulab::cli {

// The hands-on goals, the slowest of the seeds' nets, best of a few tries each. The preview
// before training: the 0-step run and one panel's charts, as the window computes the visible
// tab after an edit (goal: 50 ms). One step of a drag in the Fit chart: the elbow moved, the
// 0-step run, the Fit panel's charts with their handles, and the fit drawn by Qt Charts at a
// panel's size (goal: 16 ms). Needs a QApplication.
struct HandsOnTimes {
    double previewMs = 1e300;
    std::string previewCase; // "relu-sum / 64 units, Adam: Gradients"
    double dragMs = 1e300;
    std::string dragCase;
};

HandsOnTimes measureHandsOn();

} // namespace relulab::cli
