// The window's layout as a user meets it on a 1366 x 768 laptop and a 1920 x 1080 desktop (two
// offscreen screens side by side): every column of the tree and of the layer table without
// scrolling, every chart at a readable size, the user's arrangement kept across sessions, and a
// double-clicked chart in a window of its own that follows the scrubber.
#include "document/runsession.h"
#include "document/templates.h"
#include "ui/chartspanel.h"
#include "ui/chartview.h"
#include "ui/chartwindow.h"
#include "ui/experimenteditor.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/notebookmodel.h"

#include "common/windowdriving.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>

using namespace relulab;
using namespace relulab::windowdriving;

namespace {

constexpr int readableWidth = 400, readableHeight = 280; // pixels of a chart

Notebook trained(const char* name, std::vector<std::size_t> experiments) {
    Notebook notebook = makeTemplate(name);
    RunSession session(notebook, experiments, 2, {});
    while (session.poll())
        QThread::msleep(5);
    return notebook;
}

QAction* menuAction(MainWindow& window, const QString& menu, const QString& text) {
    for (QAction* top : window.menuBar()->actions())
        if (top->text() == menu && top->menu())
            for (QAction* action : top->menu()->actions())
                if (action->text() == text)
                    return action;
    return nullptr;
}

// Every column of `view` that is not hidden lies whole inside its viewport; no sideways scroll.
void everyColumnShows(QAbstractItemView* view, QHeaderView* header, const char* what) {
    QVERIFY2(!view->horizontalScrollBar()->isVisible(), what);
    for (int c = 0; c < header->count(); ++c) {
        if (header->isSectionHidden(c))
            continue;
        const int left = header->sectionViewportPosition(c);
        QVERIFY2(left >= 0 && left + header->sectionSize(c) <= view->viewport()->width(),
                 qPrintable(QStringLiteral("%1 column %2 cut").arg(QLatin1String(what)).arg(c)));
        QVERIFY2(
            header->sectionSize(c) >= header->sectionSizeHint(c) || c == NotebookModel::NameColumn,
            qPrintable(QStringLiteral("%1 column %2 narrowed").arg(QLatin1String(what)).arg(c)));
    }
}

} // namespace

class TestWindowLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QSettings().clear(); }

    void defaultLayoutFitsLaptopAndDesktop() {
        QCOMPARE(QGuiApplication::screens().size(), 2);
        const Notebook xor_ = trained("xor", {2}); // the widest tree: errors and accuracies
        for (QScreen* screen : QGuiApplication::screens()) {
            const QString where = screen->name();
            MainWindow window;
            window.setScreen(screen);
            window.move(screen->availableGeometry().topLeft());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.document().reset(xor_);
            menuAction(window, QStringLiteral("&View"), QStringLiteral("&Default layout"))
                ->trigger();
            window.selectExperiment(2, 0);
            waitForCharts(window);
            QTest::qWait(50); // the docks settle
            QVERIFY2(screen->availableGeometry().contains(window.frameGeometry()),
                     qPrintable(QStringLiteral("%1: %2,%3 %4x%5 (minimum %6x%7) in %8x%9")
                                    .arg(where)
                                    .arg(window.x())
                                    .arg(window.y())
                                    .arg(window.width())
                                    .arg(window.height())
                                    .arg(window.minimumSizeHint().width())
                                    .arg(window.minimumSizeHint().height())
                                    .arg(screen->availableGeometry().width())
                                    .arg(screen->availableGeometry().height())));
            everyColumnShows(window.tree(), window.tree()->header(), "tree");
            auto* layers = window.editor()->findChild<QTableView*>(QStringLiteral("layers"));
            QVERIFY(layers);
            everyColumnShows(layers, layers->horizontalHeader(), "layer table");
            QTabWidget* tabs = window.charts()->tabs();
            for (int t = 0; t < tabs->count(); ++t) {
                if (!tabs->isTabVisible(t))
                    continue;
                tabs->setCurrentIndex(t);
                waitForCharts(window);
                for (const ChartView* view : window.charts()->visibleCharts())
                    QVERIFY2(view->width() >= readableWidth && view->height() >= readableHeight,
                             qPrintable(QStringLiteral("%1, %2: %3 is %4 x %5")
                                            .arg(where, tabs->tabText(t),
                                                 QString::fromStdString(view->chartData().id))
                                            .arg(view->width())
                                            .arg(view->height())));
            }
        }
    }

    // Hand-set values make the layer table's widest column ("4 weights, 4 biases"): selecting
    // such an experiment widens the left column to show it whole.
    void aWideLayerTableWidensTheColumn() {
        for (QScreen* screen : QGuiApplication::screens()) {
            MainWindow window;
            window.setScreen(screen);
            window.move(screen->availableGeometry().topLeft());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            menuAction(window, QStringLiteral("&View"), QStringLiteral("&Default layout"))
                ->trigger();
            window.document().reset(makeTemplate("relu-sum"));
            window.selectExperiment(3); // 4 hand-set units
            // Its panels preview the net on the chart worker meanwhile; the column widens once
            // the GUI gets to it (later under AddressSanitizer, with the worker beside it).
            waitForCharts(window);
            auto* layers = window.editor()->findChild<QTableView*>(QStringLiteral("layers"));
            QVERIFY(layers);
            QHeaderView* header = layers->horizontalHeader();
            QTRY_VERIFY_WITH_TIMEOUT(header->sectionViewportPosition(header->count() - 1) +
                                             header->sectionSize(header->count() - 1) <=
                                         layers->viewport()->width(),
                                     5000);
            everyColumnShows(layers, layers->horizontalHeader(), qPrintable(screen->name()));
        }
    }

    // A classifier added to a regression notebook brings the accuracy columns: the docked tree
    // widens for them rather than squeezing the names.
    void newColumnsWidenTheTree() {
        MainWindow window;
        window.setScreen(QGuiApplication::screens().front());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.tree()->isColumnHidden(NotebookModel::TrainAccuracyColumn));
        auto* add = window.findChild<QMenu*>(QStringLiteral("addExperimentMenu"));
        QVERIFY(add);
        QAction* xorKind = nullptr;
        for (QAction* action : add->actions())
            if (action->data().toString() == QStringLiteral("xor"))
                xorKind = action;
        QVERIFY(xorKind);
        xorKind->trigger();
        QVERIFY(!window.tree()->isColumnHidden(NotebookModel::TrainAccuracyColumn));
        QTest::qWait(50);
        everyColumnShows(window.tree(), window.tree()->header(), "tree");
        QVERIFY2(
            window.tree()->columnWidth(NotebookModel::NameColumn) >= 120,
            qPrintable(QString::number(window.tree()->columnWidth(NotebookModel::NameColumn))));
    }

    // The editor folded away stays folded in the next session; the View menu brings it back.
    void theArrangementIsKept() {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.editorDock()->isVisible());
            const int treeHeight = window.treeDock()->height();
            window.editorDock()->toggleViewAction()->trigger();
            QTRY_VERIFY(!window.editorDock()->isVisible());
            QTRY_VERIFY(window.treeDock()->height() > treeHeight); // the tree takes its room
            window.close();
        }
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(!again.editorDock()->isVisible());
        QVERIFY(again.treeDock()->isVisible());
        again.editorDock()->toggleViewAction()->trigger();
        QTRY_VERIFY(again.editorDock()->isVisible());
    }

    void aDoubleClickedChartOpensOnItsOwnAndFollows() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document().reset(trained("xor", {2}));
        window.selectExperiment(2, 0);
        window.charts()->tabs()->setCurrentIndex(int(Panel::Errors));
        waitForCharts(window);
        const ChartView* accuracy = visibleChart(window, "accuracy");
        QVERIFY(accuracy);
        auto* view = const_cast<ChartView*>(accuracy);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->viewport()->rect().center());
        ChartWindow* alone = nullptr;
        QTRY_VERIFY((alone = window.findChild<ChartWindow*>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(alone));
        QCOMPARE(alone->chartId(), std::string("accuracy"));
        QVERIFY(alone->width() > view->width()); // room to read it
        // The scrubber moves it with the panel.
        QSlider* scrubber = window.charts()->scrubber();
        scrubber->setValue(0);
        waitForCharts(window);
        QTRY_VERIFY(alone->view()->chartData().title ==
                    visibleChart(window, "accuracy")->chartData().title);
        // A second double click raises the same window rather than opening another.
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->viewport()->rect().center());
        QCOMPARE(window.findChildren<ChartWindow*>().size(), 1);
    }
};

// Two screens: a laptop's and, to its right, a desktop's.
int main(int argc, char** argv) {
    QTemporaryDir folder;
    const QString config = folder.filePath(QStringLiteral("screens.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(R"({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
        {"name": "desktop", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", (QStringLiteral("offscreen:configfile=") + config).toLocal8Bit());
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    TestWindowLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowlayout.moc"
