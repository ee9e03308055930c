#include "modeleditor.h"

#include "mantle/routeresolver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

// The surfaces a model may serve (the model list itself is not one).
constexpr std::array kModelSurfaces{
    mantle::ApiSurface::ChatCompletions,
    mantle::ApiSurface::Responses,
    mantle::ApiSurface::Messages,
    mantle::ApiSurface::CountTokens,
};

constexpr double kMaxPrice = 1000000;

} // namespace

ModelEditor::ModelEditor(QWidget *parent)
    : QDialog(parent)
{
    m_base.custom = true;
    build();
    setWindowTitle(tr("Add model"));
    // A new model starts with the Chat Completions surface, the family default.
    m_surfaceChecks.first()->setChecked(true);
}

ModelEditor::ModelEditor(const mantle::ModelInfo &model,
                         const std::optional<mantle::ModelOverride> &current, QWidget *parent)
    : QDialog(parent)
    , m_newModel(false)
{
    m_base = current.value_or(mantle::ModelOverride{});
    m_base.modelId = model.id;
    build();
    setWindowTitle(tr("Edit model %1").arg(model.id));
    m_id->setText(model.id);
    m_id->setReadOnly(true);
    m_name->setText(m_base.displayName);
    m_name->setPlaceholderText(model.displayName);
    const mantle::ApiSurfaceSet surfaces = m_base.surfaces.value_or(model.surfaces);
    m_surfacesBox->setChecked(m_base.surfaces.has_value());
    for (qsizetype i = 0; i < m_surfaceChecks.size(); ++i)
        m_surfaceChecks.at(i)->setChecked(surfaces.contains(kModelSurfaces.at(size_t(i))));
    if (m_base.routePrefix)
        m_prefix->setCurrentIndex(m_prefix->findData(int(*m_base.routePrefix)));
    const std::optional<mantle::ModelPrices> prices = m_base.prices ? m_base.prices : model.prices;
    m_pricesBox->setChecked(m_base.prices.has_value());
    if (prices) {
        m_input->setValue(prices->inputPerMillion);
        m_output->setValue(prices->outputPerMillion);
    }
}

ModelEditor::~ModelEditor() = default;

void ModelEditor::build()
{
    setObjectName(QStringLiteral("modelEditor"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("modelIdEdit"));
    m_id->setAccessibleName(tr("Model id"));
    m_id->setPlaceholderText(tr("e.g. moonshotai.kimi-k2-thinking"));
    form->addRow(tr("Model &id:"), m_id);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("modelNameEdit"));
    m_name->setAccessibleName(tr("Display name"));
    form->addRow(tr("&Name:"), m_name);

    m_prefix = new QComboBox(this);
    m_prefix->setObjectName(QStringLiteral("modelPrefixCombo"));
    m_prefix->setAccessibleName(tr("OpenAI-style prefix"));
    m_prefix->addItem(tr("As the catalogue says"), -1);
    m_prefix->addItem(mantle::routePrefixPath(mantle::RoutePrefix::V1),
                      int(mantle::RoutePrefix::V1));
    m_prefix->addItem(mantle::routePrefixPath(mantle::RoutePrefix::OpenAiV1),
                      int(mantle::RoutePrefix::OpenAiV1));
    form->addRow(tr("&Prefix:"), m_prefix);

    m_surfacesBox = new QGroupBox(tr("Set the surfaces"), this);
    m_surfacesBox->setObjectName(QStringLiteral("modelSurfacesBox"));
    m_surfacesBox->setAccessibleName(tr("Set the surfaces"));
    m_surfacesBox->setCheckable(true);
    m_surfacesBox->setChecked(true);
    auto *surfaces = new QVBoxLayout(m_surfacesBox);
    for (const mantle::ApiSurface surface : kModelSurfaces) {
        auto *check = new QCheckBox(mantle::apiSurfaceDisplayName(surface), m_surfacesBox);
        check->setObjectName(QStringLiteral("surface-%1").arg(mantle::apiSurfaceName(surface)));
        check->setAccessibleName(mantle::apiSurfaceDisplayName(surface));
        surfaces->addWidget(check);
        m_surfaceChecks.append(check);
    }
    layout->addWidget(m_surfacesBox);

    m_pricesBox = new QGroupBox(tr("Private prices (per million tokens)"), this);
    m_pricesBox->setObjectName(QStringLiteral("modelPricesBox"));
    m_pricesBox->setAccessibleName(tr("Private prices"));
    m_pricesBox->setCheckable(true);
    m_pricesBox->setChecked(false);
    auto *prices = new QFormLayout(m_pricesBox);
    const auto makeSpin = [this](const QString &name, const QString &accessible) {
        auto *spin = new QDoubleSpinBox(m_pricesBox);
        spin->setObjectName(name);
        spin->setAccessibleName(accessible);
        spin->setDecimals(4);
        spin->setRange(0, kMaxPrice);
        spin->setSuffix(QStringLiteral(" USD"));
        return spin;
    };
    m_input = makeSpin(QStringLiteral("inputPriceSpin"), tr("Input price per million tokens"));
    m_output = makeSpin(QStringLiteral("outputPriceSpin"), tr("Output price per million tokens"));
    prices->addRow(tr("I&nput:"), m_input);
    prices->addRow(tr("O&utput:"), m_output);
    layout->addWidget(m_pricesBox);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("modelEditorError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("modelEditorButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ModelEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ModelEditor::reject);
    layout->addWidget(buttons);
}

QCheckBox *ModelEditor::surfaceCheck(mantle::ApiSurface surface) const
{
    for (qsizetype i = 0; i < m_surfaceChecks.size(); ++i) {
        if (kModelSurfaces.at(size_t(i)) == surface)
            return m_surfaceChecks.at(i);
    }
    return nullptr;
}

Result<mantle::ModelOverride> ModelEditor::modelOverride() const
{
    mantle::ModelOverride result = m_base;
    result.modelId = m_id->text().trimmed();
    if (!mantle::ModelSettings::isValidModelId(result.modelId)) {
        return makeError(Error::Kind::InvalidInput,
                         tr("“%1” cannot be a model id: it must not be empty or contain white "
                            "space or '/'.")
                             .arg(result.modelId));
    }
    result.displayName = m_name->text().trimmed();
    const int prefix = m_prefix->currentData().toInt();
    result.routePrefix = prefix < 0
        ? std::nullopt
        : std::optional<mantle::RoutePrefix>(mantle::RoutePrefix(prefix));
    result.surfaces.reset();
    if (m_surfacesBox->isChecked()) {
        mantle::ApiSurfaceSet surfaces;
        for (qsizetype i = 0; i < m_surfaceChecks.size(); ++i) {
            if (m_surfaceChecks.at(i)->isChecked())
                surfaces.insert(kModelSurfaces.at(size_t(i)));
        }
        if (surfaces.empty())
            return makeError(Error::Kind::InvalidInput, tr("Choose at least one surface."));
        result.surfaces = surfaces;
    }
    result.prices.reset();
    if (m_pricesBox->isChecked()) {
        mantle::ModelPrices prices;
        prices.inputPerMillion = m_input->value();
        prices.outputPerMillion = m_output->value();
        prices.source = tr("set by the user");
        result.prices = prices;
    }
    return result;
}

QString ModelEditor::errorText() const
{
    return m_error->text();
}

void ModelEditor::accept()
{
    const Result<mantle::ModelOverride> result = modelOverride();
    if (!result) {
        m_error->setText(result.error().toDisplayString());
        m_error->show();
        return;
    }
    m_error->clear();
    m_error->hide();
    QDialog::accept();
}

} // namespace mantle::ui
