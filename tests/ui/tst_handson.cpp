// The window's hands-on workflows (issue: hands on the network), on real runs and real files:
// a run continued from the slider's snapshot with other settings, its lineage in the tree, the
// panels' preview of a net before training that follows its edits, its fit's elbows and pieces
// dragged with the mouse, and the output layer fitted by least squares against a direct solve.
#include "ui/chartspanel.h"
#include "ui/chartview.h"
#include "ui/continuedialog.h"
#include "ui/experimenteditor.h"
#include "ui/layertablemodel.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/valuesdialog.h"
#include "ui/valuestable.h"

#include "common/windowdriving.h"

#include "core/activation.h"
#include "document/handbuild.h"
#include "document/notebookfile.h"
#include "document/runsession.h"
#include "document/templates.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include <optional>

using namespace relulab;
using namespace relulab::windowdriving;

class TestHandsOn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A continued run (relulab run --from) says in the tree where it came from.
    void aContinuedRunNamesItsParent() {
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(1);
        notebook.experiments[0].settings.steps = 2000;
        notebook.experiments[0].settings.snapshotEvery = 500;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("continued.relulab"));
        notebookfile::save(notebook, path);
        for (bool continued : {false, true}) {
            std::optional<RunSession> session;
            if (continued)
                session.emplace(notebook, RunSession::Continuation{0, 0, 2, 1000}, 2, path);
            else
                session.emplace(notebook, std::vector<std::size_t>{0}, 2, path);
            while (session->poll())
                QThread::msleep(5);
        }
        MainWindow window;
        QVERIFY(window.openNotebook(path));
        QAbstractItemModel* model = window.tree()->model();
        const QModelIndex experiment = model->index(0, 0);
        QCOMPARE(model->rowCount(experiment), 4);
        const QModelIndex child = model->index(3, 0, experiment);
        QCOMPARE(child.data().toString(), QStringLiteral("width 40 from 1000"));
        QCOMPARE(child.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("width 40 from 1000: continued from \"1 hidden layer, output "
                                "layer only / width 40\" after step 1000"));
        QCOMPARE(model->index(2, 0, experiment).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("width 40"));
    }

    // The seeds' "output layer first, then all layers", in the window: on a run of the
    // output-only experiment, the slider at iteration 1000, Run > Continue from this snapshot…
    // with hidden 1 ticked trains a new run from that snapshot's parameters, its iterations
    // going on from 1001, hidden 1 moving now.
    void continueFromTheShownSnapshotWithAllLayers() {
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(1);
        notebook.experiments[0].settings.steps = 2000;
        notebook.experiments[0].settings.snapshotEvery = 500;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hands-on.relulab"));
        notebookfile::save(notebook, path);
        MainWindow window;
        window.show();
        QVERIFY(window.openNotebook(path));
        window.selectExperiment(0);
        QVERIFY(!window.continueAction()->isEnabled()); // no run yet
        QSignalSpy finished(&window.document(), &NotebookDocument::trainingFinished);
        window.runAction()->trigger();
        QVERIFY(finished.wait(trainingTimeoutMs));
        window.selectExperiment(0, 0);
        QVERIFY(window.continueAction()->isEnabled());
        QSlider* scrubber = window.charts()->scrubber();
        scrubber->setValue(2); // snapshots at 1, 500, 1000, 1500, 2000
        QCOMPARE(window.shownSnapshot()->step, 1000L);
        bool asked = false;
        QTimer::singleShot(0, &window, [&asked] {
            auto* dialog = qobject_cast<ContinueDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QVERIFY(!dialog->trains(0)->isChecked()); // the experiment's: output layer only
            QVERIFY(dialog->trains(1)->isChecked());
            dialog->trains(0)->setChecked(true);
            dialog->learningRate()->setText(QStringLiteral("0.02"));
            dialog->steps()->setValue(1000);
            asked = true;
            dialog->accept();
        });
        window.continueAction()->trigger();
        QVERIFY(asked);
        QVERIFY(finished.wait(trainingTimeoutMs));
        const Experiment& e = window.document().notebook().experiments[0];
        QCOMPARE(e.runs.size(), std::size_t(2));
        const RunRecord& parent = e.runs[0];
        const RunRecord& child = e.runs[1];
        QCOMPARE(child.label, std::string("1 hidden layer, output layer only from 1000"));
        QCOMPARE(child.parent, std::optional(RunParent{parent.uid, 1000}));
        QCOMPARE(child.settings.training.trainableLayers, (std::vector<bool>{true, true}));
        QCOMPARE(child.settings.training.optimizer.learningRate, 0.02);
        QCOMPARE(child.result.snapshots.steps.front(), 1001L);
        QCOMPARE(child.result.snapshots.steps.back(), 2000L);
        QVERIFY(
            arma::all(child.result.initialParameters == parent.result.snapshots.parameters.col(2)));
        const arma::uword hidden = child.settings.architecture.slices()[0].end();
        QVERIFY(arma::any(child.result.finalParameters.head(hidden) !=
                          child.result.initialParameters.head(hidden)));
        QVERIFY(arma::all(parent.result.finalParameters.head(hidden) ==
                          parent.result.initialParameters.head(hidden)));
        // Its own settings are the run's, the experiment's stay as they were.
        QCOMPARE(e.settings.training.optimizer.learningRate,
                 notebook.experiments[0].settings.training.optimizer.learningRate);
    }

    // An experiment without runs shows its net as initialized, before training, and follows
    // its edits: seed 003's four hand-set units are a sum of elbows in closed form; moving one
    // unit's weights redraws the sum. The 64-unit net's preview has the loss and gradient of
    // the first snapshot that training it then makes (full batch).
    void thePanelsPreviewAnUntrainedNet() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("relu-sum"));
        NotebookDocument& document = window.document();
        window.selectExperiment(3);
        QTabWidget* tabs = window.charts()->tabs();
        tabs->setCurrentIndex(int(Panel::Fit));
        waitForCharts(window);
        auto sumOfElbows = [&window](std::vector<double> w, std::vector<double> b) {
            const ChartView* fit = visibleChart(window, "fit");
            QVERIFY(fit);
            QVERIFY(fit->chartData().title.starts_with("Before training: Fit at iteration 0"));
            const double out[] = {1.9, 2.3, 3.1, 2.5};
            for (const Series& s : fit->chartData().series) {
                if (s.name != "prediction")
                    continue;
                for (std::size_t i = 0; i < s.x.size(); i += 7) {
                    double sum = -1.0;
                    for (std::size_t u = 0; u < 4; ++u)
                        sum += out[u] * std::max(0.0, w[u] * s.x[i] + b[u]);
                    QVERIFY2(
                        std::abs(s.y[i] - sum) <= 1e-5 * (1 + std::abs(sum)),
                        qPrintable(
                            QStringLiteral("x = %1: %2 vs %3").arg(s.x[i]).arg(s.y[i]).arg(sum)));
                }
                return;
            }
            QFAIL("no prediction");
        };
        sumOfElbows({2.8, -2.1, 2.0, -2.2}, {-2.85, -3.09, -5.63, -4.58});
        if (QTest::currentTestFailed())
            return;
        Experiment edited = document.notebook().experiments[3];
        edited.settings.initializers[0] =
            InitializerSpec::values({1.0, -2.1, 2.0, -2.2}, {-0.5, -3.09, -5.63, -4.58});
        document.editExperiment(3, edited, QStringLiteral("move an elbow"));
        waitForCharts(window);
        sumOfElbows({1.0, -2.1, 2.0, -2.2}, {-0.5, -3.09, -5.63, -4.58});
        if (QTest::currentTestFailed())
            return;

        window.selectExperiment(4); // 64 units, Adam, on the whole training set
        tabs->setCurrentIndex(int(Panel::Gradients));
        waitForCharts(window);
        const ChartView* bars = visibleChart(window, "gradient_bars");
        QVERIFY(bars);
        const std::vector<double> previewNorms = bars->chartData().series.back().y;
        tabs->setCurrentIndex(int(Panel::Errors));
        waitForCharts(window);
        const double previewLoss = visibleChart(window, "errors")->chartData().series.at(0).y.at(0);
        QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
        window.runAction()->trigger();
        QVERIFY(finished.wait(trainingTimeoutMs));
        const SnapshotSeries& s = document.notebook().experiments[4].runs.at(0).result.snapshots;
        QVERIFY(std::abs(s.trainError[0] - previewLoss) <= 1e-6 * previewLoss);
        QCOMPARE(previewNorms.size(), std::size_t(s.gradientNorms.n_rows));
        for (std::size_t l = 0; l < previewNorms.size(); ++l)
            QVERIFY(std::abs(s.gradientNorms(l, 0) - previewNorms[l]) <= 1e-5 * previewNorms[l]);
    }

    // Seed 003 rebuilt by hand in the window: on the preview's fit (no runs), a mouse drag of
    // unit 0's elbow along x makes its bias -w x for the x it ends at, a drag of unit 1's piece
    // point sets its output weight so that the piece passes there; each drag is one undoable
    // edit, and the fit that follows is the closed-form sum of the edited elbows. A run's fit
    // offers nothing to drag: training made it.
    void elbowsAndPiecesAreDraggedInThePreview() {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        window.newFromTemplate(QStringLiteral("relu-sum"));
        NotebookDocument& document = window.document();
        window.selectExperiment(1); // 2 hand-set units
        window.charts()->tabs()->setCurrentIndex(int(Panel::Fit));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        waitForCharts(window);
        const ExperimentSettings before = document.notebook().experiments[1].settings;
        const int edits = document.undoStack()->count();
        auto* fit = const_cast<ChartView*>(visibleChart(window, "fit"));
        QVERIFY(fit);
        QTRY_VERIFY(fit->chart()->plotArea().height() > 150);
        const auto handle = [&fit](DragHandle::Kind kind, std::size_t unit) {
            for (const DragHandle& h : fit->chartData().handles)
                if (h.kind == kind && h.unit == unit)
                    return std::optional(h);
            return std::optional<DragHandle>();
        };
        const auto pixelOf = [&fit](double x, double y) {
            QChart* chart = fit->chart();
            const QPointF at = chart->mapToPosition({x, y}, chart->series().front());
            return fit->mapFromScene(chart->mapToScene(at));
        };
        QSignalSpy dragged(fit, &ChartView::handleDragged);
        const auto drag = [&](const DragHandle& h, double toX, double toY) {
            // The chart laid out in its view, as the user sees it before grabbing.
            QTRY_COMPARE(fit->chart()->size().toSize(), fit->size());
            QTest::qWait(50);
            const QPoint from = pixelOf(h.x, h.y), to = pixelOf(toX, toY);
            QCOMPARE(fit->handleAt(from), h);
            QTest::mousePress(fit->viewport(), Qt::LeftButton, {}, from);
            for (int step = 1; step <= 5; ++step) {
                QTest::mouseMove(fit->viewport(), from + (to - from) * step / 5);
                QTest::qWait(20); // the preview follows while the drag goes on
            }
            QTest::mouseRelease(fit->viewport(), Qt::LeftButton, {}, to);
            waitForCharts(window);
        };

        const std::optional<DragHandle> elbow = handle(DragHandle::Kind::Elbow, 0);
        QVERIFY(elbow);
        QVERIFY(std::abs(elbow->x - 2.85 / 2.8) < 1e-6);
        drag(*elbow, 0.4, elbow->y);
        QVERIFY(dragged.count() >= 5);
        const double elbowAt = dragged.constLast().at(1).toDouble();
        QVERIFY2(std::abs(elbowAt - 0.4) < 0.02, qPrintable(QString::number(elbowAt)));
        const InitializerSpec& hidden = document.notebook().experiments[1].settings.initializers[0];
        QCOMPARE(hidden.biases[0], -2.8 * elbowAt);
        QCOMPARE(hidden.biases[1], -3.09);
        QCOMPARE(document.undoStack()->count(), edits + 1);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Move unit 0's elbow"));
        const std::optional<DragHandle> moved = handle(DragHandle::Kind::Elbow, 0);
        QVERIFY(moved);
        QVERIFY(std::abs(moved->x - elbowAt) < 1e-6);

        const std::optional<DragHandle> piece = handle(DragHandle::Kind::Piece, 1);
        QVERIFY(piece);
        const QPointF up = QPointF(pixelOf(piece->x, piece->y) - QPoint(0, 40));
        const double upY =
            fit->chart()
                ->mapToValue(fit->chart()->mapFromScene(fit->mapToScene(up.toPoint())),
                             fit->chart()->series().front())
                .y();
        drag(*piece, piece->x, upY);
        const double pieceAt = dragged.constLast().at(1).toDouble();
        const double unitValue = std::max(0.0, -2.1 * piece->x - 3.09);
        const ExperimentSettings& now = document.notebook().experiments[1].settings;
        QCOMPARE(now.initializers[1].weights[1], pieceAt / unitValue);
        QCOMPARE(now.initializers[1].weights[0], 1.9);
        QCOMPARE(document.undoStack()->count(), edits + 2);

        // The fit drawn now is the sum of the edited elbows, in closed form.
        const double w[] = {2.8, -2.1}, b[] = {-2.8 * elbowAt, -3.09};
        const double out[] = {1.9, pieceAt / unitValue};
        bool checked = false;
        for (const Series& s : fit->chartData().series)
            if (s.name == "prediction")
                for (std::size_t i = 0; i < s.x.size(); i += 11) {
                    double sum = -1.0;
                    for (std::size_t u = 0; u < 2; ++u)
                        sum += out[u] * std::max(0.0, w[u] * s.x[i] + b[u]);
                    QVERIFY2(
                        std::abs(s.y[i] - sum) <= 1e-5 * (1 + std::abs(sum)),
                        qPrintable(
                            QStringLiteral("x = %1: %2 vs %3").arg(s.x[i]).arg(s.y[i]).arg(sum)));
                    checked = true;
                }
        QVERIFY(checked);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments[1].settings, before);

        // Once trained, the fit is the run's: nothing to drag.
        QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
        window.runAction()->trigger();
        QVERIFY(finished.wait(trainingTimeoutMs));
        window.selectExperiment(1, 0);
        waitForCharts(window);
        fit = const_cast<ChartView*>(visibleChart(window, "fit"));
        QVERIFY(fit);
        QVERIFY(fit->chartData().handles.empty());
        QVERIFY(!window.moveHandle(*elbow, 0.7, 1000));
        QCOMPARE(document.notebook().experiments[1].settings, before);
    }

    // The Fit page's "Initial parameters…" opens every layer's weights and biases as the
    // experiment starts from them (the seeded draw of the 64-unit net, float32 as a run has
    // it), a tab per layer; a bias typed there is the only parameter that changes, every layer
    // becomes `values`, and undo takes the edit back whole.
    void initialParametersAreTypedInATablePerLayer() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("relu-sum"));
        NotebookDocument& document = window.document();
        window.selectExperiment(4); // 64 units, PyTorch's default draw
        window.charts()->tabs()->setCurrentIndex(int(Panel::Fit));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const ExperimentSettings before = document.notebook().experiments[4].settings;
        const arma::vec drawn = initialNetwork(before).parameters();
        QToolButton* button = nullptr;
        for (QToolButton* b :
             window.charts()->tabs()->widget(int(Panel::Fit))->findChildren<QToolButton*>())
            if (b->defaultAction() == window.parametersAction())
                button = b;
        QVERIFY(button);
        QVERIFY(button->isVisible() && button->isEnabled());
        bool typed = false;
        const auto type = [&typed, &drawn](ParametersDialog* dialog) {
            auto* tabs = dialog->findChild<QTabWidget*>(QStringLiteral("layers"));
            QCOMPARE(tabs->count(), 2);
            QCOMPARE(tabs->tabText(0), QStringLiteral("hidden 1"));
            QCOMPARE(tabs->tabText(1), QStringLiteral("output"));
            ValuesTable* hidden = dialog->table(0);
            QCOMPARE(hidden->rowCount(), 64);
            QCOMPARE(hidden->columnCount(), 2); // w · x1, bias
            // hidden 1's weight column, then its biases, as the float32 a run starts from
            QCOMPARE(float(hidden->weights()[5]), float(drawn[5]));
            QCOMPARE(float(hidden->biases()[5]), float(drawn[64 + 5]));
            ValuesTable* output = dialog->table(1);
            QCOMPARE(output->columnCount(), 65); // w · unit 0 .. unit 63, bias
            auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
            output->item(0, 64)->setText(QStringLiteral("a half"));
            QVERIFY(!ok->isEnabled());
            output->item(0, 64)->setText(QStringLiteral("0.5"));
            QVERIFY(ok->isEnabled());
            typed = true;
            ok->click();
        };
        QTimer::singleShot(0, &window, [&type] {
            QWidget* modal = QApplication::activeModalWidget();
            if (auto* dialog = qobject_cast<ParametersDialog*>(modal))
                type(dialog);
            if (QApplication::activeModalWidget()) // a check failed: do not hang on it
                QApplication::activeModalWidget()->close();
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(typed);
        const ExperimentSettings& now = document.notebook().experiments[4].settings;
        for (const InitializerSpec& init : now.initializers)
            QCOMPARE(init.kind, InitializerKind::Values);
        arma::vec expected = drawn;
        expected[expected.n_elem - 1] = 0.5; // the output bias, last in state_dict order
        QVERIFY(arma::all(initialNetwork(now).parameters() == expected));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Edit initial parameters"));
        document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments[4].settings, before);
    }

    // Edit > Fit output layer on seed 003's four hand-set elbows: the output weights and bias
    // become the least-squares fit of y = x^2 on [relu(w x + b), 1], checked against a direct
    // (QR) solve of that system written out here; the fit is one edit that undo takes back.
    void fitOutputLayerIsTheLeastSquaresSolve() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("relu-sum"));
        NotebookDocument& document = window.document();
        window.selectExperiment(3);
        const ExperimentSettings before = document.notebook().experiments[3].settings;
        QVERIFY(window.fitOutputLayer(0.0));
        const InitializerSpec& output = document.notebook().experiments[3].settings.initializers[1];
        QCOMPARE(output.kind, InitializerKind::Values);
        QCOMPARE(output.weights.size(), std::size_t(4));
        QCOMPARE(output.biases.size(), std::size_t(1));

        const Dataset data = generateDataset(before.dataset);
        const double w[] = {2.8, -2.1, 2.0, -2.2}, b[] = {-2.85, -3.09, -5.63, -4.58};
        arma::mat h(data.trainX.n_rows, 5);
        for (arma::uword i = 0; i < h.n_rows; ++i) {
            for (arma::uword u = 0; u < 4; ++u) // the hidden layer as float32 stores it
                h(i, u) =
                    std::max(0.0, double(float(w[u])) * data.trainX(i, 0) + double(float(b[u])));
            h(i, 4) = 1.0;
        }
        const arma::vec direct = arma::solve(h, arma::vec(data.trainY.col(0)));
        for (std::size_t u = 0; u < 4; ++u)
            QVERIFY2(std::abs(output.weights[u] - direct[u]) <= 1e-6 * (1 + std::abs(direct[u])),
                     qPrintable(QStringLiteral("unit %1: %2 vs %3")
                                    .arg(u)
                                    .arg(output.weights[u])
                                    .arg(direct[u])));
        QVERIFY(std::abs(output.biases[0] - direct[4]) <= 1e-6 * (1 + std::abs(direct[4])));
        // The hidden layer is as it was; undo restores the seed's output layer.
        QCOMPARE(document.notebook().experiments[3].settings.initializers[0],
                 before.initializers[0]);
        document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments[3].settings, before);

        // An output layer it cannot fit: said, nothing changed.
        Experiment tanhOut = document.notebook().experiments[3];
        tanhOut.settings.architecture.layers.back().activation = Activation::tanh();
        document.editExperiment(3, tanhOut, QStringLiteral("tanh output"));
        QVERIFY(!window.fitOutputLayer(0.0));
        QVERIFY(window.lastError().contains(QStringLiteral("identity output layer")));
        QCOMPARE(document.notebook().experiments[3].settings, tanhOut.settings);
    }

    // A double click on a hand-set layer's values opens its table; a cell that is no number
    // holds OK back; the edit is the layer's values initializer, one undoable step.
    void handSetValuesAreEditedInTheirTable() {
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("relu-sum"));
        NotebookDocument& document = window.document();
        window.selectExperiment(1); // 2 hand-set units
        const ExperimentSettings before = document.notebook().experiments[1].settings;
        auto* table = window.editor()->findChild<QTableView*>(QStringLiteral("layers"));
        QVERIFY(table);
        const QModelIndex cell = table->model()->index(0, LayerTableModel::InitValueColumn);
        QCOMPARE(cell.data().toString(), QStringLiteral("2 weights, 2 biases"));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        table->scrollTo(cell);
        const QPoint at = table->visualRect(cell).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        bool edited = false;
        QTimer::singleShot(0, &window, [&edited] {
            auto* dialog = qobject_cast<ValuesDialog*>(QApplication::activeModalWidget());
            if (!dialog) {
                if (QWidget* other = QApplication::activeModalWidget())
                    other->close();
                QFAIL("no table of values");
            }
            QTableWidget* values = dialog->table();
            QCOMPARE(values->rowCount(), 2);
            QCOMPARE(values->columnCount(), 2); // w · x1, bias
            QCOMPARE(values->item(1, 1)->text(), QStringLiteral("-3.09"));
            auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
            values->item(0, 0)->setText(QStringLiteral("one"));
            QVERIFY(!ok->isEnabled());
            values->item(0, 0)->setText(QStringLiteral("1.5"));
            values->item(1, 1)->setText(QStringLiteral("-0.5"));
            QVERIFY(ok->isEnabled());
            edited = true;
            ok->click();
        });
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(edited);
        const InitializerSpec& now = document.notebook().experiments[1].settings.initializers[0];
        QCOMPARE(now, InitializerSpec::values({1.5, -2.1}, {-2.85, -0.5}));
        document.undoStack()->undo();
        QCOMPARE(document.notebook().experiments[1].settings, before);
    }
};

QTEST_MAIN(TestHandsOn)
#include "tst_handson.moc"
