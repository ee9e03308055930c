// The Models view (File > Models…), offscreen: the built-in catalogue without a live list, the
// live list of an API-key account served by an in-process LocalEmulator (its key in a private
// gnome-keyring, tests/with-keyring.sh), custom models with private prices added through the
// form and kept in the QSettings, overrides that change a row, and removing a custom model.
#include "accounttestenvironment.h"
#include "mainwindow.h"
#include "modeleditor.h"
#include "modelsview.h"
#include "modeltablemodel.h"

#include "accounts/account.h"
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "common/clock.h"
#include "localemulator.h"
#include "mantle/modelcatalogue.h"
#include "modelcatalogue.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using ::mantle::SecretString;
using ::mantle::Status;
using ::mantle::SystemClock;
using ::mantle::ui::MainWindow;
using ::mantle::ui::ModelEditor;
using ::mantle::ui::ModelsView;
using ::mantle::ui::ModelTableModel;
using namespace ::mantle::accounts;
namespace emulator = ::mantle::emulator;
namespace models = ::mantle::mantle;

namespace {

constexpr int kTimeoutMs = 30000;

template<typename T> T *child(QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

/// The text of the row of `modelId` in `column`, or "<missing>".
QString cell(ModelsView &view, const QString &modelId, int column)
{
    auto *table = child<QTableView>(&view, QStringLiteral("modelsTable"));
    QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ModelTableModel::Id).data().toString() == modelId)
            return model->index(row, column).data().toString();
    }
    return QStringLiteral("<missing>");
}

QStringList column(ModelsView &view, int column)
{
    auto *table = child<QTableView>(&view, QStringLiteral("modelsTable"));
    QStringList values;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        values << table->model()->index(row, column).data().toString();
    return values;
}

QSet<QString> distinct(const QStringList &values)
{
    return QSet<QString>(values.cbegin(), values.cend());
}

/// The check state of each row's "show in the model picker" box, by model id.
QMap<QString, Qt::CheckState> pickerStates(ModelsView &view)
{
    auto *table = child<QTableView>(&view, QStringLiteral("modelsTable"));
    QAbstractItemModel *model = table->model();
    QMap<QString, Qt::CheckState> states;
    for (int row = 0; row < model->rowCount(); ++row) {
        states.insert(model->index(row, ModelTableModel::Id).data().toString(),
                      model->index(row, ModelTableModel::Picker)
                          .data(Qt::CheckStateRole)
                          .value<Qt::CheckState>());
    }
    return states;
}

QSet<Qt::CheckState> distinctStates(ModelsView &view)
{
    const QList<Qt::CheckState> states = pickerStates(view).values();
    return QSet<Qt::CheckState>(states.cbegin(), states.cend());
}

/// Clicks the check box of the row of `modelId` with the mouse, where the style draws it.
bool clickPickerBox(ModelsView &view, const QString &modelId)
{
    auto *table = child<QTableView>(&view, QStringLiteral("modelsTable"));
    QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex id = model->index(row, ModelTableModel::Id);
        if (id.data().toString() != modelId)
            continue;
        const QModelIndex box = model->index(row, ModelTableModel::Picker);
        table->scrollTo(box);
        QStyleOptionViewItem option;
        option.initFrom(table->viewport());
        option.rect = table->visualRect(box);
        option.features = QStyleOptionViewItem::HasCheckIndicator;
        option.checkState = box.data(Qt::CheckStateRole).value<Qt::CheckState>();
        const QRect indicator
            = table->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, table);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, indicator.center());
        return true;
    }
    return false;
}

void clickOk(ModelEditor *editor)
{
    child<QDialogButtonBox>(editor, QStringLiteral("modelEditorButtons"))
        ->button(QDialogButtonBox::Ok)
        ->click();
}

} // namespace

class TestModelsView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void withoutALiveListTheCatalogueShowsWithPricesOrUnknown_data();
    void withoutALiveListTheCatalogueShowsWithPricesOrUnknown();
    void refreshShowsTheEmulatorsModelsMarkedLive();
    void refreshWithARefusedKeySaysWhyInWords();
    void aCustomModelWithPrivatePricesIsAddedAndPersists();
    void anInvalidModelIdKeepsTheFormOpen();
    void anOverrideChangesTheRow();
    void removeDeletesOnlyCustomModels();
    void fileModelsOpensTheView();
    void pickerChoicesPersistAndSurviveReopening();
    void pickerNeedsAnAccountToSaveTo();

