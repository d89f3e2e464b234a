#include "chartspanel.h"

#include "chartgrid.h"
#include "chartview.h"
#include "chartwindow.h"
#include "notebookdocument.h"
#include "panelcontrols.h"
#include "tablemodel.h"

#include "core/classification.h"
#include "plots/chartfiles.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace relulab {

namespace {

constexpr int livePeriodMilliseconds = 500;
constexpr int playPeriodMilliseconds = 200;
// Pixels below which a chart is unreadable: the grid stacks charts rather than go under.
constexpr int panelChartWidth = 460, panelChartHeight = 300, panelColumns = 2;
constexpr int compareChartWidth = 340, compareChartHeight = 250, compareColumns = 4;
constexpr std::size_t maxComparedRuns = 48; // a chart view each: more would make the tab crawl
constexpr int tableChartsHeight = panelChartHeight + 12; // under the Predictions tables

// The Predictions page's two tables side by side where the page is wide enough for both,
// one over the other where it is not (a laptop's): their columns stay whole.
class TablesByWidth : public QObject {
public:
    TablesByWidth(QWidget* page, QSplitter* tables)
        : QObject(page)
        , m_tables(tables) {
        page->installEventFilter(this);
    }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Resize) {
            const int width = static_cast<QWidget*>(watched)->width();
            m_tables->setOrientation(width >= sideBySideWidth ? Qt::Horizontal : Qt::Vertical);
        }
        return false;
    }

private:
    static constexpr int sideBySideWidth = 1150;
    QSplitter* m_tables;
};

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace

