// SchemaValidator (valijson underneath) against the official JSON-Schema-Test-Suite (draft 7,
// the keywords structured output relies on), and our own promises: the JSON pointer of each
// violation, readable messages, schema errors as values.

#include "schema/schemavalidator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace mantle::schema;

namespace {

/// Where Debian's json-schema-test-suite puts the suite; MANTLE_JSON_SCHEMA_TEST_SUITE overrides.
QString suiteDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("MANTLE_JSON_SCHEMA_TEST_SUITE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral("/usr/share/json-schema-test-suite");
}

/// The draft 7 files of the keywords we rely on. Every case of each file is a row.
const QStringList kSuiteFiles{
    QStringLiteral("additionalItems"),
    QStringLiteral("additionalProperties"),
    QStringLiteral("allOf"),
    QStringLiteral("anyOf"),
    QStringLiteral("boolean_schema"),
    QStringLiteral("const"),
    QStringLiteral("default"),
    QStringLiteral("definitions"),
    QStringLiteral("enum"),
    QStringLiteral("exclusiveMaximum"),
    QStringLiteral("exclusiveMinimum"),
    QStringLiteral("items"),
    QStringLiteral("maxItems"),
    QStringLiteral("maxLength"),
    QStringLiteral("maxProperties"),
    QStringLiteral("maximum"),
    QStringLiteral("minItems"),
    QStringLiteral("minLength"),
    QStringLiteral("minProperties"),
    QStringLiteral("minimum"),
    QStringLiteral("multipleOf"),
    QStringLiteral("not"),
    QStringLiteral("oneOf"),
    QStringLiteral("pattern"),
    QStringLiteral("properties"),
    QStringLiteral("ref"),
    QStringLiteral("required"),
    QStringLiteral("type"),
    QStringLiteral("uniqueItems"),
};

/// Cases valijson is known to get wrong (or that need what we do not do), by row name, with the
/// reason. A listed case that starts to pass fails the test (XPASS), so the list stays true.
const QHash<QString, QString> &knownFailures()
{
    const QString remote = QStringLiteral(
        "needs a remote document (the draft-07 meta-schema, or a schema named by an $id URL): "
        "SchemaValidator follows local references only and fetches nothing");
    static const QHash<QString, QString> failures{
        {QStringLiteral("definitions: valid definition: valid definition schema"), remote},
        {QStringLiteral("definitions: invalid definition: invalid definition schema"), remote},
        {QStringLiteral("ref: remote ref, containing refs itself: remote ref valid"), remote},
        {QStringLiteral("ref: remote ref, containing refs itself: remote ref invalid"), remote},
        {QStringLiteral("ref: Recursive references between schemas: valid tree"), remote},
        {QStringLiteral("ref: Recursive references between schemas: invalid tree"), remote},
    };
    return failures;
}

} // namespace

class TestSchemaValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithJsonSchemaTestSuite_data();
    void agreesWithJsonSchemaTestSuite();
    void reportsViolationsAtTheirPointer_data();
    void reportsViolationsAtTheirPointer();
    void acceptsConformingValues();
    void reportsSchemaErrorsAsValues_data();
    void reportsSchemaErrorsAsValues();
    void keepsBadPatternsInside();
    void saysWhenThereIsNoSchema();
};

void TestSchemaValidator::agreesWithJsonSchemaTestSuite_data()
{
    QTest::addColumn<QJsonValue>("schema");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<bool>("valid");

    const QDir draft7(suiteDirectory() + QStringLiteral("/tests/draft7"));
    if (!draft7.exists())
        QSKIP(qPrintable(QStringLiteral("The JSON-Schema-Test-Suite is not installed at %1 "
                                        "(Debian: json-schema-test-suite; or set "
                                        "MANTLE_JSON_SCHEMA_TEST_SUITE to its folder).")
                             .arg(suiteDirectory())));
    for (const QString &name : kSuiteFiles) {
        QFile file(draft7.filePath(name + QStringLiteral(".json")));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(file.fileName()));
        for (const QJsonValue &group : document.array()) {
            const QJsonObject g = group.toObject();
            for (const QJsonValue &test : g.value(QLatin1String("tests")).toArray()) {
                const QJsonObject t = test.toObject();
                QTest::addRow("%s: %s: %s", qPrintable(name),
                              qPrintable(g.value(QLatin1String("description")).toString()),
                              qPrintable(t.value(QLatin1String("description")).toString()))
                    << g.value(QLatin1String("schema")) << t.value(QLatin1String("data"))
                    << t.value(QLatin1String("valid")).toBool();
            }
        }
    }
}

