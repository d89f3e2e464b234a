// The notebook window driven as a user drives it, on the offscreen platform: templates, edits
// with undo/redo, runs on the worker threads, the scrubber, chart export, save and reopen.
#include "ui/chartspanel.h"
#include "ui/chartview.h"
#include "ui/continuedialog.h"
#include "ui/experimenteditor.h"
#include "ui/layertablemodel.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/notebookmodel.h"
#include "ui/tablemodel.h"

#include "common/windowdriving.h"

#include "document/notebookfile.h"
#include "document/runsession.h"
#include "document/templates.h"
#include "gpu/cudaaccelerator.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeView>
#include <QWheelEvent>

#include <optional>

using namespace relulab;
using namespace relulab::windowdriving;

namespace {

// The first experiment of the linearized-features template made short: 3 widths, 3000 steps.
void makeShortSweep(MainWindow& window) {
    window.newFromTemplate(QStringLiteral("linearized-features"));
    NotebookDocument& document = window.document();
    Experiment e = document.notebook().experiments[0];
    e.settings.steps = 3000;
    e.settings.snapshotEvery = 100;
    document.editExperiment(0, e, QStringLiteral("shorter"));
    window.selectExperiment(0);
}

// Runs the selected experiment's sweep and waits until it has trained.
void trainSweep(MainWindow& window) {
    QSignalSpy finished(&window.document(), &NotebookDocument::trainingFinished);
    window.runSweepAction()->trigger();
    QVERIFY(finished.wait(trainingTimeoutMs));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void titleMenusAndShortcuts() {
        MainWindow window;
        window.show();
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Untitled")));
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.document().notebook().experiments.size(), std::size_t(1));
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"),
                                     QStringLiteral("&Run"), QStringLiteral("&View"),
                                     QStringLiteral("&Help")}));
        QCOMPARE(window.runAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    }

    // The data set rows follow the kind's descriptor (which fields, their limits); errors mark
    // the field they name; a large data set is checked on a worker, the window never waits.
    void editorFollowsTheDescriptors() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("linearized-features"));
        window.selectExperiment(0);
        NotebookDocument& document = window.document();
        ExperimentEditor* editor = window.editor();
        auto* kind = editor->findChild<QComboBox*>(QStringLiteral("dataset.kind"));
        auto* classes = editor->findChild<QSpinBox*>(QStringLiteral("dataset.classes"));
        auto* samples = editor->findChild<QSpinBox*>(QStringLiteral("dataset.samples"));
        auto* expression = editor->findChild<QLineEdit*>(QStringLiteral("dataset.expression"));
        QVERIFY(kind && classes && samples && expression);
        QCOMPARE(kind->count(), int(datasetKinds.size()));
        QVERIFY(!classes->isVisibleTo(editor));

        kind->setCurrentText(QStringLiteral("spirals"));
        QVERIFY(classes->isVisibleTo(editor));
        QCOMPARE(classes->maximum(), 64);
        kind->setCurrentText(QStringLiteral("gradient_print"));
        QCOMPARE(classes->maximum(), 4096);
        QCOMPARE(classes->minimum(), 2);

        // The expression's syntax error is marked at f(x), by its field identifier.
        kind->setCurrentText(QStringLiteral("expression"));
        QVERIFY(expression->isVisibleTo(editor));
        expression->setText(QStringLiteral("sin(x"));
        Q_EMIT expression->editingFinished();
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY2(expression->styleSheet().contains(QStringLiteral("#ffd0d0")),
                 qPrintable(editor->problem()));
        // Named as the form names it, the file's path in the tooltip.
        QVERIFY2(editor->problem().startsWith(QStringLiteral("f(x): ")),
                 qPrintable(editor->problem()));
        QVERIFY(expression->toolTip().contains(QStringLiteral("dataset.expression")));
        expression->setText(QStringLiteral("sin(x)"));
        Q_EMIT expression->editingFinished();
        QVERIFY2(window.runAction()->isEnabled(), qPrintable(editor->problem()));

        // A layer's activation parameter out of its limit: the cell of that layer.
        LayerTableModel* layers = editor->layerModel();
        QVERIFY(layers->setData(layers->index(0, LayerTableModel::ActivationColumn),
                                QStringLiteral("softplus")));
        QVERIFY(layers->setData(layers->index(0, LayerTableModel::ParameterColumn), 0.0));
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY(layers->data(layers->index(0, LayerTableModel::ParameterColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("> 0")));
        document.undoStack()->undo();
        QVERIFY(window.runAction()->isEnabled());

        // A wheel over a field not clicked scrolls the form and leaves the value alone.
        auto* seed = editor->findChild<QSpinBox*>(QStringLiteral("init_seed"));
        QVERIFY(seed && !seed->hasFocus());
        const int seedBefore = seed->value();
        QWheelEvent wheel(QPointF(5, 5), seed->mapToGlobal(QPointF(5, 5)), QPoint(),
                          QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(seed, &wheel);
        QCOMPARE(seed->value(), seedBefore);
        QCOMPARE(document.notebook().experiments[0].settings.initSeed, std::uint64_t(seedBefore));

        // Two million samples are generated on a worker: "checking" first, then valid.
        samples->setValue(2'000'000);
        QCOMPARE(document.notebook().experiments[0].settings.dataset.samples, 2'000'000);
        QVERIFY2(editor->problem().contains(QStringLiteral("checking")),
                 qPrintable(editor->problem()));
        QVERIFY(!window.runAction()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(window.runAction()->isEnabled(), 20000);
        QVERIFY(editor->problem().isEmpty());

        // A snapshot every step of 150,000 is past a run's 100,000: marked where it is set,
        // with the interval that would do, as `relulab run` and import refuse it.
        auto* every = editor->findChild<QSpinBox*>(QStringLiteral("snapshot_every"));
        QVERIFY(every);
        every->setValue(1);
        QTRY_VERIFY_WITH_TIMEOUT(!window.runAction()->isEnabled(), 20000);
        QVERIFY2(editor->problem().contains(QStringLiteral("at most 100000: make it at least 2")),
                 qPrintable(editor->problem()));
        QVERIFY(every->styleSheet().contains(QStringLiteral("#ffd0d0")));
        every->setValue(1000);
        QTRY_VERIFY_WITH_TIMEOUT(window.runAction()->isEnabled(), 20000);
    }

    void editLayerUndoRedo() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("linearized-features"));
        window.selectExperiment(0);
        NotebookDocument& document = window.document();
        LayerTableModel* layers = window.editor()->layerModel();
        QCOMPARE(layers->rowCount(), 2);
        QVERIFY(window.runAction()->isEnabled());

        // The table edits the document through an undoable command.
        QVERIFY(layers->setData(layers->index(0, LayerTableModel::UnitsColumn), 12));
        QCOMPARE(document.notebook().experiments[0].settings.architecture.layers[0].units, 12);
        QVERIFY(window.isWindowModified());
        document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments[0].settings.architecture.layers[0].units, 10);
        QCOMPARE(layers->data(layers->index(0, LayerTableModel::UnitsColumn)).toInt(), 10);
        QVERIFY(!window.isWindowModified());
        document.undoStack()->redo();
        QCOMPARE(document.notebook().experiments[0].settings.architecture.layers[0].units, 12);

        // An initializer change and a frozen layer, each one undo step.
        QVERIFY(layers->setData(layers->index(1, LayerTableModel::InitializerColumn),
                                QStringLiteral("constant")));
        QCOMPARE(document.notebook().experiments[0].settings.initializers[1].kind,
                 InitializerKind::Constant);
        QVERIFY(layers->setData(layers->index(1, LayerTableModel::InitValueColumn),
                                QStringLiteral("-0.5")));
        QCOMPARE(document.notebook().experiments[0].settings.initializers[1].value, -0.5);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments[0].settings.initializers[1].kind,
                 InitializerKind::PyTorchDefault);

        // A bad learning rate typed in its field: marked there, Run disabled, undo mends it.
        auto* lr = window.editor()->findChild<QLineEdit*>(QStringLiteral("optimizer.lr"));
        QVERIFY(lr);
        lr->setText(QStringLiteral("-1"));
        Q_EMIT lr->editingFinished();
        QCOMPARE(document.notebook().experiments[0].settings.training.optimizer.learningRate, -1.0);
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY(lr->styleSheet().contains(QStringLiteral("#ffd0d0")));
        QVERIFY2(lr->toolTip().contains(QStringLiteral("lr")), qPrintable(lr->toolTip()));
        QVERIFY(window.editor()->problem().contains(QStringLiteral("> 0")));
        document.undoStack()->undo();
        QVERIFY(window.runAction()->isEnabled());
        QVERIFY(lr->styleSheet().isEmpty());
        QCOMPARE(lr->text(), QStringLiteral("0.2"));

        // Text that is not a number never reaches the document.
        lr->setText(QStringLiteral("fast"));
        Q_EMIT lr->editingFinished();
        QCOMPARE(document.notebook().experiments[0].settings.training.optimizer.learningRate, 0.2);
        QVERIFY(window.editor()->problem().contains(QStringLiteral("not a number")));

        // A layer's impossible width is marked at its cell.
        QVERIFY(layers->setData(layers->index(0, LayerTableModel::UnitsColumn), 0));
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY(layers->data(layers->index(0, LayerTableModel::UnitsColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("units")));
    }

    void experimentsAddDuplicateRenameMoveDelete() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("xor"));
        NotebookDocument& document = window.document();
        const std::size_t count = document.notebook().experiments.size();
        window.selectExperiment(0);
        const std::string first = document.notebook().experiments[0].name;
        QAction* duplicate = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->text() == QStringLiteral("&Duplicate experiment"))
                duplicate = action;
        QVERIFY(duplicate);
        duplicate->trigger();
        QCOMPARE(document.notebook().experiments.size(), count + 1);
        QCOMPARE(document.notebook().experiments[1].name, first + " (copy)");
        // Rename in the tree.
        QAbstractItemModel* model = window.tree()->model();
        QVERIFY(model->setData(model->index(1, 0), QStringLiteral("renamed")));
        QCOMPARE(document.notebook().experiments[1].name, std::string("renamed"));
        document.moveExperiment(1, 0);
        QCOMPARE(document.notebook().experiments[0].name, std::string("renamed"));
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("renamed"));
        document.removeExperiment(0);
        QCOMPARE(document.notebook().experiments.size(), count);
        // Undo all four, in reverse.
        for (int i = 0; i < 4; ++i)
            document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments.size(), count);
        QCOMPARE(document.notebook().experiments[0].name, first);
        QCOMPARE(model->rowCount(), int(count));
    }

    // A run row stays the same run when experiments move around it, and the model stays
    // consistent for Qt's own checker meanwhile.
    void aRunStaysSelectedWhenItsExperimentMoves() {
        MainWindow window;
        window.show();
        makeShortSweep(window);
        NotebookDocument& document = window.document();
        QAbstractItemModelTester tester(window.tree()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        trainSweep(window);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(document.notebook().experiments.size() >= 3);
        const std::string name = document.notebook().experiments[0].name;
        window.selectExperiment(0, 1);
        QCOMPARE(window.tree()->currentIndex().data().toString(), QStringLiteral("width 20"));

        document.moveExperiment(0, 2);
        QCOMPARE(document.notebook().experiments[2].name, name);
        const QModelIndex current = window.tree()->currentIndex();
        QCOMPARE(current.data().toString(), QStringLiteral("width 20"));
        QCOMPARE(current.parent().row(), 2);
        QCOMPARE(window.currentExperiment(), 2);
        QCOMPARE(window.currentRun(), 1);
        document.undoStack()->undo();
        QCOMPARE(window.currentExperiment(), 0);
        QCOMPARE(window.tree()->currentIndex().data().toString(), QStringLiteral("width 20"));
        // Removing the experiment takes its rows (and the selection) with it; undo brings the
        // experiment back with its runs.
        document.removeExperiment(0);
        QVERIFY(window.currentExperiment() != 0 || document.notebook().experiments[0].name != name);
        document.undoStack()->undo();
        QCOMPARE(window.tree()->model()->rowCount(window.tree()->model()->index(0, 0)), 3);
    }

    // Edit > Delete takes the selected run (a stored one) with its snapshots, and undo brings
    // it back whole; the model stays consistent for Qt's checker, the charts follow.
    void deleteARunAndUndo() {
        MainWindow window;
        window.show();
        makeShortSweep(window);
        NotebookDocument& document = window.document();
        QAbstractItemModelTester tester(window.tree()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        trainSweep(window);
        QVERIFY(!QTest::currentTestFailed());
        QAction* remove = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->text() == QStringLiteral("De&lete experiment") ||
                action->text() == QStringLiteral("De&lete run"))
                remove = action;
        QVERIFY(remove);
        QCOMPARE(remove->text(), QStringLiteral("De&lete experiment"));

        window.selectExperiment(0, 1);
        QCOMPARE(remove->text(), QStringLiteral("De&lete run"));
        QVERIFY(remove->isEnabled());
        const RunRecord middle = document.run(0, 1);
        QCOMPARE(middle.label, std::string("width 20"));
        const std::size_t experiments = document.notebook().experiments.size();
        remove->trigger();
        QCOMPARE(document.notebook().experiments.size(), experiments);
        QAbstractItemModel* model = window.tree()->model();
        QCOMPARE(model->rowCount(model->index(0, 0)), 2);
        QCOMPARE(model->index(1, 0, model->index(0, 0)).data().toString(),
                 QStringLiteral("width 40"));
        QVERIFY(window.isWindowModified());
        waitForCharts(window);
        QVERIFY(!window.charts()->visibleCharts().empty());

        document.undoStack()->undo();
        QCOMPARE(model->rowCount(model->index(0, 0)), 3);
        const RunRecord back = document.run(0, 1);
        QCOMPARE(back.uid, middle.uid);
        QCOMPARE(back.result.snapshots.trainError, middle.result.snapshots.trainError);
        document.undoStack()->redo();
        QCOMPARE(document.run(0, 1).label, std::string("width 40"));

        // Saved, the notebook has the two that are left.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deleted.relulab"));
        QVERIFY(window.saveNotebook(path));
        QCOMPARE(notebookfile::load(path).experiments[0].runs.size(), std::size_t{2});
    }

    // Compare shows one chart per run up to 48 (a chart view each), the selected run first, and
    // says so past that; the errors overlay takes every run.
    void compareCapsItsCharts() {
        MainWindow window;
        window.show();
        makeShortSweep(window);
        NotebookDocument& document = window.document();
        Experiment e = document.notebook().experiments[0];
        e.settings.steps = 200;
        e.sweep = {};
        for (std::uint64_t seed = 1; seed <= 50; ++seed)
            e.sweep.initSeeds.push_back(seed);
        document.editExperiment(0, e, QStringLiteral("50 seeds"));
        trainSweep(window);
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(document.runCount(0), 50);
        window.selectExperiment(0, 49);
        QTabWidget* tabs = window.charts()->tabs();
        tabs->setCurrentIndex(tabs->count() - 1);
        waitForCharts(window);
        const auto shown = window.charts()->visibleCharts();
        QCOMPARE(shown.size(), std::size_t(1 + 48)); // the fits overlaid, then 48 runs
        QCOMPARE(shown.front()->chartData().id, std::string("fits"));
        QVERIFY(shown[1]->chartData().title.starts_with("seed 50: "));
        bool said = false;
        for (const QLabel* label : window.charts()->findChildren<QLabel*>())
            said = said || (label->isVisibleTo(window.charts()) &&
                            label->text().startsWith(QStringLiteral("The first 48 of 50 runs")));
        QVERIFY(said);
        tabs->setCurrentIndex(int(Panel::Errors)); // every run in one chart
        waitForCharts(window);
        QCOMPARE(window.charts()->visibleCharts().front()->chartData().series.size(),
                 std::size_t(100));
    }

    // Right-click on a tree row makes it current and offers what applies to it.
    void treeContextMenu() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("xor"));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTreeView* tree = window.tree();
        const QRect second = tree->visualRect(tree->model()->index(1, 0));
        QStringList offered;
        QTimer::singleShot(0, [&offered] {
            QWidget* popup = QApplication::activePopupWidget();
            if (auto* menu = qobject_cast<QMenu*>(popup)) {
                for (QAction* action : menu->actions())
                    if (!action->isSeparator())
                        offered << action->text();
                menu->close();
            }
        });
        Q_EMIT tree->customContextMenuRequested(second.center());
        QCOMPARE(window.currentExperiment(), 1);
        QCOMPARE(offered, (QStringList{QStringLiteral("&Run"), QStringLiteral("Run &sweep"),
                                       QStringLiteral("&Duplicate experiment"),
                                       QStringLiteral("Re&name experiment"),
                                       QStringLiteral("De&lete experiment")}));
    }

    void runScrubExportSaveReopen() {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        makeShortSweep(window);
        NotebookDocument& document = window.document();
        QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
        QVERIFY(window.runSweepAction()->isEnabled());
        window.runSweepAction()->trigger();
        QVERIFY(document.isTraining());
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY(window.stopAction()->isEnabled());
        QVERIFY(window.progressBar()->isVisible());
        QVERIFY(finished.wait(trainingTimeoutMs));
        QVERIFY2(finished.first().first().toString().contains(QStringLiteral("3 finished")),
                 qPrintable(finished.first().first().toString()));
        QVERIFY(!window.progressBar()->isVisible());
        QCOMPARE(document.runCount(0), 3);
        QAbstractItemModel* model = window.tree()->model();
        const QModelIndex runs = model->index(0, 0);
        QCOMPARE(model->rowCount(runs), 3);
        QCOMPARE(model->index(1, 0, runs).data().toString(), QStringLiteral("width 20"));
        QCOMPARE(model->index(1, 1, runs).data().toString(), QStringLiteral("Finished"));
        QVERIFY(model->index(1, 3, runs).data().toDouble() > 0.0);

        // The scrubber moves the panels to a snapshot.
        window.selectExperiment(0, 1);
        waitForCharts(window);
        QSlider* scrubber = window.charts()->scrubber();
        QCOMPARE(scrubber->maximum(), 30); // snapshots at 0, 100, ..., 3000
        QCOMPARE(scrubber->value(), 30);
        const ChartView* fit = visibleChart(window, "fit");
        QVERIFY(fit);
        QVERIFY(fit->chartData().title.find("iteration 3000") != std::string::npos);
        scrubber->setValue(5);
        waitForCharts(window);
        fit = visibleChart(window, "fit");
        QVERIFY2(fit->chartData().title.find("iteration 500") != std::string::npos,
                 fit->chartData().title.c_str());
        // Every tab draws something for this run, the compare view one chart per run.
        QTabWidget* tabs = window.charts()->tabs();
        QVERIFY(!tabs->isTabVisible(int(Panel::Surface))); // a 1-D net has no plane
        for (int t = 0; t < tabs->count(); ++t) {
            if (!tabs->isTabVisible(t))
                continue;
            tabs->setCurrentIndex(t);
            waitForCharts(window);
            QVERIFY2(!window.charts()->visibleCharts().empty() ||
                         !window.charts()->visibleTables().empty(),
                     qPrintable(tabs->tabText(t)));
            if (Panel(t) == Panel::Predictions) { // a row per sample, train then test
                const TableModel* predictions = window.charts()->visibleTables().at(0);
                QCOMPARE(predictions->table().id, std::string("predictions"));
                QVERIFY(predictions->rowCount() > 0);
                QCOMPARE(predictions->data(predictions->index(0, 0)).toString(),
                         QStringLiteral("train"));
            }
        }
        // Compare on the Fit panel: the three runs' fits overlaid, then each run's.
        QCOMPARE(window.charts()->visibleCharts().size(), std::size_t(1 + 3));
        tabs->setCurrentIndex(int(Panel::Errors));
        waitForCharts(window);
        QCOMPARE(window.charts()->visibleCharts().front()->chartData().series.size(),
                 std::size_t(6)); // train and test of three runs, overlaid

        // The layer is picked by name, one choice for the Gradients and Distributions tabs.
        tabs->setCurrentIndex(int(Panel::Gradients));
        waitForCharts(window);
        const auto layerBoxes =
            window.charts()->findChildren<QComboBox*>(QStringLiteral("inspectedLayer"));
        QCOMPARE(layerBoxes.size(), qsizetype(2));
        QCOMPARE(layerBoxes[0]->itemText(0), QStringLiteral("hidden 1"));
        QCOMPARE(layerBoxes[0]->itemText(layerBoxes[0]->count() - 1), QStringLiteral("output"));
        QVERIFY(visibleChart(window, "gradient_map")->chartData().title.find("of hidden 1 ") !=
                std::string::npos);
        layerBoxes[0]->setCurrentIndex(layerBoxes[0]->count() - 1);
        waitForCharts(window);
        QVERIFY(visibleChart(window, "gradient_map")->chartData().title.find("of output ") !=
                std::string::npos);
        QCOMPARE(layerBoxes[1]->currentIndex(), layerBoxes[0]->currentIndex());
        window.charts()->findChild<QCheckBox*>(QStringLiteral("logMagnitude"))->setChecked(true);
        waitForCharts(window);
        QVERIFY(visibleChart(window, "gradient_map")
                    ->chartData()
                    .heatmaps.at(0)
                    .name.starts_with("log10 |"));
        tabs->setCurrentIndex(int(Panel::Distributions));
        waitForCharts(window);
        QVERIFY(visibleChart(window, "distribution_weights")->chartData().title.find("output's") !=
                std::string::npos);
        layerBoxes[0]->setCurrentIndex(0);

        // Export: PNG at twice the size, SVG and CSV whose columns are the series.
        tabs->setCurrentIndex(0);
        waitForCharts(window);
        const Chart shownFit = visibleChart(window, "fit")->chartData();
        QSignalSpy exported(window.charts(), &ChartsPanel::exportFinished);
        const QString out = dir.filePath(QStringLiteral("charts"));
        window.exportChartsTo(out, QSize(500, 320), 2.0);
        QVERIFY(exported.wait(60'000));
        QVERIFY2(exported.first().first().toBool(), qPrintable(exported.first().last().toString()));
        for (const char* id : {"fit", "errors", "gradients", "gradient_bars", "parameter_features",
                               "singular_values", "principal_features", "dead_units",
                               "hidden_features", "errors_overlay"}) {
            const QString stem = out + QLatin1Char('/') + QLatin1String(id);
            const QImage png(stem + QStringLiteral(".png"));
            QVERIFY2(!png.isNull(), id);
            QCOMPARE(png.size(), QSize(1000, 640));
            QVERIFY2(drawnPixels(png) > 20'000, id);
            QFile svg(stem + QStringLiteral(".svg"));
            QVERIFY(svg.open(QIODevice::ReadOnly));
            const QByteArray svgText = svg.readAll();
            QVERIFY2(svgText.contains("<svg") && svgText.contains("</svg>"), id);
            QVERIFY(QFile::exists(stem + QStringLiteral(".csv")));
        }
        QFile csv(out + QStringLiteral("/fit.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> header = csv.readLine().trimmed().split(',');
        QCOMPARE(header.size(), qsizetype(2 * shownFit.series.size()));
        QCOMPARE(header.first(), QByteArray("training data x"));

        // Save, reopen in a new window: the same runs, bit for bit.
        const QString path = dir.filePath(QStringLiteral("saved.relulab"));
        QVERIFY(window.saveNotebook(path));
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("saved.relulab")));
        // One writer a notebook: while this window has it, another is told who has it.
        MainWindow reopened;
        QVERIFY(!reopened.openNotebook(path));
        QVERIFY2(reopened.lastError().contains(QStringLiteral("is open in another ReLU Lab")),
                 qPrintable(reopened.lastError()));
        const RunRecord before = document.run(0, 2);
        window.newNotebook(); // lets go of it
        QVERIFY(reopened.openNotebook(path));
        const RunRecord after = reopened.document().run(0, 2);
        QCOMPARE(after.label, before.label);
        QCOMPARE(after.result.snapshots.count, before.result.snapshots.count);
        QVERIFY(arma::approx_equal(after.result.snapshots.parameters,
                                   before.result.snapshots.parameters, "absdiff", 0.0f));
    }

    void staysResponsiveWhileSixRunsTrainAndSavesMeanwhile() {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("linearized-features"));
        NotebookDocument& document = window.document();
        Experiment e = document.notebook().experiments[1];
        e.sweep.widths = {10, 20, 30, 40, 50, 60};
        e.settings.steps = 100'000'000; // stopped by the test
        e.settings.snapshotEvery = 2000;
        document.editExperiment(1, e, QStringLiteral("six long runs"));
        const QString first = dir.filePath(QStringLiteral("first.relulab"));
        QVERIFY(window.saveNotebook(first));
        window.selectExperiment(1);
        window.runSweepAction()->trigger();
        QVERIFY(document.isTraining());
        window.selectExperiment(1, 0); // live charts of a training run

        // The event loop's longest gap while they train and the charts follow them.
        const qint64 longest = longestEventLoopGap(3000);
        qInfo("longest event-loop gap while 6 runs train: %lld ms", longest);
        QVERIFY2(longest < blockedGuiMs, qPrintable(QString::number(longest)));
        QVERIFY(window.progressBar()->value() >= 0);

        // Save As while training: the runs so far go to the new file and go on there.
        const QString second = dir.filePath(QStringLiteral("second.relulab"));
        QVERIFY(window.saveNotebook(second));
        const Notebook saved = notebookfile::load(second);
        QCOMPARE(saved.experiments[1].runs.size(), std::size_t(6));
        // One worker per core but one: on a small machine some runs are still pending.
        std::vector<std::size_t> savedSnapshots;
        for (const RunRecord& run : saved.experiments[1].runs)
            savedSnapshots.push_back(run.result.snapshots.count);
        QVERIFY(savedSnapshots[0] >= 1);
        QTest::qWait(500);

        QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
        window.stopAction()->trigger();
        QVERIFY(finished.wait(30'000));
        QVERIFY(finished.first().first().toString().contains(QStringLiteral("6 cancelled")));
        const Notebook reloaded = notebookfile::load(second);
        QCOMPARE(reloaded.experiments[1].runs.size(), std::size_t(6));
        for (std::size_t r = 0; r < 6; ++r) {
            const RunRecord& run = reloaded.experiments[1].runs[r];
            QCOMPARE(run.result.status, RunStatus::Cancelled);
            QVERIFY(run.result.snapshots.count >= savedSnapshots[r]);
        }
        QVERIFY(reloaded.experiments[1].runs[0].result.snapshots.count > savedSnapshots[0]);
        QVERIFY(!window.isWindowModified());
    }

    // The toolbar's backend: auto, cpu, cuda. Without a GPU, cuda refuses to start with the
    // reason and starts nothing; auto trains on the CPU.
    void backendChoice() {
        MainWindow window;
        window.show();
        auto* backend = window.findChild<QComboBox*>(QStringLiteral("backendChoice"));
        QVERIFY(backend);
        QCOMPARE(backend->count(), 3);
        QCOMPARE(backend->itemText(2), QStringLiteral("cuda"));
        makeShortSweep(window);
        std::string whyNot;
        if (makeCudaAccelerator(whyNot))
            QSKIP("a GPU is here: the refusal cannot be seen");
        backend->setCurrentIndex(2);
        window.runAction()->trigger();
        QVERIFY(!window.document().isTraining());
        QVERIFY2(window.lastError().contains(QString::fromStdString(whyNot)),
                 qPrintable(window.lastError()));
        backend->setCurrentIndex(0);
        QSignalSpy finished(&window.document(), &NotebookDocument::trainingFinished);
        window.runAction()->trigger();
        QVERIFY(window.document().isTraining());
        QVERIFY(finished.wait(trainingTimeoutMs));
        const RunRecord run = window.document().run(0, window.document().runCount(0) - 1);
        QVERIFY2(run.result.backend.rfind("cpu-", 0) == 0, run.result.backend.c_str());
    }

    void badFilesAreRefusedAndLeftAlone() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.relulab"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are my notes, not a notebook");
        file.close();
        MainWindow window;
        window.show();
        QVERIFY(!window.openNotebook(path));
        QVERIFY2(window.lastError().contains(path), qPrintable(window.lastError()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("these are my notes, not a notebook"));
        // The window still holds its own notebook.
        QCOMPARE(window.document().notebook().experiments.size(), std::size_t(1));
        QVERIFY(!window.saveNotebook(dir.filePath(QStringLiteral("missing/folder/x.relulab"))));
        QVERIFY(window.lastError().contains(QStringLiteral("not saved")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
