#include "toolexamples.h"

#include <QCoreApplication>

#include <array>

namespace mantle::ui {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::ui::ToolExamples)
};

struct RawExample
{
    const char *name;
    const char *description; ///< translated when read
    const char *parameters;
    const char *cannedResult;
};

// The schemas follow the strict rules (every property required, no additional properties), so
// they work on every surface with strict on or off. The schemas and results are JSON sent to
// the model and are not translated; the descriptions are.
constexpr std::array kRawExamples{
    RawExample{
        "get_weather",
        QT_TRANSLATE_NOOP("mantle::ui::ToolExamples", "Get the current weather in a city."),
        R"({"type": "object",
 "properties": {
  "city": {"type": "string", "description": "City name, e.g. Paris"},
  "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
 },
 "required": ["city", "unit"],
 "additionalProperties": false})",
        R"({"city": "Paris", "temperature": 18, "unit": "celsius", "conditions": "partly cloudy"})"},
    RawExample{
        "search_docs",
        QT_TRANSLATE_NOOP("mantle::ui::ToolExamples",
                          "Search the documentation and return the best matches."),
        R"({"type": "object",
 "properties": {
  "query": {"type": "string", "description": "What to look for"},
  "max_results": {"type": "integer", "minimum": 1, "maximum": 20}
 },
 "required": ["query", "max_results"],
 "additionalProperties": false})",
        R"({"results": [{"title": "Getting started", "url": "https://example.com/docs/start", "snippet": "Install the tools, then run the first request."}]})"},
    RawExample{"get_time",
               QT_TRANSLATE_NOOP("mantle::ui::ToolExamples",
                                 "Get the current date and time in a time zone."),
               R"({"type": "object",
 "properties": {
  "timezone": {"type": "string", "description": "IANA time zone, e.g. Europe/Paris"}
 },
 "required": ["timezone"],
 "additionalProperties": false})",
               R"({"timezone": "Europe/Paris", "datetime": "2026-01-15T14:30:00+01:00"})"},
    RawExample{
        "calculator",
        QT_TRANSLATE_NOOP("mantle::ui::ToolExamples", "Evaluate an arithmetic expression exactly."),
        R"({"type": "object",
 "properties": {
  "expression": {"type": "string", "description": "e.g. (17 + 25) * 3"}
 },
 "required": ["expression"],
 "additionalProperties": false})",
        R"({"result": 126})"},
    RawExample{
        "create_event",
        QT_TRANSLATE_NOOP("mantle::ui::ToolExamples", "Create a calendar event with attendees."),
        R"({"type": "object",
 "properties": {
  "title": {"type": "string"},
  "start": {"type": "string", "description": "ISO 8601 date and time"},
  "duration_minutes": {"type": "integer", "minimum": 1},
  "attendees": {"type": "array", "items": {"type": "string", "description": "e-mail address"}}
 },
 "required": ["title", "start", "duration_minutes", "attendees"],
 "additionalProperties": false})",
        R"({"event_id": "evt_123", "status": "created"})"},
};

ToolExample exampleFrom(const RawExample &raw)
{
    return {QString::fromLatin1(raw.name), Tr::tr(raw.description),
            QString::fromUtf8(raw.parameters), QString::fromUtf8(raw.cannedResult)};
}

} // namespace

QList<ToolExample> ToolExamples::all()
{
    QList<ToolExample> examples;
    for (const RawExample &raw : kRawExamples)
        examples.append(exampleFrom(raw));
    return examples;
}

std::optional<ToolExample> ToolExamples::find(const QString &name)
{
    for (const RawExample &raw : kRawExamples) {
        if (name == QLatin1String(raw.name))
            return exampleFrom(raw);
    }
    return std::nullopt;
}

} // namespace mantle::ui
