#pragma once

#include <QStringList>

namespace relulab::cli {

// Each subcommand gets its own arguments (after the subcommand's name).
int evaluateCommand(const QStringList& arguments);
int benchCommand(const QStringList& arguments);
int newCommand(const QStringList& arguments);
int runCommand(const QStringList& arguments);
int infoCommand(const QStringList& arguments);
int exportCommand(const QStringList& arguments);
int importCommand(const QStringList& arguments);

} // namespace relulab::cli
