#!/usr/bin/env python3
"""Short-term Bedrock API keys made by botocore, for tst_bedrocktoken's cross-check.

Reads JSON cases from stdin, one list of
{"access_key_id", "secret_access_key", "session_token" (or null), "region", "time"
 ("YYYYMMDDTHHMMSSZ"), "expires_in"}
and prints a JSON list of keys, made the way AWS's Python token generator does: botocore's
SigV4QueryAuth presigning POST https://bedrock.amazonaws.com/?Action=CallWithBearerToken for
service "bedrock", the URL without its scheme plus "&Version=1", base64, "bedrock-api-key-".
The clock is fixed to the case's time. Test credentials only (secrets come on stdin, not argv).
"""

import base64
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def make_key(case):
    credentials = Credentials(
        case["access_key_id"], case["secret_access_key"], case.get("session_token")
    )
    request = AWSRequest(
        method="POST",
        url="https://bedrock.amazonaws.com/",
        headers={"host": "bedrock.amazonaws.com"},
        params={"Action": "CallWithBearerToken"},
    )
    when = datetime.datetime.strptime(case["time"], "%Y%m%dT%H%M%SZ")
    auth = SigV4QueryAuth(credentials, "bedrock", case["region"], expires=case["expires_in"])
    # Newer botocore asks get_current_datetime(), older asks datetime.datetime.utcnow().
    if hasattr(botocore.auth, "get_current_datetime"):
        with mock.patch("botocore.auth.get_current_datetime", return_value=when):
            auth.add_auth(request)
    else:
        with mock.patch("botocore.auth.datetime") as fake:
            fake.datetime.utcnow.return_value = when
            fake.datetime.now.return_value = when.replace(tzinfo=datetime.timezone.utc)
            auth.add_auth(request)
    url = request.url.replace("https://", "") + "&Version=1"
    return "bedrock-api-key-" + base64.b64encode(url.encode("utf-8")).decode("ascii")


def main():
    cases = json.load(sys.stdin)
    json.dump([make_key(case) for case in cases], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
