#pragma once

#include "conversationitem.h"

#include <QCoreApplication>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

class QPainter;
class QTextDocument;

namespace mantle::ui {

struct ConversationStyle;
class StreamingTextLayout;

/// The laid-out form of one conversation item at one width: its documents (Markdown for a
/// finished answer, plain text otherwise, paragraph-wise StreamingTextLayouts while it streams),
/// the rectangles of its sections, and how to paint and hit-test them. Coordinates are the
/// card's own (0, 0 at its top-left corner).
///
/// It is what the view's layout cache holds for the items on screen; it does not own the item
/// (it copies what it shows) and knows nothing of scrolling or of the other items.
class ConversationItemLayout final
{
    Q_DECLARE_TR_FUNCTIONS(ConversationItemLayout)

public:
    enum class HitKind { None, ReasoningToggle, CopyButton };
    struct Hit
    {
        HitKind kind = HitKind::None;
        int index = -1; ///< the code block of a CopyButton
    };
    struct PaintOptions
    {
        bool current = false;
        bool focused = false;
        int copiedButton = -1; ///< the code block whose button says "Copied"
    };

    /// `style` must outlive the layout (the view drops its layouts when the style changes).
    ConversationItemLayout(const ConversationItem &item, bool reasoningExpanded,
                           const ConversationStyle &style, qreal width);
    ~ConversationItemLayout();
    ConversationItemLayout(const ConversationItemLayout &) = delete;
    ConversationItemLayout &operator=(const ConversationItemLayout &) = delete;

    /// A height for an item never laid out, from its text's length and line count.
    static qreal estimateHeight(const ConversationItem &item, bool reasoningExpanded,
                                const ConversationStyle &style, qreal width);

    qreal width() const { return m_width; }
    void setWidth(qreal width);
    qreal height() const { return m_height; }

    bool isStreaming() const { return m_streaming; }
    /// Streaming only: the text grows at its end; call updateStreaming() before painting.
    void appendText(QStringView delta);
    void appendReasoning(QStringView delta);
    /// Lays out the paragraphs changed by the appends and places the sections again.
    void updateStreaming();

    void paint(QPainter *painter, const QRectF &exposed, const PaintOptions &options) const;
    Hit hitTest(const QPointF &point) const;

    QRectF reasoningToggleRect() const { return m_toggleRect; }
    int codeBlockCount() const { return int(m_codeBlocks.size()); }
    QRectF copyButtonRect(int index) const;
    QString codeBlockText(int index) const;

private:
    struct CodeBlock
    {
        int firstBlock = 0; ///< QTextBlock numbers in the body document
        int lastBlock = 0;
        QString code;
        QRectF rect; ///< in the body's coordinates
    };
    struct ToolCallCard
    {
        QString title;
        std::unique_ptr<QTextDocument> arguments;
        QRectF rect;
        QRectF argumentsRect;
    };

    std::unique_ptr<QTextDocument> makeDocument(const QFont &font) const;
    void buildBody(const ConversationItem &item);
    void findCodeBlocks();
    void placeCodeBlocks();
    void flowDocuments();
    void arrange();
    qreal innerWidth() const;
    qreal copyButtonWidth() const;
    void paintFooter(QPainter *painter) const;

    const ConversationStyle &m_style;
    ConversationItem::Kind m_kind;
    ConversationItem::State m_state;
    QString m_header;
    QString m_footer;
    bool m_hasReasoning = false;
    bool m_reasoningExpanded = false;
    bool m_streaming = false;
    qreal m_width = 0;
    qreal m_height = 0;

    std::unique_ptr<QTextDocument> m_body;
    std::unique_ptr<StreamingTextLayout> m_streamBody;
    std::unique_ptr<QTextDocument> m_reasoning;
    std::unique_ptr<StreamingTextLayout> m_streamReasoning;
    std::unique_ptr<QTextDocument> m_error;
    std::vector<ToolCallCard> m_toolCalls;
    std::vector<CodeBlock> m_codeBlocks;

    QRectF m_headerRect;
    QRectF m_toggleRect;
    QRectF m_reasoningRect;
    QRectF m_bodyRect;
    QRectF m_errorRect;
    QRectF m_footerRect;
};

} // namespace mantle::ui
