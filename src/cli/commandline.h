#pragma once

#include "runner/accelerator.h"

#include <QCommandLineOption>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>

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

// --backend cpu|cuda|auto, with its default.
QCommandLineOption backendOption(const QString& defaultChoice);

// Where --backend's runs train: an accelerator, or null for the CPU (`note` says why when auto
// found no GPU).
struct BackendSelection {
    std::shared_ptr<Accelerator> accelerator;
    std::string note;
};
// Resolves --backend's value; an unknown name, or cuda without a usable GPU, is said on stderr
// and gives std::nullopt (the command then exits with exitBadInput).
std::optional<BackendSelection> selectBackend(const QString& value, const char* command);

} // namespace relulab::cli
