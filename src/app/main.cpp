#include "cli/commandline.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[]) {
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("relulab"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    if (relulab::cli::isSubcommand(arguments))
        return relulab::cli::runSubcommand(arguments);
    // The notebook window is not built yet: say so rather than open an empty one.
    QTextStream(stderr) << "relulab: the desktop window is not part of this build yet.\n\n"
                        << relulab::cli::usage();
    return relulab::cli::exitBadInput;
}
