#include "parameterspanel.h"

#include "api/requestspec.h"
#include "pipeline/turncall.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using mantle::api::GenerationParameters;
using mantle::api::ReasoningEffort;
using mantle::mantle::ApiSurface;
using mantle::ui::ParametersPanel;

Q_DECLARE_METATYPE(ApiSurface)

namespace {

/// The JSON body the surface's own builder makes from the panel's values.
QJsonObject builtBody(const ParametersPanel &panel)
{
    mantle::api::RequestSpec spec;
    spec.surface = panel.surface();
    spec.model = QStringLiteral("some.model");
    spec.messages.append({mantle::api::MessageRole::User, QStringLiteral("hi"), {}, {}, false});
    spec.parameters = panel.parameters();
    spec.stream = panel.stream();
    spec.store = panel.store();
    const auto wire = mantle::pipeline::TurnCall::buildWireRequest(spec);
    if (!wire) {
        qWarning() << wire.error().message;
        return {};
    }
    return QJsonDocument::fromJson(wire->body).object();
}

template<typename T> T *child(const ParametersPanel &panel, const char *name)
{
    T *widget = panel.findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

bool shown(const ParametersPanel &panel, const char *name)
{
    QWidget *widget = child<QWidget>(panel, name);
    return widget && widget->isVisibleTo(&panel);
}

void addSurfaceRows()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::newRow("chat") << ApiSurface::ChatCompletions;
    QTest::newRow("responses") << ApiSurface::Responses;
    QTest::newRow("messages") << ApiSurface::Messages;
}

// Every body field a generation parameter (or store) can become, on any surface.
const char *const kParameterFields[] = {
    "temperature",    "top_p", "max_completion_tokens", "max_output_tokens", "stop",
    "stop_sequences", "seed",  "reasoning_effort",      "reasoning",         "output_config",
    "thinking",       "store",
};

} // namespace

class TestParametersPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsOnlyTheSurfacesControls_data();
    void showsOnlyTheSurfacesControls();
    void defaultsSendNothing_data();
    void defaultsSendNothing();
    void messagesShowsTheMaxTokensItSends();
    void setParametersRoundTrips_data();
    void setParametersRoundTrips();
    void typingATemperatureSetsAndSendsIt_data();
    void typingATemperatureSetsAndSendsIt();
    void typingASeedSendsItOnChat();
    void stopSequencesKeepCommasAndEscapes();
    void untickingUnsetsAValue();
    void reasoningControlsOnlyForReasoningModels_data();
    void reasoningControlsOnlyForReasoningModels();
    void storeFollowsTheBoxOnResponses();
    void validateNamesTooManyStopSequences_data();
    void validateNamesTooManyStopSequences();
    void resetButtonUnsetsEverything();
    void everyControlHasAnAccessibleName();
};

void TestParametersPanel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestParametersPanel::showsOnlyTheSurfacesControls_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("stop");
    QTest::addColumn<bool>("seed");
    QTest::addColumn<bool>("store");
    QTest::addColumn<double>("maxTemperature");
    QTest::newRow("chat") << ApiSurface::ChatCompletions << true << true << false << 2.0;
    QTest::newRow("responses") << ApiSurface::Responses << false << false << true << 2.0;
    QTest::newRow("messages") << ApiSurface::Messages << true << false << false << 1.0;
}

void TestParametersPanel::showsOnlyTheSurfacesControls()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stop);
    QFETCH(bool, seed);
    QFETCH(bool, store);
    QFETCH(double, maxTemperature);
    ParametersPanel panel(surface);
    QCOMPARE(panel.surface(), surface);
    for (const char *name : {"paramTemperatureSpin", "paramTopPSpin", "paramMaxTokensSpin",
                             "paramStreamCheck", "paramResetButton"})
        QVERIFY2(shown(panel, name), name);
    QCOMPARE(shown(panel, "paramStopSequencesEdit"), stop);
    QCOMPARE(shown(panel, "paramSeedEdit"), seed);
    QCOMPARE(shown(panel, "paramSeedCheck"), seed);
    QCOMPARE(shown(panel, "paramStoreCheck"), store);
    QCOMPARE(shown(panel, "paramStoreNote"), store);
    QCOMPARE(child<QDoubleSpinBox>(panel, "paramTemperatureSpin")->maximum(), maxTemperature);
    QCOMPARE(child<QDoubleSpinBox>(panel, "paramTopPSpin")->maximum(), 1.0);
    if (store) {
        // FACTS.md: stored responses are kept 30 days in the request's region.
        QVERIFY(child<QLabel>(panel, "paramStoreNote")->text().contains(QLatin1String("30 days")));
    }
}