private:
    void saveAccount(const QString &name, const QString &region, const QString &endpoint);
    void addApiKeyAccount(const Account &account, const QByteArray &key);
    ModelEditor *openAddForm(ModelsView &view);

    mantle::test::AccountTestEnvironment m_env;
};

void TestModelsView::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestModelsView::init()
{
    QVERIFY(m_env.create(QStringLiteral("tst_modelsview")));
}

void TestModelsView::cleanup()
{
    m_env.destroy();
}

void TestModelsView::saveAccount(const QString &name, const QString &region,
                                 const QString &endpoint)
{
    // Only the settings: these tests never fetch with this account's keys.
    Account account;
    account.name = name;
    account.region = region;
    account.auth = AuthMethod::AccessKey;
    account.accessKeyId = QStringLiteral("AKIDMODELSVIEWTEST");
    account.endpoint = endpoint;
    const Status saved = m_env.store->save(account);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
}

void TestModelsView::addApiKeyAccount(const Account &account, const QByteArray &key)
{
    AccountSecrets secrets;
    secrets.apiKey = SecretString(std::string_view(key.constData(), size_t(key.size())));
    std::optional<Status> answer;
    m_env.manager->add(account, secrets, [&answer](Status status) { answer.emplace(status); });
    QVERIFY(QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs));
    QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
}

ModelEditor *TestModelsView::openAddForm(ModelsView &view)
{
    auto *add = child<QPushButton>(&view, QStringLiteral("modelsAddButton"));
    if (!add || !add->isEnabled())
        return nullptr;
    add->click();
    ModelEditor *editor = view.editor();
    return editor && editor->isVisible() && editor->isNewModel() ? editor : nullptr;
}

void TestModelsView::withoutALiveListTheCatalogueShowsWithPricesOrUnknown_data()
{
    QTest::addColumn<QString>("modelId");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("output");
    // resources/models.json: Haiku 4.5 at $1 / $5, Opus 4.7 at $5 / $25, gpt-oss without prices.
    QTest::newRow("haiku") << QStringLiteral("anthropic.claude-haiku-4-5")
                           << QStringLiteral("1.00 USD") << QStringLiteral("5.00 USD");
    QTest::newRow("opus") << QStringLiteral("anthropic.claude-opus-4-7")
                          << QStringLiteral("5.00 USD") << QStringLiteral("25.00 USD");
    QTest::newRow("gpt-oss") << QStringLiteral("openai.gpt-oss-120b") << QStringLiteral("unknown")
                             << QStringLiteral("unknown");
}

void TestModelsView::withoutALiveListTheCatalogueShowsWithPricesOrUnknown()
{
    QFETCH(QString, modelId);
    QFETCH(QString, input);
    QFETCH(QString, output);

    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    QCOMPARE(child<QComboBox>(&view, QStringLiteral("modelsRegionCombo"))->count(), 13);
    QStringList expectedIds = models::ModelCatalogue::builtIn().ids();
    QStringList shownIds = column(view, ModelTableModel::Id);
    expectedIds.sort();
    shownIds.sort();
    QCOMPARE(shownIds, expectedIds);
    QCOMPARE(distinct(column(view, ModelTableModel::Source)),
             QSet<QString>{QStringLiteral("catalogue")});
    QCOMPARE(cell(view, modelId, ModelTableModel::InputPrice), input);
    QCOMPARE(cell(view, modelId, ModelTableModel::OutputPrice), output);
    // Without an account nothing can be fetched or added.
    QVERIFY(!child<QPushButton>(&view, QStringLiteral("modelsRefreshButton"))->isEnabled());
    QVERIFY(!child<QPushButton>(&view, QStringLiteral("modelsAddButton"))->isEnabled());
}

