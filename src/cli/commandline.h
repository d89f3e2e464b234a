#pragma once

#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace relulab::cli {

// Exit codes of every subcommand.
inline constexpr int exitOk = 0;
inline constexpr int exitFailure = 1;  // the work itself failed
inline constexpr int exitBadInput = 2; // bad arguments or input files

// True when `arguments` (without the program name) name a subcommand, which then runs
// without a window; false for none, a notebook file, or the window's --screenshots.
bool isSubcommand(const QStringList& arguments);

// Runs the subcommand in arguments[0]; returns the process exit code.
int runSubcommand(const QStringList& arguments);

QString usage();

// Parses a subcommand's arguments with its parser. Returns the exit code when the command should
// stop here: bad arguments (after saying so on stderr) or --help (after printing it).
std::optional<int> parseOrExit(QCommandLineParser& parser, const char* command,
                               const QStringList& arguments);

} // namespace relulab::cli
