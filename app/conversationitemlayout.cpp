#include "conversationitemlayout.h"

#include "conversationstyle.h"
#include "streamingtextlayout.h"

#include <QAbstractTextDocumentLayout>
#include <QFontMetricsF>
#include <QJsonDocument>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace mantle::ui {

namespace {

/// A document that never loads a resource: an answer's Markdown image must not make the view
/// read local files or wait for anything.
class InertTextDocument final : public QTextDocument
{
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int, const QUrl &) override { return {}; }
};

bool isCodeBlock(const QTextBlock &block)
{
    const QTextBlockFormat format = block.blockFormat();
    return format.hasProperty(QTextFormat::BlockCodeFence)
        || format.hasProperty(QTextFormat::BlockCodeLanguage);
}

QString prettyArguments(const QString &arguments)
{
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(arguments.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || json.isNull())
        return arguments;
    return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
}

qreal estimateLines(const QString &text, qreal charsPerLine)
{
    if (text.isEmpty())
        return 0;
    // Each line break starts a line; long paragraphs wrap. Good enough until laid out.
    return qreal(text.count(QLatin1Char('\n')) + 1) + std::floor(qreal(text.size()) / charsPerLine);
}

void drawDocument(QPainter *painter, const QTextDocument &document, const QPointF &origin,
                  const QRectF &exposed, const QPalette &palette, const QColor &textColor)
{
    painter->save();
    painter->translate(origin);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette;
    context.palette.setColor(QPalette::Text, textColor);
    context.clip = exposed.translated(-origin);
    painter->setClipRect(context.clip, Qt::IntersectClip);
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

/// A rounded rectangle with a border, painted as two fills: Qt's raster engine strokes an
/// antialiased rounded outline about a hundred times slower than it fills one (measured with
/// Qt 6.4: 1.6 ms for the outline of one 860×100 card against 0.02 ms for its fill).
void drawFramedRoundedRect(QPainter *painter, const QRectF &rect, qreal radius, const QBrush &fill,
                           const QColor &border, qreal borderWidth)
{
    painter->setPen(Qt::NoPen);
    if (borderWidth > 0 && border.alpha() > 0 && fill.style() != Qt::NoBrush) {
        painter->setBrush(border);
        painter->drawRoundedRect(rect, radius, radius);
    }
    const QRectF inner = rect.adjusted(borderWidth, borderWidth, -borderWidth, -borderWidth);
    const qreal innerRadius = std::max<qreal>(0, radius - borderWidth);
    if (fill.style() == Qt::NoBrush) {
        // An outline only: cut the inside out of the border's fill.
        if (borderWidth > 0) {
            QPainterPath ring;
            ring.addRoundedRect(rect, radius, radius);
            QPainterPath hole;
            hole.addRoundedRect(inner, innerRadius, innerRadius);
            painter->setBrush(border);
            painter->drawPath(ring.subtracted(hole));
        }
        return;
    }
    painter->setBrush(fill);
    painter->drawRoundedRect(inner, innerRadius, innerRadius);
}

} // namespace

ConversationItemLayout::ConversationItemLayout(const ConversationItem &item, bool reasoningExpanded,
                                               const ConversationStyle &style, qreal width)
    : m_style(style)
    , m_kind(item.kind)
    , m_state(item.state)
    , m_header(item.header)
    , m_footer(item.footer)
    , m_hasReasoning(!item.reasoning.isEmpty())
    , m_reasoningExpanded(reasoningExpanded)
    , m_streaming(item.state == ConversationItem::State::Streaming)
    , m_width(width)
{
    const qreal inner = innerWidth();
    buildBody(item);
    if (m_reasoningExpanded) {
        if (m_streaming) {
            m_streamReasoning
                = std::make_unique<StreamingTextLayout>(m_style.font, inner - m_style.padding);
            m_streamReasoning->setText(item.reasoning);
        } else if (m_hasReasoning) {
            m_reasoning = makeDocument(m_style.font);
            m_reasoning->setPlainText(item.reasoning);
        }
    }
    for (const api::ToolCall &call : item.toolCalls) {
        ToolCallCard card;
        card.title = tr("Tool call · %1").arg(call.name);
        card.arguments = makeDocument(m_style.monoFont);
        card.arguments->setPlainText(prettyArguments(call.arguments));
        m_toolCalls.push_back(std::move(card));
    }
    if (!item.errorText.isEmpty()) {
        m_error = makeDocument(m_style.font);
        m_error->setPlainText(item.errorText);
    }
    flowDocuments();
    arrange();
}

