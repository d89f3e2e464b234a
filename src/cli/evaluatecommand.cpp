#include "cli/commandline.h"
#include "cli/commands.h"
#include "core/error.h"
#include "document/casefile.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <exception>

namespace relulab::cli {

int evaluateCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reads a case file (network, loss, parameters in state_dict order, x, y, and optionally\n"
        "full_batch_training), computes the output, loss, loss gradients, dead units, per-layer\n"
        "gradient norms, per-sample Jacobian and its singular values, and the optimizer\n"
        "trajectory, and prints them as JSON under the case format's field names."));
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
        QTextStream(stdout) << document.toJson(
            parser.isSet(compactOption) ? QJsonDocument::Compact : QJsonDocument::Indented);
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
