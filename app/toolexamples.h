#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace mantle::ui {

/// One ready tool of the tools editor's Examples menu.
struct ToolExample
{
    QString name;
    QString description; ///< translated
    QString parameters; ///< the JSON schema text, laid out for reading
    QString cannedResult; ///< a plausible result, JSON text
};

/// The ready tools the tools editor offers for quick experiments (get_weather, search_docs,
/// get_time, calculator, create_event), each with a canned result. Plain data: it adds nothing
/// to any list itself.
class ToolExamples
{
public:
    /// In menu order.
    static QList<ToolExample> all();
    static std::optional<ToolExample> find(const QString &name);
};

} // namespace mantle::ui
