#include "cli/commandline.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdlib>
#include <unistd.h>

namespace {

// OpenBLAS starts worker threads when it loads, before main can tell it to use one, and they
// spin on sched_yield, taking a core from the training runs, which are the unit of
// parallelism here. The variable is read at load time, so set it and start again once.
void restartWithSingleThreadedBlas(char* argv[]) {
    if (std::getenv("OPENBLAS_NUM_THREADS") != nullptr)
        return;
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv); // returns only if it failed: then go on as we are
}

} // namespace

int main(int argc, char* argv[]) {
    restartWithSingleThreadedBlas(argv);
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
