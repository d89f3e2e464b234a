#pragma once

#include <QMainWindow>
#include <QString>

#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTreeView;

namespace relulab {

class ChartsPanel;
enum class DatasetKind;
struct DragHandle;
class ExperimentEditor;
class NotebookDocument;
class NotebookModel;

// The notebook window: the notebook tree on the left, the selected experiment's editor and the
// chart panels of its runs, File/Edit/Run menus, and training progress in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // What the menus do, without their dialogs (the tests drive these). False on failure, after
    // telling the user why.
    bool openNotebook(const QString& path);
    bool saveNotebook(const QString& path);
    void newNotebook();
    void newFromTemplate(const QString& name);
    bool importExperimentFile(const QString& path);
    bool exportExperimentFile(const QString& path, bool withRuns);
    void exportChartsTo(const QString& folder, QSize size, qreal scale);
    void selectExperiment(int experiment, int run = -1);
    // The tree's current row: its experiment, and its run (-1 on an experiment row).
    int currentExperiment() const;
    int currentRun() const;
    void runSelected(bool withSweeps);
    void stopRuns();
    // The stored run selected in the tree and the scrubber's snapshot of it (its step).
    struct ShownSnapshot {
        int experiment;
        int run;
        long step;
    };
    std::optional<ShownSnapshot> shownSnapshot() const;
    // Run > Continue from this snapshot…: asks for the training settings (ContinueDialog),
    // then trains one run of the experiment from the shown snapshot (continuerun.cpp).
    void continueFromSnapshot();
    // Edit > Fit output layer…: the selected experiment's output layer set to the least-squares
    // fit (ridge `lambda`) for its layers as initialized, as one undoable edit (handson.cpp).
    bool fitOutputLayer(double lambda);
    void askAndFitOutputLayer();
    // A handle of the preview's fit dragged to `to`: the selected experiment, without runs,
    // gets that unit's elbow or piece there (document/handbuild.h), the moves of one drag one
    // undoable edit (handson.cpp). False where nothing changed.
    bool moveHandle(const DragHandle& handle, double to, int drag);
    // Edit > Initial parameters… (and the Fit panel's button): every layer's weights and biases
    // as the experiment starts from them, in a table per layer (ParametersDialog); accepted,
    // every layer becomes `values`, one undoable edit.
    void editInitialParameters();
    QAction* parametersAction() const { return m_parameters; }
    // What closing does, without asking (SIGTERM or SIGINT came): the runs stop and are stored as
    // cancelled, and unsaved changes go to a recovery copy (NotebookDocument::saveRecoveryCopy;
    // in `folder` for a notebook without a file). Returns what happened, one line each.
    QStringList stopForSignal(const QString& folder);

    NotebookDocument& document() { return *m_document; }
    ExperimentEditor* editor() { return m_editor; }
    ChartsPanel* charts() { return m_charts; }
    QTreeView* tree() { return m_tree; }
    QDockWidget* treeDock() { return m_treeDock; }
    QDockWidget* editorDock() { return m_editorDock; }
    QAction* runAction() { return m_run; }
    QAction* runSweepAction() { return m_runSweep; }
    QAction* stopAction() { return m_stop; }
    QAction* continueAction() { return m_continue; }
    QProgressBar* progressBar() { return m_progress; }
    // The last error shown to the user (for tests and the status bar).
    const QString& lastError() const { return m_lastError; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    // The window's layout (mainwindowlayout.cpp): docks, their default sizes, saved state.
    void buildLayout();
    void buildViewMenu();
    void restoreLayout();
    void saveLayout() const;
    void fitDefaultLayout();
    int neededDockWidth() const;
    void widenDocksIfNeeded();
    void showApplicableColumns();
    void updateTitle();
    void updateActions();
    void updateProgress();
    void rememberRecent(const QString& path);
    void fillRecentMenu();
    void showError(const QString& title, const QString& message);
    bool maybeSave(); // false: the user cancelled

    void addExperiment(DatasetKind kind); // the kind's defaults (newExperiment)
    void duplicateExperiment();
    void deleteSelected(); // the selected run, else the selected experiment
    void moveExperiment(int by);

    NotebookDocument* m_document = nullptr;
    NotebookModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    QDockWidget* m_treeDock = nullptr;
    QDockWidget* m_editorDock = nullptr;
    ExperimentEditor* m_editor = nullptr;
    ChartsPanel* m_charts = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_save = nullptr;
    QAction* m_run = nullptr;
    QAction* m_runSweep = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_continue = nullptr;
    QAction* m_fitOutput = nullptr;
    QAction* m_parameters = nullptr;
    QComboBox* m_backend = nullptr;
    QAction* m_duplicate = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_rename = nullptr;
    QAction* m_moveUp = nullptr;
    QAction* m_moveDown = nullptr;
    QAction* m_exportExperiment = nullptr;
    QString m_lastError;
};

} // namespace relulab
