#include "mainwindow.h"

#include "chartexportdialog.h"
#include "chartspanel.h"
#include "chartview.h"
#include "experimenteditor.h"
#include "helpmenu.h"
#include "newexperimentmenu.h"
#include "notebookdocument.h"
#include "notebookmodel.h"

#include "core/error.h"
#include "document/experimentjson.h"
#include "document/newexperiment.h"
#include "document/notebookfile.h"
#include "document/templates.h"
#include "gpu/cudaaccelerator.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

namespace relulab {

namespace {

constexpr int maxRecentFiles = 8;
const QString recentKey = QStringLiteral("recentFiles");
const QString fileFilter = QStringLiteral("ReLU Lab notebooks (*.relulab);;All files (*)");
const QString jsonFilter = QStringLiteral("Experiment JSON (*.json);;All files (*)");

QString duration(double seconds) {
    if (seconds < 0)
        return QStringLiteral("?");
    const long s = long(seconds + 0.5);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
}

QString withSuffix(QString path) {
    if (!path.endsWith(QLatin1String(notebookfile::suffix)))
        path += QLatin1String(notebookfile::suffix);
    return path;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new NotebookDocument(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    m_model = new NotebookModel(*m_document, this);
    buildLayout();
    buildActions();
    buildViewMenu();
    addHelpMenu(*this, [this] { return m_charts->currentPanel(); });
    connect(m_document, &NotebookDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &NotebookDocument::documentReset, this, [this] {
        updateTitle();
        if (!m_document->notebook().experiments.empty())
            selectExperiment(0);
    });
    connect(m_document, &NotebookDocument::trainingStarted, this, [this] {
        m_progress->show();
        m_eta->show();
        updateActions();
    });
    connect(m_document, &NotebookDocument::runsUpdated, this, &MainWindow::updateProgress);
    connect(m_document, &NotebookDocument::trainingFinished, this, [this](const QString& summary) {
        m_progress->hide();
        m_eta->hide();
        statusBar()->showMessage(QStringLiteral("Training done: ") + summary, 10000);
        updateActions();
        updateTitle();
    });
    connect(m_document, &NotebookDocument::errorOccurred, this,
            [this](const QString& message) { showError(QStringLiteral("Runs"), message); });
    connect(m_editor, &ExperimentEditor::validityChanged, this, &MainWindow::updateActions);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const int e = m_model->experimentOf(current);
                m_editor->setExperiment(e);
                m_charts->showRuns(e, NotebookModel::runOf(current));
                // once the layer table has its columns
                QTimer::singleShot(0, this, &MainWindow::widenDocksIfNeeded);
                updateActions();
            });
    connect(m_charts, &ChartsPanel::handleDragged, this, &MainWindow::moveHandle);
    connect(m_charts, &ChartsPanel::exportFinished, this, [this](bool ok, const QString& message) {
        if (ok)
            statusBar()->showMessage(message, 10000);
        else
            showError(QStringLiteral("Export charts"), message);
    });
    newNotebook();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&New"), QKeySequence::New, this, [this] {
        if (maybeSave())
            newNotebook();
    });
    QMenu* templates = file->addMenu(QStringLiteral("New from &template"));
    for (const NotebookTemplate& t : notebookTemplates()) {
        QAction* action = templates->addAction(QString::fromStdString(t.name), this,
                                               [this, name = QString::fromStdString(t.name)] {
                                                   if (maybeSave())
                                                       newFromTemplate(name);
                                               });
        action->setStatusTip(QString::fromStdString(t.description));
    }
    file->addAction(QStringLiteral("&Open…"), QKeySequence::Open, this, [this] {
        if (!maybeSave())
            return;
        const QString path =
            QFileDialog::getOpenFileName(this, QStringLiteral("Open notebook"), {}, fileFilter);
        if (!path.isEmpty())
            openNotebook(path);
    });
    m_recentMenu = file->addMenu(QStringLiteral("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    m_save = file->addAction(QStringLiteral("&Save"), QKeySequence::Save, this, [this] {
        if (m_document->path().isEmpty()) {
            const QString path =
                QFileDialog::getSaveFileName(this, QStringLiteral("Save notebook"),
                                             QStringLiteral("notebook.relulab"), fileFilter);
            if (!path.isEmpty())
                saveNotebook(withSuffix(path));
        } else {
            saveNotebook(m_document->path());
        }
    });
    file->addAction(QStringLiteral("Save &As…"), QKeySequence::SaveAs, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save notebook as"),
                                                          m_document->path(), fileFilter);
        if (!path.isEmpty())
            saveNotebook(withSuffix(path));
    });
    file->addSeparator();
    m_exportExperiment = file->addAction(QStringLiteral("&Export experiment JSON…"), this, [this] {
        const int e = currentExperiment();
        if (e < 0)
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, QStringLiteral("Export experiment"),
            QString::fromStdString(m_document->notebook().experiments[std::size_t(e)].name) +
                QStringLiteral(".json"),
            jsonFilter);
        if (path.isEmpty())
            return;
        const auto answer =
            QMessageBox::question(this, QStringLiteral("Export experiment"),
                                  QStringLiteral("Include the runs and their snapshots?"),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        exportExperimentFile(path, answer == QMessageBox::Yes);
    });
    file->addAction(QStringLiteral("&Import experiment…"), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, QStringLiteral("Import experiment"), {}, jsonFilter);
        if (!path.isEmpty())
            importExperimentFile(path);
    });
    file->addAction(QStringLiteral("Export &charts…"), this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, QStringLiteral("Export charts into"));
        if (folder.isEmpty())
            return;
        bool ok = false;
        const QString choice =
            QInputDialog::getItem(this, QStringLiteral("PNG resolution"), QStringLiteral("Pixels:"),
                                  pngResolutions(), 1, false, &ok);
        if (!ok)
            return;
        const auto [size, scale] = pngResolution(choice);
        exportChartsTo(folder, size, scale);
    });
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, QStringLiteral("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, QStringLiteral("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addMenu(newExperimentMenu(this, [this](DatasetKind kind) { addExperiment(kind); }));
    m_duplicate = edit->addAction(QStringLiteral("&Duplicate experiment"), this,
                                  &MainWindow::duplicateExperiment);
    m_duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_rename = edit->addAction(QStringLiteral("Re&name experiment"), this, [this] {
        const int e = currentExperiment();
        if (e >= 0)
            m_tree->edit(m_model->index(e, NotebookModel::NameColumn));
    });
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_delete =
        edit->addAction(QStringLiteral("De&lete experiment"), this, &MainWindow::deleteSelected);
    m_delete->setShortcut(QKeySequence::Delete);
    m_moveUp = edit->addAction(QStringLiteral("Move &up"), this, [this] { moveExperiment(-1); });
    m_moveUp->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up));
    m_moveDown =
        edit->addAction(QStringLiteral("Move do&wn"), this, [this] { moveExperiment(+1); });
    m_moveDown->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down));
    edit->addSeparator();
    m_fitOutput = edit->addAction(QStringLiteral("&Fit output layer by least squares…"), this,
                                  &MainWindow::askAndFitOutputLayer);
    m_parameters = edit->addAction(QStringLiteral("Initial &parameters…"), this,
                                   &MainWindow::editInitialParameters);
    m_charts->addFitActions({m_parameters, m_fitOutput});

    QMenu* run = menuBar()->addMenu(QStringLiteral("&Run"));
    m_run = run->addAction(style()->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("&Run"),
                           this, [this] { runSelected(false); });
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_run->setToolTip(QStringLiteral("Train the experiment with its settings (Ctrl+R)"));
    m_runSweep = run->addAction(style()->standardIcon(QStyle::SP_MediaSeekForward),
                                QStringLiteral("Run &sweep"), this, [this] { runSelected(true); });
    m_runSweep->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_runSweep->setToolTip(
        QStringLiteral("Train every combination of the sweep's widths, depths, seeds and "
                       "learning rates (Ctrl+Shift+R)"));
    m_stop = run->addAction(style()->standardIcon(QStyle::SP_MediaStop), QStringLiteral("S&top"),
                            this, &MainWindow::stopRuns);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    run->addSeparator();
    m_continue = run->addAction(QStringLiteral("&Continue from this snapshot…"), this,
                                &MainWindow::continueFromSnapshot);
    m_continue->setToolTip(QStringLiteral("Train a new run from the selected run's snapshot "
                                          "that the slider is on, with other settings"));

    QToolBar* toolbar = addToolBar(QStringLiteral("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_run);
    toolbar->addAction(m_runSweep);
    toolbar->addAction(m_stop);
    toolbar->addSeparator();
    // Where runs train: remembered across sessions, asked for again at each Run.
    m_backend = new QComboBox(toolbar);
    m_backend->setObjectName(QStringLiteral("backendChoice"));
    for (BackendChoice choice : {BackendChoice::Auto, BackendChoice::Cpu, BackendChoice::Cuda})
        m_backend->addItem(QString::fromLatin1(backendChoiceName(choice)), int(choice));
    m_backend->setItemData(0, QStringLiteral("The GPU when one is usable, else the CPU"),
                           Qt::ToolTipRole);
    m_backend->setItemData(1, QStringLiteral("The CPU's worker threads"), Qt::ToolTipRole);
    m_backend->setItemData(2, QStringLiteral("The CUDA GPU (runs it cannot train go to the CPU)"),
                           Qt::ToolTipRole);
    m_backend->setToolTip(QStringLiteral("Where the runs train"));
    const int saved = m_backend->findText(
        QSettings().value(QStringLiteral("run/backend"), QStringLiteral("auto")).toString());
    m_backend->setCurrentIndex(saved >= 0 ? saved : 0);
    connect(m_backend, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QStringLiteral("run/backend"), m_backend->currentText());
    });
    toolbar->addWidget(new QLabel(QStringLiteral(" Backend: "), toolbar));
    toolbar->addWidget(m_backend);

    // Right-click in the tree: what applies to the row under the pointer (made current first).
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_tree->indexAt(at);
        if (!index.isValid())
            return;
        m_tree->setCurrentIndex(index);
        QMenu menu(this);
        menu.addActions({m_run, m_runSweep});
        if (m_continue->isEnabled()) // a stored run's row
            menu.addAction(m_continue);
        menu.addSeparator();
        menu.addActions({m_duplicate, m_rename, m_delete});
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });
    updateActions();
}

