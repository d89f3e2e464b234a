#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace relulab {

struct RunSpec;

// Most snapshots one run keeps: every one lives in memory while the run trains and in the
// notebook after, so a snapshot every step of a long run is refused before it allocates.
inline constexpr long maxSnapshotsPerRun = 100'000;

// Snapshots a run of `steps` takes every `every` steps (and at step 1), without listing them.
long snapshotCount(long steps, long every);

// What a run holds in memory, sized before it starts from its network, data and settings.
struct MemoryPlan {
    long snapshots = 0;
    double snapshotBytes = 0; // the snapshot series, kept for the whole run
    double dataBytes = 0;     // the run's float32 copy of its data set
    double workingBytes = 0;  // forward passes over the batch and the training and test sets

    double keptBytes() const { return snapshotBytes + dataBytes; }
    double totalBytes() const { return keptBytes() + workingBytes; }
};

MemoryPlan planMemory(const RunSpec& spec);

// The most memory runs started together may plan: half of this machine's memory.
double memoryLimitBytes();

// "1.5 GB", "312 MB", "4 kB".
std::string byteText(double bytes);

// Throws InvalidInput (about the snapshots or the data set, whichever is larger) when runs
// that train `concurrent` at a time would plan more than `limit` bytes: every run's snapshots
// and data, plus the working arrays of the largest `concurrent` runs.
void checkMemory(const std::vector<const RunSpec*>& runs, std::size_t concurrent,
                 double limit = memoryLimitBytes());

} // namespace relulab
