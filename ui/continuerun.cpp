// Run > Continue from this snapshot…: the MainWindow's part of a continued run (the dialog
// asks for its training settings, the document makes and trains it).
#include "ui/chartspanel.h"
#include "ui/continuedialog.h"
#include "ui/mainwindow.h"
#include "ui/notebookdocument.h"
#include "ui/notebookmodel.h"

#include "gpu/cudaaccelerator.h"

#include <QAction>
#include <QComboBox>
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

} // namespace relulab