ChartsPanel::ChartsPanel(NotebookDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document) {
    auto* layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("chartTabs"));
    layout->addWidget(m_tabs, 1);
    m_pages.resize(allPanels.size() + 1);

    m_controls = new PanelControls(this);
    connect(m_controls, &PanelControls::changed, this, &ChartsPanel::scheduleRefresh);
    for (std::size_t p = 0; p < allPanels.size(); ++p) {
        QWidget* controls = m_controls->rowFor(allPanels[p]);
        if (allPanels[p] == Panel::Fit) { // addFitActions fills it
            m_fitRow = controls = new QWidget;
            auto* row = new QHBoxLayout(m_fitRow);
            row->setContentsMargins(0, 0, 0, 0);
            row->addStretch();
        }
        const int tables = allPanels[p] == Panel::Predictions ? 2 : 0;
        m_tabs->addTab(makePage(m_pages[p], controls, false, tables), qs(panelTitle(allPanels[p])));
    }
    auto* compareControls = new QWidget;
    auto* compareRow = new QHBoxLayout(compareControls);
    compareRow->setContentsMargins(0, 0, 0, 0);
    compareRow->addWidget(new QLabel(QStringLiteral("Panel for every run:")));
    m_comparePanel = new QComboBox;
    m_comparePanel->setObjectName(QStringLiteral("comparePanel"));
    for (Panel panel : allPanels)
        if (panel != Panel::Predictions) // tables, one run at a time
            m_comparePanel->addItem(qs(panelTitle(panel)), int(panel));
    compareRow->addWidget(m_comparePanel);
    compareRow->addStretch();
    connect(m_comparePanel, &QComboBox::currentIndexChanged, this, &ChartsPanel::scheduleRefresh);
    m_tabs->addTab(makePage(m_pages.back(), compareControls, true), QStringLiteral("Compare runs"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &ChartsPanel::scheduleRefresh);

    // The history scrubber, as the homework's iteration slider.
    auto* scrub = new QHBoxLayout;
    m_play = new QToolButton;
    m_play->setObjectName(QStringLiteral("play"));
    m_play->setCheckable(true);
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_play->setToolTip(QStringLiteral("Play the run's history"));
    scrub->addWidget(m_play);
    m_scrubber = new QSlider(Qt::Horizontal);
    m_scrubber->setObjectName(QStringLiteral("scrubber"));
    m_scrubber->setEnabled(false);
    scrub->addWidget(m_scrubber, 1);
    m_position = new QLabel;
    m_position->setMinimumWidth(160);
    scrub->addWidget(m_position);
    layout->addLayout(scrub);

    connect(m_scrubber, &QSlider::valueChanged, this, [this](int value) {
        m_following = value == m_scrubber->maximum();
        updateScrubber();
        scheduleRefresh();
    });
    m_playTimer.setInterval(playPeriodMilliseconds);
    connect(m_play, &QToolButton::toggled, this, [this](bool on) {
        m_play->setIcon(style()->standardIcon(on ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
        if (on && m_scrubber->value() == m_scrubber->maximum())
            m_scrubber->setValue(0);
        on ? m_playTimer.start() : m_playTimer.stop();
    });
    connect(&m_playTimer, &QTimer::timeout, this, [this] {
        if (isComputing())
            return; // one frame at a time
        if (m_scrubber->value() >= m_scrubber->maximum()) {
            m_play->setChecked(false);
            return;
        }
        m_scrubber->setValue(m_scrubber->value() + 1);
    });

    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(livePeriodMilliseconds);
    connect(&m_liveTimer, &QTimer::timeout, this, [this] {
        updateScrubber();
        scheduleRefresh();
    });
    connect(&document, &NotebookDocument::runsUpdated, this, [this] {
        if (!m_liveTimer.isActive())
            m_liveTimer.start();
    });
    connect(&document, &NotebookDocument::runsInserted, this, [this] {
        if (m_experiment >= 0 && m_run < 0)
            showRuns(m_experiment, -1);
    });
    connect(&document, &NotebookDocument::documentReset, this, [this] { showRuns(-1, -1); });
    connect(&document, &NotebookDocument::experimentChanged, this, [this](int index) {
        if (index == m_experiment && selectedRun() < 0) { // the preview follows the edit
            showApplicableTabs();
            scheduleRefresh();
        }
    });
    connect(&document, &NotebookDocument::runsAboutToBeRemoved, this,
            [this](int experiment, int first, int last) {
                if (experiment != m_experiment || m_run < first)
                    return;
                m_run = m_run > last ? m_run - (last - first + 1) : -1;
            });
    connect(&document, &NotebookDocument::runsRemoved, this, [this](int experiment) {
        if (experiment == m_experiment)
            showRuns(m_experiment, m_run);
    });
    connect(&document, &NotebookDocument::experimentRemoved, this, [this](int index) {
        const int now = indexAfterRemove(m_experiment, index);
        if (now < 0 && m_experiment >= 0)
            showRuns(-1, -1);
        m_experiment = now;
    });
    connect(&document, &NotebookDocument::experimentInserted, this,
            [this](int index) { m_experiment = indexAfterInsert(m_experiment, index); });
    connect(&document, &NotebookDocument::experimentMoved, this,
            [this](int from, int to) { m_experiment = indexAfterMove(m_experiment, from, to); });
    connect(&m_watcher, &QFutureWatcher<ChartAnswer>::finished, this, [this] {
        m_inFlight = false;
        showAnswer(m_watcher.result());
        if (m_dirty)
            startComputation();
        else
            Q_EMIT chartsShown();
    });
    showRuns(-1, -1);
}

QWidget* ChartsPanel::makePage(Page& page, QWidget* controls, bool compare, int tables) {
    page.widget = new QWidget;
    auto* column = new QVBoxLayout(page.widget);
    if (controls)
        column->addWidget(controls);
    page.message = new QLabel;
    page.message->setAlignment(Qt::AlignCenter);
    page.message->setWordWrap(true);
    column->addWidget(page.message);
    // The charts scroll: a page of many (one per run) keeps each readable.
    page.grid = compare ? new ChartGrid(compareChartWidth, compareChartHeight, compareColumns)
                        : new ChartGrid(panelChartWidth, panelChartHeight, panelColumns);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page.grid);
    page.chartsArea = scroll;
    if (tables == 0) {
        column->addWidget(scroll, 1);
        return page.widget;
    }
    // Tables side by side over the charts, each part as large as the user drags it.
    auto* split = new QSplitter(Qt::Vertical);
    auto* row = new QSplitter(Qt::Horizontal);
    for (int t = 0; t < tables; ++t) {
        auto* model = new TableModel(this);
        auto* proxy = new QSortFilterProxyModel(this);
        proxy->setSourceModel(model);
        proxy->setSortRole(TableModel::sortRole);
        auto* view = new QTableView;
        view->setObjectName(QStringLiteral("table%1").arg(t));
        view->setModel(proxy);
        view->setSortingEnabled(true);
        view->sortByColumn(-1, Qt::AscendingOrder); // the table's own order until asked
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        row->addWidget(view);
        page.tables.push_back(model);
    }
    row->setStretchFactor(0, 3);
    row->setStretchFactor(1, 2);
    new TablesByWidth(page.widget, row);
    row->setMinimumHeight(150);
    scroll->setMinimumHeight(tableChartsHeight); // a confusion matrix still reads
    split->addWidget(row);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    column->addWidget(split, 1);
    return page.widget;
}

int ChartsPanel::selectedRun() const {
    if (m_experiment < 0)
        return -1;
    const int runs = m_document.runCount(m_experiment);
    if (runs == 0)
        return -1;
    return m_run >= 0 && m_run < runs ? m_run : runs - 1;
}

void ChartsPanel::showRuns(int experiment, int run) {
    m_experiment = experiment;
    m_run = run;
    m_following = true;
    showApplicableTabs();
    updateScrubber();
    scheduleRefresh();
}

// The tabs of panels that cannot show this net (a fit of a 2-D input) are hidden rather than
// left empty; with no run every tab shows, to say what to do.
void ChartsPanel::showApplicableTabs() {
    if (m_experiment < 0)
        return;
    const int selected = selectedRun();
    // Without runs the panels preview the experiment's net as it would start.
    const Architecture a =
        selected >= 0
            ? m_document.runErrors(m_experiment, selected).settings.architecture
            : m_document.notebook().experiments.at(std::size_t(m_experiment)).settings.architecture;
    for (std::size_t p = 0; p < allPanels.size(); ++p)
        m_tabs->setTabVisible(int(p), panelApplies(allPanels[p], a));
    m_controls->showFor(a);
    // The compare view offers the panels that apply, staying on the one shown if it does.
    const Panel compared = Panel(m_comparePanel->currentData().toInt());
    const QSignalBlocker blockCompare(m_comparePanel);
    m_comparePanel->clear();
    for (Panel panel : allPanels)
        if (panel != Panel::Predictions && panelApplies(panel, a))
            m_comparePanel->addItem(qs(panelTitle(panel)), int(panel));
    m_comparePanel->setCurrentIndex(std::max(0, m_comparePanel->findData(int(compared))));
    if (!m_tabs->isTabVisible(m_tabs->currentIndex()))
        for (int t = 0; t < m_tabs->count(); ++t)
            if (m_tabs->isTabVisible(t)) {
                m_tabs->setCurrentIndex(t);
                break;
            }
}

void ChartsPanel::updateScrubber() {
    const int selected = selectedRun();
    const RunRecord run =
        selected >= 0 ? m_document.runErrors(m_experiment, selected) : RunRecord{};
    const int count = int(run.result.snapshots.count);
    const QSignalBlocker block(m_scrubber);
    m_scrubber->setEnabled(count > 1);
    m_scrubber->setRange(0, std::max(0, count - 1));
    if (m_following)
        m_scrubber->setValue(m_scrubber->maximum());
    if (count == 0) {
        m_position->setText(selected < 0 && m_experiment >= 0 ? QStringLiteral("before training")
                                                              : QStringLiteral("no snapshots"));
        return;
    }
    const int at = std::min(m_scrubber->value(), count - 1);
    m_position->setText(QStringLiteral("iteration %1 (%2/%3)")
                            .arg(run.result.snapshots.steps[std::size_t(at)])
                            .arg(at + 1)
                            .arg(count));
}

ChartRequest ChartsPanel::optionsOnly() const {
    ChartRequest request;
    request.options.snapshot = m_scrubber->isEnabled() ? m_scrubber->value() : -1;
    m_controls->readInto(request.options);
    if (!m_document.path().isEmpty())
        request.baseDirectory = QFileInfo(m_document.path()).absolutePath().toStdString();
    return request;
}

ChartRequest ChartsPanel::makeRequest() const {
    ChartRequest request = optionsOnly();
    const int selected = selectedRun();
    const int page = m_tabs->currentIndex();
    const bool compare = std::size_t(page) == allPanels.size();
    if (selected < 0) { // the experiment's net before training, on the panel's own tab
        if (m_experiment >= 0 && !compare) {
            request.panel = allPanels[std::size_t(page)];
            request.preview =
                m_document.notebook().experiments.at(std::size_t(m_experiment)).settings;
            request.options.handBuild = true; // its fit's elbows and pieces are dragged
        }
        return request;
    }
    const Panel panel =
        compare ? Panel(m_comparePanel->currentData().toInt()) : allPanels[std::size_t(page)];
    request.panel = panel;
    request.compare = compare;
    request.overlayErrors = !compare && panel == Panel::Errors;
    if (compare) {
        // The selected run leads, then the others in their order up to the cap; they go to the
        // same fraction of their own history as the scrubber is of its. Only the runs drawn are
        // copied.
        const int runs = m_document.runCount(m_experiment);
        request.runs.push_back(m_document.run(m_experiment, selected));
        for (int r = 0; r < runs && request.runs.size() < maxComparedRuns; ++r)
            if (r != selected)
                request.runs.push_back(m_document.run(m_experiment, r));
        request.selected = std::min(selected, int(request.runs.size()) - 1);
    } else if (request.overlayErrors) {
        for (int r = 0; r < m_document.runCount(m_experiment); ++r)
            request.runs.push_back(m_document.runErrors(m_experiment, r));
        request.selected = selected;
        if (isClassification(request.runs[std::size_t(selected)].settings.loss))
            request.detail = m_document.run(m_experiment, selected);
    } else {
        request.runs.push_back(m_document.run(m_experiment, selected));
    }
    return request;
}

void ChartsPanel::scheduleRefresh() {
    m_dirty = true;
    if (!m_inFlight)
        startComputation();
}

void ChartsPanel::startComputation() {
    m_dirty = false;
    m_inFlight = true;
    m_answerPage = m_tabs->currentIndex();
    m_watcher.setFuture(QtConcurrent::run(computeCharts, makeRequest()));
}

void ChartsPanel::showAnswer(const ChartAnswer& answer) {
    if (m_answerPage != m_tabs->currentIndex())
        return; // the user moved on; the next computation fills the new tab
    Page& page = m_pages[std::size_t(m_answerPage)];
    const bool compare = std::size_t(m_answerPage) == allPanels.size();
    while (page.grid->views().size() < answer.charts.size()) {
        auto* view = page.grid->addView(new ChartView);
        view->setObjectName(QStringLiteral("chart%1").arg(page.grid->views().size() - 1));
        view->setCompact(compare);
        connect(view, &ChartView::openRequested, this, [this, view] { openAlone(view); });
        connect(view, &ChartView::handleDragged, this, &ChartsPanel::handleDragged);
    }
    for (std::size_t i = 0; i < answer.charts.size(); ++i)
        page.grid->views()[i]->setChartData(answer.charts[i]);
    page.grid->showCount(answer.charts.size());
    if (!page.tables.empty()) // a regression's predictions have no confusion matrices
        page.chartsArea->setVisible(!answer.charts.empty());
    for (const Chart& chart : answer.charts)
        for (ChartWindow* window : m_alone)
            if (window && window->chartId() == chart.id)
                window->setChartData(chart);
    for (std::size_t t = 0; t < page.tables.size(); ++t)
        page.tables[t]->setTable(t < answer.tables.size() ? answer.tables[t] : Table{});
    if (!answer.error.empty())
        page.message->setText(QStringLiteral("Cannot draw: ") +
                              QString::fromStdString(answer.error));
    else if (m_experiment < 0)
        page.message->setText(QStringLiteral("Choose an experiment or a run in the notebook."));
    else if (selectedRun() < 0 && (compare || answer.charts.empty()))
        page.message->setText(QStringLiteral("This experiment has no runs yet: press Run."));
    else if (selectedRun() < 0)
        page.message->setText(QStringLiteral("No runs yet: the net as its initializers make it, "
                                             "before training, following every edit (on a 1-D "
                                             "net, drag the fit's elbows and pieces). Press Run "
                                             "to train it."));
    else if (answer.charts.empty() && answer.tables.empty())
        page.message->setText(QStringLiteral("This panel does not apply to this run (it needs a "
                                             "1-D input, a hidden layer or ReLU units), or the "
                                             "run has no snapshots yet."));
    else if (compare && std::size_t(m_document.runCount(m_experiment)) > maxComparedRuns)
        page.message->setText(QStringLiteral("The first %1 of %2 runs, the selected one first "
                                             "(select a run to bring it in).")
                                  .arg(maxComparedRuns)
                                  .arg(m_document.runCount(m_experiment)));
    else
        page.message->clear();
    page.message->setVisible(!page.message->text().isEmpty());
}

void ChartsPanel::addFitActions(const std::vector<QAction*>& actions) {
    auto* row = static_cast<QHBoxLayout*>(m_fitRow->layout());
    for (QAction* action : actions) {
        auto* button = new QToolButton(m_fitRow);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        row->insertWidget(row->count() - 1, button);
    }
}

std::optional<Panel> ChartsPanel::currentPanel() const {
    const auto page = std::size_t(m_tabs->currentIndex());
    return page < allPanels.size() ? std::optional<Panel>(allPanels[page]) : std::nullopt;
}

void ChartsPanel::openAlone(const ChartView* view) {
    if (view->chartData().series.empty() && view->chartData().heatmaps.empty())
        return;
    std::erase_if(m_alone, [](const QPointer<ChartWindow>& window) { return window.isNull(); });
    for (ChartWindow* window : m_alone)
        if (window->chartId() == view->chartData().id) {
            window->raise();
            window->activateWindow();
            return;
        }
    auto* window = new ChartWindow(view->chartData(), this);
    connect(window->view(), &ChartView::handleDragged, this, &ChartsPanel::handleDragged);
    m_alone.emplace_back(window);
    window->show();
}

std::vector<const TableModel*> ChartsPanel::visibleTables() const {
    const Page& page = m_pages[std::size_t(m_tabs->currentIndex())];
    return {page.tables.begin(), page.tables.end()};
}

std::vector<const ChartView*> ChartsPanel::visibleCharts() const {
    std::vector<const ChartView*> views;
    for (const ChartView* view : m_pages[std::size_t(m_tabs->currentIndex())].grid->views())
        if (view->isVisibleTo(m_tabs))
            views.push_back(view);
    return views;
}

void ChartsPanel::exportAll(const QString& folder, QSize size, qreal scale) {
    const int selected = selectedRun();
    if (selected < 0 || m_exportWatcher.isRunning()) {
        Q_EMIT exportFinished(false, selected < 0
                                         ? QStringLiteral("Choose a run with snapshots first.")
                                         : QStringLiteral("An export is under way."));
        return;
    }
    ChartRequest overlay = optionsOnly();
    overlay.overlayErrors = true;
    for (int r = 0; r < m_document.runCount(m_experiment); ++r)
        overlay.runs.push_back(m_document.runErrors(m_experiment, r));
    ChartRequest request = optionsOnly(); // every panel of the selected run
    request.runs = {m_document.run(m_experiment, selected)};
    m_exportWatcher.disconnect(this);
    connect(
        &m_exportWatcher, &QFutureWatcher<ChartAnswer>::finished, this,
        [this, folder, size, scale] {
            const ChartAnswer answer = m_exportWatcher.result();
            if (!answer.error.empty()) {
                Q_EMIT exportFinished(false, QString::fromStdString(answer.error));
                return;
            }
            try {
                if (!QDir().mkpath(folder))
                    throw std::runtime_error(folder.toStdString() + ": cannot create the folder");
                for (const Chart& chart : answer.charts) {
                    const QString stem =
                        folder + QLatin1Char('/') + QString::fromStdString(chart.id);
                    writeChartFile(chart, stem + QStringLiteral(".png"), ChartFormat::Png, size,
                                   scale);
                    writeChartFile(chart, stem + QStringLiteral(".svg"), ChartFormat::Svg, size);
                    writeChartFile(chart, stem + QStringLiteral(".csv"), ChartFormat::Csv);
                }
                for (const Table& table : answer.tables)
                    writeTableFile(table, folder + QLatin1Char('/') +
                                              QString::fromStdString(table.id) +
                                              QStringLiteral(".csv"));
            } catch (const std::exception& error) {
                Q_EMIT exportFinished(false, QString::fromUtf8(error.what()));
                return;
            }
            Q_EMIT exportFinished(
                true,
                QStringLiteral("%1 charts written to %2").arg(answer.charts.size()).arg(folder));
        });
    m_exportWatcher.setFuture(QtConcurrent::run([request, overlay] {
        ChartAnswer answer = computeCharts(request);
        ChartAnswer errors = computeCharts(overlay);
        for (Chart& chart : errors.charts)
            answer.charts.push_back(std::move(chart));
        if (answer.error.empty())
            answer.error = errors.error;
        return answer;
    }));
}

} // namespace relulab
