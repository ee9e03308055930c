#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "mantle/apisurface.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

class QByteArray;
class QJsonValue;

namespace mantle::api {

/// Reads and writes tool definitions as JSON, in the shape each surface uses in its `tools`
/// array: Chat `{type: "function", function: {name, description, parameters, strict}}`,
/// Responses `{type: "function", name, description, parameters, strict}`, Messages `{name,
/// description, input_schema}`. Reading accepts any of the three, item by item, so a file
/// written for one surface can be used on another; writing produces one surface's shape.
///
/// Errors are InvalidInput errors that begin with a caller-given source (a flag such as
/// `--tools`, or a file name) and name the item (counted from 1) and the field. It checks the
/// shape only: whether a name or a schema suits a surface is RequestSpec::validate()'s and the
/// builders' business; it reads no files.
class ToolDefinitionJson
{
public:
    /// One tool in any of the three shapes; `index` counts from 1 and appears in errors.
    static Result<ToolDefinition> readTool(const QJsonValue &value, qsizetype index,
                                           const QString &source);
    /// Every item of `array`, stopping at the first bad one.
    static Result<QList<ToolDefinition>> readTools(const QJsonArray &array, const QString &source);
    /// JSON text holding an array of tools, or an object with such an array under "tools" (a
    /// whole request body); a parse error gives its line and column.
    static Result<QList<ToolDefinition>> readToolsDocument(const QByteArray &json,
                                                           const QString &source);

    /// `tool` in `surface`'s shape (Count tokens as Messages; surfaces without tools as Chat).
    /// Empty parameters are written as the empty object schema the surfaces require; an empty
    /// description and an unset `strict` are left out (Messages has no `strict`).
    static QJsonObject writeTool(const ToolDefinition &tool, mantle::ApiSurface surface);
    static QJsonArray writeTools(const QList<ToolDefinition> &tools, mantle::ApiSurface surface);

    /// Whether `name` is a function name all three surfaces accept: 1 to 64 letters, digits,
    /// `_` or `-` (^[a-zA-Z0-9_-]{1,64}$).
    static bool isValidName(const QString &name);
};

} // namespace mantle::api
