#include "toolseditor.h"

#include "api/tooldefinitionjson.h"
#include "jsonhighlighter.h"
#include "schema/schemavalidator.h"
#include "toolexamples.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace mantle::ui {

namespace {

/// Pretty-printed JSON text of `object`.
QString indented(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

/// 1-based line and column of the character `position` of `text`.
std::pair<int, int> lineAndColumn(const QString &text, int position)
{
    const QStringView before = QStringView(text).left(position);
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(before.size() - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
    return {line, column};
}

constexpr int kModeRole = Qt::UserRole;
constexpr int kFunctionRole = Qt::UserRole + 1;

} // namespace

ToolsEditor::ToolsEditor(QWidget *parent)
    : QWidget(parent)
{
    build();
    showCurrent();
    rebuildToolChoice();
}

ToolsEditor::~ToolsEditor() = default;

void ToolsEditor::build()
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("tools"));
    m_list->setAccessibleName(tr("Tools"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    const int iconSide = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_list->setIconSize(QSize(iconSide, iconSide));

    m_add = new QPushButton(tr("&Add"), this);
    m_add->setObjectName(QStringLiteral("add"));
    m_add->setAccessibleName(tr("Add a tool"));
    m_duplicate = new QPushButton(tr("D&uplicate"), this);
    m_duplicate->setObjectName(QStringLiteral("duplicate"));
    m_duplicate->setAccessibleName(tr("Duplicate the tool"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("remove"));
    m_remove->setAccessibleName(tr("Remove the tool"));
    m_examples = new QToolButton(this);
    m_examples->setObjectName(QStringLiteral("examples"));
    m_examples->setText(tr("Examp&les"));
    m_examples->setAccessibleName(tr("Add an example tool"));
    m_examples->setPopupMode(QToolButton::InstantPopup);
    auto *examplesMenu = new QMenu(m_examples);
    for (const ToolExample &example : ToolExamples::all()) {
        QAction *action = examplesMenu->addAction(example.name);
        action->setToolTip(example.description);
        const QString name = example.name;
        connect(action, &QAction::triggered, this, [this, name] { addExample(name); });
    }
    m_examples->setMenu(examplesMenu);
    m_import = new QPushButton(tr("&Import…"), this);
    m_import->setObjectName(QStringLiteral("import"));
    m_import->setAccessibleName(tr("Import tools from a JSON file"));
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setObjectName(QStringLiteral("export"));
    m_export->setAccessibleName(tr("Export the tools to a JSON file"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_duplicate);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_examples);
    buttons->addStretch();
    buttons->addWidget(m_import);
    buttons->addWidget(m_export);

    m_details = new QWidget(this);
    auto *form = new QFormLayout(m_details);
    form->setContentsMargins(0, 0, 0, 0);
    m_name = new QLineEdit(m_details);
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setAccessibleName(tr("Function name"));
    m_name->setPlaceholderText(tr("get_weather"));
    m_nameStatus = new QLabel(m_details);
    m_nameStatus->setWordWrap(true);
    m_nameStatus->setObjectName(QStringLiteral("nameStatus"));
    m_nameStatus->setAccessibleName(tr("Function name problem"));
    auto *nameBox = new QVBoxLayout;
    nameBox->addWidget(m_name);
    nameBox->addWidget(m_nameStatus);
    auto *nameLabel = new QLabel(tr("&Name:"), m_details);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, nameBox);

    m_description = new QPlainTextEdit(m_details);
    m_description->setObjectName(QStringLiteral("description"));
    m_description->setAccessibleName(tr("Function description"));
    m_description->setPlaceholderText(tr("What the function does and when to call it."));
    m_description->setTabChangesFocus(true);
    m_description->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_description->setMaximumHeight(m_description->fontMetrics().lineSpacing() * 5);
    form->addRow(tr("&Description:"), m_description);

    m_parameters = new QPlainTextEdit(m_details);
    m_parameters->setObjectName(QStringLiteral("parameters"));
    m_parameters->setAccessibleName(tr("Parameters JSON schema"));
    m_parameters->setPlaceholderText(
        tr("{\"type\": \"object\", \"properties\": {}} — empty for no arguments"));
    m_parameters->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_parameters->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_parameters->setTabChangesFocus(true);
    m_highlighter = new JsonHighlighter(m_parameters->document());
    m_highlighter->setPalette(m_parameters->palette());
    m_parametersStatus = new QLabel(m_details);
    m_parametersStatus->setWordWrap(true);
    m_parametersStatus->setObjectName(QStringLiteral("parametersStatus"));
    m_parametersStatus->setAccessibleName(tr("Parameters check"));
    m_parametersStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_format = new QPushButton(tr("&Format"), m_details);
    m_format->setAccessibleName(tr("Format the parameters JSON"));
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_parametersStatus, 1);
    statusRow->addWidget(m_format);
    auto *parametersBox = new QVBoxLayout;
    parametersBox->addWidget(m_parameters, 1);
    parametersBox->addLayout(statusRow);
    auto *parametersLabel = new QLabel(tr("&Parameters:"), m_details);
    parametersLabel->setBuddy(m_parameters);
    form->addRow(parametersLabel, parametersBox);

    m_strict = new QCheckBox(tr("&Strict"), m_details);
    m_strict->setTristate(true);
    m_strict->setObjectName(QStringLiteral("strict"));
    m_strict->setAccessibleName(tr("Strict arguments"));
    m_strict->setToolTip(
        tr("Checked: the arguments must follow the schema exactly. Unchecked: strict off. "
           "Partly checked: not sent, the surface's default applies (Responses: strict)."));
    form->addRow(QString(), m_strict);

    m_canned = new QPlainTextEdit(m_details);
    m_canned->setObjectName(QStringLiteral("cannedResult"));
    m_canned->setAccessibleName(tr("Canned result"));
    m_canned->setPlaceholderText(tr("The result to fill in when the model calls this tool."));
    m_canned->setTabChangesFocus(true);
    m_canned->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_canned->setMaximumHeight(m_canned->fontMetrics().lineSpacing() * 6);
    form->addRow(tr("&Canned result:"), m_canned);

    m_toolChoice = new QComboBox(this);
    m_toolChoice->setObjectName(QStringLiteral("toolChoice"));
    m_toolChoice->setAccessibleName(tr("Tool choice"));
    auto *choiceRow = new QFormLayout;
    choiceRow->addRow(tr("&Tool choice:"), m_toolChoice);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    layout->addLayout(choiceRow);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_updating)
            return;
        m_current = row;
        showCurrent();
    });
    connect(m_add, &QPushButton::clicked, this, &ToolsEditor::addTool);
    connect(m_duplicate, &QPushButton::clicked, this, &ToolsEditor::duplicateTool);
    connect(m_remove, &QPushButton::clicked, this, &ToolsEditor::removeTool);
    connect(m_import, &QPushButton::clicked, this, &ToolsEditor::importTools);
    connect(m_export, &QPushButton::clicked, this, &ToolsEditor::exportTools);
    connect(m_name, &QLineEdit::textEdited, this, &ToolsEditor::onNameEdited);
    connect(m_description, &QPlainTextEdit::textChanged, this, &ToolsEditor::onDescriptionEdited);
    connect(m_parameters, &QPlainTextEdit::textChanged, this, &ToolsEditor::onParametersEdited);
    connect(m_strict, &QCheckBox::stateChanged, this, &ToolsEditor::onStrictChanged);
    connect(m_canned, &QPlainTextEdit::textChanged, this, &ToolsEditor::onCannedEdited);
    connect(m_format, &QPushButton::clicked, this, &ToolsEditor::formatParameters);
    connect(m_toolChoice, &QComboBox::activated, this, &ToolsEditor::onToolChoiceActivated);
}

void ToolsEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // The children get the new palette after this widget: use this widget's own.
        m_highlighter->setPalette(palette());
        refreshStatus();
    }
}

void ToolsEditor::setSurface(mantle::ApiSurface surface)
{
    m_surface = surface;
    // Messages has no `strict` on tools: the setting is kept for the other surfaces.
    const bool messages
        = surface == mantle::ApiSurface::Messages || surface == mantle::ApiSurface::CountTokens;
    m_strict->setEnabled(!messages && m_current >= 0);
}

QList<api::ToolDefinition> ToolsEditor::tools() const
{
    QList<api::ToolDefinition> result;
    for (int i = 0; i < int(m_entries.size()); ++i) {
        const Check c = check(i);
        if (!c.valid())
            continue;
        const Entry &entry = m_entries.at(i);
        api::ToolDefinition tool;
        tool.name = entry.name;
        tool.description = entry.description.trimmed();
        tool.parameters = c.parameters;
        tool.strict = entry.strict;
        result.append(tool);
    }
    return result;
}

std::optional<api::ToolChoice> ToolsEditor::toolChoice() const
{
    if (!m_choice)
        return std::nullopt;
    const QList<api::ToolDefinition> valid = tools();
    if (valid.isEmpty())
        return std::nullopt;
    if (m_choice->mode == api::ToolChoice::Mode::Function) {
        const bool defined = std::any_of(valid.cbegin(), valid.cend(), [this](const auto &tool) {
            return tool.name == m_choice->functionName;
        });
        if (!defined)
            return std::nullopt;
    }
    return m_choice;
}