ConversationItemLayout::~ConversationItemLayout() = default;

std::unique_ptr<QTextDocument> ConversationItemLayout::makeDocument(const QFont &font) const
{
    auto document = std::make_unique<InertTextDocument>();
    document->setUndoRedoEnabled(false);
    document->setDocumentMargin(0);
    document->setDefaultFont(font);
    return document;
}

void ConversationItemLayout::buildBody(const ConversationItem &item)
{
    if (m_streaming) {
        // Plain text while it streams: Markdown is rendered once, when the answer is complete.
        m_streamBody = std::make_unique<StreamingTextLayout>(m_style.font, innerWidth());
        m_streamBody->setText(item.text);
        return;
    }
    if (item.text.isEmpty())
        return;
    if (m_kind == ConversationItem::Kind::Assistant) {
        m_body = makeDocument(m_style.font);
        m_body->setMarkdown(item.text);
        findCodeBlocks();
    } else {
        m_body = makeDocument(m_kind == ConversationItem::Kind::Tool ? m_style.monoFont
                                                                     : m_style.font);
        m_body->setPlainText(item.text);
    }
}

void ConversationItemLayout::findCodeBlocks()
{
    // Qt's Markdown importer (md4c) makes one QTextBlock per code line, each marked with the
    // fence (or an empty language for an indented block); consecutive ones form one code block.
    const qreal buttonSpace = m_style.smallLineHeight + m_style.gap * 2;
    const qreal inset = m_style.gap * 2;
    QTextCursor cursor(m_body.get());
    CodeBlock *open = nullptr;
    for (QTextBlock block = m_body->begin(); block.isValid(); block = block.next()) {
        if (!isCodeBlock(block)) {
            open = nullptr;
            continue;
        }
        QTextBlockFormat format;
        format.setNonBreakableLines(false); // wrap long lines: the view has no horizontal scroll
        format.setLeftMargin(block.blockFormat().leftMargin() + inset);
        format.setRightMargin(block.blockFormat().rightMargin() + inset);
        if (!open) {
            m_codeBlocks.push_back({block.blockNumber(), block.blockNumber(), block.text(), {}});
            open = &m_codeBlocks.back();
            format.setTopMargin(block.blockFormat().topMargin() + buttonSpace);
        } else {
            open->lastBlock = block.blockNumber();
            open->code += QLatin1Char('\n') + block.text();
        }
        cursor.setPosition(block.position());
        cursor.mergeBlockFormat(format);
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
        QTextCharFormat charFormat;
        charFormat.setFont(m_style.monoFont, QTextCharFormat::FontPropertiesSpecifiedOnly);
        cursor.mergeCharFormat(charFormat);
    }
    for (CodeBlock &code : m_codeBlocks) {
        QTextBlockFormat format;
        format.setBottomMargin(
            m_body->findBlockByNumber(code.lastBlock).blockFormat().bottomMargin() + m_style.gap);
        cursor.setPosition(m_body->findBlockByNumber(code.lastBlock).position());
        cursor.mergeBlockFormat(format);
    }
}

void ConversationItemLayout::placeCodeBlocks()
{
    if (m_codeBlocks.empty())
        return;
    // Measured from the laid-out lines, whatever the block margins count in blockBoundingRect().
    const auto textTop = [](const QTextBlock &block) {
        const QTextLayout *layout = block.layout();
        return layout->position().y() + (layout->lineCount() > 0 ? layout->lineAt(0).y() : 0);
    };
    const auto textBottom = [](const QTextBlock &block) {
        const QTextLayout *layout = block.layout();
        if (layout->lineCount() == 0)
            return layout->position().y();
        const QTextLine line = layout->lineAt(layout->lineCount() - 1);
        return layout->position().y() + line.y() + line.height();
    };
    for (CodeBlock &code : m_codeBlocks) {
        const qreal top = textTop(m_body->findBlockByNumber(code.firstBlock))
            - (m_style.smallLineHeight + m_style.gap * 2);
        const qreal bottom = textBottom(m_body->findBlockByNumber(code.lastBlock)) + m_style.gap;
        code.rect = QRectF(0, top, m_body->textWidth(), bottom - top);
    }
}

qreal ConversationItemLayout::innerWidth() const
{
    return std::max<qreal>(m_style.averageCharWidth * 4, m_width - 2 * m_style.padding);
}

