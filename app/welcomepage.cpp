#include "welcomepage.h"

#include "mantle/regions.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

constexpr int kMaximumContentWidth = 720;

QLabel *makeLabel(const QString &text, QWidget *parent, qreal fontScale = 1.0, bool bold = false)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    if (fontScale != 1.0)
        font.setPointSizeF(font.pointSizeF() * fontScale);
    font.setBold(bold);
    label->setFont(font);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
    auto *content = new QWidget(this);
    content->setMaximumWidth(kMaximumContentWidth);

    auto *title = makeLabel(tr("Mantle Playground"), content, 2.0, true);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    auto *version = makeLabel(tr("Version %1").arg(QLatin1String(MANTLE_VERSION)), content);
    version->setObjectName(QStringLiteral("welcomeVersion"));
    auto *summary = makeLabel(tr("Try the models of Amazon Bedrock Mantle through its Chat "
                                 "Completions, Responses and Messages APIs, and see every request "
                                 "it sends."),
                              content);

    const QList<::mantle::mantle::Region> regions = ::mantle::mantle::mantleRegions();
    auto *regionsTitle
        = makeLabel(tr("Regions that serve Mantle (%1)").arg(regions.size()), content, 1.2, true);
    auto *regionList = new QTreeWidget(content);
    regionList->setObjectName(QStringLiteral("regionList"));
    regionList->setColumnCount(2);
    regionList->setHeaderLabels({tr("Region"), tr("Code")});
    regionList->setRootIsDecorated(false);
    regionList->setSelectionMode(QAbstractItemView::NoSelection);
    regionList->setFocusPolicy(Qt::NoFocus);
    for (const ::mantle::mantle::Region &region : regions)
        regionList->addTopLevelItem(new QTreeWidgetItem({region.displayName, region.code}));
    regionList->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    regionList->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    regionList->header()->setStretchLastSection(false);

    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addWidget(title);
    contentLayout->addWidget(version);
    contentLayout->addSpacing(8);
    contentLayout->addWidget(summary);
    contentLayout->addSpacing(16);
    contentLayout->addWidget(regionsTitle);
    contentLayout->addWidget(regionList, 1);

    auto *layout = new QHBoxLayout(this);
    layout->addStretch();
    layout->addWidget(content, 4);
    layout->addStretch();
}

} // namespace mantle::ui