void TestParametersPanel::defaultsSendNothing_data()
{
    addSurfaceRows();
}

void TestParametersPanel::defaultsSendNothing()
{
    QFETCH(ApiSurface, surface);
    ParametersPanel panel(surface);
    panel.setReasoningSupported(true);
    QCOMPARE(panel.parameters(), GenerationParameters{});
    QVERIFY(panel.stream());
    QCOMPARE(panel.store(), std::nullopt);
    QVERIFY(panel.validate().ok());
    const QJsonObject body = builtBody(panel);
    QVERIFY(!body.isEmpty());
    for (const char *field : kParameterFields)
        QVERIFY2(!body.contains(QLatin1String(field)), field);
    if (surface != ApiSurface::Messages)
        QVERIFY(!body.contains(QLatin1String("max_tokens")));
    // Unset values are shown as such.
    QVERIFY(!child<QLabel>(panel, "paramTemperatureHint")->text().isEmpty());
    QVERIFY(!child<QCheckBox>(panel, "paramTemperatureCheck")->isChecked());
}

void TestParametersPanel::messagesShowsTheMaxTokensItSends()
{
    ParametersPanel panel(ApiSurface::Messages);
    const QJsonObject body = builtBody(panel);
    // Anthropic requires max_tokens: the builder sends one even when unset, and the panel says
    // which.
    QVERIFY(body.contains(QLatin1String("max_tokens")));
    const QString sent = QString::number(body.value(QLatin1String("max_tokens")).toInteger());
    QVERIFY2(child<QLabel>(panel, "paramMaxTokensHint")->text().contains(sent), qPrintable(sent));
    QCOMPARE(child<QSpinBox>(panel, "paramMaxTokensSpin")->text(), sent);
}

void TestParametersPanel::setParametersRoundTrips_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<std::optional<bool>>("store");

    QTest::newRow("chat") << ApiSurface::ChatCompletions << false << std::optional<bool>();
    QTest::newRow("responses, store unset")
        << ApiSurface::Responses << true << std::optional<bool>();
    QTest::newRow("responses, store off")
        << ApiSurface::Responses << false << std::optional<bool>(false);
    QTest::newRow("responses, store on")
        << ApiSurface::Responses << true << std::optional<bool>(true);
    QTest::newRow("messages") << ApiSurface::Messages << false << std::optional<bool>();
}

void TestParametersPanel::setParametersRoundTrips()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    QFETCH(std::optional<bool>, store);
    GenerationParameters p;
    p.temperature = 0.35;
    p.topP = 0.9;
    p.maxOutputTokens = 1234;
    p.reasoningEffort = ReasoningEffort::High;
    if (surface != ApiSurface::Responses)
        p.stopSequences = {QStringLiteral("END, really"), QStringLiteral("\n\nHuman:")};
    if (surface == ApiSurface::ChatCompletions)
        p.seed = -9007199254740993LL;
    if (surface == ApiSurface::Messages)
        p.adaptiveThinking = true;

    ParametersPanel panel(surface);
    panel.setReasoningSupported(true);
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    panel.setParameters(p, stream, store);
    QCOMPARE(changed.size(), 0); // the program set them, not the user
    QCOMPARE(panel.parameters(), p);
    QCOMPARE(panel.stream(), stream);
    QCOMPARE(panel.store(), store);
    QVERIFY(panel.validate().ok());

    // And the values reach the wire.
    const QJsonObject body = builtBody(panel);
    QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.35);
    QCOMPARE(body.value(QLatin1String("top_p")).toDouble(), 0.9);
}

void TestParametersPanel::typingATemperatureSetsAndSendsIt_data()
{
    addSurfaceRows();
}