void ConversationItemLayout::flowDocuments()
{
    const qreal inner = innerWidth();
    if (m_body) {
        m_body->setTextWidth(inner);
        m_body->size(); // finishes the layout that placeCodeBlocks() reads
        placeCodeBlocks();
    }
    if (m_streamBody) {
        m_streamBody->setWidth(inner);
        m_streamBody->update();
    }
    if (m_reasoning)
        m_reasoning->setTextWidth(inner - m_style.padding);
    if (m_streamReasoning) {
        m_streamReasoning->setWidth(inner - m_style.padding);
        m_streamReasoning->update();
    }
    for (ToolCallCard &card : m_toolCalls)
        card.arguments->setTextWidth(inner - 4 * m_style.gap);
    if (m_error)
        m_error->setTextWidth(inner);
}

void ConversationItemLayout::arrange()
{
    const qreal left = m_style.padding;
    const qreal inner = innerWidth();
    const qreal gap = m_style.gap;
    qreal y = m_style.padding;
    auto place = [&](QRectF &rect, qreal x, qreal width, qreal height) {
        rect = QRectF(x, y, width, height);
        y += height + gap;
    };
    m_headerRect = m_toggleRect = m_reasoningRect = m_bodyRect = m_errorRect = m_footerRect = {};
    if (!m_header.isEmpty())
        place(m_headerRect, left, inner, m_style.smallLineHeight);
    if (m_hasReasoning || (m_streamReasoning && m_streamReasoning->height() > 0)) {
        place(m_toggleRect, left, inner, m_style.smallLineHeight + gap);
        if (m_reasoning)
            place(m_reasoningRect, left + m_style.padding, inner - m_style.padding,
                  m_reasoning->size().height());
        else if (m_streamReasoning)
            place(m_reasoningRect, left + m_style.padding, inner - m_style.padding,
                  m_streamReasoning->height());
    }
    if (m_body)
        place(m_bodyRect, left, inner, m_body->size().height());
    else if (m_streamBody)
        place(m_bodyRect, left, inner, std::max(m_streamBody->height(), m_style.lineHeight));
    for (ToolCallCard &card : m_toolCalls) {
        const qreal argumentsHeight = card.arguments->size().height();
        place(card.rect, left, inner,
              2 * gap + m_style.lineHeight + gap + argumentsHeight + 2 * gap);
        card.argumentsRect
            = QRectF(left + 2 * gap, card.rect.top() + 2 * gap + m_style.lineHeight + gap,
                     inner - 4 * gap, argumentsHeight);
    }
    if (m_error)
        place(m_errorRect, left, inner, m_error->size().height());
    const bool hasMark = m_state != ConversationItem::State::Finished;
    if (!m_footer.isEmpty() || hasMark)
        place(m_footerRect, left, inner, m_style.smallLineHeight + (hasMark ? gap : 0));
    if (y > m_style.padding)
        y -= gap;
    m_height = std::ceil(y + m_style.padding);
}

qreal ConversationItemLayout::estimateHeight(const ConversationItem &item, bool reasoningExpanded,
                                             const ConversationStyle &style, qreal width)
{
    const qreal inner = std::max<qreal>(style.averageCharWidth * 4, width - 2 * style.padding);
    const qreal charsPerLine = std::max<qreal>(1, inner / style.averageCharWidth);
    const qreal monoCharsPerLine = std::max<qreal>(1, inner / style.monoCharWidth);
    const qreal gap = style.gap;
    qreal y = 2 * style.padding;
    if (!item.header.isEmpty())
        y += style.smallLineHeight + gap;
    if (!item.reasoning.isEmpty()) {
        y += style.smallLineHeight + 2 * gap;
        if (reasoningExpanded)
            y += estimateLines(item.reasoning, charsPerLine) * style.lineHeight + gap;
    }
    if (!item.text.isEmpty()) {
        const bool mono = item.kind == ConversationItem::Kind::Tool;
        y += estimateLines(item.text, mono ? monoCharsPerLine : charsPerLine)
                * (mono ? style.monoLineHeight : style.lineHeight)
            + gap;
    }
    for (const api::ToolCall &call : item.toolCalls)
        y += 6 * gap + style.lineHeight
            + (estimateLines(call.arguments, monoCharsPerLine) + 2) * style.monoLineHeight;
    if (!item.errorText.isEmpty())
        y += estimateLines(item.errorText, charsPerLine) * style.lineHeight + gap;
    if (!item.footer.isEmpty() || item.state != ConversationItem::State::Finished)
        y += style.smallLineHeight + gap;
    return std::ceil(y);
}

void ConversationItemLayout::setWidth(qreal width)
{
    if (width == m_width)
        return;
    m_width = width;
    flowDocuments();
    arrange();
}

void ConversationItemLayout::appendText(QStringView delta)
{
    if (m_streamBody)
        m_streamBody->append(delta);
}

