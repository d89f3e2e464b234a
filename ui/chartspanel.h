#pragma once

#include "chartcomputation.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace relulab {

class ChartGrid;
class ChartView;
class ChartWindow;
class NotebookDocument;
class PanelControls;
class TableModel;

// The chart panels of the selected run (fit, errors, gradients, principal features, dead units,
// hidden features) and a compare view of one panel for every run of the experiment, all at the
// snapshot the history scrubber is on. Live while runs train; charts are computed on a worker.
class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(NotebookDocument& document, QWidget* parent = nullptr);

    // The experiment's runs are shown; `run` is the selected one (-1: the experiment's last).
    void showRuns(int experiment, int run);

    QTabWidget* tabs() { return m_tabs; }
    // The panel on the visible tab; nullopt on the compare view.
    std::optional<Panel> currentPanel() const;
    QSlider* scrubber() { return m_scrubber; }
    QToolButton* playButton() { return m_play; }
    // The charts on the visible tab, and its tables.
    std::vector<const ChartView*> visibleCharts() const;
    std::vector<const TableModel*> visibleTables() const;
    bool isComputing() const { return m_inFlight || m_dirty; }

    // Buttons on the Fit page for these actions (the hands-on ones: parameters, fit output).
    void addFitActions(const std::vector<QAction*>& actions);

    // Writes every chart of the selected run, and the errors of all its experiment's runs, into
    // `folder` as PNG (size times scale), SVG and CSV; reports through exportFinished.
    void exportAll(const QString& folder, QSize size, qreal scale);

Q_SIGNALS:
    void chartsShown();
    void exportFinished(bool ok, const QString& message);
    // A handle of the preview's fit dragged (ChartView::handleDragged): the net before training
    // is edited by hand.
    void handleDragged(const DragHandle& handle, double to, int drag);

private:
    struct Page {
        QWidget* widget = nullptr;
        ChartGrid* grid = nullptr;
        QWidget* chartsArea = nullptr; // the grid's scroll area
        QLabel* message = nullptr;
        std::vector<TableModel*> tables; // the Predictions page's, above its charts
    };

    QWidget* makePage(Page& page, QWidget* controls, bool compare, int tables = 0);
    void openAlone(const ChartView* view);
    void scheduleRefresh();
    void startComputation();
    void showAnswer(const ChartAnswer& answer);
    void updateScrubber();
    void showApplicableTabs();
    ChartRequest makeRequest() const; // for the visible tab
    ChartRequest optionsOnly() const; // the scrubber's snapshot and the panels' options
    int selectedRun() const;

    NotebookDocument& m_document;
    int m_experiment = -1;
    int m_run = -1;
    QTabWidget* m_tabs = nullptr;
    std::vector<Page> m_pages;                  // one per Panel, then Compare
    std::vector<QPointer<ChartWindow>> m_alone; // charts opened on their own, kept up to date
    QSlider* m_scrubber = nullptr;
    QToolButton* m_play = nullptr;
    QLabel* m_position = nullptr;
    PanelControls* m_controls = nullptr;
    QComboBox* m_comparePanel = nullptr;
    QWidget* m_fitRow = nullptr; // the Fit page's buttons
    QTimer m_playTimer;
    QTimer m_liveTimer;
    QFutureWatcher<ChartAnswer> m_watcher;
    QFutureWatcher<ChartAnswer> m_exportWatcher;
    int m_answerPage = -1;   // the page the computation in flight is for
    bool m_inFlight = false; // until its answer is shown (the watcher's signal is queued)
    bool m_dirty = false;
    bool m_following = true; // the scrubber stays on the newest snapshot
};

} // namespace relulab
