#include "screenshots.h"

#include "chartspanel.h"
#include "mainwindow.h"
#include "notebookdocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace relulab {

namespace {

constexpr int pollMilliseconds = 100;
constexpr int settleMilliseconds = 300; // let the window paint what the charts panel set

QString slug(QString text) {
    text = text.toLower();
    for (QChar& c : text)
        if (!c.isLetterOrNumber())
            c = QLatin1Char('-');
    return text;
}

void fail(const QString& message) {
    QTextStream(stderr) << "relulab: screenshots: " << message << "\n";
    QCoreApplication::exit(1);
}

} // namespace

void takeScreenshots(MainWindow& window, const QString& folder) {
    if (!QDir().mkpath(folder))
        return fail(folder + QStringLiteral(": cannot create the folder"));
    const Notebook& notebook = window.document().notebook();
    int experiment = -1;
    for (std::size_t e = 0; e < notebook.experiments.size() && experiment < 0; ++e)
        if (!notebook.experiments[e].runs.empty())
            experiment = int(e);
    if (experiment < 0 && notebook.experiments.empty())
        return fail(QStringLiteral("the notebook has no experiments to show"));
    if (experiment < 0) // no runs: the first experiment's net before training
        window.selectExperiment(0);
    else
        window.selectExperiment(experiment, 0);

    QTabWidget* tabs = window.charts()->tabs();
    auto tab = std::make_shared<int>(0);
    auto* timer = new QTimer(&window);
    timer->setInterval(pollMilliseconds);
    while (*tab < tabs->count() - 1 && !tabs->isTabVisible(*tab))
        ++*tab;
    tabs->setCurrentIndex(*tab);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, tabs, tab, timer, folder] {
        if (window.charts()->isComputing())
            return;
        timer->stop();
        QTimer::singleShot(settleMilliseconds, &window, [&window, tabs, tab, timer, folder] {
            const QString file = folder + QStringLiteral("/%1-%2.png")
                                              .arg(*tab + 1, 2, 10, QLatin1Char('0'))
                                              .arg(slug(tabs->tabText(*tab)));
            if (!window.grab().save(file))
                return fail(file + QStringLiteral(": cannot write"));
            QTextStream(stdout) << file << "\n";
            do // the tabs hidden for this net have nothing to show
                ++*tab;
            while (*tab < tabs->count() && !tabs->isTabVisible(*tab));
            if (*tab >= tabs->count()) {
                QCoreApplication::exit(0);
                return;
            }
            tabs->setCurrentIndex(*tab);
            timer->start();
        });
    });
    timer->start();
}

} // namespace relulab