void ConversationItemLayout::appendReasoning(QStringView delta)
{
    if (delta.isEmpty())
        return;
    m_hasReasoning = true;
    if (m_streamReasoning)
        m_streamReasoning->append(delta);
}

void ConversationItemLayout::updateStreaming()
{
    if (m_streamBody)
        m_streamBody->update();
    if (m_streamReasoning)
        m_streamReasoning->update();
    arrange();
}

QRectF ConversationItemLayout::copyButtonRect(int index) const
{
    if (index < 0 || index >= int(m_codeBlocks.size()))
        return {};
    const QRectF code = m_codeBlocks[std::size_t(index)].rect.translated(m_bodyRect.topLeft());
    const qreal width = copyButtonWidth();
    return QRectF(code.right() - width - m_style.gap, code.top() + m_style.gap, width,
                  m_style.smallLineHeight);
}

QString ConversationItemLayout::codeBlockText(int index) const
{
    if (index < 0 || index >= int(m_codeBlocks.size()))
        return {};
    return m_codeBlocks[std::size_t(index)].code;
}

qreal ConversationItemLayout::copyButtonWidth() const
{
    const QFontMetricsF metrics(m_style.smallFont);
    return std::max(metrics.horizontalAdvance(tr("Copy")), metrics.horizontalAdvance(tr("Copied")))
        + 2 * m_style.gap;
}

ConversationItemLayout::Hit ConversationItemLayout::hitTest(const QPointF &point) const
{
    if (m_toggleRect.contains(point))
        return {HitKind::ReasoningToggle, -1};
    for (int i = 0; i < int(m_codeBlocks.size()); ++i) {
        if (copyButtonRect(i).contains(point))
            return {HitKind::CopyButton, i};
    }
    return {};
}

