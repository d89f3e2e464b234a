// Layer names (issue 18): "hidden 1" .. "hidden N", "output", and the engine's messages about a
// layer giving both the path (counting from 0) and that name.
#include "core/architecture.h"
#include "core/error.h"
#include "core/initializer.h"

#include <QTest>

using namespace relulab;

namespace {

Architecture deep(std::size_t hidden) {
    Architecture a{1, {}};
    for (std::size_t l = 0; l < hidden; ++l)
        a.layers.push_back({4, Activation::relu()});
    a.layers.push_back({1, Activation::identity()});
    return a;
}

} // namespace

class TestArchitecture : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layerDisplayNameCountsFromOne_data() {
        QTest::addColumn<int>("layer");
        QTest::addColumn<int>("layers");
        QTest::addColumn<QString>("name");
        QTest::newRow("first of 3") << 0 << 3 << "hidden 1";
        QTest::newRow("middle of 3") << 1 << 3 << "hidden 2";
        QTest::newRow("last hidden of 7") << 5 << 7 << "hidden 6";
        QTest::newRow("last of 3") << 2 << 3 << "output";
        QTest::newRow("1-layer net") << 0 << 1 << "output";
    }
    void layerDisplayNameCountsFromOne() {
        QFETCH(int, layer);
        QFETCH(int, layers);
        QFETCH(QString, name);
        QCOMPARE(QString::fromStdString(layerDisplayName(std::size_t(layer), std::size_t(layers))),
                 name);
        const Architecture a = deep(std::size_t(layers - 1));
        QCOMPARE(QString::fromStdString(layerDisplayName(std::size_t(layer), a)), name);
    }

    // The path keeps JSON's index from 0 (the user finds it in the file); the name says it the
    // user's way.
    void aLayerSettingsErrorNamesPathAndLayer() {
        Architecture a = deep(2);
        a.layers[1].units = 0;
        try {
            a.validate();
            QFAIL("zero units accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.where(), std::string("network.layers[1].units"));
            QCOMPARE(error.name(), std::string("hidden 2"));
            QCOMPARE(std::string(error.what()),
                     std::string("network.layers[1].units (hidden 2): must be between 1 and 4096, "
                                 "got 0"));
            QCOMPARE(error.field().layer, 1);
        }
    }

    void anInitializerErrorNamesPathAndLayer() {
        const Architecture a = deep(3);
        try {
            checkInitializer(InitializerSpec::elbows(0, 1), a, 2);
            QFAIL("elbows accepted on hidden 3");
        } catch (const InvalidInput& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("network.layers[2].init (hidden 3): elbows apply only to the "
                                 "first layer of a net with 1 input"));
            QCOMPARE(error.field().field, SettingField::LayerInitializer);
            QCOMPARE(error.field().layer, 2);
        }
        try { // a file's own path, and the name carried one level out
            checkInitializer(InitializerSpec::values({1, 2}, {0}), a, 3, "x.layers[3].init");
            QFAIL("2 weights accepted for 4");
        } catch (const InvalidInput& error) {
            const InvalidInput outer = error.under("experiment \"e\"");
            QCOMPARE(std::string(outer.what()),
                     std::string("experiment \"e\": x.layers[3].init.weights (output): expected 4 "
                                 "values (units x inputs, row by row), got 2"));
        }
    }
};

QTEST_APPLESS_MAIN(TestArchitecture)
#include "tst_architecture.moc"
