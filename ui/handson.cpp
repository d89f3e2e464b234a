// The MainWindow's hands-on actions: Run > Continue from this snapshot… (the dialog asks for the
// training settings, the document makes and trains the run) and Edit > Fit output layer (the
// document layer solves it, the edit is one undoable step); the preview's fit dragged by hand,
// and every layer's initial parameters edited in one table each.
#include "ui/chartspanel.h"
#include "ui/continuedialog.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/notebookmodel.h"
#include "ui/valuesdialog.h"

#include "document/handbuild.h"
#include "document/outputlayerfit.h"
#include "gpu/cudaaccelerator.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QLocale>
#include <QSlider>
#include <QStatusBar>
#include <QTreeView>

namespace relulab {

std::optional<MainWindow::ShownSnapshot> MainWindow::shownSnapshot() const {
    const int e = currentExperiment(), r = currentRun();
    if (e < 0 || r < 0 || r >= int(m_document->notebook().experiments[std::size_t(e)].runs.size()))
        return std::nullopt; // a stored run only: a live one's snapshots are still coming
    const RunRecord run = m_document->runErrors(e, r);
    const SnapshotSeries& s = run.result.snapshots;
    if (s.count == 0)
        return std::nullopt;
    const QSlider* scrubber = m_charts->scrubber();
    const std::size_t index =
        scrubber->isEnabled() ? std::min(std::size_t(scrubber->value()), s.count - 1) : s.count - 1;
    return ShownSnapshot{e, r, s.steps[index]};
}

void MainWindow::continueFromSnapshot() {
    const std::optional<ShownSnapshot> shown = shownSnapshot();
    if (!shown || m_document->isTraining())
        return;
    const Experiment& experiment =
        m_document->notebook().experiments[std::size_t(shown->experiment)];
    const RunRecord& parent = experiment.runs[std::size_t(shown->run)];
    ExperimentSettings settings = experiment.settings;
    settings.architecture = parent.settings.architecture; // a width sweep's run has its own
    ContinueDialog dialog(settings, QString::fromStdString(experiment.name),
                          QString::fromStdString(parent.label), shown->step, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    RunSession::Continuation continuation(std::size_t(shown->experiment),
                                          std::size_t(shown->experiment), std::size_t(shown->run),
                                          shown->step);
    continuation.settings = dialog.settings();
    std::string note;
    try {
        const auto choice = static_cast<BackendChoice>(m_backend->currentData().toInt());
        m_document->startContinuation(continuation, acceleratorFor(choice, note));
    } catch (const std::exception& error) {
        showError(QStringLiteral("Continue from iteration %1").arg(shown->step),
                  QString::fromUtf8(error.what()));
        return;
    }
    m_tree->expand(m_model->index(shown->experiment, 0));
    statusBar()->showMessage(QStringLiteral("Training %1 from iteration %2…")
                                 .arg(QString::fromStdString(parent.label))
                                 .arg(shown->step));
}

bool MainWindow::fitOutputLayer(double lambda) {
    const int e = currentExperiment();
    if (e < 0)
        return false;
    Experiment edited = m_document->notebook().experiments[std::size_t(e)];
    const std::string base = m_document->path().isEmpty()
                                 ? std::string()
                                 : QFileInfo(m_document->path()).absolutePath().toStdString();
    try {
        const OutputLayerFit fit = relulab::fitOutputLayer(edited.settings, lambda, base);
        edited.settings = fit.settings;
        m_document->editExperiment(e, edited, QStringLiteral("Fit output layer"));
        statusBar()->showMessage(
            QStringLiteral("Output layer fitted by ridge regression (λ = %1): training MSE %2")
                .arg(lambda, 0, 'g', 3)
                .arg(fit.trainingMse, 0, 'g', 4));
        return true;
    } catch (const std::exception& error) {
        showError(QStringLiteral("Fit output layer"), QString::fromUtf8(error.what()));
        return false;
    }
}

bool MainWindow::moveHandle(const DragHandle& handle, double to, int drag) {
    const int e = currentExperiment();
    if (e < 0 || m_document->runCount(e) > 0)
        return false; // a run's snapshot is what training made, not to be edited
    Experiment edited = m_document->notebook().experiments[std::size_t(e)];
    const bool elbow = handle.kind == DragHandle::Kind::Elbow;
    try {
        edited.settings = elbow ? withElbowAt(edited.settings, handle.unit, to)
                                : withPieceThrough(edited.settings, handle.unit, handle.x, to);
    } catch (const std::exception& error) {
        statusBar()->showMessage(QString::fromUtf8(error.what()), 5000);
        return false;
    }
    const QString unit = QStringLiteral("unit %1").arg(handle.unit);
    m_document->editExperiment(e, edited,
                               elbow ? QStringLiteral("Move %1's elbow").arg(unit)
                                     : QStringLiteral("Move %1's piece").arg(unit),
                               QStringLiteral("hand-build drag %1").arg(drag));
    statusBar()->showMessage(
        elbow ? QStringLiteral("Hidden 1 %1: elbow at x = %2").arg(unit).arg(to, 0, 'g', 4)
              : QStringLiteral("Hidden 1 %1: its piece through (%2, %3)")
                    .arg(unit)
                    .arg(handle.x, 0, 'g', 4)
                    .arg(to, 0, 'g', 4));
    return true;
}

void MainWindow::editInitialParameters() {
    const int e = currentExperiment();
    if (e < 0)
        return;
    Experiment edited = m_document->notebook().experiments[std::size_t(e)];
    std::vector<ParametersDialog::Layer> layers;
    try {
        edited.settings = withInitialValues(edited.settings, initialNetwork(edited.settings));
    } catch (const std::exception& error) {
        showError(QStringLiteral("Initial parameters"), QString::fromUtf8(error.what()));
        return;
    }
    const Architecture& a = edited.settings.architecture;
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        ParametersDialog::Layer layer{QString::fromStdString(layerDisplayName(l, a)),
                                      {},
                                      std::size_t(a.layers[l].units),
                                      edited.settings.initializers[l].weights,
                                      edited.settings.initializers[l].biases};
        const int inputs = l == 0 ? a.inputs : a.layers[l - 1].units;
        for (int i = 0; i < inputs; ++i)
            layer.inputNames.push_back(l == 0 ? QStringLiteral("x%1").arg(i + 1)
                                              : QStringLiteral("unit %1").arg(i));
        layers.push_back(std::move(layer));
    }
    ParametersDialog dialog(
        QStringLiteral("Initial parameters of \"%1\"").arg(QString::fromStdString(edited.name)),
        layers, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    for (std::size_t l = 0; l < layers.size(); ++l)
        edited.settings.initializers[l] =
            InitializerSpec::values(dialog.weights(l), dialog.biases(l));
    m_document->editExperiment(e, edited, QStringLiteral("Edit initial parameters"));
}

void MainWindow::askAndFitOutputLayer() {
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, QStringLiteral("Fit output layer"),
        QStringLiteral("The output layer's weights and bias are set to the least-squares fit of "
                       "the training targets on the layers before it as initialized (ridge "
                       "regression, the bias penalised too). Ridge λ:"),
        QLineEdit::Normal, QStringLiteral("1e-08"), &ok);
    if (!ok)
        return;
    bool number = false;
    const double lambda = QLocale::c().toDouble(text.trimmed(), &number);
    if (!number || !(lambda >= 0)) {
        showError(QStringLiteral("Fit output layer"),
                  QStringLiteral("λ must be a number of at least 0, got \"%1\"").arg(text));
        return;
    }
    fitOutputLayer(lambda);
}

} // namespace relulab