void ConversationItemLayout::paint(QPainter *painter, const QRectF &exposed,
                                   const PaintOptions &options) const
{
    const ConversationStyle &style = m_style;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);

    // The card: its colour says who speaks; the current item gets a highlight border.
    QRectF card = QRectF(0, 0, m_width, m_height).adjusted(0.5, 0.5, -0.5, -0.5);
    // Only the exposed part (and its rounded corners just outside it, which the clip hides):
    // the raster engine's antialiased fill costs what the whole path covers, and an answer can
    // be thousands of pixels tall.
    const qreal slack = style.radius + 4;
    card.setTop(std::max(card.top(), exposed.top() - slack));
    card.setBottom(std::min(card.bottom(), exposed.bottom() + slack));
    drawFramedRoundedRect(
        painter, card.adjusted(-0.5, -0.5, 0.5, 0.5), style.radius, style.cardColor(m_kind),
        options.current ? style.currentBorderColor(options.focused) : style.borderColor(),
        options.current ? 2.0 : 1.0);
    if (m_kind == ConversationItem::Kind::User) {
        // An accent bar on the left edge, so the prompt stands out without relying on colour.
        painter->setPen(Qt::NoPen);
        painter->setBrush(style.palette.color(QPalette::Highlight));
        QPainterPath bar;
        bar.addRoundedRect(
            QRectF(card.left() + 1, card.top() + style.radius, 3, card.height() - 2 * style.radius),
            1.5, 1.5);
        painter->drawPath(bar);
    }

    painter->setFont(style.smallFont);
    const QFontMetricsF smallMetrics(style.smallFont);
    if (!m_headerRect.isEmpty() && m_headerRect.intersects(exposed)) {
        painter->setPen(style.mutedColor());
        painter->drawText(m_headerRect, Qt::AlignLeft | Qt::AlignVCenter,
                          smallMetrics.elidedText(m_header, Qt::ElideRight, m_headerRect.width()));
    }

    if (!m_toggleRect.isEmpty()) {
        // A triangle pointing right (collapsed) or down (expanded), then the label.
        const qreal size = style.smallLineHeight * 0.45;
        const QPointF centre(m_toggleRect.left() + size, m_toggleRect.center().y());
        QPolygonF triangle;
        if (m_reasoningExpanded)
            triangle << centre + QPointF(-size / 2, -size / 3)
                     << centre + QPointF(size / 2, -size / 3) << centre + QPointF(0, size / 2);
        else
            triangle << centre + QPointF(-size / 3, -size / 2) << centre + QPointF(size / 2, 0)
                     << centre + QPointF(-size / 3, size / 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(style.mutedColor());
        painter->drawPolygon(triangle);
        painter->setPen(style.mutedColor());
        painter->drawText(m_toggleRect.adjusted(2 * size + style.gap, 0, 0, 0),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          m_reasoningExpanded ? tr("Reasoning") : tr("Reasoning (hidden)"));
    }
    if (!m_reasoningRect.isEmpty() && m_reasoningRect.intersects(exposed)) {
        painter->fillRect(QRectF(m_reasoningRect.left() - style.padding / 2 - 1,
                                 m_reasoningRect.top(), 2, m_reasoningRect.height()),
                          style.borderColor());
        if (m_reasoning) {
            drawDocument(painter, *m_reasoning, m_reasoningRect.topLeft(), exposed, style.palette,
                         style.mutedColor());
        } else if (m_streamReasoning) {
            painter->setPen(style.mutedColor());
            m_streamReasoning->draw(painter, m_reasoningRect.topLeft(),
                                    exposed.translated(-m_reasoningRect.topLeft()));
        }
    }

    if (!m_bodyRect.isEmpty() && m_bodyRect.intersects(exposed)) {
        if (m_body) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(style.codeBackground());
            for (const CodeBlock &code : m_codeBlocks)
                painter->drawRoundedRect(code.rect.translated(m_bodyRect.topLeft()),
                                         style.radius / 2, style.radius / 2);
            drawDocument(painter, *m_body, m_bodyRect.topLeft(), exposed, style.palette,
                         style.textColor());
            painter->setFont(style.smallFont);
            for (int i = 0; i < int(m_codeBlocks.size()); ++i) {
                const QRectF button = copyButtonRect(i);
                drawFramedRoundedRect(painter, button, style.radius / 2,
                                      style.palette.color(QPalette::Button), style.borderColor(),
                                      1);
                painter->setPen(style.palette.color(QPalette::ButtonText));
                painter->drawText(button, Qt::AlignCenter,
                                  i == options.copiedButton ? tr("Copied") : tr("Copy"));
            }
        } else if (m_streamBody) {
            painter->setPen(style.textColor());
            painter->setFont(style.font);
            m_streamBody->draw(painter, m_bodyRect.topLeft(),
                               exposed.translated(-m_bodyRect.topLeft()));
        }
    }

    for (const ToolCallCard &card : m_toolCalls) {
        if (!card.rect.intersects(exposed))
            continue;
        drawFramedRoundedRect(painter, card.rect, style.radius / 2, style.toolCardColor(),
                              style.borderColor(), 1);
        painter->setFont(style.boldFont);
        painter->setPen(style.textColor());
        const QRectF title(card.rect.left() + 2 * style.gap, card.rect.top() + 2 * style.gap,
                           card.rect.width() - 4 * style.gap, style.lineHeight);
        painter->drawText(
            title, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(style.boldFont).elidedText(card.title, Qt::ElideRight, title.width()));
        drawDocument(painter, *card.arguments, card.argumentsRect.topLeft(), exposed, style.palette,
                     style.textColor());
    }

    if (m_error && m_errorRect.intersects(exposed))
        drawDocument(painter, *m_error, m_errorRect.topLeft(), exposed, style.palette,
                     style.errorColor());

    if (!m_footerRect.isEmpty() && m_footerRect.intersects(exposed))
        paintFooter(painter);
    painter->restore();
}

void ConversationItemLayout::paintFooter(QPainter *painter) const
{
    const ConversationStyle &style = m_style;
    const QFontMetricsF metrics(style.smallFont);
    painter->setFont(style.smallFont);
    QRectF rest = m_footerRect;
    QString mark;
    QColor markColor = style.mutedColor();
    switch (m_state) {
    case ConversationItem::State::Stopped:
        mark = tr("Stopped");
        break;
    case ConversationItem::State::Failed:
        mark = tr("Failed");
        markColor = style.errorColor();
        break;
    case ConversationItem::State::Streaming:
        mark = tr("Streaming…");
        break;
    case ConversationItem::State::Finished:
        break;
    }
    if (!mark.isEmpty()) {
        // The state as a small outlined badge before the footer text.
        const QRectF badge(rest.left(), rest.top(), metrics.horizontalAdvance(mark) + 2 * style.gap,
                           rest.height());
        drawFramedRoundedRect(painter, badge, style.radius / 2, Qt::NoBrush, markColor, 1);
        painter->setPen(markColor);
        painter->drawText(badge, Qt::AlignCenter, mark);
        rest.setLeft(badge.right() + style.gap);
    }
    if (!m_footer.isEmpty()) {
        painter->setPen(style.mutedColor());
        painter->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(m_footer, Qt::ElideRight, rest.width()));
    }
}

} // namespace mantle::ui