ToolsEditor::Entry ToolsEditor::entryFrom(const api::ToolDefinition &tool) const
{
    Entry entry;
    entry.name = tool.name;
    entry.description = tool.description;
    entry.parameters = tool.parameters.isEmpty() ? QString() : indented(tool.parameters);
    entry.strict = tool.strict;
    return entry;
}

void ToolsEditor::setTools(const QList<api::ToolDefinition> &tools,
                           const std::optional<api::ToolChoice> &toolChoice)
{
    QHash<QString, QString> canned = m_pendingCanned;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (!entry.cannedResult.isEmpty())
            canned.insert(entry.name, entry.cannedResult);
    }
    m_entries.clear();
    for (const api::ToolDefinition &tool : tools) {
        Entry entry = entryFrom(tool);
        entry.cannedResult = canned.take(tool.name);
        m_entries.append(entry);
    }
    m_pendingCanned = canned;
    m_choice = toolChoice;
    m_current = m_entries.isEmpty() ? -1 : 0;
    refreshAll();
}

QString ToolsEditor::cannedResult(const QString &toolName) const
{
    for (const Entry &entry : m_entries) {
        if (entry.name == toolName && !entry.cannedResult.isEmpty())
            return entry.cannedResult;
    }
    return {};
}

QHash<QString, QString> ToolsEditor::cannedResults() const
{
    QHash<QString, QString> results;
    for (const Entry &entry : m_entries) {
        if (!entry.name.isEmpty() && !entry.cannedResult.isEmpty() && !results.contains(entry.name))
            results.insert(entry.name, entry.cannedResult);
    }
    return results;
}

void ToolsEditor::setCannedResults(const QHash<QString, QString> &results)
{
    m_pendingCanned.clear();
    for (auto it = results.cbegin(); it != results.cend(); ++it) {
        bool found = false;
        for (Entry &entry : m_entries) {
            if (entry.name == it.key()) {
                entry.cannedResult = it.value();
                found = true;
            }
        }
        if (!found)
            m_pendingCanned.insert(it.key(), it.value());
    }
    showCurrent();
}

void ToolsEditor::setCurrentTool(int index)
{
    if (index < -1 || index >= int(m_entries.size()))
        return;
    m_current = index;
    m_updating = true;
    m_list->setCurrentRow(index);
    m_updating = false;
    showCurrent();
}

QString ToolsEditor::problem(int index) const
{
    if (index < 0 || index >= int(m_entries.size()))
        return {};
    const Check c = check(index);
    if (!c.nameProblem.isEmpty())
        return c.nameProblem;
    return c.parametersProblem;
}

QStringList ToolsEditor::exampleNames()
{
    QStringList names;
    for (const ToolExample &example : ToolExamples::all())
        names.append(example.name);
    return names;
}

void ToolsEditor::addExample(const QString &name)
{
    const std::optional<ToolExample> example = ToolExamples::find(name);
    if (!example)
        return;
    Entry entry;
    entry.name = uniqueName(name);
    entry.description = example->description;
    entry.parameters = example->parameters;
    entry.cannedResult = example->cannedResult;
    appendEntry(entry);
    userChanged();
}

