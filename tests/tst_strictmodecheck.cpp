// StrictModeCheck: the OpenAI strict structured-output rules as findings (where, why, which fix)
// and the fixes themselves, one by one and all at once.

#include "schema/strictmodecheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mantle::schema;
using Fix = StrictModeFinding::Fix;

namespace {

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("bad test JSON: %s", json);
    return document.object();
}

QString fixName(Fix fix)
{
    switch (fix) {
    case Fix::None:
        return QStringLiteral("none");
    case Fix::SetAdditionalPropertiesFalse:
        return QStringLiteral("additionalProperties");
    case Fix::AddToRequired:
        return QStringLiteral("required");
    case Fix::RemoveKeyword:
        return QStringLiteral("remove");
    case Fix::ReplaceOneOfWithAnyOf:
        return QStringLiteral("anyOf");
    case Fix::AddObjectType:
        return QStringLiteral("type");
    }
    return {};
}

/// "pointer|fix|detail" for each finding.
QStringList summary(const QList<StrictModeFinding> &findings)
{
    QStringList lines;
    for (const StrictModeFinding &f : findings)
        lines.append(f.pointer + QLatin1Char('|') + fixName(f.fix) + QLatin1Char('|') + f.detail);
    return lines;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestStrictModeCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsWhatStrictModeRefuses_data();
    void findsWhatStrictModeRefuses();
    void explainsEachRule();
    void appliesAllFixes_data();
    void appliesAllFixes();
    void leavesNoFixableFindingAfterFixingAll_data();
    void leavesNoFixableFindingAfterFixingAll();
    void appliesOneFixAtATime();
    void ignoresAFindingThatDoesNotApply();
    void checksTheLimits();
};

