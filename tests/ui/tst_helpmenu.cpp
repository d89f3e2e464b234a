// Help: a page for every chart panel that names it, links that lead to pages, a shortcuts page
// built from the window's own actions, and About with the versions the process really runs.
#include "gpu/cudaaccelerator.h"
#include "ui/chartspanel.h"
#include "ui/helpmenu.h"
#include "ui/helppages.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTextDocument>

#include <armadillo>
#include <oneapi/tbb/version.h>

#include <dlfcn.h>

using namespace relulab;

Q_DECLARE_METATYPE(relulab::Panel)

namespace {

QString plainTextOf(const QString& html) {
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::vector<QUrl> allPages() {
    std::vector<QUrl> pages{helpContentsUrl(), compareHelpUrl(), shortcutsHelpUrl(),
                            aboutHelpUrl()};
    for (const Panel panel : allPanels)
        pages.push_back(panelHelpUrl(panel));
    return pages;
}

QAction* actionWithShortcut(QMainWindow& window, const QKeySequence& key) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->shortcuts().contains(key))
            return action;
    return nullptr;
}

QString versionOf(const char* name) {
    for (const LibraryVersion& v : componentVersions())
        if (v.name == name)
            return QString::fromStdString(v.version);
    return QStringLiteral("(missing)");
}

} // namespace

// MainWindow has its Help menu already; the tests add theirs to check addHelpMenu itself.
static void dropOwnHelpMenu(MainWindow& window) {
    for (QAction* action : window.menuBar()->actions())
        if (action->text() == QStringLiteral("&Help")) {
            QMenu* menu = action->menu();
            window.menuBar()->removeAction(action);
            delete menu; // and its actions, F1's among them
        }
}

