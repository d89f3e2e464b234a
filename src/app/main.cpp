#include "cli/commandline.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <sys/stat.h>
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
    // `run` draws charts (fonts need a QGuiApplication); with no display it draws offscreen.
    const bool drawsCharts = argc > 1 && std::string_view(argv[1]) == "run";
    if (drawsCharts && !std::getenv("QT_QPA_PLATFORM") && !std::getenv("DISPLAY") &&
        !std::getenv("WAYLAND_DISPLAY"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    if (drawsCharts && !std::getenv("XDG_RUNTIME_DIR")) {
        // Qt wants one (and warns without it); a private folder as the spec asks.
        const std::string runtime = "/tmp/relulab-runtime-" + std::to_string(getuid());
        mkdir(runtime.c_str(), 0700);
        setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1);
    }
    std::unique_ptr<QCoreApplication> application =
        drawsCharts ? std::make_unique<QGuiApplication>(argc, argv)
                    : std::make_unique<QCoreApplication>(argc, argv);
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
