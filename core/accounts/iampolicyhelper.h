#pragma once

#include "account.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace mantle::accounts {

/// The least-privilege IAM policies an account needs, as pretty JSON ready to copy: the identity
/// policy for its auth method (SigV4: bedrock-mantle:CreateInference and ListModels on the
/// region's projects; API key: bedrock-mantle:CallWithBearerToken on "*"), the optional
/// Marketplace statement for third-party models, and for a role the trust policy with the
/// optional sts:ExternalId condition; plus the managed-policy alternative (FACTS.md,
/// "Authentication").
///
/// Pure functions of the account: it does not ask AWS (the account id comes from the role's ARN
/// or from the caller, else "*") and it attaches nothing.
class IamPolicyHelper
{
public:
    struct Options
    {
        /// The 12-digit AWS account id of the resources; empty: from a role's ARN, else "*".
        QString accountId;
        /// Add the Marketplace statement (subscribing to third-party models on first use).
        bool marketplace = true;
        /// Who assumes a role (an ARN); empty: the root of the role's own account, as a
        /// placeholder to replace.
        QString sourcePrincipal;
    };

    /// The policy for the account's principal (the role, for AssumeRole; the IAM user that owns
    /// the key, for an API key).
    static QJsonObject identityPolicy(const Account &account, const Options &options);
    /// For AssumeRole: the role's trust policy; nothing for other methods.
    static std::optional<QJsonObject> trustPolicy(const Account &account, const Options &options);
    /// The managed policies that do the same, in a sentence or two.
    static QString managedAlternative(const Account &account);
    /// Everything above as text: labelled, indented JSON blocks and the managed alternative.
    static QString text(const Account &account, const Options &options);

    /// The 12-digit account id of an ARN ("arn:aws:iam::123456789012:role/R"), or empty.
    static QString accountIdOf(const QString &arn);
    /// An indented JSON document.
    static QByteArray pretty(const QJsonObject &policy);
};

} // namespace mantle::accounts
