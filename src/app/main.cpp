#include "cli/commandline.h"
#include "ui/mainwindow.h"
#include "ui/screenshots.h"
#include "ui/stopsignals.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <cstdlib>
#include <malloc.h>
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

// The charts recompute multi-megabyte Jacobians, kernels and forward passes at every snapshot
// they show; by default glibc hands blocks that size back to the kernel when they are freed and
// faults them in again on the next allocation, a third of the Jacobian SVD's time. Keep them.
void keepLargeFreedBlocks() {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

bool hasDisplay() {
    return std::getenv("QT_QPA_PLATFORM") || std::getenv("DISPLAY") ||
           std::getenv("WAYLAND_DISPLAY");
}

void ensureRuntimeDirectory() {
    if (std::getenv("XDG_RUNTIME_DIR"))
        return;
    // Qt wants one (and warns without it); a private folder as the spec asks.
    const std::string runtime = "/tmp/relulab-runtime-" + std::to_string(getuid());
    mkdir(runtime.c_str(), 0700);
    setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1);
}

int runWindow(QApplication& application) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ReLU Lab: a lab notebook for small nets."));
    parser.addHelpOption();
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QStringLiteral("Write a picture of every chart panel into DIR, then quit."),
        QStringLiteral("DIR"));
    parser.addOption(screenshots);
    parser.addPositionalArgument(QStringLiteral("notebook"), QStringLiteral("Notebook to open."),
                                 QStringLiteral("[NOTEBOOK]"));
    parser.process(application);
    relulab::MainWindow window;
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty() && !window.openNotebook(files.first()) && parser.isSet(screenshots)) {
        QTextStream(stderr) << "relulab: " << window.lastError() << "\n";
        return relulab::cli::exitBadInput;
    }
    window.show();
    // A polite kill or Ctrl-C in the terminal: the runs end as cancelled, nothing unsaved is
    // lost, and the exit status says which signal it was (128 + its number, as a shell reports).
    relulab::StopSignals stopSignals;
    QObject::connect(&stopSignals, &relulab::StopSignals::stopRequested, &window,
                     [&window, &application](int signal) {
                         const QStringList report = window.stopForSignal(
                             QStandardPaths::writableLocation(QStandardPaths::HomeLocation));
                         QTextStream err(stderr);
                         err << "relulab: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
                             << ": quitting\n";
                         for (const QString& line : report)
                             err << "relulab: " << line << "\n";
                         application.exit(128 + signal);
                     });
    if (parser.isSet(screenshots)) {
        const QString folder = parser.value(screenshots);
        QTimer::singleShot(0, &window,
                           [&window, folder] { relulab::takeScreenshots(window, folder); });
    }
    return application.exec();
}

} // namespace

int main(int argc, char* argv[]) {
    restartWithSingleThreadedBlas(argv);
    keepLargeFreedBlocks();
    // A full disk or a file size limit is an error to report, not a reason to be killed.
    std::signal(SIGXFSZ, SIG_IGN);
    QStringList arguments;
    for (int i = 1; i < argc; ++i) {
        arguments << QString::fromLocal8Bit(argv[i]);
        // Qt keeps names as UTF-8: other bytes would become U+FFFD, another file's name.
        if (arguments.back().toLocal8Bit() != QByteArray(argv[i])) {
            QTextStream(stderr) << "relulab: argument " << i << " (\"" << arguments.back()
                                << "\") is not valid UTF-8; ReLU Lab reads names and file names "
                                   "as UTF-8: rename the file\n";
            return relulab::cli::exitBadInput;
        }
    }
    const bool window = !relulab::cli::isSubcommand(arguments);
    // `run` draws charts, and `bench` times drawing one (Qt Charts needs a QApplication); with no
    // display they draw offscreen.
    const bool drawsCharts = !arguments.isEmpty() && (arguments.first() == QLatin1String("run") ||
                                                      arguments.first() == QLatin1String("bench"));
    if (window && !hasDisplay()) {
        QTextStream(stderr) << "relulab: no display to open the window on (DISPLAY is not set).\n"
                               "Use 'relulab run NOTEBOOK --out DIR' to train and write the "
                               "charts without one.\n\n"
                            << relulab::cli::usage();
        return relulab::cli::exitBadInput;
    }
    if (drawsCharts && !hasDisplay())
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    if (window || drawsCharts)
        ensureRuntimeDirectory();
    std::unique_ptr<QCoreApplication> application =
        window || drawsCharts ? std::make_unique<QApplication>(argc, argv)
                              : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("ReLU Lab"));
    QCoreApplication::setApplicationName(QStringLiteral("relulab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELULAB_VERSION));
    if (window) {
        // The installed menu entry is relulab.desktop (its name is Wayland's app id), and its
        // icon the theme's "relulab"; uninstalled, the same icon from the binary.
        QGuiApplication::setDesktopFileName(QStringLiteral("relulab"));
        QGuiApplication::setWindowIcon(
            QIcon::fromTheme(QStringLiteral("relulab"), QIcon(QStringLiteral(":/relulab.png"))));
        return runWindow(static_cast<QApplication&>(*application));
    }
    return relulab::cli::runSubcommand(QCoreApplication::arguments().mid(1));
}
