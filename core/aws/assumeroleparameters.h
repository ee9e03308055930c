#pragma once

#include "common/result.h"

#include <QString>

namespace mantle::aws {

/// What to ask STS AssumeRole for: which role, under which session name, for how long, in which
/// region, and the external ID the role's trust policy may demand.
///
/// Plain data with a check of the shapes AWS accepts, so a typo is reported before anything is
/// sent. It does not know whether the role exists or trusts the caller; only STS can say that.
struct AssumeRoleParameters
{
    static constexpr int kMinDurationSeconds = 900;
    static constexpr int kMaxDurationSeconds = 43200;
    static constexpr int kDefaultDurationSeconds = 3600;

    QString roleArn; ///< arn:aws:iam::123456789012:role/path/Name
    QString roleSessionName; ///< 2 to 64 characters of [A-Za-z0-9_+=,.@-]
    QString externalId; ///< empty: none is sent; else 2 to 1224 characters of [A-Za-z0-9_+=,.@:/-]
    int durationSeconds = kDefaultDurationSeconds; ///< 900 to 43200
    QString region; ///< the region whose STS endpoint is called and that scopes the signature

    /// Checks every field's shape. The error names the first bad field (Error::code is the STS
    /// parameter name: RoleArn, RoleSessionName, ExternalId, DurationSeconds, or Region) and how to
    /// fix it; it never repeats the whole external ID.
    Status validate() const;

    bool operator==(const AssumeRoleParameters &) const = default;
};

} // namespace mantle::aws
