#pragma once

#include <QString>

namespace relulab {

class MainWindow;

// Shows each chart panel of the first experiment that has runs (its first run) and the compare
// view, waits for its charts, and saves a picture of the whole window for each into `folder`
// (01-fit.png, ...). Then quits the application with 0, or 1 naming what failed.
void takeScreenshots(MainWindow& window, const QString& folder);

} // namespace relulab