void TestStrictModeCheck::findsWhatStrictModeRefuses_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QStringList>("findings");

    QTest::addRow("already strict")
        << object(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                     "additionalProperties":false})")
        << QStringList{};
    QTest::addRow("additionalProperties missing")
        << object(R"({"type":"object","properties":{},"required":[]})")
        << QStringList{QStringLiteral("|additionalProperties|")};
    QTest::addRow("additionalProperties true")
        << object(R"({"type":"object","properties":{},"additionalProperties":true})")
        << QStringList{QStringLiteral("|additionalProperties|")};
    QTest::addRow("optional property")
        << object(R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},
                     "required":["a"],"additionalProperties":false})")
        << QStringList{QStringLiteral("|required|b")};
    QTest::addRow("nested object")
        << object(R"({"type":"object","properties":{"address":{"type":"object","properties":
                     {"city":{"type":"string"}}}},"required":["address"],
                     "additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/address|additionalProperties|"),
                       QStringLiteral("/properties/address|required|city")};
    QTest::addRow("object in array items")
        << object(R"({"type":"object","properties":{"rows":{"type":"array","items":{"type":
                     "object","properties":{"n":{"type":"number"}},"required":["n"]}}},
                     "required":["rows"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/rows/items|additionalProperties|")};
    QTest::addRow("unsupported keyword")
        << object(R"({"type":"object","properties":{"name":{"type":"string","minLength":1}},
                     "required":["name"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/name|remove|minLength")};
    QTest::addRow("default is not supported")
        << object(R"({"type":"object","properties":{"n":{"type":"integer","default":3}},
                     "required":["n"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/n|remove|default")};
    QTest::addRow("unsupported format")
        << object(R"({"type":"object","properties":{"u":{"type":"string","format":"uri"}},
                     "required":["u"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/u|remove|format")};
    QTest::addRow("supported format and constraints")
        << object(R"({"type":"object","properties":{"d":{"type":"string","format":"date",
                     "pattern":"^2"},"n":{"type":"number","minimum":0,"exclusiveMaximum":9,
                     "multipleOf":0.5},"l":{"type":"array","items":{"type":"string"},
                     "minItems":1,"maxItems":3}},"required":["d","n","l"],
                     "additionalProperties":false,"description":"x","title":"t"})")
        << QStringList{};
    QTest::addRow("oneOf") << object(
        R"({"type":"object","properties":{"x":{"oneOf":[{"type":"string"},
                     {"type":"null"}]}},"required":["x"],"additionalProperties":false})")
                           << QStringList{QStringLiteral("/properties/x|anyOf|oneOf")};
    QTest::addRow("allOf has no automatic fix")
        << object(R"({"type":"object","properties":{"x":{"allOf":[{"type":"string"}]}},
                     "required":["x"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/x|none|")};
    QTest::addRow("root is an array") << object(R"({"type":"array","items":{"type":"string"}})")
                                      << QStringList{QStringLiteral("|none|")};
    QTest::addRow("root is anyOf")
        << object(R"({"anyOf":[{"type":"object","properties":{},"additionalProperties":false},
                     {"type":"null"}]})")
        << QStringList{QStringLiteral("|none|")};
    QTest::addRow("root without type")
        << object(R"({"properties":{"a":{"type":"string"}},"required":["a"],
                     "additionalProperties":false})")
        << QStringList{QStringLiteral("|type|")};
    QTest::addRow("remote reference")
        << object(R"({"type":"object","properties":{"a":{"$ref":"https://x.org/a.json"}},
                     "required":["a"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/a|none|")};
    QTest::addRow("local reference")
        << object(R"({"type":"object","properties":{"a":{"$ref":"#/$defs/a"}},"required":["a"],
                     "additionalProperties":false,"$defs":{"a":{"type":"object","properties":
                     {"b":{"type":"string"}},"required":["b"]}}})")
        << QStringList{QStringLiteral("/$defs/a|additionalProperties|")};
    QTest::addRow("tuple items") << object(
        R"({"type":"object","properties":{"p":{"type":"array","items":[{"type":
                     "number"}]}},"required":["p"],"additionalProperties":false})")
                                 << QStringList{QStringLiteral("/properties/p|none|")};
    QTest::addRow("boolean subschema")
        << object(R"({"type":"object","properties":{"p":true},"required":["p"],
                     "additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/p|none|")};
    QTest::addRow("unknown type") << object(
        R"({"type":"object","properties":{"p":{"type":"any"}},"required":["p"],
                     "additionalProperties":false})")
                                  << QStringList{QStringLiteral("/properties/p|none|")};
    QTest::addRow("schema without type")
        << object(R"({"type":"object","properties":{"p":{"description":"anything"}},
                     "required":["p"],"additionalProperties":false})")
        << QStringList{QStringLiteral("/properties/p|none|")};
}

void TestStrictModeCheck::findsWhatStrictModeRefuses()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QStringList, findings);
    QCOMPARE(summary(StrictModeCheck::check(schema)), findings);
}

void TestStrictModeCheck::explainsEachRule()
{
    const QList<StrictModeFinding> findings = StrictModeCheck::check(
        object(R"({"type":"object","properties":{"b":{"type":"integer","maxLength":2}}})"));
    QCOMPARE(findings.size(), 3);
    QVERIFY(findings.at(0).message.contains(QLatin1String("additionalProperties")));
    QVERIFY(findings.at(1).message.contains(QLatin1String("\"b\"")));
    QVERIFY(findings.at(1).message.contains(QLatin1String("null")));
    QVERIFY(findings.at(2).message.contains(QLatin1String("maxLength")));
    for (const StrictModeFinding &f : findings) {
        QVERIFY(f.fixable());
        QVERIFY(!f.fixDescription().isEmpty());
    }
}

