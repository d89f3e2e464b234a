#pragma once

#include "document/experiment.h"

#include <map>
#include <string>

namespace relulab {

// The settings that change nothing for `settings` as they are, each with the reason: the data
// set fields its kind does not use (from datasetKinds), the batch size under full_batch, Adam's
// betas under SGD, and so on. The editor disables them with the reason as their tooltip.
std::map<SettingField, std::string> unusedSettings(const ExperimentSettings& settings);

} // namespace relulab
