#include "answerplanner.h"

#include "schemainstancegenerator.h"
#include "simpletokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>

namespace mantle::emulator {

namespace {

using Role = Conversation::Role;

constexpr qsizetype kMaxQuote = 200;

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

/// Any JSON value as compact text (QJsonDocument holds only objects and arrays).
QString jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return compactJson(value.toObject());
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.sliced(1, array.size() - 2));
}

QString quoted(const QString &text)
{
    QString quote = text.simplified();
    if (quote.size() > kMaxQuote) {
        quote.truncate(kMaxQuote);
        quote.append(QChar(0x2026)); // …
    }
    return quote;
}

/// Verbs and fillers that say nothing about which tool is meant.
bool isFillerWord(const QString &word)
{
    static const QStringList kFillers{
        QStringLiteral("get"),     QStringLiteral("fetch"),    QStringLiteral("lookup"),
        QStringLiteral("look"),    QStringLiteral("search"),   QStringLiteral("find"),
        QStringLiteral("list"),    QStringLiteral("create"),   QStringLiteral("set"),
        QStringLiteral("make"),    QStringLiteral("update"),   QStringLiteral("delete"),
        QStringLiteral("current"), QStringLiteral("run"),      QStringLiteral("call"),
        QStringLiteral("tool"),    QStringLiteral("function"), QStringLiteral("with"),
        QStringLiteral("from"),    QStringLiteral("info"),     QStringLiteral("data"),
    };
    return word.size() < 4 || kFillers.contains(word);
}

/// Where the text first mentions the tool (its name, the name with spaces, or a significant
/// word of the name), or -1.
qsizetype mentionOf(const QString &text, const QString &toolName)
{
    QStringList phrases{toolName};
    QString spaced = toolName;
    spaced.replace(QRegularExpression(QStringLiteral("([a-z])([A-Z])")), QStringLiteral("\\1 \\2"));
    spaced.replace(QRegularExpression(QStringLiteral("[_\\-.]+")), QStringLiteral(" "));
    spaced = spaced.toLower().trimmed();
    phrases.append(spaced);
    for (const QString &word : spaced.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!isFillerWord(word))
            phrases.append(word);
    }
    qsizetype first = -1;
    for (const QString &phrase : std::as_const(phrases)) {
        const QRegularExpression expression(
            QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(phrase)),
            QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch match = expression.match(text);
        if (match.hasMatch() && (first < 0 || match.capturedStart() < first))
            first = match.capturedStart();
    }
    return first;
}

