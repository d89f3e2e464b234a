// `relulab bench` as a user runs it: the JSON report it promises, from a short real run.
#include "common/relulabprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace relulab;

class TestBenchCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonReportHasEveryCase() {
        const test::ProcessResult result = test::runRelulab(
            {QStringLiteral("bench"), QStringLiteral("--json"), QStringLiteral("--steps"),
             QStringLiteral("3000"), QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QJsonParseError error{};
        const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

        const QJsonArray cases = report.value(QLatin1String("cases")).toArray();
        QCOMPARE(cases.size(), 6);
        int index = 0;
        for (int layers : {1, 2})
            for (int width : {10, 20, 40}) {
                const QJsonObject c = cases.at(index++).toObject();
                QCOMPARE(c.value(QLatin1String("layers")).toInt(), layers);
                QCOMPARE(c.value(QLatin1String("width")).toInt(), width);
                QCOMPARE(c.value(QLatin1String("steps")).toInt(), 3000);
                const double seconds = c.value(QLatin1String("seconds")).toDouble();
                QVERIFY(seconds > 0);
                QCOMPARE(c.value(QLatin1String("steps_per_s")).toDouble(), 3000 / seconds);
                const double testMse = c.value(QLatin1String("final_test_mse")).toDouble();
                QVERIFY2(std::isfinite(testMse) && testMse > 0,
                         qPrintable(QString::number(testMse)));
            }
        QVERIFY(report.value(QLatin1String("homework_total_s")).toDouble() > 0);
        QVERIFY(report.value(QLatin1String("peak_memory_mb")).toDouble() > 0);
        const QJsonArray svd = report.value(QLatin1String("jacobian_svd_ms")).toArray();
        QCOMPARE(svd.size(), 6);
        for (const QJsonValue& value : svd) {
            const QJsonObject o = value.toObject();
            QVERIFY(o.value(QLatin1String("ms")).toDouble() > 0);
            QVERIFY(o.value(QLatin1String("lapack_ms")).toDouble() > 0);
        }
        QCOMPARE(svd.last().toObject().value(QLatin1String("layers")).toInt(), 2);
        QCOMPARE(svd.last().toObject().value(QLatin1String("width")).toInt(), 40);

        // Exact linear regions of the 2-32-32-1 relu net: many, and timed.
        const QJsonObject regions = report.value(QLatin1String("linear_regions")).toObject();
        QVERIFY(regions.value(QLatin1String("count")).toInt() > 100);
        QVERIFY(regions.value(QLatin1String("ms")).toDouble() > 0);
        QCOMPARE(regions.value(QLatin1String("goal_ms")).toDouble(), 50.0);

        // The decision surface and the 32 unit maps of the 2-16-16-2 net on 200 x 200 cells.
        const QJsonObject surface = report.value(QLatin1String("decision_surface")).toObject();
        QCOMPARE(surface.value(QLatin1String("network")).toString(),
                 QStringLiteral("2-16-16-2 relu"));
        QCOMPARE(surface.value(QLatin1String("cells")).toInt(), 200 * 200);
        QCOMPARE(surface.value(QLatin1String("unit_maps")).toInt(), 32);
        QVERIFY(surface.value(QLatin1String("ms")).toDouble() > 0);
        QCOMPARE(surface.value(QLatin1String("goal_ms")).toDouble(), 20.0);

        // The preview before training and a drag step of the hand-built nets, each timed and
        // naming its slowest case (a failed computation would report 1e300).
        const QJsonObject handsOn = report.value(QLatin1String("hands_on")).toObject();
        for (const char* key : {"preview_ms", "drag_step_ms"}) {
            const double ms = handsOn.value(QLatin1String(key)).toDouble();
            QVERIFY2(ms > 0 && ms < 1e6, key);
        }
        QCOMPARE(handsOn.value(QLatin1String("preview_goal_ms")).toDouble(), 50.0);
        QCOMPARE(handsOn.value(QLatin1String("drag_step_goal_ms")).toDouble(), 16.0);
        QVERIFY(handsOn.value(QLatin1String("preview_slowest")).toString().contains(u':'));
        QVERIFY(handsOn.value(QLatin1String("drag_step_slowest"))
                    .toString()
                    .contains(QLatin1String("relu-sum")) ||
                handsOn.value(QLatin1String("drag_step_slowest"))
                    .toString()
                    .contains(QLatin1String("linearized-features")));

        // Reading exports: four times the runs, and the figures that make the two ratios.
        const QJsonObject reading = report.value(QLatin1String("import")).toObject();
        QCOMPARE(reading.value(QLatin1String("large_runs")).toInt(),
                 4 * reading.value(QLatin1String("small_runs")).toInt());
        QVERIFY(reading.value(QLatin1String("large_mb")).toDouble() > 1);
        const double small = reading.value(QLatin1String("small_s")).toDouble();
        const double large = reading.value(QLatin1String("large_s")).toDouble();
        const double qtParse = reading.value(QLatin1String("qt_parse_s")).toDouble();
        QVERIFY(small > 0 && large > 0 && qtParse > 0);
        QCOMPARE(reading.value(QLatin1String("growth")).toDouble(), large / small);
        QCOMPARE(reading.value(QLatin1String("x_qt_parse")).toDouble(), large / qtParse);
    }

    void badSettingsAreRefused() {
        const test::ProcessResult steps = test::runRelulab(
            {QStringLiteral("bench"), QStringLiteral("--steps"), QStringLiteral("0")});
        QCOMPARE(steps.exitCode, 2);
        QVERIFY(steps.err.contains(QLatin1String("--steps")));
        const test::ProcessResult yardstick = test::runRelulab(
            {QStringLiteral("bench"), QStringLiteral("--steps"), QStringLiteral("10"),
             QStringLiteral("--yardstick"), QStringLiteral("/nonexistent/limit_sgd")});
        QVERIFY(yardstick.exitCode != 0);
        QVERIFY(yardstick.err.contains(QLatin1String("yardstick")));
    }
};

QTEST_GUILESS_MAIN(TestBenchCli)
#include "tst_benchcli.moc"
