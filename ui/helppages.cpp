#include "helppages.h"

#include "gpu/cudaversion.h"

#include <QAction>
#include <QFile>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>

namespace relulab {

namespace {

const QString helpRoot = QStringLiteral("qrc:/help/");

QUrl page(const char* name) {
    return QUrl(helpRoot + QLatin1String(name) + QStringLiteral(".html"));
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// "&Save" as the menu shows it: "Save" ("&&" is a literal ampersand).
QString plainText(const QAction& action) {
    QString text = action.text();
    text.replace(QRegularExpression(QStringLiteral("&(?!&)")), QString());
    return text.replace(QStringLiteral("&&"), QStringLiteral("&"));
}

QStringList keysOf(const QAction& action) {
    QStringList keys;
    for (const QKeySequence& key : action.shortcuts())
        if (!key.isEmpty())
            keys << key.toString(QKeySequence::NativeText);
    return keys;
}

void collectMenu(const QMenu& menu, const QString& path, std::vector<ShortcutEntry>& into,
                 QSet<const QAction*>& seen) {
    for (const QAction* action : menu.actions()) {
        if (action->isSeparator() || seen.contains(action))
            continue;
        seen.insert(action);
        if (action->menu() != nullptr) {
            collectMenu(*action->menu(), path + plainText(*action) + QStringLiteral(" > "), into,
                        seen);
            continue;
        }
        const QStringList keys = keysOf(*action);
        if (!keys.isEmpty())
            into.push_back({path + plainText(*action), keys});
    }
}

QString escaped(const QString& text) {
    return text.toHtmlEscaped();
}

} // namespace

QUrl helpContentsUrl() {
    return page("index");
}

QUrl panelHelpUrl(Panel panel) {
    switch (panel) {
    case Panel::Fit:
        return page("fit");
    case Panel::Surface:
        return page("surface");
    case Panel::Errors:
        return page("errors");
    case Panel::Predictions:
        return page("predictions");
    case Panel::Gradients:
        return page("gradients");
    case Panel::Distributions:
        return page("distributions");
    case Panel::PrincipalFeatures:
        return page("principal-features");
    case Panel::DeadUnits:
        return page("dead-units");
    case Panel::HiddenFeatures:
        return page("hidden-features");
    }
    return helpContentsUrl();
}

QUrl compareHelpUrl() {
    return page("compare");
}

QUrl shortcutsHelpUrl() {
    return page("shortcuts");
}

QUrl aboutHelpUrl() {
    return page("about");
}

QString helpPageHtml(const QUrl& url, const QMainWindow* window) {
    if (url == shortcutsHelpUrl())
        return shortcutsPageHtml(window);
    if (url == aboutHelpUrl())
        return aboutPageHtml();
    if (url.scheme() != QLatin1String("qrc"))
        return {};
    QFile file(QLatin1Char(':') + url.path());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

const std::vector<ChartGesture>& chartGestures() {
    static const std::vector<ChartGesture> gestures{
        {QStringLiteral("Hover"),
         QStringLiteral("reads out the nearest point: its series, x and y (a map's value)")},
        {QStringLiteral("Drag with the left button"),
         QStringLiteral("zooms into the rectangle drawn")},
        {QStringLiteral("Ctrl+wheel (the wheel alone in a chart's own window)"),
         QStringLiteral("zooms in or out around the pointer")},
        {QStringLiteral("+ and - keys"), QStringLiteral("zoom in or out around the middle")},
        {QStringLiteral("Drag with the middle button, Shift+drag, or the arrow keys"),
         QStringLiteral("pans")},
        {QStringLiteral("Esc or 0"),
         QStringLiteral("resets the zoom (also Reset zoom in the chart's menu)")},
        {QStringLiteral("Click a legend entry"), QStringLiteral("hides or shows that series")},
        {QStringLiteral("Double-click"), QStringLiteral("opens the chart on its own, in a window")},
        {QStringLiteral("Right-click"),
         QStringLiteral("the chart's menu: export it as PNG, SVG or CSV, as computed or as shown")},
    };
    return gestures;
}

std::vector<ShortcutEntry> windowShortcuts(const QMainWindow& window) {
    std::vector<ShortcutEntry> entries;
    QSet<const QAction*> seen;
    for (const QAction* action : window.menuBar()->actions())
        if (action->menu() != nullptr) {
            seen.insert(action);
            collectMenu(*action->menu(), plainText(*action) + QStringLiteral(" > "), entries, seen);
        }
    // Shortcuts outside the menus (a widget's own actions, the help window's) count as well.
    for (const QAction* action : window.findChildren<QAction*>()) {
        if (seen.contains(action) || action->isSeparator())
            continue;
        seen.insert(action);
        const QStringList keys = keysOf(*action);
        if (keys.isEmpty() || plainText(*action).isEmpty())
            continue;
        // An action of another window of this one (the help window) is named by that window.
        const auto* owner = qobject_cast<const QWidget*>(action->parent());
        const QWidget* top = owner != nullptr ? owner->window() : nullptr;
        const QString where = top != nullptr && top != &window && !top->windowTitle().isEmpty()
                                  ? top->windowTitle() + QStringLiteral(" > ")
                                  : QString();
        entries.push_back({where + plainText(*action), keys});
    }
    return entries;
}

QString shortcutsPageHtml(const QMainWindow* window) {
    QString html = QStringLiteral("<html><head><title>Keyboard shortcuts</title></head><body>"
                                  "<h1>Keyboard shortcuts</h1>");
    if (window != nullptr) {
        html += QStringLiteral("<p>The window's commands, as its menus have them now.</p>"
                               "<table cellspacing=\"0\" cellpadding=\"4\" border=\"0\">");
        for (const ShortcutEntry& entry : windowShortcuts(*window))
            html +=
                QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(escaped(entry.keys.join(QStringLiteral(", "))), escaped(entry.command));
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<h2>On a chart</h2><table width=\"100%\" cellspacing=\"0\" "
                           "cellpadding=\"4\" border=\"0\">");
    for (const ChartGesture& gesture : chartGestures())
        html += QStringLiteral("<tr><td width=\"40%\"><b>%1</b></td><td>%2</td></tr>")
                    .arg(escaped(gesture.input), escaped(gesture.effect));
    html += QStringLiteral("</table><p>See also: <a href=\"index.html\">Contents</a>, "
                           "<a href=\"about.html\">About ReLU Lab</a>.</p></body></html>");
    return html;
}

std::vector<LibraryVersion> componentVersions() {
    std::vector<LibraryVersion> versions{
        {"ReLU Lab", RELULAB_VERSION, {}},
        {"Qt", qVersion(), "built with " QT_VERSION_STR},
        {"Compiler",
#if defined(__clang__)
         "Clang " __clang_version__,
#elif defined(__GNUC__)
         "GCC " __VERSION__,
#else
         "unknown",
#endif
         "C++ " + std::to_string(__cplusplus)},
    };
    for (LibraryVersion& library : numericsLibraryVersions())
        versions.push_back(std::move(library));
    versions.push_back(cudaVersion());
    return versions;
}

QString aboutPageHtml() {
    QString html = QStringLiteral(
        "<html><head><title>About ReLU Lab</title></head><body><h1>About ReLU Lab</h1>"
        "<p>A lab notebook for small neural networks: ReLU nets as sums of elbows, the features "
        "of a net (its hidden outputs and the gradients of the linearized net), dead ReLUs and "
        "vanishing gradients, and how width and depth change training.</p>"
        "<h2>Versions</h2><table cellspacing=\"0\" cellpadding=\"4\" border=\"0\">");
    for (const LibraryVersion& v : componentVersions())
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td>%3</td></tr>")
                    .arg(escaped(qs(v.name)), escaped(qs(v.version)), escaped(qs(v.detail)));
    html += QStringLiteral("</table><p>See also: <a href=\"index.html\">Contents</a>, "
                           "<a href=\"shortcuts.html\">Keyboard shortcuts</a>.</p></body></html>");
    return html;
}

QString versionsText() {
    QString text;
    for (const LibraryVersion& v : componentVersions()) {
        text += qs(v.name) + QLatin1Char(' ') + qs(v.version);
        if (!v.detail.empty())
            text += QStringLiteral(" (") + qs(v.detail) + QLatin1Char(')');
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace relulab
