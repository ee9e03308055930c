#!/usr/bin/python3
"""botocore's SigV4 cost per request on the cross-check's generated requests.

usage: sigv4_botocore.py dump FILE [MAX_BODY]   write the cases as JSON for bench_sigv4
       sigv4_botocore.py time [MAX_BODY]        print botocore's median time per request, in µs
MAX_BODY keeps only the cases whose body has at most that many bytes (default: all). Large bodies
measure SHA-256 throughput (OpenSSL in both), not the signer.
"""
import base64
import datetime
import hashlib
import json
import os
import statistics
import sys
import time
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "crosscheck"))
import sigv4cases  # noqa: E402


def cases(max_body):
    return [c for c in sigv4cases.generate(250) if max_body is None or len(c["body"]) <= max_body]


def dump(path, max_body):
    cases_ = cases(max_body)
    out = []
    for c in cases_:
        out.append({"method": c["method"], "url": c["url"], "headers": c["headers"],
                    "body_base64": base64.b64encode(c["body"]).decode(), "region": c["region"],
                    "time": c["time"], "token": c["token"] or "",
                    "content_sha256": c["content_sha256"]})
    with open(path, "w") as f:
        json.dump(out, f)


def time_botocore(max_body, rounds=15):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    prepared = []
    for c in cases(max_body):
        creds = Credentials(sigv4cases.ACCESS_KEY_ID, sigv4cases.SECRET_ACCESS_KEY, c["token"])
        prepared.append((c, SigV4Auth(creds, "bedrock-mantle", c["region"]),
                         datetime.datetime.strptime(c["time"], "%Y%m%dT%H%M%SZ")))
    per_request = []
    with mock.patch("botocore.auth.datetime") as fake:
        for _ in range(rounds):
            elapsed = 0.0
            for c, auth, when in prepared:
                fake.datetime.utcnow.return_value = when
                request = AWSRequest(method=c["method"], url=c["url"], data=c["body"])
                for name, value in c["headers"]:
                    request.headers[name] = value
                if c["content_sha256"]:
                    request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(c["body"]).hexdigest()
                start = time.perf_counter()
                auth.add_auth(request)
                elapsed += time.perf_counter() - start
            per_request.append(elapsed / len(prepared) * 1e6)
    return statistics.median(per_request)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "dump":
        dump(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
    elif len(sys.argv) >= 2 and sys.argv[1] == "time":
        print("%.2f" % time_botocore(int(sys.argv[2]) if len(sys.argv) > 2 else None))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