/// "my name is Alex" → {"name": "Alex"}; the last statement of a fact wins.
QMap<QString, QString> statedFacts(const QList<Conversation::Message> &messages)
{
    static const QRegularExpression kFact(
        QStringLiteral("\\bmy\\s+([\\w ]{1,30}?)\\s+(?:is|are)\\s+([^.,;!?\\n]+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression kValueEnd(QStringLiteral("\\s+(?:and|but|so|because)\\s"),
                                              QRegularExpression::CaseInsensitiveOption);
    QMap<QString, QString> facts;
    for (const Conversation::Message &message : messages) {
        if (message.role != Role::User)
            continue;
        for (auto it = kFact.globalMatch(message.text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            QString value = match.captured(2);
            const qsizetype end = value.indexOf(kValueEnd);
            if (end >= 0)
                value.truncate(end);
            value = value.trimmed();
            if (!value.isEmpty())
                facts.insert(match.captured(1).simplified().toLower(), value);
        }
    }
    return facts;
}

/// The fact a question asks for ("What is my name?" → "name"), or empty.
QString askedFact(const QString &text)
{
    static const QRegularExpression kQuestion(
        QStringLiteral("\\b(?:what(?:'s|\\s+is|\\s+are)|do\\s+you\\s+(?:know|remember)|tell\\s+me)"
                       "\\s+my\\s+([\\w ]{1,30}?)\\s*(?:\\?|$|\\.)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = kQuestion.match(text);
    return match.hasMatch() ? match.captured(1).simplified().toLower() : QString();
}

} // namespace

bool AnswerPlanner::reasons(const Conversation &conversation, const EmulatedModel &model)
{
    switch (model.reasoning) {
    case EmulatedModel::Reasoning::None:
        return false;
    case EmulatedModel::Reasoning::OnRequest:
        return conversation.reasoningRequested;
    case EmulatedModel::Reasoning::Always:
        return true;
    }
    return false;
}

qint64 AnswerPlanner::inputTokens(const Conversation &conversation)
{
    qint64 tokens = SimpleTokenizer::count(conversation.system);
    for (const Conversation::Message &message : conversation.messages) {
        tokens += 1 + SimpleTokenizer::count(message.text);
        for (const Conversation::ToolCall &call : message.toolCalls)
            tokens += SimpleTokenizer::count(call.name) + SimpleTokenizer::count(call.arguments);
    }
    for (const Conversation::Tool &tool : conversation.tools) {
        tokens += SimpleTokenizer::count(tool.name) + SimpleTokenizer::count(tool.description)
            + SimpleTokenizer::count(compactJson(tool.parameters));
    }
    if (conversation.outputSchema)
        tokens += SimpleTokenizer::count(compactJson(*conversation.outputSchema));
    return tokens;
}

AnswerPlan AnswerPlanner::plan(const Conversation &conversation, const EmulatedModel &model)
{
    AnswerPlan plan;
    plan.inputTokens = inputTokens(conversation);
    const QList<Conversation::Message> &messages = conversation.messages;

    // The latest user text, the tool results since the assistant last spoke, and the user's
    // words newest first (where tool arguments and schema values are looked for).
    QString lastUser;
    QStringList userTexts;
    qsizetype lastAssistant = -1;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (messages.at(i).role == Role::Assistant)
            lastAssistant = i;
        if (messages.at(i).role == Role::User && !messages.at(i).text.trimmed().isEmpty()) {
            lastUser = messages.at(i).text;
            userTexts.prepend(messages.at(i).text);
        }
    }
    QStringList results;
    QStringList resultTools;
    for (qsizetype i = lastAssistant + 1; i < messages.size(); ++i) {
        const Conversation::Message &message = messages.at(i);
        if (message.role != Role::Tool)
            continue;
        QString name = QStringLiteral("the tool");
        for (const Conversation::Message &earlier : messages) {
            for (const Conversation::ToolCall &call : earlier.toolCalls) {
                if (call.id == message.toolCallId && !call.name.isEmpty())
                    name = call.name;
            }
        }
        results.append(QStringLiteral("%1 returned %2.").arg(name, quoted(message.text)));
        resultTools.append(name);
    }
    const bool afterResults = !results.isEmpty();
    QString hints = userTexts.join(QLatin1Char('\n'));
    if (afterResults)
        hints.prepend(results.join(QLatin1Char(' ')) + QLatin1Char('\n'));

    // Which tools to call.
    using Choice = Conversation::ToolChoice;
    const bool forced = conversation.toolChoice == Choice::Required
        || conversation.toolChoice == Choice::Function;
    QList<Conversation::Tool> chosen;
    QStringList mentioned;
    if (!conversation.tools.isEmpty() && conversation.toolChoice != Choice::None
        && (forced || !afterResults)) {
        if (conversation.toolChoice == Choice::Function) {
            for (const Conversation::Tool &tool : conversation.tools) {
                if (tool.name == conversation.forcedTool)
                    chosen.append(tool);
            }
        } else {
            QList<std::pair<qsizetype, qsizetype>> mentions; // (position, tool index)
            for (qsizetype t = 0; t < conversation.tools.size(); ++t) {
                const qsizetype at = mentionOf(lastUser, conversation.tools.at(t).name);
                if (at >= 0)
                    mentions.append({at, t});
            }
            std::stable_sort(mentions.begin(), mentions.end(),
                             [](const auto &a, const auto &b) { return a.first < b.first; });
            for (const auto &[at, index] : std::as_const(mentions)) {
                chosen.append(conversation.tools.at(index));
                mentioned.append(conversation.tools.at(index).name);
            }
            if (chosen.isEmpty() && conversation.toolChoice == Choice::Required)
                chosen.append(conversation.tools.first());
        }
        if (!conversation.parallelToolCalls && chosen.size() > 1)
            chosen = chosen.mid(0, 1);
    }

    QStringList thoughts;
    if (!chosen.isEmpty()) {
        QStringList names;
        for (const Conversation::Tool &tool : std::as_const(chosen)) {
            SchemaInstanceGenerator generator(tool.parameters, hints, lastUser);
            const QJsonValue arguments = generator.generate();
            plan.toolCalls.append(
                {QString(), tool.name,
                 compactJson(arguments.isObject() ? arguments.toObject() : QJsonObject())});
            names.append(tool.name);
        }
        if (!mentioned.isEmpty()) {
            thoughts.append(QStringLiteral("The request calls for %1, so I will call %2 with "
                                           "arguments that fit the schema.")
                                .arg(mentioned.join(QLatin1String(", ")),
                                     names.size() > 1 ? QStringLiteral("them") : names.first()));
        } else {
            thoughts.append(QStringLiteral("The request requires a tool call, so I will call %1.")
                                .arg(names.join(QLatin1String(", "))));
        }
    } else {
        const QMap<QString, QString> facts = statedFacts(messages);
        const QString asked = askedFact(lastUser);
        const QMap<QString, QString> factsNow
            = statedFacts({Conversation::Message{Role::User, lastUser, {}, {}}});
        if (afterResults) {
            plan.text = results.join(QLatin1Char(' '));
            thoughts.append(QStringLiteral("%1 answered, so I will report what came back.")
                                .arg(resultTools.join(QLatin1String(", "))));
        } else if (!asked.isEmpty()) {
            if (facts.contains(asked)) {
                plan.text = QStringLiteral("Your %1 is %2.").arg(asked, facts.value(asked));
                thoughts.append(QStringLiteral("Earlier the user said their %1 is %2.")
                                    .arg(asked, facts.value(asked)));
            } else {
                plan.text = QStringLiteral("You have not told me your %1 yet. Tell me and I "
                                           "will remember it.")
                                .arg(asked);
                thoughts.append(QStringLiteral("The user has not told me their %1.").arg(asked));
            }
        } else if (!factsNow.isEmpty()) {
            const QString key = factsNow.firstKey();
            plan.text = QStringLiteral("Got it: your %1 is %2. I will remember that.")
                            .arg(key, factsNow.value(key));
            thoughts.append(
                QStringLiteral("The user told me their %1; I should remember it.").arg(key));
        } else if (!lastUser.isEmpty()) {
            plan.text = QStringLiteral("Hello! You said: \"%1\"").arg(quoted(lastUser));
            const qsizetype words = lastUser.simplified().count(QLatin1Char(' ')) + 1;
            thoughts.append(
                QStringLiteral("The user wrote %1 %2. A friendly echo that quotes "
                               "them will do.")
                    .arg(words)
                    .arg(words == 1 ? QStringLiteral("word") : QStringLiteral("words")));
        } else {
            plan.text = QStringLiteral("Hello! I am the Mantle emulator. Ask me anything.");
            thoughts.append(QStringLiteral("There is no question yet, so I will say hello."));
        }
        if (conversation.outputSchema) {
            // Values from the user's words; prose properties say what the text would have.
            SchemaInstanceGenerator generator(*conversation.outputSchema, hints, plan.text);
            const QJsonValue value = generator.generate();
            plan.text = jsonText(value);
            thoughts.append(QStringLiteral("The answer must be JSON that matches the requested "
                                           "schema."));
        } else if (conversation.jsonObject) {
            plan.text = compactJson(QJsonObject{{QStringLiteral("answer"), plan.text}});
            thoughts.append(QStringLiteral("The answer must be a JSON object."));
        }
    }
    if (reasons(conversation, model))
        plan.reasoning = thoughts.join(QLatin1Char(' '));

    // Stop sequences end the text before them.
    qsizetype stopAt = -1;
    for (const QString &sequence : conversation.stopSequences) {
        const qsizetype at = sequence.isEmpty() ? -1 : plan.text.indexOf(sequence);
        if (at >= 0 && (stopAt < 0 || at < stopAt)) {
            stopAt = at;
            plan.stopSequence = sequence;
        }
    }
    if (stopAt >= 0) {
        plan.text.truncate(stopAt);
        plan.stop = AnswerPlan::Stop::StopSequence;
    }

    // The output limit: reasoning first, then text, then whole tool calls.
    bool cut = false;
    if (conversation.maxOutputTokens) {
        qint64 remaining = *conversation.maxOutputTokens;
        for (QString *part : {&plan.reasoning, &plan.text}) {
            const qint64 tokens = SimpleTokenizer::count(*part);
            if (tokens > remaining) {
                *part = SimpleTokenizer::truncated(*part, remaining);
                cut = true;
            }
            remaining -= std::min(tokens, remaining);
        }
        for (qsizetype i = 0; i < plan.toolCalls.size(); ++i) {
            const qint64 cost = SimpleTokenizer::count(plan.toolCalls.at(i).name)
                + SimpleTokenizer::count(plan.toolCalls.at(i).arguments);
            if (cut || cost > remaining) {
                plan.toolCalls.resize(i);
                cut = true;
                break;
            }
            remaining -= cost;
        }
    }
    if (cut)
        plan.stop = AnswerPlan::Stop::MaxTokens;
    else if (!plan.toolCalls.isEmpty())
        plan.stop = AnswerPlan::Stop::ToolUse;

    plan.reasoningTokens = SimpleTokenizer::count(plan.reasoning);
    plan.outputTokens = plan.reasoningTokens + SimpleTokenizer::count(plan.text);
    for (const AnswerPlan::ToolCall &call : std::as_const(plan.toolCalls))
        plan.outputTokens
            += SimpleTokenizer::count(call.name) + SimpleTokenizer::count(call.arguments);
    return plan;
}

} // namespace mantle::emulator
