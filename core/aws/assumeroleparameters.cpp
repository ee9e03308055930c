#include "assumeroleparameters.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::AssumeRoleParameters)
};

Error fieldError(const char *field, QString message, QString hint = {})
{
    Error e = makeError(Error::Kind::InvalidInput, std::move(message), std::move(hint));
    e.code = QLatin1String(field);
    return e;
}

/// A character as a person can read it in a message: itself, or its code point when invisible.
QString describeCharacter(QChar c)
{
    if (c.isPrint() && !c.isSpace())
        return Tr::tr("“%1”").arg(c);
    return QStringLiteral("U+%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0')).toUpper();
}

bool isWordCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
        || c == u'_';
}

/// The first character of `text` that is neither a word character nor one of `extra`, if any.
qsizetype firstBadCharacter(const QString &text, QLatin1String extra)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!isWordCharacter(c) && !extra.contains(c))
            return i;
    }
    return -1;
}

const QString &roleArnExample()
{
    static const QString example = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    return example;
}

Status validateRoleArn(const QString &arn)
{
    // IAM: "arn:<partition>:iam::<account>:role/<path><name>", the path being "/" or
    // "/a/b/" and the name 1-64 of [\w+=,.@-] (IAM API reference, CreateRole).
    static const QRegularExpression pattern(QStringLiteral(
        R"(^arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role/(?:[\x21-\x7e]*/)?[A-Za-z0-9_+=,.@-]{1,64}$)"));
    const QString hint = Tr::tr("Give the ARN of the role to assume, as the IAM console shows it "
                                "on the role's page, for example %1.")
                             .arg(roleArnExample());
    if (arn.isEmpty())
        return fieldError("RoleArn", Tr::tr("The role ARN is empty."), hint);
    if (!pattern.match(arn).hasMatch()) {
        if (arn.contains(QLatin1String(":assumed-role/")))
            return fieldError("RoleArn",
                              Tr::tr("“%1” is the ARN of a role session, not of a role.").arg(arn),
                              hint);
        return fieldError("RoleArn", Tr::tr("“%1” is not the ARN of an IAM role.").arg(arn), hint);
    }
    return {};
}

Status validateSessionName(const QString &name)
{
    const QString hint = Tr::tr("Use 2 to 64 characters: letters, digits and + = , . @ _ -.");
    if (name.size() < 2 || name.size() > 64)
        return fieldError(
            "RoleSessionName",
            Tr::tr("The role session name has %n character(s).", nullptr, int(name.size())), hint);
    const qsizetype bad = firstBadCharacter(name, QLatin1String("+=,.@-"));
    if (bad >= 0)
        return fieldError("RoleSessionName",
                          Tr::tr("The role session name contains %1, which STS does not allow.")
                              .arg(describeCharacter(name.at(bad))),
                          hint);
    return {};
}

Status validateExternalId(const QString &externalId)
{
    if (externalId.isEmpty())
        return {}; // none is sent
    const QString hint
        = Tr::tr("Use the external ID exactly as the role's owner gave it: 2 to 1224 "
                 "characters of letters, digits and + = , . @ : / _ -.");
    if (externalId.size() < 2 || externalId.size() > 1224)
        return fieldError(
            "ExternalId",
            Tr::tr("The external ID has %n character(s).", nullptr, int(externalId.size())), hint);
    const qsizetype bad = firstBadCharacter(externalId, QLatin1String("+=,.@:/-"));
    if (bad >= 0)
        return fieldError("ExternalId",
                          Tr::tr("The external ID contains %1 at position %2, which STS does not "
                                 "allow.")
                              .arg(describeCharacter(externalId.at(bad)))
                              .arg(bad + 1),
                          hint);
    return {};
}

Status validateDuration(int seconds)
{
    if (seconds < AssumeRoleParameters::kMinDurationSeconds
        || seconds > AssumeRoleParameters::kMaxDurationSeconds)
        return fieldError(
            "DurationSeconds",
            Tr::tr("The session duration of %1 seconds is outside the range STS accepts, %2 to %3 "
                   "seconds (15 minutes to 12 hours).")
                .arg(seconds)
                .arg(AssumeRoleParameters::kMinDurationSeconds)
                .arg(AssumeRoleParameters::kMaxDurationSeconds),
            Tr::tr("Choose a duration in that range. The role's own maximum may be lower: one hour "
                   "unless its owner raised it, and always one hour when a role assumes a role."));
    return {};
}

Status validateRegion(const QString &region)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$"));
    const QString hint = Tr::tr("Give a region code such as us-east-1.");
    if (region.isEmpty())
        return fieldError("Region", Tr::tr("No region is set for STS."), hint);
    if (!pattern.match(region).hasMatch())
        return fieldError("Region", Tr::tr("“%1” is not an AWS region code.").arg(region), hint);
    return {};
}

} // namespace

Status AssumeRoleParameters::validate() const
{
    for (const Status &status : {validateRoleArn(roleArn), validateSessionName(roleSessionName),
                                 validateExternalId(externalId), validateDuration(durationSeconds),
                                 validateRegion(region)}) {
        if (!status)
            return status;
    }
    return {};
}

} // namespace mantle::aws
