// Minibatch sampling: without replacement (randperm(n)[:m]), with replacement, full batch.
#include "core/error.h"
#include "core/sampler.h"

#include <QTest>

#include <set>

using namespace relulab;

class TestSampling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutReplacementDrawsDistinctIndices() {
        BatchSampler sampler(200, 40, SamplingKind::WithoutReplacement, 1);
        for (int step = 0; step < 500; ++step) {
            const auto& batch = sampler.next();
            QCOMPARE(batch.size(), std::size_t{40});
            const std::set<std::uint32_t> distinct(batch.begin(), batch.end());
            QCOMPARE(distinct.size(), std::size_t{40});
            QVERIFY(*distinct.rbegin() < 200);
        }
    }

    // Every index is equally likely: 20,000 draws of 40 of 200 give 4,000 per index, and a
    // deviation of 6 standard deviations (sd ~ 57) would be a bias.
    void everyIndexIsEquallyLikely_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("without replacement") << int(SamplingKind::WithoutReplacement);
        QTest::newRow("with replacement") << int(SamplingKind::WithReplacement);
    }

    void everyIndexIsEquallyLikely() {
        QFETCH(int, kind);
        BatchSampler sampler(200, 40, SamplingKind(kind), 2);
        std::vector<int> counts(200, 0);
        for (int step = 0; step < 20000; ++step)
            for (std::uint32_t i : sampler.next())
                ++counts[i];
        for (int count : counts)
            QVERIFY2(std::abs(count - 4000) < 6 * 57, qPrintable(QString::number(count)));
    }

    void withReplacementRepeatsIndices() {
        BatchSampler sampler(10, 10, SamplingKind::WithReplacement, 3);
        bool repeated = false;
        for (int step = 0; step < 20 && !repeated; ++step) {
            const auto& batch = sampler.next();
            repeated = std::set<std::uint32_t>(batch.begin(), batch.end()).size() < batch.size();
        }
        QVERIFY(repeated);
        // and may ask for more samples than there are
        BatchSampler larger(5, 12, SamplingKind::WithReplacement, 3);
        QCOMPARE(larger.next().size(), std::size_t{12});
    }

    void fullBatchIsEverySampleInOrder() {
        BatchSampler sampler(7, 3, SamplingKind::FullBatch, 4);
        const std::vector<std::uint32_t> expected{0, 1, 2, 3, 4, 5, 6};
        QCOMPARE(sampler.next(), expected);
        QCOMPARE(sampler.next(), expected);
    }

    void seededAndReproducible() {
        BatchSampler a(200, 40, SamplingKind::WithoutReplacement, 5);
        BatchSampler b(200, 40, SamplingKind::WithoutReplacement, 5);
        BatchSampler c(200, 40, SamplingKind::WithoutReplacement, 6);
        bool differs = false;
        for (int step = 0; step < 10; ++step) {
            const std::vector<std::uint32_t> first = a.next();
            QCOMPARE(b.next(), first);
            differs = differs || c.next() != first;
        }
        QVERIFY(differs);
    }

    void impossibleBatchesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 BatchSampler(10, 11, SamplingKind::WithoutReplacement, 1));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 BatchSampler(10, 0, SamplingKind::WithReplacement, 1));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, BatchSampler(0, 1, SamplingKind::FullBatch, 1));
    }

    void names() {
        for (SamplingKind kind : {SamplingKind::WithoutReplacement, SamplingKind::WithReplacement,
                                  SamplingKind::FullBatch})
            QCOMPARE(samplingFromName(samplingName(kind)), std::optional(kind));
    }
};

QTEST_GUILESS_MAIN(TestSampling)
#include "tst_sampling.moc"