void TestModelsView::refreshShowsTheEmulatorsModelsMarkedLive()
{
    SystemClock clock;
    emulator::LocalEmulator server(clock);
    QVERIFY2(server.start(0), qPrintable(server.errorString()));
    Account account;
    account.name = QStringLiteral("emulator");
    account.region = QStringLiteral("eu-west-1");
    account.auth = AuthMethod::ApiKey;
    account.endpoint = server.rootUrl().toString();
    addApiKeyAccount(account, QByteArray(emulator::LocalEmulator::kApiKey));

    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    QCOMPARE(view.currentAccount(), account.name);
    QCOMPARE(view.currentRegion(), account.region);

    QSignalSpy refreshed(&view, &ModelsView::refreshed);
    child<QPushButton>(&view, QStringLiteral("modelsRefreshButton"))->click();
    QVERIFY(refreshed.wait(kTimeoutMs));
    QVERIFY2(refreshed.first().first().toBool(), qPrintable(view.statusText()));

    QStringList expected;
    // Held here: builtIn() returns a temporary that a range-for would destroy before the loop.
    const emulator::ModelCatalogue catalogue = emulator::ModelCatalogue::builtIn();
    for (const emulator::EmulatedModel &model : catalogue.models())
        expected << model.id;
    QStringList shown = column(view, ModelTableModel::Id);
    expected.sort();
    shown.sort();
    QCOMPARE(shown, expected);
    QCOMPARE(distinct(column(view, ModelTableModel::Source)),
             QSet<QString>{QStringLiteral("live")});
    QVERIFY2(view.statusText().contains(account.region), qPrintable(view.statusText()));

    // Another region drops the live list until the next refresh.
    auto *region = child<QComboBox>(&view, QStringLiteral("modelsRegionCombo"));
    region->setCurrentIndex(region->findData(QStringLiteral("us-west-2")));
    QCOMPARE(distinct(column(view, ModelTableModel::Source)),
             QSet<QString>{QStringLiteral("catalogue")});
}

void TestModelsView::refreshWithARefusedKeySaysWhyInWords()
{
    SystemClock clock;
    emulator::LocalEmulator server(clock);
    QVERIFY2(server.start(0), qPrintable(server.errorString()));
    Account account;
    account.name = QStringLiteral("wrong key");
    account.region = QStringLiteral("us-east-1");
    account.auth = AuthMethod::ApiKey;
    account.endpoint = server.rootUrl().toString();
    addApiKeyAccount(account, QByteArrayLiteral("not-the-emulator-key"));

    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    QSignalSpy refreshed(&view, &ModelsView::refreshed);
    child<QPushButton>(&view, QStringLiteral("modelsRefreshButton"))->click();
    QVERIFY(refreshed.wait(kTimeoutMs));
    QCOMPARE(refreshed.first().first().toBool(), false);
    QVERIFY2(view.statusText().contains(QStringLiteral("could not be fetched")),
             qPrintable(view.statusText()));
    // The catalogue stays.
    QCOMPARE(distinct(column(view, ModelTableModel::Source)),
             QSet<QString>{QStringLiteral("catalogue")});
}

void TestModelsView::aCustomModelWithPrivatePricesIsAddedAndPersists()
{
    saveAccount(QStringLiteral("work"), QStringLiteral("us-east-1"), {});
    const QString id = QStringLiteral("acme.secret-model-1");
    {
        ModelsView view(*m_env.settings, nullptr, m_env.service);
        view.show();
        ModelEditor *editor = openAddForm(view);
        QVERIFY(editor);
        QCOMPARE(editor->windowModality(), Qt::WindowModal);
        editor->idEdit()->setText(id);
        editor->nameEdit()->setText(QStringLiteral("Acme Secret"));
        editor->surfacesBox()->setChecked(true);
        editor->surfaceCheck(models::ApiSurface::ChatCompletions)->setChecked(true);
        editor->surfaceCheck(models::ApiSurface::Responses)->setChecked(true);
        editor->pricesBox()->setChecked(true);
        editor->inputPriceSpin()->setValue(1.5);
        editor->outputPriceSpin()->setValue(6);
        clickOk(editor);
        QTRY_VERIFY(!view.editor());

        QCOMPARE(cell(view, id, ModelTableModel::Source), QStringLiteral("custom"));
        QCOMPARE(cell(view, id, ModelTableModel::Name), QStringLiteral("Acme Secret"));
        QCOMPARE(cell(view, id, ModelTableModel::Surfaces),
                 QStringLiteral("Chat Completions, Responses"));
        QCOMPARE(cell(view, id, ModelTableModel::InputPrice), QStringLiteral("1.50 USD (private)"));
        QCOMPARE(cell(view, id, ModelTableModel::OutputPrice),
                 QStringLiteral("6.00 USD (private)"));
    }
    QVERIFY(m_env.settings->contains(QStringLiteral("models/work")));
    ModelsView reopened(*m_env.settings, nullptr, m_env.service);
    QCOMPARE(cell(reopened, id, ModelTableModel::Source), QStringLiteral("custom"));
    QCOMPARE(cell(reopened, id, ModelTableModel::InputPrice), QStringLiteral("1.50 USD (private)"));
    QCOMPARE(reopened.modelSettings().customModelIds(), QStringList{id});
}

