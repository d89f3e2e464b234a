#pragma once

#include "plots/runcharts.h"

#include <QTextBrowser>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <optional>

class QMainWindow;
class QMenu;

namespace relulab {

// The panel the window shows now; nullopt for the compare view.
using CurrentPanel = std::function<std::optional<Panel>()>;

// Adds "&Help" to the window's menu bar: Contents, a page per chart panel and one for Compare
// runs, Keyboard shortcuts and About ReLU Lab. F1 opens the page of the panel `currentPanel`
// names (the compare page for nullopt), or the contents without one.
QMenu* addHelpMenu(QMainWindow& window, CurrentPanel currentPanel = {});

// Opens (or raises) the window's help window on a page; non-modal, one per top-level window.
void showHelp(QWidget* parent, const QUrl& page);
void showPanelHelp(QWidget* parent, Panel panel);

// The browser of the pages: resource pages, and the generated ones (helppages.h) asked afresh
// each time they are shown.
class HelpBrowser : public QTextBrowser {
    Q_OBJECT
public:
    HelpBrowser(const QMainWindow* window, QWidget* parent);
    QVariant loadResource(int type, const QUrl& name) override;

private:
    const QMainWindow* m_window;
};

class HelpWindow : public QWidget {
    Q_OBJECT
public:
    explicit HelpWindow(QWidget* parent);
    void showPage(const QUrl& page);
    HelpBrowser* browser() { return m_browser; }

private:
    HelpBrowser* m_browser = nullptr;
};

// The help window of `parent`'s top-level window, null before help was first shown there.
HelpWindow* findHelpWindow(QWidget* parent);

} // namespace relulab
