#pragma once

#include "common/result.h"
#include "mantle/modelinfo.h"
#include "mantle/modelsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;

namespace mantle::ui {

/// The form of the Models view's "Add model…" and "Edit…": a model id (new models only), a name,
/// and the overrides the user may set (surfaces, OpenAI-style prefix, private prices).
///
/// It only collects and checks the input: the Models view applies it to the account's
/// ModelSettings and saves them.
class ModelEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelEditor)

public:
    /// A form for a new custom model.
    explicit ModelEditor(QWidget *parent = nullptr);
    /// A form for the overrides of `model` (its effective description), starting from the
    /// user's `current` override when there is one.
    ModelEditor(const mantle::ModelInfo &model, const std::optional<mantle::ModelOverride> &current,
                QWidget *parent = nullptr);
    ~ModelEditor() override;

    bool isNewModel() const { return m_newModel; }
    /// The override the form describes, or why it is not valid.
    Result<mantle::ModelOverride> modelOverride() const;
    /// The last validation message shown, empty when none.
    QString errorText() const;

    // The fields, for tests and accessibility tools.
    QLineEdit *idEdit() const { return m_id; }
    QLineEdit *nameEdit() const { return m_name; }
    QGroupBox *surfacesBox() const { return m_surfacesBox; }
    QCheckBox *surfaceCheck(mantle::ApiSurface surface) const;
    QComboBox *prefixCombo() const { return m_prefix; }
    QGroupBox *pricesBox() const { return m_pricesBox; }
    QDoubleSpinBox *inputPriceSpin() const { return m_input; }
    QDoubleSpinBox *outputPriceSpin() const { return m_output; }

public slots:
    void accept() override;

private:
    void build();

    bool m_newModel = true;
    mantle::ModelOverride m_base;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_name = nullptr;
    QGroupBox *m_surfacesBox = nullptr;
    QList<QCheckBox *> m_surfaceChecks;
    QComboBox *m_prefix = nullptr;
    QGroupBox *m_pricesBox = nullptr;
    QDoubleSpinBox *m_input = nullptr;
    QDoubleSpinBox *m_output = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace mantle::ui