ToolsEditor::Check ToolsEditor::check(int index) const
{
    Check c;
    const Entry &entry = m_entries.at(index);
    if (entry.name.isEmpty())
        c.nameProblem = tr("Give the function a name.");
    else if (!api::ToolDefinitionJson::isValidName(entry.name))
        c.nameProblem = tr("A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.");
    else {
        for (int i = 0; i < index; ++i) {
            if (m_entries.at(i).name == entry.name) {
                c.nameProblem = tr("Another tool above has this name.");
                break;
            }
        }
    }

    if (entry.parameters.trimmed().isEmpty())
        return c; // no arguments: the surfaces get the empty object schema
    const QByteArray utf8 = entry.parameters.toUtf8();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        c.errorPosition = int(QString::fromUtf8(utf8.left(parseError.offset)).size());
        // Qt points just past the token it could not read: at a line's end, name (and mark)
        // the line's last character instead.
        if (c.errorPosition > 0
            && (c.errorPosition >= int(entry.parameters.size())
                || entry.parameters.at(c.errorPosition) == QLatin1Char('\n')))
            --c.errorPosition;
        const auto [line, column] = lineAndColumn(entry.parameters, c.errorPosition);
        c.parametersProblem
            = tr("Not valid JSON: %1 at line %2, column %3.")
                  .arg(parseError.errorString(), QString::number(line), QString::number(column));
        return c;
    }
    if (!document.isObject()) {
        c.parametersProblem = tr("The parameters must be a JSON object (an object schema).");
        return c;
    }
    const QJsonObject schema = document.object();
    if (!schema.isEmpty()
        && schema.value(QStringLiteral("type")).toString() != QLatin1String("object")) {
        c.parametersProblem = tr("The parameters must be an object schema: "
                                 "add \"type\": \"object\".");
        return c;
    }
    schema::SchemaValidator validator;
    const Status compiled = validator.compile(schema);
    if (!compiled) {
        c.parametersProblem = tr("Not a usable JSON schema: %1").arg(compiled.error().message);
        return c;
    }
    c.parameters = schema;
    return c;
}

void ToolsEditor::appendEntry(const Entry &entry)
{
    m_entries.append(entry);
    m_current = int(m_entries.size()) - 1;
    refreshAll();
}

void ToolsEditor::addTool()
{
    Entry entry;
    entry.name = uniqueName(QStringLiteral("new_function"));
    entry.parameters
        = QStringLiteral("{\n \"type\": \"object\",\n \"properties\": {},\n \"required\": [],\n"
                         " \"additionalProperties\": false\n}");
    appendEntry(entry);
    m_name->setFocus();
    m_name->selectAll();
    userChanged();
}

void ToolsEditor::duplicateTool()
{
    if (m_current < 0)
        return;
    Entry entry = m_entries.at(m_current);
    entry.name = uniqueName(entry.name.isEmpty() ? QStringLiteral("function") : entry.name);
    m_entries.insert(m_current + 1, entry);
    ++m_current;
    refreshAll();
    userChanged();
}

void ToolsEditor::removeTool()
{
    if (m_current < 0)
        return;
    m_entries.removeAt(m_current);
    m_current = std::min(m_current, int(m_entries.size()) - 1);
    refreshAll();
    userChanged();
}

Status ToolsEditor::importFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::Io,
                         tr("Cannot read “%1”: %2.").arg(path, file.errorString()));
    auto read
        = api::ToolDefinitionJson::readToolsDocument(file.readAll(), QFileInfo(path).fileName());
    if (!read)
        return read.error();
    for (const api::ToolDefinition &tool : std::as_const(*read)) {
        Entry entry = entryFrom(tool);
        auto same = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&tool](const Entry &e) { return e.name == tool.name; });
        if (same != m_entries.end()) {
            entry.cannedResult = same->cannedResult;
            *same = entry;
        } else {
            entry.cannedResult = m_pendingCanned.take(tool.name);
            m_entries.append(entry);
        }
    }
    if (m_current < 0 && !m_entries.isEmpty())
        m_current = 0;
    refreshAll();
    userChanged();
    return {};
}

Status ToolsEditor::exportFile(const QString &path, mantle::ApiSurface surface) const
{
    const QJsonArray array = api::ToolDefinitionJson::writeTools(tools(), surface);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(array).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return makeError(Error::Kind::Io,
                         tr("Cannot write “%1”: %2.").arg(path, file.errorString()));
    return {};
}

void ToolsEditor::importTools()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Tools"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const Status imported = importFile(path);
    if (!imported)
        QMessageBox::warning(this, tr("Import Tools"), imported.error().toDisplayString());
}

