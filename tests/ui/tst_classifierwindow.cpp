// A classifier in the notebook window, driven as a user drives it on the offscreen platform: the
// xor template's ReLU net trained, its accuracy in the tree, the Decision surface, Predictions and
// Errors tabs, and the surface live while a long run trains.
#include "ui/chartspanel.h"
#include "ui/chartview.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/notebookmodel.h"
#include "ui/tablemodel.h"

#include "common/windowdriving.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

using namespace relulab;
using namespace relulab::windowdriving;

class TestClassifierWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The xor template's ReLU net in the window: its accuracy in the tree, the decision surface,
    // unit maps and regions on the Surface tab (the Fit tab hidden for a 2-D input), the
    // predictions table; and the surface stays live while a long run trains.
    void classifierViewsOfXor() {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        window.newFromTemplate(QStringLiteral("xor"));
        NotebookDocument& document = window.document();
        const int relu = 2;
        QCOMPARE(document.notebook().experiments[relu].name, std::string("ReLU net"));
        window.selectExperiment(relu);
        {
            QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
            window.runAction()->trigger(); // the experiment has no sweep: its one run
            QVERIFY(finished.wait(trainingTimeoutMs));
        }
        window.selectExperiment(relu, 0);
        QAbstractItemModel* model = window.tree()->model();
        const QModelIndex run = model->index(0, 0, model->index(relu, 0));
        QCOMPARE(model->headerData(NotebookModel::TrainAccuracyColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Train acc."));
        QCOMPARE(run.siblingAtColumn(NotebookModel::TrainAccuracyColumn).data().toString(),
                 QStringLiteral("100.0%"));
        QCOMPARE(run.siblingAtColumn(NotebookModel::TestAccuracyColumn).data().toString(),
                 QStringLiteral("100.0%"));

        QTabWidget* tabs = window.charts()->tabs();
        QVERIFY(!tabs->isTabVisible(int(Panel::Fit)));
        QVERIFY(tabs->isTabVisible(int(Panel::Surface)));
        tabs->setCurrentIndex(int(Panel::Surface));
        waitForCharts(window);
        for (const char* id : {"decision_surface", "unit_maps", "linear_regions", "region_counts"})
            QVERIFY2(visibleChart(window, id), id);
        const ChartView* surface = visibleChart(window, "decision_surface");
        QVERIFY(surface->height() >= 180);
        QVERIFY(drawnPixels(const_cast<ChartView*>(surface)->grab().toImage()) >
                20'000); // the heatmap fills the plot
        tabs->setCurrentIndex(int(Panel::Predictions));
        waitForCharts(window);
        const auto tables = window.charts()->visibleTables();
        QCOMPARE(tables.size(), std::size_t(2));
        QCOMPARE(tables[0]->rowCount(), 8); // XOR's 4 points, train and test
        QVERIFY(visibleChart(window, "confusion"));
        tabs->setCurrentIndex(int(Panel::Errors));
        waitForCharts(window);
        QVERIFY(visibleChart(window, "accuracy"));

        // Live: a long run with the surface tab open.
        Experiment e = document.notebook().experiments[relu];
        e.settings.steps = 100'000'000; // stopped by the test
        e.settings.snapshotEvery = 1'000'000;
        document.editExperiment(relu, e, QStringLiteral("long"));
        window.selectExperiment(relu);
        window.runAction()->trigger();
        QVERIFY(document.isTraining());
        window.selectExperiment(relu, 1);
        tabs->setCurrentIndex(int(Panel::Surface));
        const qint64 longest = longestEventLoopGap(2500);
        qInfo("longest event-loop gap with the surface live: %lld ms", longest);
        QVERIFY2(longest < blockedGuiMs, qPrintable(QString::number(longest)));
        QVERIFY(visibleChart(window, "decision_surface"));
        QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
        window.stopAction()->trigger();
        QVERIFY(finished.wait(30'000));
    }
};

QTEST_MAIN(TestClassifierWindow)
#include "tst_classifierwindow.moc"
