#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/storedsnapshot.h"
#include "core/error.h"
#include "document/casefile.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

namespace relulab::cli {

namespace {

// An SQLite database, so a notebook: evaluate reads one only with --experiment.
bool looksLikeNotebook(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(16) == QByteArray("SQLite format 3", 16);
}

} // namespace

int evaluateCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reads a case file (network, loss, parameters in state_dict order, x, y, and optionally\n"
        "full_batch_training), computes the output, loss, loss gradients, dead units, per-layer\n"
        "gradient norms, per-sample Jacobian and its singular values, the optimizer\n"
        "trajectory, and with regions_box the exact linear regions in that box (breakpoints\n"
        "for 1 input, polygons for 2), and prints them as JSON under the case format's field\n"
        "names.\n\n"
        "With --experiment, FILE is a notebook instead, and the case is a snapshot of one of that\n"
        "experiment's stored runs (--run, --snapshot) on its training set, generated again as\n"
        "the run generated it; the notebook is only read. `relulab export NOTEBOOK OUT.json\n"
        "--experiment NAME --case` writes the same case as a file."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("the case file (a notebook with --experiment)"));
    const QCommandLineOption dtypeOption(QStringLiteral("dtype"),
                                         QStringLiteral("float64 (default) or float32"),
                                         QStringLiteral("dtype"), QStringLiteral("float64"));
    const QCommandLineOption compactOption(QStringLiteral("compact"),
                                           QStringLiteral("print the JSON on one line"));
    const QCommandLineOption experimentOption(
        QStringLiteral("experiment"),
        QStringLiteral("FILE is a notebook: evaluate a run of this experiment"),
        QStringLiteral("NAME"));
    const QCommandLineOption runChoice = runOption();
    const QCommandLineOption snapshotChoice = snapshotOption();
    parser.addOption(dtypeOption);
    parser.addOption(compactOption);
    parser.addOption(experimentOption);
    parser.addOption(runChoice);
    parser.addOption(snapshotChoice);

    QTextStream err(stderr);
    if (const auto exitCode = parseOrExit(parser, "evaluate", arguments))
        return *exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        err << "relulab evaluate: expected one case file or notebook, got " << files.size() << "\n";
        return exitBadInput;
    }
    const QString dtype = parser.value(dtypeOption);
    if (dtype != QLatin1String("float64") && dtype != QLatin1String("float32")) {
        err << "relulab evaluate: --dtype must be float64 or float32, got '" << dtype << "'\n";
        return exitBadInput;
    }
    const Precision precision =
        dtype == QLatin1String("float32") ? Precision::Float32 : Precision::Float64;
    const bool stored = parser.isSet(experimentOption);
    if (!stored && (parser.isSet(runChoice) || parser.isSet(snapshotChoice))) {
        err << "relulab evaluate: --run and --snapshot choose a stored run: they need "
               "--experiment NAME and a notebook\n";
        return exitBadInput;
    }

    const QString& path = files.first();
    if (!stored && looksLikeNotebook(path)) {
        err << "relulab evaluate: " << path
            << ": is a notebook; name the experiment to evaluate with --experiment NAME "
               "(relulab info lists them)\n";
        return exitBadInput;
    }
    try {
        const EvaluationCase input = stored ? readSnapshotCase(path, parser.value(experimentOption),
                                                               optionValue(parser, runChoice),
                                                               optionValue(parser, snapshotChoice))
                                                  .input
                                            : readEvaluationCase(path);
        const EvaluationResult result = evaluateCase(input, precision);
        const QJsonDocument document(evaluationResultToJson(input, result, precision));
        // The bytes go out as they are (a text stream would convert them to UTF-16 and back), and
        // a full disk behind a redirection is an error, not a silently short file.
        const QByteArray text = document.toJson(
            parser.isSet(compactOption) ? QJsonDocument::Compact : QJsonDocument::Indented);
        if (std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout) !=
                std::size_t(text.size()) ||
            std::fflush(stdout) != 0) {
            err << "relulab evaluate: cannot write the result to standard output: "
                << std::strerror(errno) << "\n";
            return exitFailure;
        }
        return exitOk;
    } catch (const InvalidInput& error) {
        // A notebook's errors name the file themselves (and the experiment, run and step).
        err << "relulab evaluate: " << (stored ? QString() : path + QStringLiteral(": "))
            << error.what() << "\n";
        return exitBadInput;
    } catch (const std::exception& error) {
        err << "relulab evaluate: " << path << ": " << error.what() << "\n";
        return exitFailure;
    }
}

} // namespace relulab::cli
