// The homework's data, bit for bit as numpy makes it (values taken from numpy 1.24).
#include "core/dataset.h"
#include "core/error.h"
#include "core/numpyrandom.h"

#include <QTest>

using namespace relulab;

class TestDatasets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void randomStateMatchesNumpy() {
        NumpyRandomState random(7);
        QCOMPARE(random.rand(), 0.07630828937395717);
        QCOMPARE(random.randn(), -0.3206032549443759);
        QCOMPARE(random.randn(), 1.4570832287334776);
        QCOMPARE(random.rand(), 0.7234651778309412);
    }

    // np.random.RandomState(1); X = sort(rand(200, 1)); y = f_true(X) + randn(200) * 0.1
    void piecewiseLinearIsTheHomeworks() {
        const Dataset data = homeworkDataset(TargetFunction::PiecewiseLinear, 200, 0.1, 1);
        QCOMPARE(data.trainX.n_rows, arma::uword{200});
        QCOMPARE(data.trainX(0, 0), 0.00011437481734488664);
        QCOMPARE(data.trainX(199, 0), 0.9973228504514805);
        QCOMPARE(data.trainY(0, 0), 0.006645488297249116);
        QCOMPARE(data.trainY(100, 0), -0.7109490844137543);
        QCOMPARE(data.trainY(199, 0), -0.8880864149401948);
        QCOMPARE(data.testX.n_rows, arma::uword{1200});
        QVERIFY(data.testX.is_sorted());
        QCOMPARE(data.testX(0, 0), 0.0);
        QCOMPARE(data.testX(1199, 0), 1.0);
        for (arma::uword i = 0; i < data.testX.n_rows; ++i)
            QCOMPARE(data.testY(i, 0),
                     evaluateTarget(TargetFunction::PiecewiseLinear, data.testX(i, 0)));
    }

    // Linear between tenths, tending to sin(12345 k) at x = k / 10 from both sides; exactly at
    // a tenth floor = ceil and the homework's formula gives 0, as numpy does.
    void targetIsLinearBetweenTenths() {
        for (int k = 1; k < 10; ++k) {
            const double limit = std::sin(12345.0 * k);
            QVERIFY(std::abs(evaluateTarget(TargetFunction::PiecewiseLinear, (k + 1e-9) / 10) -
                             limit) < 1e-6);
            QVERIFY(std::abs(evaluateTarget(TargetFunction::PiecewiseLinear, (k - 1e-9) / 10) -
                             limit) < 1e-6);
        }
        QCOMPARE(evaluateTarget(TargetFunction::PiecewiseLinear, 0.5), 0.0);
        const double a = evaluateTarget(TargetFunction::PiecewiseLinear, 0.31);
        const double b = evaluateTarget(TargetFunction::PiecewiseLinear, 0.33);
        const double mid = evaluateTarget(TargetFunction::PiecewiseLinear, 0.32);
        QVERIFY(std::abs(mid - (a + b) / 2) < 1e-12);
        QCOMPARE(evaluateTarget(TargetFunction::Sin20x, 0.1), std::sin(2.0));
    }

    void badSettingsAreRefused() {
        QVERIFY_THROWS_EXCEPTION(InvalidInput, homeworkDataset(TargetFunction::Sin20x, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, homeworkDataset(TargetFunction::Sin20x, 10, -1.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, homeworkDataset(TargetFunction::Sin20x, 10, NAN));
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "tst_datasets.moc"
