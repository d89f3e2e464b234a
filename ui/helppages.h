#pragma once

#include "plots/runcharts.h"
#include "runner/libraryversions.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <vector>

class QMainWindow;

namespace relulab {

// The help's pages live in resources/help/ as qrc:/help/NAME.html and link to one another by
// NAME.html; the shortcuts and about pages are written when they are shown, so that they say
// what this window and this machine have.
QUrl helpContentsUrl();
QUrl panelHelpUrl(Panel panel);
QUrl compareHelpUrl();
QUrl shortcutsHelpUrl();
QUrl aboutHelpUrl();

// A page's HTML: the resource, or the generated page; empty for a page that does not exist.
// `window` is the one whose shortcuts the shortcuts page lists (none: only the chart gestures).
QString helpPageHtml(const QUrl& url, const QMainWindow* window);

// What the mouse and the keys do on a chart. ChartView implements them: keep the two in step.
struct ChartGesture {
    QString input;  // "Mouse wheel"
    QString effect; // "zooms in or out around the pointer"
};
const std::vector<ChartGesture>& chartGestures();

// An action of the window that has a shortcut: "File > Save" and its keys as the menus show them.
struct ShortcutEntry {
    QString command;
    QStringList keys;
};
// In menu order, then the actions outside the menus (the window's and its widgets').
std::vector<ShortcutEntry> windowShortcuts(const QMainWindow& window);
QString shortcutsPageHtml(const QMainWindow* window);

// ReLU Lab, Qt (running and built with), the compiler, the numerics' libraries and CUDA.
std::vector<LibraryVersion> componentVersions();
QString aboutPageHtml();
// componentVersions() one a line, "Name version (detail)": `relulab --version`.
QString versionsText();

} // namespace relulab
