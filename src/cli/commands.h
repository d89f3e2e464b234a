#pragma once

#include <QStringList>

namespace relulab::cli {

// Each subcommand gets its own arguments (after the subcommand's name).
int evaluateCommand(const QStringList& arguments);
int benchCommand(const QStringList& arguments);

} // namespace relulab::cli
