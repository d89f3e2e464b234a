// The experiment form as a new user meets it, on the offscreen platform: Edit > Add experiment
// of every data set kind is valid at once and trains; the form never moves when a message comes
// or goes; fields that do nothing are disabled and say why; a change of data set kind fits the
// net in one undoable step; the wheel scrolls the form and leaves fields without focus alone.
#include "ui/experimenteditor.h"
#include "ui/layertablemodel.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"

#include "common/windowdriving.h"

#include "document/runplan.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QWheelEvent>

using namespace relulab;
using namespace relulab::windowdriving;

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QMenu* addExperimentMenu(MainWindow& window) {
    return window.findChild<QMenu*>(QStringLiteral("addExperimentMenu"));
}

// Edit > Add experiment > KIND, as the menu offers it.
bool addExperimentOf(MainWindow& window, DatasetKind kind) {
    QMenu* menu = addExperimentMenu(window);
    if (!menu)
        return false;
    for (QAction* action : menu->actions())
        if (action->data().toString() == qs(datasetKinds.name(kind))) {
            action->trigger();
            return true;
        }
    return false;
}

template <class Field> Field* field(MainWindow& window, const char* name) {
    return window.editor()->findChild<Field*>(QString::fromLatin1(name));
}

// A wheel notch down over the middle of `widget`, delivered to it as the window would.
void wheelOver(QWidget* widget) {
    const QPointF at(widget->width() / 2.0, widget->height() / 2.0);
    QWheelEvent wheel(at, widget->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &wheel);
}

const Experiment& shown(MainWindow& window) {
    return window.document().notebook().experiments.at(std::size_t(window.currentExperiment()));
}

} // namespace

