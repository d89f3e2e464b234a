#include "cli/commandline.h"

#include "cli/commands.h"
#include "core/error.h"
#include "gpu/cudaaccelerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>

namespace relulab::cli {

namespace {

struct Subcommand {
    const char* name;
    const char* summary;
    int (*run)(const QStringList&);
};

constexpr Subcommand subcommands[] = {
    {"evaluate", "compute outputs, loss, gradients, Jacobian and SVD of a case or a stored run",
     &evaluateCommand},
    {"new", "create a notebook from a template", &newCommand},
    {"run", "train a notebook's experiments, store the runs and write their charts", &runCommand},
    {"info", "list a notebook's experiments and runs with their final errors", &infoCommand},
    {"export", "write one experiment (and its runs), or a run's snapshot as a case, to JSON",
     &exportCommand},
    {"import", "add an experiment from a JSON file to a notebook", &importCommand},
    {"bench", "time the homework workload, the notebook and the Jacobian SVD", &benchCommand},
};

} // namespace

QString usage() {
    QString text = QStringLiteral("usage: relulab [NOTEBOOK.relulab] [--screenshots DIR]\n"
                                  "       relulab SUBCOMMAND [ARGS...]\n\n"
                                  "Without a subcommand, relulab opens its window (on NOTEBOOK if "
                                  "given; --screenshots DIR\nwrites a picture of every chart panel "
                                  "there and quits).\n\n"
                                  "Subcommands:\n");
    for (const Subcommand& command : subcommands)
        text += QStringLiteral("  %1  %2\n")
                    .arg(QLatin1String(command.name), -10)
                    .arg(QLatin1String(command.summary));
    text += QStringLiteral("\n'relulab SUBCOMMAND --help' describes each one.\n");
    return text;
}

std::optional<int> parseOrExit(QCommandLineParser& parser, const char* command,
                               const QStringList& arguments) {
    const QString name = QStringLiteral("relulab ") + QLatin1String(command);
    if (!parser.parse(QStringList{name} + arguments)) {
        QTextStream(stderr) << name << ": " << parser.errorText() << "\n";
        return exitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // The parser names the program by argv[0]; a subcommand's usage names the subcommand.
        QString help = parser.helpText();
        const QString program = QCoreApplication::arguments().value(0);
        if (!program.isEmpty())
            help.replace(help.indexOf(program), program.size(), name);
        QTextStream(stdout) << help;
        return exitOk;
    }
    return std::nullopt;
}

QCommandLineOption backendOption(const QString& defaultChoice) {
    return QCommandLineOption(QStringLiteral("backend"),
                              QStringLiteral("where runs train: cpu, cuda or auto (the GPU when "
                                             "one is usable; default: %1)")
                                  .arg(defaultChoice),
                              QStringLiteral("NAME"), defaultChoice);
}

std::optional<BackendSelection> selectBackend(const QString& value, const char* command) {
    QTextStream err(stderr);
    const std::optional<BackendChoice> choice = backendChoiceFromName(value.toStdString());
    if (!choice) {
        err << "relulab " << command << ": --backend must be cpu, cuda or auto, got \"" << value
            << "\"\n";
        return std::nullopt;
    }
    BackendSelection selection;
    try {
        selection.accelerator = acceleratorFor(*choice, selection.note);
    } catch (const InvalidInput& error) {
        err << "relulab " << command << ": " << error.what() << "\n";
        return std::nullopt;
    }
    return selection;
}

bool isSubcommand(const QStringList& arguments) {
    if (arguments.isEmpty())
        return false;
    const QString& first = arguments.first();
    // A notebook to open, or the window's own option: the window.
    if (first.endsWith(QLatin1String(".relulab")) ||
        first.startsWith(QLatin1String("--screenshots")) || QFileInfo(first).isFile())
        return false;
    return true;
}

int runSubcommand(const QStringList& arguments) {
    const QString& name = arguments.first();
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help")) {
        QTextStream(stdout) << usage();
        return exitOk;
    }
    for (const Subcommand& command : subcommands)
        if (name == QLatin1String(command.name))
            return command.run(arguments.mid(1));
    QTextStream(stderr) << "relulab: unknown subcommand '" << name << "'\n\n" << usage();
    return exitBadInput;
}

} // namespace relulab::cli