void TestModelsView::anInvalidModelIdKeepsTheFormOpen()
{
    saveAccount(QStringLiteral("work"), QStringLiteral("us-east-1"), {});
    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    ModelEditor *editor = openAddForm(view);
    QVERIFY(editor);
    editor->idEdit()->setText(QStringLiteral("has space/and slash"));
    clickOk(editor);
    QVERIFY(editor->isVisible());
    QVERIFY(!editor->errorText().isEmpty());
    QVERIFY(!m_env.settings->contains(QStringLiteral("models/work")));
    editor->reject();
}

void TestModelsView::anOverrideChangesTheRow()
{
    saveAccount(QStringLiteral("work"), QStringLiteral("us-east-1"), {});
    const QString id = QStringLiteral("openai.gpt-oss-120b");
    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    QCOMPARE(cell(view, id, ModelTableModel::Prefix), QStringLiteral("/v1"));
    QCOMPARE(cell(view, id, ModelTableModel::InputPrice), QStringLiteral("unknown"));

    QVERIFY(view.selectModel(id));
    QVERIFY(!child<QPushButton>(&view, QStringLiteral("modelsRemoveButton"))->isEnabled());
    child<QPushButton>(&view, QStringLiteral("modelsEditButton"))->click();
    ModelEditor *editor = view.editor();
    QVERIFY(editor && !editor->isNewModel());
    QVERIFY(editor->idEdit()->isReadOnly());
    QComboBox *prefix = editor->prefixCombo();
    prefix->setCurrentIndex(prefix->findText(QStringLiteral("/openai/v1")));
    editor->surfacesBox()->setChecked(true);
    editor->surfaceCheck(models::ApiSurface::Responses)->setChecked(false);
    editor->pricesBox()->setChecked(true);
    editor->inputPriceSpin()->setValue(0.1);
    editor->outputPriceSpin()->setValue(0.5);
    clickOk(editor);
    QTRY_VERIFY(!view.editor());

    QCOMPARE(cell(view, id, ModelTableModel::Prefix), QStringLiteral("/openai/v1"));
    QCOMPARE(cell(view, id, ModelTableModel::Surfaces), QStringLiteral("Chat Completions"));
    QCOMPARE(cell(view, id, ModelTableModel::InputPrice), QStringLiteral("0.10 USD (private)"));
    QCOMPARE(cell(view, id, ModelTableModel::Source), QStringLiteral("catalogue"));
    const std::optional<models::ModelOverride> saved = view.modelSettings().find(id);
    QVERIFY(saved && !saved->custom);
    QCOMPARE(saved->routePrefix, std::optional(models::RoutePrefix::OpenAiV1));
}

void TestModelsView::removeDeletesOnlyCustomModels()
{
    saveAccount(QStringLiteral("work"), QStringLiteral("us-east-1"), {});
    const QString id = QStringLiteral("acme.to-remove");
    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    ModelEditor *editor = openAddForm(view);
    QVERIFY(editor);
    editor->idEdit()->setText(id);
    clickOk(editor);
    QTRY_VERIFY(!view.editor());
    QCOMPARE(cell(view, id, ModelTableModel::Source), QStringLiteral("custom"));
    QVERIFY(m_env.settings->contains(QStringLiteral("models/work")));

    auto *remove = child<QPushButton>(&view, QStringLiteral("modelsRemoveButton"));
    QVERIFY(view.selectModel(QStringLiteral("anthropic.claude-haiku-4-5")));
    QVERIFY(!remove->isEnabled());
    QVERIFY(view.selectModel(id));
    QVERIFY(remove->isEnabled());
    remove->click();
    QCOMPARE(cell(view, id, ModelTableModel::Source), QStringLiteral("<missing>"));
    QVERIFY(!m_env.settings->contains(QStringLiteral("models/work")));
    ModelsView reopened(*m_env.settings, nullptr, m_env.service);
    QCOMPARE(cell(reopened, id, ModelTableModel::Source), QStringLiteral("<missing>"));
}

void TestModelsView::fileModelsOpensTheView()
{
    MainWindow window(*m_env.settings);
    window.show();
    auto *action = window.findChild<QAction *>(QStringLiteral("actionModels"));
    QVERIFY(action);
    QVERIFY(!window.modelsView());
    action->trigger();
    QVERIFY(window.modelsView());
    QVERIFY(window.modelsView()->isVisible());
}

