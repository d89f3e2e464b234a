// Layer names in documents (issue 18): templates name layers "hidden 1" .. "output" and mean the
// layer they set; a file's error about a layer gives its JSON path and the layer's name.
#include "core/error.h"
#include "document/experimentjson.h"
#include "document/runplan.h"
#include "document/templates.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace relulab;

namespace {

// The layers whose initializer differs from what most layers have: the one a template's name
// singles out ("constant hidden 3").
std::vector<int> singledOutLayers(const ExperimentSettings& s) {
    std::vector<int> odd;
    for (std::size_t l = 0; l < s.initializers.size(); ++l) {
        int same = 0;
        for (const InitializerSpec& other : s.initializers)
            same += other == s.initializers[l];
        if (2 * same < int(s.initializers.size()))
            odd.push_back(int(l));
    }
    return odd;
}

QString shape(const Architecture& a) {
    QString text = QString::number(a.inputs);
    for (const LayerSpec& layer : a.layers)
        text += QStringLiteral("-%1").arg(layer.units);
    return text;
}

QJsonObject withLayerInit(QJsonObject experiment, qsizetype layer, const QJsonObject& init) {
    QJsonObject settings = experiment.value(QStringLiteral("settings")).toObject();
    QJsonObject network = settings.value(QStringLiteral("network")).toObject();
    QJsonArray layers = network.value(QStringLiteral("layers")).toArray();
    QJsonObject changed = layers[layer].toObject();
    changed.insert(QStringLiteral("init"), init);
    layers[layer] = changed;
    network.insert(QStringLiteral("layers"), layers);
    settings.insert(QStringLiteral("network"), network);
    experiment.insert(QStringLiteral("settings"), settings);
    return experiment;
}

} // namespace

class TestLayerNames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // No "layer 2" (from 0 or from 1?); every "hidden k" exists; a "hidden k" in a name is the
    // layer whose initializer is set apart; "2-8-8-1" and "7 layers" are the net's own.
    void templatesNameLayersAsTheChartsDo() {
        const QRegularExpression numbered(QStringLiteral("\\blayer\\s+\\d"),
                                          QRegularExpression::CaseInsensitiveOption);
        const QRegularExpression hidden(QStringLiteral("\\bhidden (\\d+)"));
        const QRegularExpression shapes(QStringLiteral("\\b(\\d+(?:-\\d+)+)\\b"));
        const QRegularExpression layerCount(QStringLiteral("\\b(\\d+) (hidden )?layers?\\b"));
        int namedLayers = 0;
        for (const NotebookTemplate& t : notebookTemplates()) {
            QVERIFY2(!numbered.match(QString::fromStdString(t.description)).hasMatch(),
                     t.name.c_str());
            for (const Experiment& e : makeTemplate(t.name).experiments) {
                const QString name = QString::fromStdString(e.name);
                const QString text = name + QLatin1Char(' ') + QString::fromStdString(e.notes);
                const QString where = QString::fromStdString(t.name) + QStringLiteral(": ") + name;
                const Architecture& a = e.settings.architecture;
                QVERIFY2(!numbered.match(text).hasMatch(), qPrintable(where));
                for (auto m = hidden.globalMatch(text); m.hasNext();) {
                    const int k = m.next().captured(1).toInt();
                    QVERIFY2(k >= 1 && k < int(a.layerCount()), qPrintable(where));
                }
                if (const auto m = hidden.match(name); m.hasMatch()) {
                    ++namedLayers;
                    const std::vector<int> odd = singledOutLayers(e.settings);
                    QVERIFY2(odd == std::vector<int>{m.captured(1).toInt() - 1}, qPrintable(where));
                }
                if (const auto m = shapes.match(name); m.hasMatch())
                    QCOMPARE(m.captured(1), shape(a));
                if (const auto m = layerCount.match(name); m.hasMatch()) {
                    const bool hiddenOnly = !m.captured(2).isEmpty();
                    QCOMPARE(m.captured(1).toInt(), int(a.layerCount()) - (hiddenOnly ? 1 : 0));
                }
            }
        }
        QCOMPARE(namedLayers, 3); // dead-relu's and vanishing-gradients' two
    }

    // A file's error about a layer points at its JSON field and names the layer the user's way.
    void aBadInitializerInAFileNamesFieldAndLayer() {
        const Notebook vanishing = makeTemplate("vanishing-gradients");
        const QJsonObject good = experimentToJson(vanishing.experiments.at(0), false);
        const QJsonObject elbows{{QStringLiteral("kind"), QStringLiteral("elbows")},
                                 {QStringLiteral("low"), 0.0},
                                 {QStringLiteral("high"), 1.0}};
        try {
            experimentFromJson(withLayerInit(good, 2, elbows), "experiment");
            QFAIL("elbows on hidden 3 were accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("experiment.settings.network.layers[2].init (hidden 3): elbows "
                                 "apply only to the first layer of a net with 1 input"));
            QCOMPARE(error.field(), layerField(SettingField::LayerInitializer, 2));
        }
        try { // the reader's own checks name it too
            experimentFromJson(withLayerInit(good, 6, {{QStringLiteral("kind"), 3}}), "");
            QFAIL("a number as initializer kind was accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.where(), std::string("settings.network.layers[6].init.kind"));
            QVERIFY2(QString::fromUtf8(error.what())
                         .startsWith(QStringLiteral("settings.network.layers[6].init.kind "
                                                    "(output): ")),
                     error.what());
        }
    }

    // A sweep's run has layers no file holds: named the user's way beside the engine's path.
    void aSweepRunsBadInitializerNamesTheLayer() {
        Experiment handSet = makeTemplate("relu-sum").experiments.at(1); // 2 hand-set units
        handSet.sweep.widths = {2, 3};
        try {
            validateExperiment(handSet, generatingDatasets({}));
            QFAIL("3 units with 2 hand-set weights were accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(std::string(error.what()),
                     "experiment \"" + handSet.name +
                         "\": run \"width 3\": network.layers[0].init.weights (hidden 1): "
                         "expected 3 values (units x inputs, row by row), got 2");
        }
    }
};

QTEST_GUILESS_MAIN(TestLayerNames)
#include "tst_layernames.moc"
