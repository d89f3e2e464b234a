#include "cli/commandline.h"
#include "cli/commands.h"
#include "core/error.h"
#include "document/casefile.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

namespace relulab::cli {

int evaluateCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reads a case file (network, loss, parameters in state_dict order, x, y, and optionally\n"
        "full_batch_training), computes the output, loss, loss gradients, dead units, per-layer\n"
        "gradient norms, per-sample Jacobian and its singular values, the optimizer\n"
        "trajectory, and with regions_box the exact linear regions in that box (breakpoints\n"
        "for 1 input, polygons for 2), and prints them as JSON under the case format's field\n"
        "names."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("CASE.json"), QStringLiteral("the case file"));
    const QCommandLineOption dtypeOption(QStringLiteral("dtype"),
                                         QStringLiteral("float64 (default) or float32"),
                                         QStringLiteral("dtype"), QStringLiteral("float64"));
    const QCommandLineOption compactOption(QStringLiteral("compact"),
                                           QStringLiteral("print the JSON on one line"));
    parser.addOption(dtypeOption);
    parser.addOption(compactOption);

    QTextStream err(stderr);
    if (const auto exitCode = parseOrExit(parser, "evaluate", arguments))
        return *exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        err << "relulab evaluate: expected one case file, got " << files.size() << "\n";
        return exitBadInput;
    }
    const QString dtype = parser.value(dtypeOption);
    if (dtype != QLatin1String("float64") && dtype != QLatin1String("float32")) {
        err << "relulab evaluate: --dtype must be float64 or float32, got '" << dtype << "'\n";
        return exitBadInput;
    }
    const Precision precision =
        dtype == QLatin1String("float32") ? Precision::Float32 : Precision::Float64;

    const QString& path = files.first();
    try {
        const EvaluationCase input = readEvaluationCase(path);
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
        err << "relulab evaluate: " << path << ": " << error.what() << "\n";
        return exitBadInput;
    } catch (const std::exception& error) {
        err << "relulab evaluate: " << path << ": " << error.what() << "\n";
        return exitFailure;
    }
}

} // namespace relulab::cli
