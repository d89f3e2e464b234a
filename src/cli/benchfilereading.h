#pragma once

#include <string>

namespace relulab::cli {

// Reading an experiment export as `relulab import` does, at two sizes, and Qt's JSON parser
// alone on the larger one: whether the reading is linear in its input (the larger export has
// four times the runs, so a linear reader takes about 4x) and how far it is from the parser's
// floor. Taken in one call so that the ratios mean something on a noisy machine.
struct FileReadingTimes {
    int smallRuns = 0;
    int largeRuns = 0;
    double largeMegabytes = 0;
    double smallSeconds = 0;
    double largeSeconds = 0;
    double qtParseSeconds = 0; // QJsonDocument::fromJson on the larger file's bytes
    std::string error;         // empty when the measurement ran
};

FileReadingTimes measureFileReading(const std::string& temporaryFolder);

} // namespace relulab::cli