void ToolsEditor::exportTools()
{
    const std::array surfaces{mantle::ApiSurface::ChatCompletions, mantle::ApiSurface::Responses,
                              mantle::ApiSurface::Messages};
    QStringList shapes;
    int defaultIndex = 0;
    for (int i = 0; i < int(surfaces.size()); ++i) {
        shapes.append(mantle::apiSurfaceDisplayName(surfaces.at(size_t(i))));
        if (surfaces.at(size_t(i)) == m_surface
            || (m_surface == mantle::ApiSurface::CountTokens
                && surfaces.at(size_t(i)) == mantle::ApiSurface::Messages))
            defaultIndex = i;
    }
    bool ok = false;
    const QString shape
        = QInputDialog::getItem(this, tr("Export Tools"), tr("Write the tools in the shape of:"),
                                shapes, defaultIndex, false, &ok);
    if (!ok)
        return;
    const mantle::ApiSurface surface = surfaces.at(size_t(std::max(0, int(shapes.indexOf(shape)))));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Tools"),
        QStringLiteral("tools-%1.json").arg(mantle::apiSurfaceName(surface)),
        tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const Status exported = exportFile(path, surface);
    if (!exported)
        QMessageBox::warning(this, tr("Export Tools"), exported.error().toDisplayString());
}

void ToolsEditor::showCurrent()
{
    m_updating = true;
    const bool has = m_current >= 0 && m_current < int(m_entries.size());
    m_details->setEnabled(has);
    m_duplicate->setEnabled(has);
    m_remove->setEnabled(has);
    const Entry empty;
    const Entry &entry = has ? m_entries.at(m_current) : empty;
    if (m_name->text() != entry.name)
        m_name->setText(entry.name);
    if (m_description->toPlainText() != entry.description)
        m_description->setPlainText(entry.description);
    if (m_parameters->toPlainText() != entry.parameters)
        m_parameters->setPlainText(entry.parameters);
    m_strict->setCheckState(!entry.strict ? Qt::PartiallyChecked
                                          : (*entry.strict ? Qt::Checked : Qt::Unchecked));
    if (m_canned->toPlainText() != entry.cannedResult)
        m_canned->setPlainText(entry.cannedResult);
    m_updating = false;
    setSurface(m_surface);
    refreshStatus();
}

