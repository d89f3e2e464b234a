// The main window's layout: the notebook tree and the experiment editor as docks on the left,
// one over the other, the chart panels in the middle; sizes that show every column of the tree
// and of the layer table; the user's arrangement saved and restored.
#include "mainwindow.h"

#include "chartspanel.h"
#include "experimenteditor.h"
#include "notebookdocument.h"
#include "notebookmodel.h"

#include "core/classification.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

namespace relulab {

namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
constexpr int layoutVersion = 1;        // a saved state of another arrangement is not restored
constexpr QSize defaultSize{1500, 950}; // at least, where the screen has room
constexpr double screenShare = 0.9;     // of a larger screen
constexpr double maxDockShare = 0.42;   // of the window's width: the charts keep the rest
constexpr double treeShare = 0.34;      // of the left column's height
constexpr int layerTableMargins = 70;   // the form's group box, margins and scroll bar around it

} // namespace

void MainWindow::buildLayout() {
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("notebookTree"));
    m_tree->setModel(m_model);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    // The numbers whole, the names taking what is left (elided, in full in their tooltip):
    // the tree never scrolls sideways.
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(NotebookModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setTextElideMode(Qt::ElideRight);
    for (auto signal : {&NotebookDocument::documentReset, &NotebookDocument::runsInserted})
        connect(m_document, signal, this, &MainWindow::showApplicableColumns);
    connect(m_document, &NotebookDocument::experimentInserted, this,
            &MainWindow::showApplicableColumns);
    connect(m_document, &NotebookDocument::experimentChanged, this,
            &MainWindow::showApplicableColumns);
    m_tree->setAlternatingRowColors(true);
    const auto features = QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                          QDockWidget::DockWidgetClosable;
    m_treeDock = new QDockWidget(QStringLiteral("Notebook"));
    m_treeDock->setObjectName(QStringLiteral("notebookDock"));
    m_treeDock->setWidget(m_tree);
    m_treeDock->setFeatures(features);
    addDockWidget(Qt::LeftDockWidgetArea, m_treeDock);

    m_editor = new ExperimentEditor(*m_document);
    m_editorDock = new QDockWidget(QStringLiteral("Experiment"));
    m_editorDock->setObjectName(QStringLiteral("editorDock"));
    m_editorDock->setWidget(m_editor);
    m_editorDock->setFeatures(features);
    addDockWidget(Qt::LeftDockWidgetArea, m_editorDock); // under the tree

    m_charts = new ChartsPanel(*m_document);
    setCentralWidget(m_charts);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(260);
    m_eta = new QLabel;
    statusBar()->addPermanentWidget(m_eta);
    statusBar()->addPermanentWidget(m_progress);
    m_progress->hide();
    m_eta->hide();
}

void MainWindow::buildViewMenu() {
    QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
    QAction* tree = m_treeDock->toggleViewAction();
    tree->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* editor = m_editorDock->toggleViewAction();
    editor->setText(QStringLiteral("&Experiment editor"));
    editor->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    editor->setStatusTip(QStringLiteral("Show or hide the editor: the charts take its room"));
    view->addAction(tree);
    view->addAction(editor);
    view->addSeparator();
    view->addAction(QStringLiteral("&Default layout"), this, [this] {
        for (QDockWidget* dock : {m_treeDock, m_editorDock}) {
            dock->setFloating(false);
            addDockWidget(Qt::LeftDockWidgetArea, dock);
            dock->show();
        }
        fitDefaultLayout();
    });
}

// Wide enough for every column of the tree and for the editor's form and layer table, up to a
// share of the window.
int MainWindow::neededDockWidth() const {
    int treeWidth = 2 * m_tree->frameWidth() + m_tree->verticalScrollBar()->sizeHint().width() + 8;
    const QAbstractItemView* view = m_tree; // QTreeView hides its (public) size hint
    for (int c = 0; c < NotebookModel::ColumnCount; ++c)
        if (!m_tree->isColumnHidden(c))
            treeWidth += std::max(view->sizeHintForColumn(c), m_tree->header()->sectionSizeHint(c));
    // The editor's form scrolls up and down, never sideways: its page's full width.
    const auto* form = m_editor->findChild<QScrollArea*>(QStringLiteral("form"));
    const int editorWidth = form && form->widget()
                                ? form->widget()->sizeHint().width() + 2 * form->frameWidth() +
                                      form->verticalScrollBar()->sizeHint().width() + 8
                                : m_editor->sizeHint().width();
    // The layer table's columns as they are now (hand-set values read "4 weights, 4 biases").
    int layersWidth = 0;
    if (const auto* layers = m_editor->findChild<QTableView*>(QStringLiteral("layers")))
        layersWidth = layers->verticalHeader()->width() + layers->horizontalHeader()->length() +
                      2 * layers->frameWidth() + layerTableMargins;
    return std::min(std::max({treeWidth, editorWidth, layersWidth}),
                    int(maxDockShare * double(width())));
}

// What a notebook or an experiment brings (accuracy columns, a wide layer table) widens the
// docked left column rather than squeeze or scroll it; it never narrows what the user set.
void MainWindow::widenDocksIfNeeded() {
    if (!isVisible() || m_treeDock->isFloating())
        return;
    const int needed = neededDockWidth();
    if (m_treeDock->width() < needed)
        resizeDocks({m_treeDock}, {needed}, Qt::Horizontal);
}

// The default size and docks; the tree a third of the left column's height, the editor the rest.
void MainWindow::fitDefaultLayout() {
    const QSize room = screen() ? screen()->availableGeometry().size() : defaultSize;
    // The frame too inside the screen (known once shown; a laptop's screen has no room to
    // spare).
    const QSize frame = frameGeometry().size() - geometry().size();
    // Most of a large screen (the charts want it), all of a small one.
    if (!isMaximized() && !isFullScreen())
        resize(std::min(std::max(defaultSize.width(), int(screenShare * room.width())),
                        room.width() - frame.width()),
               std::min(std::max(defaultSize.height(), int(screenShare * room.height())),
                        room.height() - frame.height()));
    showApplicableColumns();
    resizeDocks({m_treeDock}, {neededDockWidth()}, Qt::Horizontal);
    const int column = m_treeDock->height() + m_editorDock->height();
    if (column > 0)
        resizeDocks({m_treeDock, m_editorDock},
                    {int(treeShare * column), column - int(treeShare * column)}, Qt::Vertical);
}

// Accuracy columns where the notebook has a classifier; regression notebooks keep the room.
void MainWindow::showApplicableColumns() {
    const auto& experiments = m_document->notebook().experiments;
    const bool classifiers = std::ranges::any_of(
        experiments, [](const Experiment& e) { return isClassification(e.settings.loss); });
    const bool changed = m_tree->isColumnHidden(NotebookModel::TrainAccuracyColumn) == classifiers;
    for (int column : {NotebookModel::TrainAccuracyColumn, NotebookModel::TestAccuracyColumn})
        m_tree->setColumnHidden(column, !classifiers);
    // New columns widen the docked tree rather than squeeze the names to "Exp…".
    if (changed && classifiers)
        widenDocksIfNeeded();
}

void MainWindow::restoreLayout() {
    const QSettings settings;
    const bool restored = restoreGeometry(settings.value(geometryKey).toByteArray()) &&
                          restoreState(settings.value(stateKey).toByteArray(), layoutVersion);
    if (!restored) { // the docks' heights are known once the window is laid out
        fitDefaultLayout();
        QTimer::singleShot(0, this, &MainWindow::fitDefaultLayout);
    }
}

void MainWindow::saveLayout() const {
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState(layoutVersion));
}

} // namespace relulab