void TestModelsView::pickerChoicesPersistAndSurviveReopening()
{
    saveAccount(QStringLiteral("work"), QStringLiteral("us-east-1"), {});
    const QString key = QStringLiteral("models/work");
    const QString gptOss = QStringLiteral("openai.gpt-oss-120b");
    const QString haiku = QStringLiteral("anthropic.claude-haiku-4-5");
    const QString opus = QStringLiteral("anthropic.claude-opus-4-7");
    QMap<QString, Qt::CheckState> chosen;
    {
        ModelsView view(*m_env.settings, nullptr, m_env.service);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Every model is offered until the user chooses, and nothing is saved for that.
        QCOMPARE(distinctStates(view), QSet<Qt::CheckState>{Qt::Checked});
        QVERIFY(!m_env.settings->contains(key));

        child<QPushButton>(&view, QStringLiteral("modelsSelectNoneButton"))->click();
        QCOMPARE(distinctStates(view), QSet<Qt::CheckState>{Qt::Unchecked});
        QVERIFY(m_env.settings->contains(key));
        QCOMPARE(view.modelSettings().pickerModels(), std::optional(QStringList{}));

        QVERIFY(clickPickerBox(view, gptOss));
        QCOMPARE(pickerStates(view).value(gptOss), Qt::Checked);
        QCOMPARE(view.modelSettings().pickerModels(), std::optional(QStringList{gptOss}));

        // "Select all for Messages" adds the Claude models and keeps gpt-oss.
        auto *messages = child<QAction>(&view, QStringLiteral("selectSurface_messages"));
        QVERIFY(messages);
        messages->trigger();
        QCOMPARE(pickerStates(view).value(gptOss), Qt::Checked);
        QCOMPARE(pickerStates(view).value(haiku), Qt::Checked);
        QCOMPARE(pickerStates(view).value(opus), Qt::Checked);
        QCOMPARE(pickerStates(view).value(QStringLiteral("qwen.qwen3-32b")), Qt::Unchecked);

        QVERIFY(clickPickerBox(view, haiku));
        QCOMPARE(pickerStates(view).value(haiku), Qt::Unchecked);
        QVERIFY(!view.modelSettings().pickerModels()->contains(haiku));
        chosen = pickerStates(view);
    }
    {
        ModelsView reopened(*m_env.settings, nullptr, m_env.service);
        reopened.show();
        QCOMPARE(pickerStates(reopened), chosen);
        QCOMPARE(pickerStates(reopened).value(opus), Qt::Checked);
        QCOMPARE(pickerStates(reopened).value(haiku), Qt::Unchecked);

        child<QPushButton>(&reopened, QStringLiteral("modelsSelectAllButton"))->click();
        QCOMPARE(distinctStates(reopened), QSet<Qt::CheckState>{Qt::Checked});
        QVERIFY(!reopened.modelSettings().pickerModels());
        // Nothing else was set: "all models" needs no saved value.
        QVERIFY(!m_env.settings->contains(key));
    }
    ModelsView again(*m_env.settings, nullptr, m_env.service);
    QCOMPARE(distinctStates(again), QSet<Qt::CheckState>{Qt::Checked});
}

void TestModelsView::pickerNeedsAnAccountToSaveTo()
{
    ModelsView view(*m_env.settings, nullptr, m_env.service);
    view.show();
    QVERIFY(view.currentAccount().isEmpty());
    QCOMPARE(distinctStates(view), QSet<Qt::CheckState>{Qt::Checked});
    for (const char *name :
         {"modelsSelectAllButton", "modelsSelectNoneButton", "modelsSelectSurfaceButton"})
        QVERIFY2(!child<QPushButton>(&view, QString::fromLatin1(name))->isEnabled(), name);
    auto *table = child<QTableView>(&view, QStringLiteral("modelsTable"));
    const QModelIndex box = table->model()->index(0, ModelTableModel::Picker);
    QVERIFY(!(box.flags() & Qt::ItemIsUserCheckable));
    QVERIFY(!table->model()->setData(box, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(distinctStates(view), QSet<Qt::CheckState>{Qt::Checked});
    QVERIFY(m_env.settings->childGroups().filter(QStringLiteral("models")).isEmpty());
}

QTEST_MAIN(TestModelsView)
#include "tst_modelsview.moc"
