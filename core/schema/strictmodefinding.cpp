#include "strictmodefinding.h"

#include <QCoreApplication>

namespace mantle::schema {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::schema::StrictModeFinding)
};

} // namespace

QString StrictModeFinding::fixDescription() const
{
    switch (fix) {
    case Fix::None:
        return {};
    case Fix::SetAdditionalPropertiesFalse:
        return Tr::tr("Set \"additionalProperties\" to false");
    case Fix::AddToRequired:
        return Tr::tr("Add \"%1\" to \"required\" and allow null for it").arg(detail);
    case Fix::RemoveKeyword:
        return Tr::tr("Remove \"%1\"").arg(detail);
    case Fix::ReplaceOneOfWithAnyOf:
        return Tr::tr("Replace \"oneOf\" with \"anyOf\"");
    case Fix::AddObjectType:
        return Tr::tr("Add \"type\": \"object\"");
    }
    return {};
}

} // namespace mantle::schema
