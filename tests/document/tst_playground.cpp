// The playground template teaches what it says: trained as it comes, its ReLU nets solve
// TensorFlow Playground's four sets and the 4-point XOR, while the linear nets cannot do better
// than 3 of the 4 XOR points. Accuracies are recomputed from the final parameters here.
#include "core/datasetspec.h"
#include "core/network.h"
#include "document/runsession.h"
#include "document/templates.h"

#include <QTest>
#include <QThread>

#include <cmath>

using namespace relulab;

namespace {

bool isLinear(const Architecture& a) {
    for (const LayerSpec& layer : a.layers)
        if (layer.activation.kind != ActivationKind::Identity)
            return false;
    return true;
}

// The fraction of rows labelled right, by the seed's reading of the outputs (a logit > 0 is
// class 1; with several outputs the largest wins), written out here.
double accuracyByHand(const Network<double>& net, const arma::mat& x, const arma::mat& y) {
    const arma::mat out = net.predict(x);
    int right = 0;
    for (arma::uword r = 0; r < out.n_rows; ++r) {
        arma::uword label = 0;
        if (out.n_cols == 1)
            label = out(r, 0) > 0 ? 1 : 0;
        else
            for (arma::uword c = 1; c < out.n_cols; ++c)
                label = out(r, c) > out(r, label) ? c : label;
        right += label == arma::uword(std::lround(y(r, 0)));
    }
    return right / double(out.n_rows);
}

} // namespace

class TestPlayground : public QObject {
    Q_OBJECT

private:
    Notebook m_notebook = makeTemplate("playground");

    const Experiment& named(const QString& name) const {
        for (const Experiment& e : m_notebook.experiments)
            if (QString::fromStdString(e.name) == name)
                return e;
        throw std::runtime_error("no experiment " + name.toStdString());
    }

private Q_SLOTS:
    void initTestCase() {
        std::vector<std::size_t> all;
        for (std::size_t e = 0; e < m_notebook.experiments.size(); ++e)
            all.push_back(e);
        RunSession session(m_notebook, all, 2, {});
        while (session.poll())
            QThread::msleep(5);
    }

    // TensorFlow Playground's circle, xor, gaussian and spiral, then the xor template's nets;
    // each says where to look.
    void holdsTheFourSetsAndTheXorNets() {
        std::vector<DatasetKind> kinds;
        for (const Experiment& e : m_notebook.experiments) {
            kinds.push_back(e.settings.dataset.kind);
            QVERIFY2(e.notes.find("Decision surface tab") != std::string::npos ||
                         e.notes.find("Predictions tab") != std::string::npos,
                     e.name.c_str());
        }
        const std::vector<DatasetKind> expected{
            DatasetKind::Circles, DatasetKind::Quadrants, DatasetKind::Blobs, DatasetKind::Spirals,
            DatasetKind::Xor,     DatasetKind::Xor,       DatasetKind::Xor};
        QVERIFY(kinds == expected);
        const Notebook xorTemplate = makeTemplate("xor");
        for (std::size_t i = 0; i < xorTemplate.experiments.size(); ++i)
            QVERIFY(m_notebook.experiments[4 + i].settings == xorTemplate.experiments[i].settings);
    }

    void accuracyAfterTraining_data() {
        QTest::addColumn<QString>("experiment");
        QTest::addColumn<double>("least");
        QTest::addColumn<double>("most");
        QTest::newRow("circle") << QStringLiteral("Circle, 2-8-1 ReLU") << 0.95 << 1.0;
        QTest::newRow("quadrants") << QStringLiteral("XOR quadrants, 2-8-8-1 ReLU") << 0.95 << 1.0;
        QTest::newRow("gaussian") << QStringLiteral("Gaussian blobs, 2-4-2 ReLU") << 0.95 << 1.0;
        // 98% here; the arms overlap near the centre, so a little is left to chance.
        QTest::newRow("spiral") << QStringLiteral("Spiral, 2-16-16-2 ReLU") << 0.92 << 1.0;
        QTest::newRow("xor relu") << QStringLiteral("XOR: ReLU net") << 1.0 << 1.0;
        QTest::newRow("xor linear") << QStringLiteral("XOR: Single linear layer") << 0.0 << 0.75;
        QTest::newRow("xor two linear") << QStringLiteral("XOR: Two linear layers") << 0.0 << 0.75;
    }

    // The final test accuracy as stored, and as the final parameters give it (a point or two
    // may lie within float's rounding of the boundary); a linear net's at most 3 of 4.
    void accuracyAfterTraining() {
        QFETCH(QString, experiment);
        QFETCH(double, least);
        QFETCH(double, most);
        const Experiment& e = named(experiment);
        QCOMPARE(e.runs.size(), std::size_t(1));
        const RunRecord& run = e.runs[0];
        QCOMPARE(run.result.status, RunStatus::Finished);
        QCOMPARE(isLinear(run.settings.architecture), most <= 0.75);
        const SnapshotSeries& s = run.result.snapshots;
        const double stored = s.testAccuracy.at(s.count - 1);
        QVERIFY2(stored >= least && stored <= most, qPrintable(QString::number(stored)));

        const Dataset data = generateDataset(run.settings.dataset);
        const Network<double> net(run.settings.architecture,
                                  arma::conv_to<arma::vec>::from(run.result.finalParameters));
        const double test = accuracyByHand(net, data.testX, data.testY);
        const double train = accuracyByHand(net, data.trainX, data.trainY);
        QVERIFY2(std::abs(test - stored) <= 1.0 / double(data.testX.n_rows),
                 qPrintable(QStringLiteral("%1 vs %2").arg(test).arg(stored)));
        QVERIFY2(std::abs(train - s.trainAccuracy.at(s.count - 1)) <=
                     1.0 / double(data.trainX.n_rows),
                 qPrintable(QString::number(train)));
        QVERIFY2(train >= least && train <= most, qPrintable(QString::number(train)));
    }
};

QTEST_GUILESS_MAIN(TestPlayground)
#include "tst_playground.moc"