void TestSchemaValidator::agreesWithJsonSchemaTestSuite()
{
    QFETCH(QJsonValue, schema);
    QFETCH(QJsonValue, data);
    QFETCH(bool, valid);

    const QString row = QString::fromUtf8(QTest::currentDataTag());
    const auto failure = knownFailures().constFind(row);
    SchemaValidator validator;
    const mantle::Status compiled = validator.compile(schema);
    if (failure != knownFailures().constEnd())
        QEXPECT_FAIL("", qPrintable(failure.value()), Abort);
    QVERIFY2(compiled.ok(), qPrintable(compiled.ok() ? QString() : compiled.error().message));
    const QList<SchemaViolation> violations = validator.validate(data);
    QStringList shown;
    for (const SchemaViolation &v : violations)
        shown.append(v.toDisplayString());
    if (failure != knownFailures().constEnd())
        QEXPECT_FAIL("", qPrintable(failure.value()), Abort);
    QVERIFY2(violations.isEmpty() == valid, qPrintable(shown.join(QLatin1String("; "))));
}

void TestSchemaValidator::reportsViolationsAtTheirPointer_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<QStringList>("expected"); // "pointer|message", in order

    const QByteArray list = R"({"type":"object","properties":{"items":{"type":"array","items":
        {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}})";
    QTest::addRow("nested item property of the wrong type")
        << list << QByteArray(R"({"items":[{"name":"a"},{"name":3}]})")
        << QStringList{QStringLiteral("/items/1/name|expected a string, got an integer")};
    QTest::addRow("missing property reported at its object")
        << list << QByteArray(R"({"items":[{}]})")
        << QStringList{QStringLiteral("/items/0|the required property \"name\" is missing")};
    QTest::addRow("two violations, each at its own path")
        << list << QByteArray(R"({"items":[{"name":true},{"name":"b"},{}]})")
        << QStringList{QStringLiteral("/items/0/name|expected a string, got a boolean"),
                       QStringLiteral("/items/2|the required property \"name\" is missing")};
    QTest::addRow("root of the wrong type")
        << list << QByteArray(R"([1])")
        << QStringList{QStringLiteral("|expected an object, got an array")};

    const QByteArray person = R"({"type":"object","properties":{"age":{"type":"integer",
        "minimum":0},"nick":{"type":["string","null"]}},"additionalProperties":false})";
    QTest::addRow("integer expected")
        << person << QByteArray(R"({"age":"12"})")
        << QStringList{QStringLiteral("/age|expected an integer, got a string")};
    QTest::addRow("below the minimum")
        << person << QByteArray(R"({"age":-1})")
        << QStringList{QStringLiteral("/age|-1 is below the minimum 0")};
    QTest::addRow("nullable type")
        << person << QByteArray(R"({"nick":5})")
        << QStringList{QStringLiteral("/nick|expected a string or null, got an integer")};
    QTest::addRow("additional property at the root")
        << person << QByteArray(R"({"age":1,"extra":true})")
        << QStringList{QStringLiteral(
               "/extra|the property \"extra\" is not allowed (additionalProperties)")};

    QTest::addRow("property named like an index")
        << QByteArray(R"({"properties":{"0":{"type":"string"}}})") << QByteArray(R"({"0":1})")
        << QStringList{QStringLiteral("/0|expected a string, got an integer")};
    QTest::addRow("property names escaped in the pointer")
        << QByteArray(R"({"properties":{"a/b":{"properties":{"c~d":{"enum":["x","y"]}}}}})")
        << QByteArray(R"({"a/b":{"c~d":"z"}})")
        << QStringList{
               QStringLiteral("/a~1b/c~0d|\"z\" is not one of the allowed values [\"x\",\"y\"]")};
    QTest::addRow("anyOf branch that fits the type explains")
        << QByteArray(R"({"properties":{"address":{"anyOf":[{"type":"object","properties":
               {"zip":{"type":"string"}}},{"type":"null"}]}}})")
        << QByteArray(R"({"address":{"zip":75001}})")
        << QStringList{QStringLiteral("/address/zip|expected a string, got an integer"),
                       QStringLiteral("/address|matches none of the schemas in anyOf")};
    QTest::addRow("anyOf of types")
        << QByteArray(R"({"anyOf":[{"type":"string"},{"type":"null"}]})") << QByteArray("[true]")
        << QStringList{QStringLiteral("|expected a string or null, got an array"),
                       QStringLiteral("|matches none of the schemas in anyOf")};
    QTest::addRow("through a local $ref")
        << QByteArray(R"({"definitions":{"tag":{"type":"string","maxLength":3}},
               "type":"array","items":{"$ref":"#/definitions/tag"}})")
        << QByteArray(R"(["ok","long"])")
        << QStringList{QStringLiteral("/1|the text is longer than 3 characters")};
    QTest::addRow("too many items")
        << QByteArray(R"({"type":"array","maxItems":1})") << QByteArray("[1,2,3]")
        << QStringList{QStringLiteral("|has 3 items, at most 1 allowed")};
    QTest::addRow("pattern") << QByteArray(R"({"properties":{"code":{"pattern":"^[A-Z]{2}$"}}})")
                             << QByteArray(R"({"code":"fr"})")
                             << QStringList{QStringLiteral(
                                    "/code|\"fr\" does not match the pattern \"^[A-Z]{2}$\"")};
}