void TestStrictModeCheck::appliesAllFixes_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QJsonObject>("fixed");

    QTest::addRow("strict schema unchanged")
        << object(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                     "additionalProperties":false})")
        << object(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                     "additionalProperties":false})");
    QTest::addRow("optional properties become required and nullable")
        << object(R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"},
                     "c":{"type":["number","null"]},"d":{"enum":["x","y"]},
                     "e":{"type":"string","enum":["p"]}},"required":["a"]})")
        << object(R"({"type":"object","properties":{"a":{"type":"string"},
                     "b":{"type":["integer","null"]},"c":{"type":["number","null"]},
                     "d":{"enum":["x","y",null]},"e":{"type":["string","null"],"enum":["p",null]}},
                     "required":["a","b","c","d","e"],"additionalProperties":false})");
    QTest::addRow("optional reference wrapped in anyOf with null")
        << object(R"({"type":"object","properties":{"a":{"$ref":"#/$defs/a"}},
                     "additionalProperties":false,"$defs":{"a":{"type":"string"}}})")
        << object(R"({"type":"object","properties":{"a":{"anyOf":[{"$ref":"#/$defs/a"},
                     {"type":"null"}]}},"required":["a"],"additionalProperties":false,
                     "$defs":{"a":{"type":"string"}}})");
    QTest::addRow("optional anyOf gets a null branch")
        << object(R"({"type":"object","properties":{"a":{"anyOf":[{"type":"string"},
                     {"type":"number"}]}},"additionalProperties":false})")
        << object(R"({"type":"object","properties":{"a":{"anyOf":[{"type":"string"},
                     {"type":"number"},{"type":"null"}]}},"required":["a"],
                     "additionalProperties":false})");
    QTest::addRow("nested objects, keywords and oneOf")
        << object(R"({"properties":{"address":{"properties":{"zip":{"type":"string",
                     "minLength":5}},"required":["zip"]},"kind":{"oneOf":[{"const":"a"},
                     {"const":"b"}]}},"required":["address","kind"]})")
        << object(R"({"type":"object","properties":{"address":{"type":"object","properties":
                     {"zip":{"type":"string"}},"required":["zip"],"additionalProperties":false},
                     "kind":{"anyOf":[{"const":"a"},{"const":"b"}]}},
                     "required":["address","kind"],"additionalProperties":false})");
}

void TestStrictModeCheck::appliesAllFixes()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QJsonObject, fixed);
    const QJsonObject result = StrictModeCheck::applyAllFixes(schema);
    QVERIFY2(result == fixed, qPrintable(compact(result)));
    QVERIFY(StrictModeCheck::check(result).isEmpty());
}

void TestStrictModeCheck::leavesNoFixableFindingAfterFixingAll_data()
{
    findsWhatStrictModeRefuses_data();
}

void TestStrictModeCheck::leavesNoFixableFindingAfterFixingAll()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QStringList, findings);
    const QList<StrictModeFinding> before = StrictModeCheck::check(schema);
    const QJsonObject fixed = StrictModeCheck::applyAllFixes(schema);
    const QList<StrictModeFinding> after = StrictModeCheck::check(fixed);
    for (const StrictModeFinding &f : after)
        QVERIFY2(!f.fixable(), qPrintable(f.pointer + QLatin1Char(' ') + f.message));
    // What had no fix is still reported: fixing the rest hides nothing.
    QCOMPARE(after.size(), std::count_if(before.begin(), before.end(), [](const auto &f) {
                 return !f.fixable();
             }));
}

void TestStrictModeCheck::appliesOneFixAtATime()
{
    const QJsonObject schema = object(R"({"type":"object","properties":{"a":{"type":"object",
        "properties":{"b":{"type":"string"}}}},"required":["a"]})");
    QList<StrictModeFinding> findings = StrictModeCheck::check(schema);
    QCOMPARE(summary(findings),
             (QStringList{QStringLiteral("|additionalProperties|"),
                          QStringLiteral("/properties/a|additionalProperties|"),
                          QStringLiteral("/properties/a|required|b")}));

    const QJsonObject once = StrictModeCheck::applyFix(schema, findings.at(1));
    QCOMPARE(once.value(QLatin1String("properties"))
                 .toObject()
                 .value(QLatin1String("a"))
                 .toObject()
                 .value(QLatin1String("additionalProperties")),
             QJsonValue(false));
    QVERIFY(!once.contains(QLatin1String("additionalProperties")));
    QCOMPARE(summary(StrictModeCheck::check(once)),
             (QStringList{QStringLiteral("|additionalProperties|"),
                          QStringLiteral("/properties/a|required|b")}));

    const QJsonObject twice = StrictModeCheck::applyFix(once, findings.at(2));
    const QJsonObject a
        = twice.value(QLatin1String("properties")).toObject().value(QLatin1String("a")).toObject();
    QCOMPARE(a.value(QLatin1String("required")).toArray(), QJsonArray{QStringLiteral("b")});
    QCOMPARE(a.value(QLatin1String("properties")).toObject().value(QLatin1String("b")),
             QJsonValue(object(R"({"type":["string","null"]})")));
    QCOMPARE(summary(StrictModeCheck::check(twice)),
             QStringList{QStringLiteral("|additionalProperties|")});
}

