// json::parse, the reader under every JSON file ReLU Lab opens: Python's bare NaN and Infinity
// read as strings (so that the field holding them can be named), against the character-by-character
// quoting it replaced, on hand-made and on random texts.
#include "document/jsonfields.h"

#include <QRandomGenerator>
#include <QTest>

using namespace relulab;

namespace {

// The reference: every position outside strings compared with each word, one at a time.
QByteArray quoteWordsOneByOne(const QByteArray& text) {
    static const QByteArray words[] = {"-Infinity", "Infinity", "NaN"};
    QByteArray out;
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < text.size())
                out.append(text[++i]);
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        bool replaced = false;
        for (const QByteArray& word : words)
            if (text.mid(i, word.size()) == word) {
                out.append('"').append(word).append('"');
                i += word.size() - 1;
                replaced = true;
                break;
            }
        if (!replaced)
            out.append(c);
    }
    return out;
}

// A random object of numbers, bare words, and strings that hold the words, quotes and escapes.
QByteArray randomObject(QRandomGenerator& random, int depth) {
    static const char* const values[] = {"1.5",
                                         "-2e-3",
                                         "NaN",
                                         "Infinity",
                                         "-Infinity",
                                         "null",
                                         "true",
                                         "\"NaN\"",
                                         "\"a \\\"NaN\\\" b\"",
                                         "\"\\\\\"",
                                         "\"-Infinity\\\\\"",
                                         "\"Inf\"",
                                         "-0",
                                         "\"\\u0041N\""};
    QByteArray text = "{";
    const int members = random.bounded(1, 6);
    for (int m = 0; m < members; ++m) {
        if (m > 0)
            text += ", ";
        text += "\"k" + QByteArray::number(m) + "\": ";
        const int kind = random.bounded(depth > 2 ? 2 : 4);
        if (kind == 2) {
            text += randomObject(random, depth + 1);
        } else if (kind == 3) {
            text += "[";
            for (int e = random.bounded(4); e > 0; --e)
                text +=
                    QByteArray(values[random.bounded(int(std::size(values)))]) + (e > 1 ? "," : "");
            text += "]";
        } else {
            text += values[random.bounded(int(std::size(values)))];
        }
    }
    return text + "}";
}

} // namespace

class TestJsonReading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bareWordsBecomeStringsAndStringsStayAsTheyAre() {
        const QJsonObject o = json::parse("{\"a\": NaN, \"b\": [-Infinity, Infinity], \"c\": \"NaN "
                                          "\\\" NaN\", \"d\": \"\\\\\"}")
                                  .object();
        QCOMPARE(o.value(QLatin1String("a")).toString(), QStringLiteral("NaN"));
        QCOMPARE(o.value(QLatin1String("b")).toArray().at(0).toString(),
                 QStringLiteral("-Infinity"));
        QCOMPARE(o.value(QLatin1String("b")).toArray().at(1).toString(),
                 QStringLiteral("Infinity"));
        QCOMPARE(o.value(QLatin1String("c")).toString(), QStringLiteral("NaN \" NaN"));
        QCOMPARE(o.value(QLatin1String("d")).toString(), QStringLiteral("\\"));
    }

    void aTextWithoutTheWordsReadsAsQtReadsIt() {
        const QByteArray text =
            "{\"x\": [[1, 2.5e-3], [-4, 0]], \"name\": \"Nope\", \"i\": \"Inf\"}";
        QCOMPARE(json::parse(text), QJsonDocument::fromJson(text));
    }

    void randomTextsReadAsTheOneByOneQuotingReadsThem() {
        QRandomGenerator random(20261203);
        for (int i = 0; i < 2000; ++i) {
            const QByteArray text = randomObject(random, 0);
            const QJsonDocument expected = QJsonDocument::fromJson(quoteWordsOneByOne(text));
            QVERIFY2(expected.isObject(), text.constData());
            QCOMPARE(json::parse(text), expected);
        }
    }

    void invalidJsonNamesItsLineAndColumn() {
        try {
            (void)json::parse("{\"a\": 1,\n \"b\": NaNx}");
            QFAIL("accepted invalid JSON");
        } catch (const InvalidInput& error) {
            QVERIFY2(QByteArray(error.what()).startsWith("line 2, column "), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonReading)
#include "tst_jsonreading.moc"