class TestHelpMenu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyPanelHasAPage_data() {
        QTest::addColumn<Panel>("panel");
        for (const Panel panel : allPanels)
            QTest::newRow(std::string(panelTitle(panel)).c_str()) << panel;
    }
    void everyPanelHasAPage() {
        QFETCH(Panel, panel);
        const QUrl url = panelHelpUrl(panel);
        QVERIFY(url != helpContentsUrl());
        const QString text = plainTextOf(helpPageHtml(url, nullptr));
        QVERIFY2(text.size() > 400, qPrintable(url.toString() + QStringLiteral(": too short")));
        // The page is headed by the name the tab has.
        QVERIFY2(text.startsWith(qs(panelTitle(panel))), qPrintable(text.left(80)));
        for (const char* section : {"What it shows", "How to read it", "What to try"})
            QVERIFY2(text.contains(QLatin1String(section)), section);
        // The contents page leads to it.
        QVERIFY(helpPageHtml(helpContentsUrl(), nullptr)
                    .contains(QStringLiteral("href=\"%1\"").arg(url.fileName())));
    }

    void panelPagesDiffer() {
        QSet<QString> urls;
        for (const Panel panel : allPanels)
            urls.insert(panelHelpUrl(panel).toString());
        QCOMPARE(urls.size(), qsizetype(allPanels.size()));
    }

    void everyLinkLeadsToAPage() {
        const QRegularExpression href(QStringLiteral("href=\"([^\"]+)\""));
        int links = 0;
        for (const QUrl& page : allPages()) {
            const QString html = helpPageHtml(page, nullptr);
            QVERIFY2(!html.isEmpty(), qPrintable(page.toString()));
            for (const QRegularExpressionMatch& m : href.globalMatch(html)) {
                const QUrl target = page.resolved(QUrl(m.captured(1)));
                QVERIFY2(!helpPageHtml(target, nullptr).isEmpty(),
                         qPrintable(page.toString() + QStringLiteral(" -> ") + target.toString()));
                ++links;
            }
        }
        QVERIFY(links > 30);
        QVERIFY(helpPageHtml(QUrl(QStringLiteral("qrc:/help/nothing.html")), nullptr).isEmpty());
    }

    void shortcutsListEveryActionOfTheWindow() {
        MainWindow window;
        dropOwnHelpMenu(window);
        addHelpMenu(window);
        // One added later is listed too: the page is written when it is shown.
        auto* late = new QAction(QStringLiteral("&Late && great"), &window);
        late->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_J));
        window.addAction(late);
        showHelp(&window, shortcutsHelpUrl());
        HelpWindow* help = findHelpWindow(&window);
        QVERIFY(help != nullptr);
        const QString text = help->browser()->toPlainText();
        int listed = 0;
        for (const QAction* action : window.findChildren<QAction*>()) {
            for (const QKeySequence& key : action->shortcuts()) {
                const QString keys = key.toString(QKeySequence::NativeText);
                QVERIFY2(text.contains(keys),
                         qPrintable(action->text() + QStringLiteral(": ") + keys));
                ++listed;
            }
        }
        QVERIFY2(listed >= 15, qPrintable(QString::number(listed)));
        for (const QString& expected :
             {QStringLiteral("File > Save"), QStringLiteral("Run > Run sweep"),
              QStringLiteral("Edit > Rename experiment"),
              QStringLiteral("Help > Help on this panel"), QStringLiteral("Late & great"),
              QStringLiteral("Ctrl+Alt+J"), QStringLiteral("ReLU Lab help > Back")})
            QVERIFY2(text.contains(expected), qPrintable(expected));
        for (const ChartGesture& gesture : chartGestures()) {
            QVERIFY2(text.contains(gesture.input), qPrintable(gesture.input));
            QVERIFY2(text.contains(gesture.effect), qPrintable(gesture.effect));
        }
        // Each entry's keys and command as the menus show them.
        const std::vector<ShortcutEntry> entries = windowShortcuts(window);
        const auto save = std::ranges::find_if(entries, [](const ShortcutEntry& e) {
            return e.command == QLatin1String("File > Save");
        });
        QVERIFY(save != entries.end());
        QCOMPARE(save->keys,
                 QStringList{QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)});
    }

    void f1OpensTheShownPanelsPage() {
        MainWindow window;
        std::optional<Panel> shown = Panel::DeadUnits;
        dropOwnHelpMenu(window);
        addHelpMenu(window, [&shown] { return shown; });
        window.show();
        QAction* f1 = actionWithShortcut(window, QKeySequence(Qt::Key_F1));
        QVERIFY(f1 != nullptr);
        QVERIFY(findHelpWindow(&window) == nullptr);
        f1->trigger();
        HelpWindow* help = findHelpWindow(&window);
        QVERIFY(help != nullptr);
        QCOMPARE(help->browser()->source(), panelHelpUrl(Panel::DeadUnits));
        QVERIFY(help->isVisible() && help->isWindow());
        QCOMPARE(help->windowModality(), Qt::NonModal);
        QVERIFY(help->browser()->toPlainText().startsWith(QStringLiteral("Dead and saturated")));
        shown = std::nullopt; // the compare view
        f1->trigger();
        QCOMPARE(findHelpWindow(&window), help); // the same window, not a second one
        QCOMPARE(help->browser()->source(), compareHelpUrl());
        // A link goes to its page, and back returns.
        help->browser()->setSource(
            help->browser()->source().resolved(QUrl(QStringLiteral("fit.html"))));
        QVERIFY(help->browser()->toPlainText().startsWith(QStringLiteral("Fit")));
        help->browser()->backward();
        QCOMPARE(help->browser()->source(), compareHelpUrl());
    }

    // The window's own Help menu: F1 opens the page of the tab shown.
    void theWindowsF1FollowsItsTabs() {
        MainWindow window;
        window.show();
        window.charts()->tabs()->setCurrentIndex(int(Panel::Gradients));
        QAction* f1 = actionWithShortcut(window, QKeySequence(Qt::Key_F1));
        QVERIFY(f1 != nullptr);
        f1->trigger();
        HelpWindow* help = findHelpWindow(&window);
        QVERIFY(help != nullptr);
        QCOMPARE(help->browser()->source(), panelHelpUrl(Panel::Gradients));
        window.charts()->tabs()->setCurrentIndex(window.charts()->tabs()->count() - 1);
        f1->trigger();
        QCOMPARE(help->browser()->source(), compareHelpUrl());
    }

    void menuHasAPagePerPanel() {
        MainWindow window;
        dropOwnHelpMenu(window);
        QMenu* menu = addHelpMenu(window);
        QCOMPARE(window.menuBar()->actions().last()->menu(), menu);
        QStringList titles;
        for (const QAction* action : menu->actions())
            if (action->menu() != nullptr)
                for (const QAction* page : action->menu()->actions())
                    titles << page->text();
        for (const Panel panel : allPanels)
            QVERIFY2(titles.contains(qs(panelTitle(panel))), panelTitle(panel).data());
    }

    void pagesFitA1366By768Screen() {
        MainWindow window;
        dropOwnHelpMenu(window);
        addHelpMenu(window);
        showHelp(&window, helpContentsUrl());
        HelpWindow* help = findHelpWindow(&window);
        QVERIFY(help->width() <= 1366 && help->height() <= 768 - 60);
        for (const QUrl& page : allPages()) {
            help->showPage(page);
            QCoreApplication::processEvents();
            // Text wraps: nothing runs off to the right.
            QVERIFY2(help->browser()->horizontalScrollBar()->maximum() == 0,
                     qPrintable(page.toString()));
        }
    }

    void aboutNamesTheVersionsRunning() {
        QCOMPARE(versionOf("Qt"), QString::fromLatin1(qVersion()));
        QCOMPARE(versionOf("Armadillo"), QString::fromStdString(arma::arma_version::as_string()));
        QCOMPARE(versionOf("oneTBB"), QString::fromLatin1(TBB_runtime_version()));
        using ConfigFunction = char* (*)();
        auto* config = reinterpret_cast<ConfigFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
        if (config != nullptr)
            QVERIFY2(QString::fromLatin1(config()).contains(versionOf("OpenBLAS")),
                     qPrintable(versionOf("OpenBLAS")));
        else
            QCOMPARE(versionOf("OpenBLAS"), QStringLiteral("not found"));
        const QString cuda = versionOf("CUDA");
        QVERIFY2(builtWithCuda() ? cuda.startsWith(QStringLiteral("runtime ")) &&
                                       cuda != QStringLiteral("runtime unknown")
                                 : cuda == QStringLiteral("not built"),
                 qPrintable(cuda));
        std::string whyNot;
        const bool gpu = makeCudaAccelerator(whyNot) != nullptr;
        const QString about = plainTextOf(aboutPageHtml());
        QVERIFY2(about.contains(gpu ? QStringLiteral("cuda: ") : QStringLiteral("no GPU")),
                 qPrintable(about));
        for (const LibraryVersion& v : componentVersions()) {
            QVERIFY2(!v.version.empty(), v.name.c_str());
            QVERIFY2(about.contains(QString::fromStdString(v.version)), v.name.c_str());
        }
        QVERIFY(about.contains(QStringLiteral("built with " QT_VERSION_STR)));
    }

    // RELULAB_HELP_SCREENSHOTS=DIR under Xvfb (QT_QPA_PLATFORM=xcb): the screen with the help
    // window over the notebook window, one picture per page, for a person to look at.
    void screenshots() {
        const QString folder = qEnvironmentVariable("RELULAB_HELP_SCREENSHOTS");
        if (folder.isEmpty())
            QSKIP("RELULAB_HELP_SCREENSHOTS is not set");
        QScreen* screen = QGuiApplication::primaryScreen();
        MainWindow window;
        dropOwnHelpMenu(window);
        addHelpMenu(window, [] { return std::optional<Panel>(Panel::Fit); });
        window.setGeometry(screen->availableGeometry());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        showHelp(&window, helpContentsUrl());
        HelpWindow* help = findHelpWindow(&window);
        const QRect available = screen->availableGeometry();
        help->move(available.right() - help->width() - 20, available.top() + 20);
        QVERIFY(QTest::qWaitForWindowExposed(help));
        const QString size = QStringLiteral("%1x%2").arg(available.width()).arg(available.height());
        for (const QUrl& page : allPages()) {
            help->showPage(page);
            QTest::qWait(200);
            const QString name =
                folder +
                QStringLiteral("/help-%1-%2.png").arg(size, page.fileName().section(u'.', 0, 0));
            QVERIFY(screen->grabWindow(0).save(name));
            // The end of a page taller than the window, too.
            QScrollBar* scroll = help->browser()->verticalScrollBar();
            if (scroll->maximum() > 0) {
                scroll->setValue(scroll->maximum());
                QTest::qWait(100);
                QVERIFY(screen->grabWindow(0).save(
                    QString(name).replace(QStringLiteral(".png"), QStringLiteral("-end.png"))));
            }
        }
        // The menu itself, open.
        QMenu* menu = window.menuBar()->actions().last()->menu();
        menu->popup(window.mapToGlobal(
            window.menuBar()->actionGeometry(window.menuBar()->actions().last()).bottomLeft()));
        QTest::qWait(200);
        QVERIFY(screen->grabWindow(0).save(folder + QStringLiteral("/help-%1-menu.png").arg(size)));
        menu->hide();
    }
};

QTEST_MAIN(TestHelpMenu)
#include "tst_helpmenu.moc"