void ToolsEditor::refreshItem(int index)
{
    QListWidgetItem *item = m_list->item(index);
    if (!item)
        return;
    const Entry &entry = m_entries.at(index);
    item->setText(entry.name.isEmpty() ? tr("(no name)") : entry.name);
    const QString problemText = problem(index);
    if (problemText.isEmpty()) {
        // A blank icon of the same size keeps the names aligned.
        const int side = style()->pixelMetric(QStyle::PM_SmallIconSize);
        QPixmap blank(side, side);
        blank.fill(Qt::transparent);
        item->setIcon(QIcon(blank));
    } else {
        item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    item->setToolTip(problemText.isEmpty() ? entry.description : problemText);
    item->setData(Qt::AccessibleDescriptionRole,
                  problemText.isEmpty() ? tr("valid") : tr("problem: %1").arg(problemText));
}

void ToolsEditor::refreshAll()
{
    m_updating = true;
    m_list->clear();
    for (int i = 0; i < int(m_entries.size()); ++i) {
        m_list->addItem(QString());
        refreshItem(i);
    }
    m_list->setCurrentRow(m_current);
    m_updating = false;
    showCurrent();
    rebuildToolChoice();
}

void ToolsEditor::refreshStatus()
{
    if (m_current < 0 || m_current >= int(m_entries.size())) {
        m_nameStatus->clear();
        m_nameStatus->hide();
        m_parametersStatus->clear();
        m_highlighter->setErrorPosition(-1);
        return;
    }
    const Check c = check(m_current);
    m_nameStatus->setText(c.nameProblem);
    m_nameStatus->setVisible(!c.nameProblem.isEmpty());
    m_highlighter->setErrorPosition(c.errorPosition);
    if (!c.parametersProblem.isEmpty())
        m_parametersStatus->setText(c.parametersProblem);
    else if (c.parameters.isEmpty())
        m_parametersStatus->setText(tr("No arguments."));
    else
        m_parametersStatus->setText(tr("Valid object schema."));
    // No palette role holds an error colour: a red that contrasts with the window.
    const bool darkWindow = palette().color(QPalette::Window).lightnessF() < 0.5;
    const QString red = darkWindow ? QStringLiteral("#ff8080") : QStringLiteral("#b00020");
    m_nameStatus->setStyleSheet(QStringLiteral("color: %1").arg(red));
    m_parametersStatus->setStyleSheet(
        c.parametersProblem.isEmpty() ? QString() : QStringLiteral("color: %1").arg(red));
}

void ToolsEditor::rebuildToolChoice()
{
    m_toolChoice->clear();
    m_toolChoice->addItem(tr("Default (not sent)"), QString());
    m_toolChoice->addItem(tr("Auto: the model decides"), QStringLiteral("auto"));
    m_toolChoice->addItem(tr("None: no tool calls"), QStringLiteral("none"));
    m_toolChoice->addItem(tr("Required: at least one call"), QStringLiteral("required"));
    const QList<api::ToolDefinition> valid = tools();
    for (const api::ToolDefinition &tool : valid) {
        m_toolChoice->addItem(tr("Call %1").arg(tool.name), QStringLiteral("function"));
        m_toolChoice->setItemData(m_toolChoice->count() - 1, tool.name, kFunctionRole);
    }
    m_toolChoice->setEnabled(!valid.isEmpty());
    int index = 0;
    if (const std::optional<api::ToolChoice> choice = toolChoice()) {
        for (int i = 1; i < m_toolChoice->count(); ++i) {
            if (m_toolChoice->itemData(i, kModeRole).toString()
                    == api::toolChoiceModeName(choice->mode)
                && (choice->mode != api::ToolChoice::Mode::Function
                    || m_toolChoice->itemData(i, kFunctionRole).toString()
                        == choice->functionName)) {
                index = i;
                break;
            }
        }
    }
    m_toolChoice->setCurrentIndex(index);
}

void ToolsEditor::onToolChoiceActivated()
{
    const int index = m_toolChoice->currentIndex();
    const QString mode = m_toolChoice->itemData(index, kModeRole).toString();
    if (mode.isEmpty()) {
        m_choice.reset();
    } else {
        api::ToolChoice choice;
        if (mode == QLatin1String("none"))
            choice.mode = api::ToolChoice::Mode::None;
        else if (mode == QLatin1String("required"))
            choice.mode = api::ToolChoice::Mode::Required;
        else if (mode == QLatin1String("function")) {
            choice.mode = api::ToolChoice::Mode::Function;
            choice.functionName = m_toolChoice->itemData(index, kFunctionRole).toString();
        }
        m_choice = choice;
    }
    emit changed();
}

void ToolsEditor::onNameEdited()
{
    if (m_updating || m_current < 0)
        return;
    const QString oldName = m_entries[m_current].name;
    const QString newName = m_name->text().trimmed();
    m_entries[m_current].name = newName;
    // A chosen function follows its rename.
    if (m_choice && m_choice->mode == api::ToolChoice::Mode::Function
        && m_choice->functionName == oldName)
        m_choice->functionName = newName;
    for (int i = 0; i < int(m_entries.size()); ++i)
        refreshItem(i); // duplicates further down may change too
    refreshStatus();
    rebuildToolChoice();
    userChanged();
}

void ToolsEditor::onDescriptionEdited()
{
    if (m_updating || m_current < 0)
        return;
    m_entries[m_current].description = m_description->toPlainText();
    refreshItem(m_current);
    userChanged();
}

void ToolsEditor::onParametersEdited()
{
    if (m_updating || m_current < 0)
        return;
    m_entries[m_current].parameters = m_parameters->toPlainText();
    refreshItem(m_current);
    refreshStatus();
    rebuildToolChoice();
    userChanged();
}

void ToolsEditor::onStrictChanged()
{
    if (m_updating || m_current < 0)
        return;
    switch (m_strict->checkState()) {
    case Qt::Checked:
        m_entries[m_current].strict = true;
        break;
    case Qt::Unchecked:
        m_entries[m_current].strict = false;
        break;
    case Qt::PartiallyChecked:
        m_entries[m_current].strict.reset();
        break;
    }
    userChanged();
}

void ToolsEditor::onCannedEdited()
{
    if (m_updating || m_current < 0)
        return;
    m_entries[m_current].cannedResult = m_canned->toPlainText();
    userChanged();
}

void ToolsEditor::formatParameters()
{
    if (m_current < 0)
        return;
    const Check c = check(m_current);
    if (c.parameters.isEmpty())
        return;
    m_parameters->setPlainText(indented(c.parameters)); // textChanged stores it
}

QString ToolsEditor::uniqueName(const QString &base) const
{
    auto taken = [this](const QString &name) {
        return std::any_of(m_entries.cbegin(), m_entries.cend(),
                           [&name](const Entry &entry) { return entry.name == name; });
    };
    if (!taken(base))
        return base;
    for (int n = 2;; ++n) {
        const QString suffix = QStringLiteral("_%1").arg(n);
        const QString name = base.left(64 - suffix.size()) + suffix;
        if (!taken(name))
            return name;
    }
}

void ToolsEditor::userChanged()
{
    if (!m_updating)
        emit changed();
}

} // namespace mantle::ui