class TestExperimentForm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Every kind once, grouped by family, under Edit > Add experiment.
    void theAddMenuListsEveryKind() {
        MainWindow window;
        QMenu* menu = addExperimentMenu(window);
        QVERIFY(menu);
        QStringList kinds;
        for (QAction* action : menu->actions())
            if (!action->isSeparator())
                kinds << action->data().toString();
        QStringList expected;
        for (const DatasetKindDescriptor& kind : datasetKinds)
            expected << qs(kind.name);
        QCOMPARE(kinds, expected);
    }

    void aNewExperimentOfEveryKindRunsAtOnce_data() {
        QTest::addColumn<int>("kind");
        for (const DatasetKindDescriptor& kind : datasetKinds)
            if (kind.family != DatasetFamily::File) // a CSV experiment waits for its file
                QTest::newRow(kind.name.data()) << int(kind.kind);
    }

    // Added while an experiment of other settings (a 1-D width sweep, batches of 40) is
    // selected: the new one has its kind's defaults, is valid before it is touched, and trains.
    void aNewExperimentOfEveryKindRunsAtOnce() {
        QFETCH(int, kind);
        MainWindow window;
        window.show();
        window.newFromTemplate(QStringLiteral("linearized-features"));
        window.selectExperiment(0);
        NotebookDocument& document = window.document();
        const std::size_t before = document.notebook().experiments.size();
        QVERIFY(addExperimentOf(window, DatasetKind(kind)));
        QCOMPARE(document.notebook().experiments.size(), before + 1);
        QCOMPARE(window.currentExperiment(), int(before));
        const Experiment& added = shown(window);
        QCOMPARE(int(added.settings.dataset.kind), kind);
        QVERIFY(added.sweep.empty());
        QVERIFY(added.runs.empty());
        QTRY_VERIFY2(window.editor()->problem().isEmpty(), qPrintable(window.editor()->problem()));
        QVERIFY(window.runAction()->isEnabled());
        validateExperiment(added, generatingDatasets({}));
        auto* line = window.editor()->findChild<QLabel*>(QStringLiteral("problem"));
        QVERIFY(line && line->text().startsWith(QStringLiteral("Ready to run")));

        auto* steps = field<QSpinBox>(window, "steps");
        QVERIFY(steps);
        steps->setValue(50);
        QSignalSpy finished(&document, &NotebookDocument::trainingFinished);
        window.runAction()->trigger();
        QVERIFY(finished.wait(trainingTimeoutMs));
        const Experiment& trained = document.notebook().experiments.at(before);
        QCOMPARE(trained.runs.size(), std::size_t(1));
        QCOMPARE(trained.runs[0].result.status, RunStatus::Finished);
        QCOMPARE(trained.runs[0].result.stepsDone, 50L);
    }

    // The message line has its place above the scrolled form: a field stays where it is on the
    // screen when a message appears, and when it goes.
    void theFormDoesNotMoveForAMessage() {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.selectExperiment(0);
        auto* lr = field<QLineEdit>(window, "optimizer.lr");
        auto* line = window.editor()->findChild<QLabel*>(QStringLiteral("problem"));
        QVERIFY(lr && line);
        QTRY_VERIFY(window.editor()->problem().isEmpty());
        QApplication::processEvents();
        const QPoint valid = lr->mapToGlobal(QPoint(0, 0));
        auto* steps = field<QSpinBox>(window, "steps"); // a row below the invalid one
        const QPoint below = steps->mapToGlobal(QPoint(0, 0));
        const int lineHeight = line->height();

        lr->setText(QStringLiteral("-1"));
        Q_EMIT lr->editingFinished();
        QVERIFY(!window.editor()->problem().isEmpty());
        QVERIFY(line->text().startsWith(QStringLiteral("Cannot run")));
        QApplication::processEvents();
        QCOMPARE(lr->mapToGlobal(QPoint(0, 0)), valid);
        QCOMPARE(steps->mapToGlobal(QPoint(0, 0)), below);
        QCOMPARE(line->height(), lineHeight);

        QCOMPARE(line->toolTip(), line->text()); // whole there, where the line cuts it

        window.document().undoStack()->undo();
        QVERIFY(window.editor()->problem().isEmpty());
        QApplication::processEvents();
        QCOMPARE(lr->mapToGlobal(QPoint(0, 0)), valid);
        QCOMPARE(steps->mapToGlobal(QPoint(0, 0)), below);

        // A spin box marked red keeps its height: the rows below it stay put.
        field<QComboBox>(window, "sampling")->setCurrentText(QStringLiteral("with_replacement"));
        auto* batch = field<QSpinBox>(window, "batch_size");
        auto* every = field<QSpinBox>(window, "snapshot_every");
        batch->setValue(10);
        QVERIFY(window.editor()->problem().isEmpty());
        QApplication::processEvents();
        const QPoint belowBatch = every->mapToGlobal(QPoint(0, 0));
        batch->setValue(0);
        QVERIFY(batch->styleSheet().contains(QStringLiteral("#ffd0d0")));
        QApplication::processEvents();
        QCOMPARE(every->mapToGlobal(QPoint(0, 0)), belowBatch);
    }

    // Layers read as the charts name them (issue 18): rows "hidden 1" .. "output", and the
    // same names in a layer's message, its undo step and the Remove button's.
    void layersAreNamedAsTheChartsNameThem() {
        MainWindow window;
        window.newFromTemplate(QStringLiteral("vanishing-gradients"));
        window.selectExperiment(0); // 6 hidden layers and the output
        const LayerTableModel* layers = window.editor()->layerModel();
        auto* table = window.editor()->findChild<QTableView*>(QStringLiteral("layers"));
        QVERIFY(table && table->model() == layers);
        QStringList rows;
        for (int row = 0; row < layers->rowCount(); ++row)
            rows << table->model()->headerData(row, Qt::Vertical).toString();
        QCOMPARE(rows,
                 QStringLiteral("hidden 1,hidden 2,hidden 3,hidden 4,hidden 5,hidden 6,output")
                     .split(QLatin1Char(',')));

        QUndoStack* undo = window.document().undoStack();
        QTRY_VERIFY(window.editor()->problem().isEmpty()); // the data set checked
        table->model()->setData(layers->index(2, LayerTableModel::InitializerColumn),
                                QStringLiteral("elbows"));
        QCOMPARE(undo->undoText(), QStringLiteral("Set hidden 3 initializer to elbows"));
        QTRY_VERIFY2(window.editor()->problem().startsWith(
                         QStringLiteral("hidden 3, Initializer: elbows apply only")),
                     qPrintable(window.editor()->problem()));
        const QString tip =
            layers->data(layers->index(2, LayerTableModel::InitValueColumn), Qt::ToolTipRole)
                .toString();
        QVERIFY2(tip.endsWith(QStringLiteral("(network.layers[2].init)")), qPrintable(tip));
        undo->undo();
        QVERIFY(window.editor()->problem().isEmpty());

        table->setCurrentIndex(layers->index(1, LayerTableModel::UnitsColumn));
        auto* remove = window.editor()->findChild<QPushButton*>(QStringLiteral("removeLayer"));
        QVERIFY(remove);
        remove->click();
        QCOMPARE(undo->undoText(), QStringLiteral("Remove hidden 2"));
        QCOMPARE(layers->rowCount(), 6);
        QCOMPARE(table->model()->headerData(5, Qt::Vertical).toString(), QStringLiteral("output"));
    }

    // What does nothing is disabled with the reason as its tooltip, and enabled again when the
    // setting it depends on changes.
    void fieldsThatDoNotApplyAreDisabled() {
        MainWindow window;
        window.show();
        window.selectExperiment(0); // a new notebook: piecewise_linear, Adam, full_batch
        auto* batch = field<QSpinBox>(window, "batch_size");
        auto* samplingSeed = field<QSpinBox>(window, "sampling_seed");
        auto* sampling = field<QComboBox>(window, "sampling");
        auto* optimizer = field<QComboBox>(window, "optimizer.kind");
        auto* momentum = field<QLineEdit>(window, "optimizer.momentum");
        auto* beta1 = field<QLineEdit>(window, "optimizer.beta1");
        auto* eps = field<QLineEdit>(window, "optimizer.eps");
        auto* samples = field<QSpinBox>(window, "dataset.samples");
        auto* seed = field<QSpinBox>(window, "dataset.seed");
        auto* classes = field<QSpinBox>(window, "dataset.classes");
        auto* inputs = field<QSpinBox>(window, "network.inputs");
        auto* kind = field<QComboBox>(window, "dataset.kind");
        QVERIFY(batch && samplingSeed && sampling && optimizer && momentum && beta1 && eps &&
                samples && seed && classes && inputs && kind);

        QVERIFY(!batch->isEnabled());
        QVERIFY2(batch->toolTip().contains(QStringLiteral("full_batch")),
                 qPrintable(batch->toolTip()));
        QVERIFY(!samplingSeed->isEnabled());
        QVERIFY(!momentum->isEnabled());
        QVERIFY(momentum->toolTip().contains(QStringLiteral("Adam")));
        QVERIFY(beta1->isEnabled() && eps->isEnabled());
        QVERIFY(samples->isEnabled() && seed->isEnabled());
        QVERIFY(!inputs->isEnabled());
        QVERIFY(inputs->toolTip().contains(QStringLiteral("data set")));

        sampling->setCurrentText(QStringLiteral("without_replacement"));
        QVERIFY(batch->isEnabled() && samplingSeed->isEnabled());
        QVERIFY(!batch->toolTip().contains(QStringLiteral("full_batch")));
        optimizer->setCurrentText(QStringLiteral("sgd"));
        QVERIFY(momentum->isEnabled());
        QVERIFY(!beta1->isEnabled() && !eps->isEnabled());
        QVERIFY2(beta1->toolTip().contains(QStringLiteral("Adam's")), qPrintable(beta1->toolTip()));

        // square: every integer of [-10, 10], no noise: the sample count and the seed do nothing.
        kind->setCurrentText(QStringLiteral("square"));
        QVERIFY(!samples->isEnabled());
        QVERIFY(samples->toolTip().contains(QStringLiteral("integer")));
        QVERIFY(!seed->isEnabled());
        // two_moons has no classes setting, as its family's spirals and blobs do.
        kind->setCurrentText(QStringLiteral("two_moons"));
        QVERIFY(classes->isVisibleTo(window.editor()));
        QVERIFY(!classes->isEnabled());
        QVERIFY(classes->toolTip().contains(QStringLiteral("two_moons")));
        kind->setCurrentText(QStringLiteral("blobs"));
        QVERIFY(classes->isEnabled());
        // gradient_print has no noise, as no fixed table has: no row for it.
        auto* noise = field<QLineEdit>(window, "dataset.noise");
        kind->setCurrentText(QStringLiteral("gradient_print"));
        QVERIFY(!noise->isVisibleTo(window.editor()));
        QVERIFY(samples->isEnabled());
        // xor is a table of four points: its family's sample counts would be numbers it does
        // not have, so they are hidden; nothing is drawn from its seed.
        kind->setCurrentText(QStringLiteral("xor"));
        QVERIFY(!samples->isVisibleTo(window.editor()));
        QVERIFY(!seed->isEnabled());
        QVERIFY(seed->toolTip().contains(QStringLiteral("fixed table")));

        // The layer table's cells that take no value say why.
        LayerTableModel* layers = window.editor()->layerModel();
        QCOMPARE(layers->data(layers->index(0, LayerTableModel::ParameterColumn), Qt::ToolTipRole)
                     .toString(),
                 QStringLiteral("relu has no parameter"));
        QVERIFY(layers->data(layers->index(0, LayerTableModel::InitValueColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("no value")));
        QVERIFY(!(layers->flags(layers->index(0, LayerTableModel::ParameterColumn)) &
                  Qt::ItemIsEditable));

        // A value that does nothing but is wrong stays mendable where it is marked.
        Experiment wrong = shown(window);
        wrong.settings.training.optimizer.beta1 = 2;
        window.document().editExperiment(0, wrong, QStringLiteral("bad beta1"));
        QVERIFY(beta1->isEnabled());
        QVERIFY(beta1->styleSheet().contains(QStringLiteral("#ffd0d0")));
        window.document().undoStack()->undo();
        QVERIFY(!beta1->isEnabled());
    }

    // A 1-D experiment with batches of 40 turned into xor: 2 inputs, bce_logits, a batch of
    // the 4 points, in one step that undo takes back whole; the status bar says what changed.
    void changingTheKindFitsTheNetInOneStep() {
        MainWindow window;
        window.show();
        window.selectExperiment(0);
        NotebookDocument& document = window.document();
        field<QComboBox>(window, "sampling")->setCurrentText(QStringLiteral("without_replacement"));
        field<QSpinBox>(window, "batch_size")->setValue(40);
        const ExperimentSettings before = shown(window).settings;
        QCOMPARE(before.training.batchSize, std::size_t(40));
        const int steps = document.undoStack()->count();

        field<QComboBox>(window, "dataset.kind")->setCurrentText(QStringLiteral("xor"));
        const ExperimentSettings& after = shown(window).settings;
        QCOMPARE(after.dataset.kind, DatasetKind::Xor);
        QCOMPARE(after.architecture.inputs, 2);
        QCOMPARE(after.loss, LossKind::BceLogits);
        QCOMPARE(after.architecture.outputs(), 1);
        QCOMPARE(after.training.batchSize, std::size_t(4));
        QCOMPARE(document.undoStack()->count(), steps + 1);
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("inputs 1 → 2")) &&
                     message.contains(QStringLiteral("loss mse → bce_logits")) &&
                     message.contains(QStringLiteral("batch size 40 → 4")),
                 qPrintable(message));
        QVERIFY(document.undoStack()->undoText().contains(QStringLiteral("inputs 1 → 2")));
        QTRY_VERIFY2(window.editor()->problem().isEmpty(), qPrintable(window.editor()->problem()));
        QCOMPARE(field<QSpinBox>(window, "network.inputs")->value(), 2);

        document.undoStack()->undo();
        QVERIFY(shown(window).settings == before);
        QCOMPARE(field<QComboBox>(window, "dataset.kind")->currentText(),
                 QStringLiteral("piecewise_linear"));
    }

    // A CSV experiment: Run waits for the file; once it is chosen the net takes its inputs.
    void aCsvFileGivesTheNetItsInputs() {
        MainWindow window;
        window.show();
        QVERIFY(addExperimentOf(window, DatasetKind::Csv));
        QVERIFY(window.editor()->problem().contains(QStringLiteral("CSV")));
        QVERIFY(!window.runAction()->isEnabled());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("three.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,c,y\n0,0,0,0\n1,0,1,1\n0,1,1,2\n1,1,0,1\n0,0,1,1\n");
        file.close();
        auto* csv = field<QLineEdit>(window, "dataset.csv");
        QVERIFY(csv);
        csv->setText(path);
        Q_EMIT csv->editingFinished();
        QCOMPARE(shown(window).settings.architecture.inputs, 3);
        QTRY_VERIFY2(window.editor()->problem().isEmpty(), qPrintable(window.editor()->problem()));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("inputs 1 → 3")));
    }

    // Over a spin box or a list without focus the wheel scrolls the form and changes nothing:
    // the form's fields and the layer table's editors alike.
    void theWheelScrollsTheForm() {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.selectExperiment(0);
        auto* form = window.editor()->findChild<QScrollArea*>(QStringLiteral("form"));
        QVERIFY(form);
        QScrollBar* bar = form->verticalScrollBar();
        QVERIFY2(bar->maximum() > 0, "the form fits: nothing to scroll");

        auto* seed = field<QSpinBox>(window, "init_seed");
        auto* loss = field<QComboBox>(window, "loss");
        QVERIFY(seed && loss && !seed->hasFocus() && !loss->hasFocus());
        const int seedBefore = seed->value();
        const QString lossBefore = loss->currentText();
        int scrolled = bar->value();
        wheelOver(seed);
        QCOMPARE(seed->value(), seedBefore);
        QVERIFY(bar->value() > scrolled);
        scrolled = bar->value();
        wheelOver(loss);
        QCOMPARE(loss->currentText(), lossBefore);
        QVERIFY(bar->value() > scrolled);
        QCOMPARE(shown(window).settings.initSeed, std::uint64_t(seedBefore));

        // The layer table's units editor, open but without focus.
        QTableView* table = window.editor()->layerTable();
        const QModelIndex units = table->model()->index(0, LayerTableModel::UnitsColumn);
        table->edit(units);
        auto* editor = table->viewport()->findChild<QSpinBox*>();
        QVERIFY(editor);
        editor->clearFocus();
        const int unitsBefore = editor->value();
        wheelOver(editor);
        QCOMPARE(editor->value(), unitsBefore);
    }
};

QTEST_MAIN(TestExperimentForm)
#include "tst_experimentform.moc"
