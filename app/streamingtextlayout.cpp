#include "streamingtextlayout.h"

#include <QPainter>
#include <QRectF>
#include <QTextLayout>
#include <QTextLine>
#include <QTextOption>

#include <algorithm>
#include <utility>

namespace mantle::ui {

StreamingTextLayout::StreamingTextLayout(const QFont &font, qreal width)
    : m_font(font)
    , m_width(width)
{
    m_paragraphs.emplace_back();
}

StreamingTextLayout::~StreamingTextLayout() = default;

void StreamingTextLayout::setText(QStringView text)
{
    m_paragraphs.clear();
    m_paragraphs.emplace_back();
    m_firstDirty = 0;
    append(text);
}

void StreamingTextLayout::append(QStringView delta)
{
    if (delta.isEmpty())
        return;
    m_firstDirty = std::min(m_firstDirty, m_paragraphs.size() - 1);
    qsizetype start = 0;
    while (start <= delta.size()) {
        const qsizetype newline = delta.indexOf(QLatin1Char('\n'), start);
        const qsizetype end = newline < 0 ? delta.size() : newline;
        m_paragraphs.back().text.append(delta.mid(start, end - start));
        splitLongParagraph();
        if (newline < 0)
            break;
        m_paragraphs.emplace_back();
        start = newline + 1;
    }
}

void StreamingTextLayout::splitLongParagraph()
{
    while (m_paragraphs.back().text.size() >= kSoftParagraphLength) {
        QString &text = m_paragraphs.back().text;
        // At the last space of the first kSoftParagraphLength characters, or right there when
        // there is none late enough (never between the halves of a surrogate pair).
        qsizetype cut = text.lastIndexOf(QLatin1Char(' '), kSoftParagraphLength - 1) + 1;
        if (cut < kSoftParagraphLength / 2) {
            cut = kSoftParagraphLength;
            if (text.at(cut - 1).isHighSurrogate())
                ++cut;
        }
        QString rest = text.mid(cut);
        text.truncate(cut);
        m_paragraphs.emplace_back();
        m_paragraphs.back().text = std::move(rest);
        m_paragraphs.back().continued = true;
    }
}

QString StreamingTextLayout::text() const
{
    QString text;
    for (const Paragraph &paragraph : m_paragraphs) {
        if (&paragraph != &m_paragraphs.front() && !paragraph.continued)
            text += QLatin1Char('\n');
        text += paragraph.text;
    }
    return text;
}

void StreamingTextLayout::setWidth(qreal width)
{
    if (width == m_width)
        return;
    m_width = width;
    m_firstDirty = 0;
}

void StreamingTextLayout::layOut(Paragraph &paragraph) const
{
    if (!paragraph.layout) {
        paragraph.layout = std::make_unique<QTextLayout>();
        paragraph.layout->setFont(m_font);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        paragraph.layout->setTextOption(option);
        paragraph.layout->setCacheEnabled(true);
    }
    QTextLayout &layout = *paragraph.layout;
    if (layout.text() != paragraph.text)
        layout.setText(paragraph.text);
    layout.beginLayout();
    qreal y = 0;
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(m_width);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
    paragraph.height = y;
}

void StreamingTextLayout::update()
{
    if (m_firstDirty >= m_paragraphs.size())
        return;
    qreal top = m_firstDirty == 0
        ? 0
        : m_paragraphs[m_firstDirty - 1].top + m_paragraphs[m_firstDirty - 1].height;
    for (std::size_t i = m_firstDirty; i < m_paragraphs.size(); ++i) {
        Paragraph &paragraph = m_paragraphs[i];
        layOut(paragraph);
        ++m_paragraphLayouts;
        paragraph.top = top;
        top += paragraph.height;
    }
    m_firstDirty = m_paragraphs.size();
}

qreal StreamingTextLayout::height() const
{
    const Paragraph &last = m_paragraphs.back();
    return last.top + last.height;
}

void StreamingTextLayout::draw(QPainter *painter, const QPointF &origin, const QRectF &clip) const
{
    // The first paragraph that ends below the clip's top.
    auto it = std::upper_bound(
        m_paragraphs.begin(), m_paragraphs.end(), clip.top(),
        [](qreal y, const Paragraph &paragraph) { return y < paragraph.top + paragraph.height; });
    for (; it != m_paragraphs.end() && it->top < clip.bottom(); ++it) {
        if (it->layout)
            it->layout->draw(painter, origin + QPointF(0, it->top));
    }
}

} // namespace mantle::ui