void TestParametersPanel::typingATemperatureSetsAndSendsIt()
{
    QFETCH(ApiSurface, surface);
    ParametersPanel panel(surface);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    auto *spin = child<QDoubleSpinBox>(panel, "paramTemperatureSpin");
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QStringLiteral("0.7"));
    QVERIFY(changed.size() > 0);
    QVERIFY(child<QCheckBox>(panel, "paramTemperatureCheck")->isChecked());
    QVERIFY(child<QLabel>(panel, "paramTemperatureHint")->text().isEmpty());
    QCOMPARE(panel.parameters().temperature, std::optional<double>(0.7));
    QCOMPARE(builtBody(panel).value(QLatin1String("temperature")).toDouble(), 0.7);
    // Nothing else became set.
    QVERIFY(!panel.parameters().topP);
    QVERIFY(!builtBody(panel).contains(QLatin1String("top_p")));
}

void TestParametersPanel::typingASeedSendsItOnChat()
{
    ParametersPanel panel(ApiSurface::ChatCompletions);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    auto *seed = child<QLineEdit>(panel, "paramSeedEdit");
    seed->setFocus();
    QTest::keyClicks(seed, QStringLiteral("42x"));
    QVERIFY(changed.size() > 0);
    QCOMPARE(seed->text(), QStringLiteral("42")); // the validator refused the letter
    QCOMPARE(builtBody(panel).value(QLatin1String("seed")).toInteger(), 42);
    // Clearing the field unsets the seed again.
    seed->selectAll();
    QTest::keyClick(seed, Qt::Key_Backspace);
    QVERIFY(!child<QCheckBox>(panel, "paramSeedCheck")->isChecked());
    QVERIFY(!builtBody(panel).contains(QLatin1String("seed")));
}

void TestParametersPanel::stopSequencesKeepCommasAndEscapes()
{
    ParametersPanel panel(ApiSurface::Messages);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    auto *edit = child<QPlainTextEdit>(panel, "paramStopSequencesEdit");
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("a, b"));
    QTest::keyClick(edit, Qt::Key_Return);
    QTest::keyClick(edit, Qt::Key_Return); // an empty line is no sequence
    QTest::keyClicks(edit, QStringLiteral("\\n\\nHuman:"));
    QVERIFY(changed.size() > 0);
    const QStringList expected{QStringLiteral("a, b"), QStringLiteral("\n\nHuman:")};
    QCOMPARE(panel.parameters().stopSequences, expected);
    QCOMPARE(builtBody(panel).value(QLatin1String("stop_sequences")).toArray(),
             QJsonArray::fromStringList(expected));
}

void TestParametersPanel::untickingUnsetsAValue()
{
    ParametersPanel panel(ApiSurface::Responses);
    GenerationParameters p;
    p.topP = 0.5;
    p.maxOutputTokens = 99;
    panel.setParameters(p, true, std::nullopt);
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    child<QCheckBox>(panel, "paramTopPCheck")->click();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(panel.parameters().topP, std::nullopt);
    QCOMPARE(panel.parameters().maxOutputTokens, std::optional<qint64>(99));
    const QJsonObject body = builtBody(panel);
    QVERIFY(!body.contains(QLatin1String("top_p")));
    QCOMPARE(body.value(QLatin1String("max_output_tokens")).toInteger(), 99);
}

void TestParametersPanel::reasoningControlsOnlyForReasoningModels_data()
{
    addSurfaceRows();
}

void TestParametersPanel::reasoningControlsOnlyForReasoningModels()
{
    QFETCH(ApiSurface, surface);
    ParametersPanel panel(surface);
    QVERIFY(!panel.isReasoningSupported());
    QVERIFY(!shown(panel, "paramReasoningEffortCombo"));
    QVERIFY(!shown(panel, "paramAdaptiveThinkingCheck"));
    GenerationParameters p;
    p.reasoningEffort = ReasoningEffort::Medium;
    p.adaptiveThinking = surface == ApiSurface::Messages;
    panel.setParameters(p, true, std::nullopt);
    // Hidden controls send nothing.
    QCOMPARE(panel.parameters(), GenerationParameters{});

    panel.setReasoningSupported(true);
    QVERIFY(shown(panel, "paramReasoningEffortCombo"));
    QCOMPARE(shown(panel, "paramAdaptiveThinkingCheck"), surface == ApiSurface::Messages);
    QCOMPARE(panel.parameters(), p);
    auto *combo = child<QComboBox>(panel, "paramReasoningEffortCombo");
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    combo->setCurrentIndex(combo->findData(int(ReasoningEffort::Low)));
    QCOMPARE(changed.size(), 1);
    const QJsonObject body = builtBody(panel);
    const QString low = QStringLiteral("low");
    switch (surface) {
    case ApiSurface::ChatCompletions:
        QCOMPARE(body.value(QLatin1String("reasoning_effort")).toString(), low);
        break;
    case ApiSurface::Responses:
        QCOMPARE(body.value(QLatin1String("reasoning"))
                     .toObject()
                     .value(QLatin1String("effort"))
                     .toString(),
                 low);
        break;
    default:
        QCOMPARE(body.value(QLatin1String("output_config"))
                     .toObject()
                     .value(QLatin1String("effort"))
                     .toString(),
                 low);
        QCOMPARE(body.value(QLatin1String("thinking"))
                     .toObject()
                     .value(QLatin1String("type"))
                     .toString(),
                 QStringLiteral("adaptive"));
        break;
    }
}