int MainWindow::currentExperiment() const {
    return m_model->experimentOf(m_tree->currentIndex());
}

int MainWindow::currentRun() const {
    return NotebookModel::runOf(m_tree->currentIndex());
}

void MainWindow::updateTitle() {
    const QString name = m_document->path().isEmpty() ? QStringLiteral("Untitled")
                                                      : QFileInfo(m_document->path()).fileName();
    setWindowTitle(name + QStringLiteral("[*] — ReLU Lab"));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions() {
    const int e = currentExperiment();
    const bool training = m_document->isTraining();
    const bool valid = e >= 0 && m_editor->problem().isEmpty();
    m_run->setEnabled(valid && !training);
    m_runSweep->setEnabled(valid && !training &&
                           !m_document->notebook().experiments[std::size_t(e)].sweep.empty());
    m_stop->setEnabled(training);
    m_continue->setEnabled(!training && shownSnapshot());
    const QString why = e < 0      ? QStringLiteral("Choose an experiment")
                        : training ? QStringLiteral("Runs are training")
                                   : m_editor->problem();
    m_run->setStatusTip(valid && !training ? QString() : why);
    m_duplicate->setEnabled(e >= 0);
    m_fitOutput->setEnabled(e >= 0);
    m_parameters->setEnabled(e >= 0 && m_editor->problem().isEmpty());
    m_rename->setEnabled(e >= 0);
    // Delete takes the selected run when a stored one is selected, else the experiment.
    const int r = currentRun();
    m_delete->setText(r >= 0 ? QStringLiteral("De&lete run")
                             : QStringLiteral("De&lete experiment"));
    m_delete->setEnabled(r >= 0 ? m_document->canRemoveRun(e, r)
                                : e >= 0 && !m_document->isTrainingExperiment(e));
    m_moveUp->setEnabled(e > 0);
    m_moveDown->setEnabled(e >= 0 &&
                           std::size_t(e) + 1 < m_document->notebook().experiments.size());
    m_exportExperiment->setEnabled(e >= 0);
}

void MainWindow::updateProgress() {
    if (!m_document->isTraining())
        return;
    const RunSession::Progress p = m_document->progress();
    m_progress->setValue(p.stepsTotal > 0 ? int(1000.0 * double(p.stepsDone) / double(p.stepsTotal))
                                          : 0);
    m_eta->setText(QStringLiteral("%1/%2 runs, %3 elapsed, ETA %4")
                       .arg(p.runsDone)
                       .arg(p.runs)
                       .arg(duration(p.elapsedSeconds), duration(p.etaSeconds)));
}

void MainWindow::showError(const QString& title, const QString& message) {
    m_lastError = message;
    statusBar()->showMessage(message, 15000);
    // Window-modal, not application-blocking: the event loop (and training) goes on.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::maybeSave() {
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, QStringLiteral("ReLU Lab"),
        QStringLiteral("The notebook has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Discard)
        return true;
    m_save->trigger();
    return !m_document->isModified();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_document->cancelRuns();
    saveLayout();
    event->accept();
}

QStringList MainWindow::stopForSignal(const QString& folder) {
    QStringList report;
    const QString path = m_document->path();
    const QString summary = m_document->stopRunsAndWait();
    if (!summary.isEmpty())
        report << QStringLiteral("stopped the runs, %1%2")
                      .arg(summary, path.isEmpty() ? QString()
                                                   : QStringLiteral(" (stored in %1)").arg(path));
    if (!m_document->isModified())
        return report;
    try {
        const QString copy = m_document->saveRecoveryCopy(folder);
        report << QStringLiteral("unsaved changes kept in %1 (%2)")
                      .arg(copy, path.isEmpty()
                                     ? QStringLiteral("the notebook had no file")
                                     : QStringLiteral("%1 holds what was last saved").arg(path));
    } catch (const std::exception& error) {
        report << QStringLiteral("the unsaved changes could not be kept: %1")
                      .arg(QString::fromUtf8(error.what()));
    }
    return report;
}

void MainWindow::newNotebook() {
    Notebook notebook;
    notebook.experiments.push_back(newExperiment(DatasetKind::PiecewiseLinear, "Experiment 1"));
    m_document->reset(std::move(notebook));
}

void MainWindow::newFromTemplate(const QString& name) {
    try {
        m_document->reset(makeTemplate(name.toStdString()));
    } catch (const std::exception& error) {
        showError(QStringLiteral("New from template"), QString::fromUtf8(error.what()));
    }
}

bool MainWindow::openNotebook(const QString& path) {
    try {
        m_document->open(path);
    } catch (const std::exception& error) {
        showError(QStringLiteral("Open notebook"), QString::fromUtf8(error.what()));
        return false;
    }
    rememberRecent(path);
    statusBar()->showMessage(QStringLiteral("Opened %1").arg(path), 5000);
    return true;
}

bool MainWindow::saveNotebook(const QString& path) {
    try {
        m_document->save(path);
    } catch (const std::exception& error) {
        showError(QStringLiteral("Save notebook"),
                  QStringLiteral("The notebook was not saved (the file on disk is unchanged): %1")
                      .arg(QString::fromUtf8(error.what())));
        return false;
    }
    rememberRecent(path);
    updateTitle();
    statusBar()->showMessage(QStringLiteral("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::importExperimentFile(const QString& path) {
    try {
        Experiment experiment = importExperiment(path);
        const int at = int(m_document->notebook().experiments.size());
        m_document->insertExperiment(at, std::move(experiment),
                                     QStringLiteral("Import %1").arg(QFileInfo(path).fileName()));
        selectExperiment(at);
    } catch (const std::exception& error) {
        showError(QStringLiteral("Import experiment"), QString::fromUtf8(error.what()));
        return false;
    }
    return true;
}

bool MainWindow::exportExperimentFile(const QString& path, bool withRuns) {
    const int e = currentExperiment();
    if (e < 0)
        return false;
    try {
        exportExperiment(m_document->notebook().experiments[std::size_t(e)], withRuns, path);
    } catch (const std::exception& error) {
        showError(QStringLiteral("Export experiment"), QString::fromUtf8(error.what()));
        return false;
    }
    statusBar()->showMessage(QStringLiteral("Exported %1").arg(path), 5000);
    return true;
}

void MainWindow::exportChartsTo(const QString& folder, QSize size, qreal scale) {
    m_charts->exportAll(folder, size, scale);
}

void MainWindow::selectExperiment(int experiment, int run) {
    QModelIndex index = m_model->index(experiment, 0);
    if (run >= 0) {
        m_tree->expand(index);
        index = m_model->index(run, 0, index);
    }
    m_tree->setCurrentIndex(index);
}

void MainWindow::runSelected(bool withSweeps) {
    const int e = currentExperiment();
    if (e < 0 || m_document->isTraining())
        return;
    std::string note;
    try {
        const auto choice = static_cast<BackendChoice>(m_backend->currentData().toInt());
        m_document->startRuns({std::size_t(e)}, withSweeps, acceleratorFor(choice, note));
    } catch (const std::exception& error) {
        showError(QStringLiteral("Run"), QString::fromUtf8(error.what()));
        return;
    }
    m_tree->expand(m_model->index(e, 0));
    statusBar()->showMessage(note.empty() ? QStringLiteral("Training…")
                                          : QStringLiteral("Training… (") +
                                                QString::fromStdString(note) + QLatin1Char(')'));
}

void MainWindow::stopRuns() {
    m_document->cancelRuns();
    statusBar()->showMessage(QStringLiteral("Stopping the runs…"), 3000);
}

void MainWindow::addExperiment(DatasetKind kind) {
    // The kind's own defaults, not the selected experiment's settings: Duplicate copies those.
    const Notebook& notebook = m_document->notebook();
    std::size_t number = notebook.experiments.size() + 1;
    while (notebook.find("Experiment " + std::to_string(number)))
        ++number;
    const int at = int(notebook.experiments.size());
    const std::string kindName(datasetKinds.name(kind));
    m_document->insertExperiment(
        at, newExperiment(kind, "Experiment " + std::to_string(number)),
        QStringLiteral("Add %1 experiment").arg(QString::fromStdString(kindName)));
    selectExperiment(at);
}

void MainWindow::duplicateExperiment() {
    const int e = currentExperiment();
    if (e < 0)
        return;
    Experiment copy = m_document->notebook().experiments[std::size_t(e)];
    copy.uid = newUid();
    copy.name += " (copy)";
    copy.runs.clear(); // the copy is for new runs; the original keeps its results
    m_document->insertExperiment(e + 1, std::move(copy), QStringLiteral("Duplicate experiment"));
    selectExperiment(e + 1);
}

void MainWindow::deleteSelected() {
    const int e = currentExperiment();
    if (e < 0 || m_document->isTrainingExperiment(e))
        return;
    if (const int r = currentRun(); r >= 0)
        m_document->removeRun(e, r);
    else
        m_document->removeExperiment(e);
    updateActions();
}

void MainWindow::moveExperiment(int by) {
    const int e = currentExperiment();
    const int to = e + by;
    if (e < 0 || to < 0 || std::size_t(to) >= m_document->notebook().experiments.size())
        return;
    m_document->moveExperiment(e, to);
    selectExperiment(to);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(recentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > maxRecentFiles)
        recent.removeLast();
    settings.setValue(recentKey, recent);
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(recentKey).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(path, this, [this, path] {
            if (maybeSave())
                openNotebook(path);
        });
    if (recent.isEmpty())
        m_recentMenu->addAction(QStringLiteral("(none)"))->setEnabled(false);
}

} // namespace relulab