void TestSchemaValidator::reportsViolationsAtTheirPointer()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, instance);
    QFETCH(QStringList, expected);

    SchemaValidator validator;
    const mantle::Status compiled = validator.compile(QJsonDocument::fromJson(schema).object());
    QVERIFY(compiled.ok());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(instance, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonValue value
        = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    QStringList got;
    for (const SchemaViolation &v : validator.validate(value))
        got.append(v.pointer + QLatin1Char('|') + v.message);
    QCOMPARE(got, expected);
}

void TestSchemaValidator::acceptsConformingValues()
{
    SchemaValidator validator;
    QVERIFY(validator
                .compile(QJsonDocument::fromJson(R"({"type":"object","properties":{"name":
                    {"type":"string"},"tags":{"type":"array","items":{"type":"string"}}},
                    "required":["name","tags"],"additionalProperties":false})")
                             .object())
                .ok());
    QVERIFY(validator.isCompiled());
    QVERIFY(validator.validate(QJsonDocument::fromJson(R"({"name":"a","tags":["x"]})").object())
                .isEmpty());
    QCOMPARE(validator.validate(QJsonObject{}).size(), 2);
}

void TestSchemaValidator::reportsSchemaErrorsAsValues_data()
{
    QTest::addColumn<QJsonValue>("schema");
    QTest::addColumn<QString>("saying");

    QTest::addRow("not an object") << QJsonValue(QJsonArray{1, 2}) << QStringLiteral("an array");
    QTest::addRow("remote reference")
        << QJsonValue(QJsonDocument::fromJson(R"({"$ref":"http://example.com/s.json"})").object())
        << QStringLiteral("local references");
    QTest::addRow("keyword of the wrong type")
        << QJsonValue(QJsonDocument::fromJson(R"({"minimum":"zero"})").object())
        << QStringLiteral("minimum");
    QTest::addRow("allOf not a list")
        << QJsonValue(QJsonDocument::fromJson(R"({"allOf":{"type":"string"}})").object())
        << QStringLiteral("allOf");
}

void TestSchemaValidator::reportsSchemaErrorsAsValues()
{
    QFETCH(QJsonValue, schema);
    QFETCH(QString, saying);

    SchemaValidator validator;
    const mantle::Status compiled = validator.compile(schema);
    QVERIFY(!compiled.ok());
    QVERIFY2(compiled.error().message.contains(saying), qPrintable(compiled.error().message));
    QCOMPARE(compiled.error().kind, mantle::Error::Kind::InvalidInput);
    QVERIFY(!validator.isCompiled());
}

void TestSchemaValidator::keepsBadPatternsInside()
{
    // std::regex (inside valijson) throws on a broken pattern, at compile or validation time:
    // either way it must come back as a value.
    SchemaValidator validator;
    const mantle::Status compiled = validator.compile(
        QJsonDocument::fromJson(R"({"type":"string","pattern":"(unclosed"})").object());
    if (compiled.ok()) {
        const QList<SchemaViolation> violations = validator.validate(QStringLiteral("x"));
        QCOMPARE(violations.size(), 1);
        QCOMPARE(violations.front().pointer, QString());
    } else {
        QVERIFY(!compiled.error().message.isEmpty());
    }
}

void TestSchemaValidator::saysWhenThereIsNoSchema()
{
    SchemaValidator validator;
    QVERIFY(!validator.isCompiled());
    const QList<SchemaViolation> violations = validator.validate(QJsonObject{});
    QCOMPARE(violations.size(), 1);
    QCOMPARE(violations.front().pointer, QString());
}

QTEST_GUILESS_MAIN(TestSchemaValidator)
#include "tst_schemavalidator.moc"
