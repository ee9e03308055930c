#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace mantle::emulator {

/// Counts and cuts text in "tokens" for the emulator's usage numbers, max-token limits and
/// streamed deltas.
///
/// This is a simple word/punctuation tokenizer, NOT a real BPE and not the tokenizer of any
/// model: a run of letters, digits, marks and underscores is one token, every other character
/// that is not white space (a surrogate pair counts as one character) is one token, and white
/// space separates tokens without being one. It is deterministic and cheap, so that usage is
/// counted the same way on every surface (count_tokens agrees with Messages' input_tokens).
class SimpleTokenizer
{
public:
    /// Where one token lies in a text (QString offsets).
    struct Span
    {
        qsizetype start = 0;
        qsizetype length = 0;
    };

    static QList<Span> spans(QStringView text);
    static qint64 count(QStringView text);

    /// The longest prefix of `text` that holds at most `maxTokens` tokens (white space after its
    /// last token is not kept).
    static QString truncated(QStringView text, qint64 maxTokens);

    /// `text` cut into streaming deltas of about one word each: a piece starts where white space
    /// is followed by a token (the white space leads the new piece), or at a token boundary once
    /// a piece has grown past a dozen characters (JSON has no spaces). Joined, the pieces give
    /// `text` back exactly; a piece never splits a surrogate pair.
    static QStringList pieces(QStringView text);
};

} // namespace mantle::emulator
