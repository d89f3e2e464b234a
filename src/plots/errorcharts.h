#pragma once

#include "document/experiment.h"
#include "plots/chart.h"

#include <string>
#include <vector>

namespace relulab {

// A run's train error (its last batch's loss, dotted, and the whole training set's, dashed)
// and test error against iterations, a colour each.
Chart errorsChart(const SnapshotSeries& s);

// Train (dashed: the whole training set's error, or the batch loss for runs of older notebooks)
// and test error against steps for several runs, one colour each; a run alone has its batch
// loss dotted as well. Past
// `namedRunsAtMost` runs a legend would be a wall of names: the runs are drawn faint and
// unnamed, the `highlighted` one (an index into `runs`; -1 for none) on top in ink and named,
// and the note says so. The CSV names every run's columns either way.
inline constexpr std::size_t namedRunsAtMost = 6;
Chart errorsOverlay(const std::vector<const RunRecord*>& runs, const std::string& title,
                    int highlighted = -1);

} // namespace relulab
