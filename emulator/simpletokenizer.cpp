#include "simpletokenizer.h"

namespace mantle::emulator {

namespace {

/// A piece that is this long may end at the next token boundary even without white space.
constexpr qsizetype kMaxPieceChars = 12;

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c.isMark() || c == QLatin1Char('_');
}

} // namespace

QList<SimpleTokenizer::Span> SimpleTokenizer::spans(QStringView text)
{
    QList<Span> result;
    qsizetype i = 0;
    const qsizetype size = text.size();
    while (i < size) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const qsizetype start = i;
        if (isWordChar(c)) {
            while (i < size && isWordChar(text.at(i)))
                ++i;
        } else if (c.isHighSurrogate() && i + 1 < size && text.at(i + 1).isLowSurrogate()) {
            i += 2;
        } else {
            ++i;
        }
        result.append({start, i - start});
    }
    return result;
}

qint64 SimpleTokenizer::count(QStringView text)
{
    return spans(text).size();
}

QString SimpleTokenizer::truncated(QStringView text, qint64 maxTokens)
{
    if (maxTokens <= 0)
        return {};
    const QList<Span> all = spans(text);
    if (all.size() <= maxTokens)
        return text.toString();
    const Span &last = all.at(qsizetype(maxTokens) - 1);
    return text.first(last.start + last.length).toString();
}

QStringList SimpleTokenizer::pieces(QStringView text)
{
    QStringList result;
    qsizetype pieceStart = 0;
    qsizetype previousEnd = 0;
    for (const Span &span : spans(text)) {
        const bool spaceBefore = span.start > previousEnd;
        const bool longEnough = span.start - pieceStart >= kMaxPieceChars;
        const qsizetype cut = spaceBefore ? previousEnd : span.start;
        if (cut > pieceStart && (longEnough || spaceBefore)) {
            result.append(text.sliced(pieceStart, cut - pieceStart).toString());
            pieceStart = cut;
        }
        previousEnd = span.start + span.length;
    }
    if (pieceStart < text.size() || result.isEmpty())
        result.append(text.sliced(pieceStart).toString());
    if (result.size() == 1 && result.first().isEmpty())
        result.clear();
    return result;
}

} // namespace mantle::emulator