void TestParametersPanel::storeFollowsTheBoxOnResponses()
{
    ParametersPanel panel(ApiSurface::Responses);
    auto *store = child<QCheckBox>(panel, "paramStoreCheck");
    QVERIFY(store->isChecked());
    QCOMPARE(panel.store(), std::nullopt); // the server's default (store) applies
    store->click();
    QCOMPARE(panel.store(), std::optional<bool>(false));
    QCOMPARE(builtBody(panel).value(QLatin1String("store")), QJsonValue(false));
    store->click();
    QCOMPARE(panel.store(), std::optional<bool>(true));

    ParametersPanel chat(ApiSurface::ChatCompletions);
    chat.setParameters({}, true, false);
    QCOMPARE(chat.store(), std::nullopt); // only Responses stores
}

void TestParametersPanel::validateNamesTooManyStopSequences_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("ok");
    QTest::newRow("chat, 4") << ApiSurface::ChatCompletions << 4 << true;
    QTest::newRow("chat, 5") << ApiSurface::ChatCompletions << 5 << false;
    QTest::newRow("messages, 12") << ApiSurface::Messages << 12 << true;
}

void TestParametersPanel::validateNamesTooManyStopSequences()
{
    QFETCH(ApiSurface, surface);
    QFETCH(int, count);
    QFETCH(bool, ok);
    GenerationParameters p;
    for (int i = 0; i < count; ++i)
        p.stopSequences.append(QStringLiteral("stop%1").arg(i));
    ParametersPanel panel(surface);
    panel.setParameters(p, true, std::nullopt);
    const mantle::Status status = panel.validate();
    QCOMPARE(status.ok(), ok);
    if (!ok) {
        QVERIFY2(status.error().message.contains(QLatin1String("Stop sequences")),
                 qPrintable(status.error().message));
        QVERIFY(status.error().message.contains(
            QString::number(ParametersPanel::kChatMaxStopSequences)));
    }
}

void TestParametersPanel::resetButtonUnsetsEverything()
{
    ParametersPanel panel(ApiSurface::ChatCompletions);
    panel.setReasoningSupported(true);
    GenerationParameters p;
    p.temperature = 1.5;
    p.seed = 7;
    p.stopSequences = {QStringLiteral("x")};
    p.reasoningEffort = ReasoningEffort::Low;
    panel.setParameters(p, false, std::nullopt);
    QSignalSpy changed(&panel, &ParametersPanel::changed);
    child<QPushButton>(panel, "paramResetButton")->click();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(panel.parameters(), GenerationParameters{});
    QVERIFY(panel.stream());
}

void TestParametersPanel::everyControlHasAnAccessibleName()
{
    ParametersPanel panel(ApiSurface::Messages);
    const QList<QWidget *> widgets = panel.findChildren<QWidget *>();
    int controls = 0;
    for (QWidget *widget : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(widget)
            || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QComboBox *>(widget)
            || qobject_cast<QPlainTextEdit *>(widget)
            || (qobject_cast<QLineEdit *>(widget)
                && !widget->objectName().startsWith(QLatin1String("qt_")));
        if (!control || widget->parentWidget()->inherits("QAbstractSpinBox")
            || widget->parentWidget()->inherits("QComboBox"))
            continue;
        ++controls;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
    QVERIFY(controls >= 10);
}

QTEST_MAIN(TestParametersPanel)
#include "tst_parameterspanel.moc"
