#pragma once

#include <QFont>
#include <QString>

#include <memory>
#include <vector>

class QPainter;
class QPointF;
class QRectF;
class QTextLayout;

namespace mantle::ui {

/// Plain text that grows at its end (an answer or its reasoning while it streams), laid out
/// paragraph by paragraph: an append marks only the last paragraph (and any new ones) dirty, and
/// update() re-lays out just those, so streaming costs what the new text costs, not what the
/// whole answer costs. A paragraph that grows past kSoftParagraphLength characters is continued
/// in a new one at its last space (a line break shown only while streaming), so that a long
/// line without newlines costs no more per frame than a short one. Not a general text layout:
/// no Markdown, no editing, no selection.
class StreamingTextLayout final
{
public:
    /// Past this length a paragraph is continued in a new one (laying out 2,000 characters takes
    /// about 0.4 ms; 100,000 take 20 ms, more than a frame).
    static constexpr qsizetype kSoftParagraphLength = 2000;

    StreamingTextLayout(const QFont &font, qreal width);
    ~StreamingTextLayout();
    StreamingTextLayout(const StreamingTextLayout &) = delete;
    StreamingTextLayout &operator=(const StreamingTextLayout &) = delete;

    void setText(QStringView text);
    void append(QStringView delta);
    /// Re-flows every paragraph at the new width (on the next update()).
    void setWidth(qreal width);
    qreal width() const { return m_width; }

    /// Lays out the paragraphs changed since the last call. Cheap when nothing changed.
    void update();
    /// The height of the laid-out text (call update() first).
    qreal height() const;
    /// Draws the paragraphs that intersect `clip` (in the text's own coordinates) at `origin`.
    void draw(QPainter *painter, const QPointF &origin, const QRectF &clip) const;

    /// The text, as appended (for tests).
    QString text() const;
    int paragraphCount() const { return int(m_paragraphs.size()); }
    /// How many paragraph layouts update() has made since construction (for tests and benches).
    qint64 paragraphLayouts() const { return m_paragraphLayouts; }

private:
    struct Paragraph
    {
        QString text;
        std::unique_ptr<QTextLayout> layout;
        qreal top = 0;
        qreal height = 0;
        bool continued = false; ///< split from the one before at kSoftParagraphLength
    };

    void layOut(Paragraph &paragraph) const;
    void splitLongParagraph();

    QFont m_font;
    qreal m_width = 0;
    std::vector<Paragraph> m_paragraphs;
    std::size_t m_firstDirty = 0; ///< paragraphs from here on need a layout
    qint64 m_paragraphLayouts = 0;
};

} // namespace mantle::ui