void TestStrictModeCheck::ignoresAFindingThatDoesNotApply()
{
    const QJsonObject schema = object(R"({"type":"object","properties":{},
        "additionalProperties":false})");
    StrictModeFinding elsewhere{QStringLiteral("/properties/missing"), QString(),
                                Fix::SetAdditionalPropertiesFalse, QString()};
    QCOMPARE(StrictModeCheck::applyFix(schema, elsewhere), schema);
    StrictModeFinding noFix{QString(), QString(), Fix::None, QString()};
    QCOMPARE(StrictModeCheck::applyFix(schema, noFix), schema);
    StrictModeFinding unknownProperty{QString(), QString(), Fix::AddToRequired,
                                      QStringLiteral("ghost")};
    QCOMPARE(StrictModeCheck::applyFix(schema, unknownProperty), schema);
}

void TestStrictModeCheck::checksTheLimits()
{
    // Nesting: eleven objects, one inside the other.
    QJsonObject deep{{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("properties"), QJsonObject{}},
                     {QStringLiteral("required"), QJsonArray{}},
                     {QStringLiteral("additionalProperties"), false}};
    for (int level = 1; level < StrictModeCheck::kMaxNestingDepth + 1; ++level)
        deep = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                           {QStringLiteral("properties"), QJsonObject{{QStringLiteral("n"), deep}}},
                           {QStringLiteral("required"), QJsonArray{QStringLiteral("n")}},
                           {QStringLiteral("additionalProperties"), false}};
    QList<StrictModeFinding> findings = StrictModeCheck::check(deep);
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.front().pointer,
             QStringLiteral("/properties/n/properties/n/properties/n/properties/n/properties/n/"
                            "properties/n/properties/n/properties/n/properties/n/properties/n"));
    QVERIFY(!findings.front().fixable());
    // Ten levels are allowed.
    QVERIFY(
        StrictModeCheck::check(
            deep.value(QLatin1String("properties")).toObject().value(QLatin1String("n")).toObject())
            .isEmpty());

    // Object properties and enum values, counted over the whole schema.
    QJsonObject properties;
    QJsonArray required;
    QJsonArray values;
    for (int i = 0; i <= StrictModeCheck::kMaxObjectProperties; ++i) {
        properties.insert(QStringLiteral("p%1").arg(i),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}});
        required.append(QStringLiteral("p%1").arg(i));
    }
    for (int i = 0; i <= StrictModeCheck::kMaxEnumValues; ++i)
        values.append(i);
    properties.insert(QStringLiteral("e"), QJsonObject{{QStringLiteral("enum"), values}});
    required.append(QStringLiteral("e"));
    const QJsonObject wide{{QStringLiteral("type"), QStringLiteral("object")},
                           {QStringLiteral("properties"), properties},
                           {QStringLiteral("required"), required},
                           {QStringLiteral("additionalProperties"), false}};
    findings = StrictModeCheck::check(wide);
    QCOMPARE(summary(findings), (QStringList{QStringLiteral("|none|"), QStringLiteral("|none|")}));
    // p0 to p5000 and e.
    QVERIFY(findings.at(0).message.contains(QLatin1String("5002")));
    QVERIFY(findings.at(1).message.contains(QLatin1String("1001")));
}

QTEST_GUILESS_MAIN(TestStrictModeCheck)
#include "tst_strictmodecheck.moc"
