#include "schemaviolation.h"

#include <QCoreApplication>

namespace mantle::schema {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::schema::SchemaViolation)
};

} // namespace

QString SchemaViolation::toDisplayString() const
{
    const QString where = pointer.isEmpty() ? Tr::tr("(root)") : pointer;
    return Tr::tr("%1: %2").arg(where, message);
}

} // namespace mantle::schema
