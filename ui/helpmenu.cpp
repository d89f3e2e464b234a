#include "helpmenu.h"

#include "helppages.h"

#include <QAction>
#include <QGuiApplication>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace relulab {

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace

HelpBrowser::HelpBrowser(const QMainWindow* window, QWidget* parent)
    : QTextBrowser(parent)
    , m_window(window) {
    setOpenExternalLinks(true);
}

QVariant HelpBrowser::loadResource(int type, const QUrl& name) {
    if (type == QTextDocument::HtmlResource) {
        const QString html = helpPageHtml(name, m_window);
        if (!html.isEmpty())
            return html;
    }
    return QTextBrowser::loadResource(type, name);
}

HelpWindow::HelpWindow(QWidget* parent)
    : QWidget(parent, Qt::Window) {
    setObjectName(QStringLiteral("helpWindow"));
    setWindowTitle(QStringLiteral("ReLU Lab help"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    layout->addWidget(toolbar);
    m_browser = new HelpBrowser(qobject_cast<const QMainWindow*>(parent), this);
    m_browser->setFrameShape(QFrame::NoFrame);
    // Room for the text: lines of about 80 characters read best.
    m_browser->document()->setDocumentMargin(16);
    layout->addWidget(m_browser);

    QAction* back = toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowBack),
                                       QStringLiteral("Back"), m_browser, &QTextBrowser::backward);
    back->setShortcut(QKeySequence::Back);
    back->setEnabled(false);
    QAction* forward =
        toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowForward),
                           QStringLiteral("Forward"), m_browser, &QTextBrowser::forward);
    forward->setShortcut(QKeySequence::Forward);
    forward->setEnabled(false);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QAction::setEnabled);
    connect(m_browser, &QTextBrowser::forwardAvailable, forward, &QAction::setEnabled);
    toolbar->addAction(style()->standardIcon(QStyle::SP_DirHomeIcon), QStringLiteral("Contents"),
                       this, [this] { showPage(helpContentsUrl()); });
    QAction* close = toolbar->addAction(QStringLiteral("Close"), this, &QWidget::close);
    close->setShortcuts({QKeySequence(QKeySequence::Close), QKeySequence(Qt::Key_Escape)});
    // Actions of this window, not of the notebook window it belongs to.
    for (QAction* action : toolbar->actions())
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions(toolbar->actions());

    // Fits a 1366x768 screen with the notebook window still in sight beside it.
    QSize size(780, 640);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.9);
    resize(size);
}

void HelpWindow::showPage(const QUrl& page) {
    if (m_browser->source() == page)
        m_browser->reload(); // the generated pages say what is true now
    else
        m_browser->setSource(page);
}

HelpWindow* findHelpWindow(QWidget* parent) {
    QWidget* top = parent != nullptr ? parent->window() : nullptr;
    return top != nullptr ? top->findChild<HelpWindow*>(QString(), Qt::FindDirectChildrenOnly)
                          : nullptr;
}

void showHelp(QWidget* parent, const QUrl& page) {
    HelpWindow* help = findHelpWindow(parent);
    if (help == nullptr)
        help = new HelpWindow(parent != nullptr ? parent->window() : nullptr);
    help->showPage(page);
    help->show();
    help->raise();
    help->activateWindow();
}

void showPanelHelp(QWidget* parent, Panel panel) {
    showHelp(parent, panelHelpUrl(panel));
}

QMenu* addHelpMenu(QMainWindow& window, CurrentPanel currentPanel) {
    QMenu* menu = window.menuBar()->addMenu(QStringLiteral("&Help"));
    QWidget* parent = &window;
    QAction* here =
        menu->addAction(QStringLiteral("Help on this &panel"), parent, [parent, currentPanel] {
            if (!currentPanel) {
                showHelp(parent, helpContentsUrl());
                return;
            }
            const std::optional<Panel> panel = currentPanel();
            showHelp(parent, panel ? panelHelpUrl(*panel) : compareHelpUrl());
        });
    here->setShortcut(QKeySequence::HelpContents);
    menu->addAction(QStringLiteral("&Contents"), parent,
                    [parent] { showHelp(parent, helpContentsUrl()); });
    QMenu* panels = menu->addMenu(QStringLiteral("Chart pa&nels"));
    for (const Panel panel : allPanels)
        panels->addAction(qs(panelTitle(panel)), parent,
                          [parent, panel] { showPanelHelp(parent, panel); });
    panels->addAction(QStringLiteral("Compare runs"), parent,
                      [parent] { showHelp(parent, compareHelpUrl()); });
    menu->addSeparator();
    menu->addAction(QStringLiteral("&Keyboard shortcuts"), parent,
                    [parent] { showHelp(parent, shortcutsHelpUrl()); });
    menu->addAction(QStringLiteral("&About ReLU Lab"), parent,
                    [parent] { showHelp(parent, aboutHelpUrl()); });
    return menu;
}

} // namespace relulab
