"""Generated SigV4 requests for cross-checking our signer against botocore (and for the benchmark).

Each case is a dict: method, url (strictly encoded, as we would send it), headers [(name, value)],
body (bytes), region, time (YYYYMMDDTHHMMSSZ), session token or None, content_sha256 (bool).
The same seed gives the same cases.
"""
import random
from urllib.parse import quote

REGIONS = [
    "us-east-1", "us-east-2", "us-west-2", "ap-south-1", "ap-southeast-3", "ap-southeast-2",
    "ap-northeast-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-south-1", "eu-north-1",
    "sa-east-1",
]

_SEGMENT_PIECES = [
    "v1", "chat", "completions", "responses", "resp_0abc", "anthropic", "messages", "a b", "x  y",
    "caf\u00e9", "\u00fcber", "\u65e5\u672c", "\U0001F600", "100%", "a+b", "a=b", "k:v", "@me", "it's",
    "(1)", "*", "!", "$", "&", ";", ",", "~tilde", "-_.", "%2F", "\u0000"[0:0] + "nul",
]
_QUERY_KEYS = ["a", "b", "Param", "param", "X-Amz-Meta", "k e y", "\u00e9", "a+b", "~", "z", "1"]
_QUERY_VALUES = ["", "1", "value", "two words", "a&b", "a=b", "\u00fc", "+", "%", "/path/", "~._-"]
_HEADER_NAMES = ["Content-Type", "X-Custom", "x-custom", "Anthropic-Version", "Accept",
                 "X-Amz-Meta-Thing", "X-Emulator-Fault", "My-Header"]
_HEADER_VALUES = ["application/json", "  padded  ", "two   spaces", "tab\there", "a,b",
                  "2023-06-01", "\"quoted   text\"", "x", "line\n  folded", " lead", "trail "]


def _segment(rng):
    pieces = [rng.choice(_SEGMENT_PIECES) for _ in range(rng.randint(1, 2))]
    return "".join(pieces)


def _path(rng):
    segments = []
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.06:
            segments.append(".")
        elif roll < 0.12:
            segments.append("..")
        elif roll < 0.18:
            segments.append("")  # a double slash
        else:
            segments.append(quote(_segment(rng), safe=""))
    path = "/" + "/".join(segments)
    if segments and rng.random() < 0.2:
        path += "/"
    return path


def _query(rng):
    pairs = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
        key = rng.choice(_QUERY_KEYS)
        if rng.random() < 0.1:
            pairs.append(quote(key, safe=""))  # a key with no '='
            continue
        pairs.append(quote(key, safe="") + "=" + quote(rng.choice(_QUERY_VALUES), safe=""))
        if rng.random() < 0.2:  # a repeated key
            pairs.append(quote(key, safe="") + "=" + quote(rng.choice(_QUERY_VALUES), safe=""))
    return "&".join(pairs)


def _body(rng):
    roll = rng.random()
    if roll < 0.3:
        return b""
    if roll < 0.9:
        text = '{"model":"openai.gpt-oss-120b","messages":[{"role":"user","content":"%s"}]}' % (
            rng.choice(["hi", "caf\u00e9 \u65e5\u672c", "x" * rng.randint(1, 2000)]))
        return text.encode("utf-8")
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 70000)))


def _token(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 400))) + "=="


def generate(count=250, seed=20261125):
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        region = REGIONS[i % len(REGIONS)]
        if rng.random() < 0.15:
            origin = "http://127.0.0.1:%d" % rng.randint(1024, 65535)
        elif rng.random() < 0.1:
            origin = "https://bedrock-mantle.%s.api.aws:8443" % region
        else:
            origin = "https://bedrock-mantle.%s.api.aws" % region
        query = _query(rng)
        url = origin + _path(rng) + ("?" + query if query else "")
        headers = []
        for _ in range(rng.randint(0, 4)):
            headers.append((rng.choice(_HEADER_NAMES), rng.choice(_HEADER_VALUES)))
        cases.append({
            "method": rng.choice(["GET", "POST", "POST", "DELETE", "PUT"]),
            "url": url,
            "headers": headers,
            "body": _body(rng),
            "region": region,
            "time": "%04d%02d%02dT%02d%02d%02dZ" % (
                rng.randint(2015, 2030), rng.randint(1, 12), rng.randint(1, 28),
                rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)),
            "token": _token(rng) if rng.random() < 0.4 else None,
            "content_sha256": rng.random() < 0.7,
        })
    return cases


ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def botocore_sign(case, service="bedrock-mantle"):
    """Signs a case with botocore; returns (canonical_request, string_to_sign, authorization)."""
    import datetime
    import hashlib
    from unittest import mock

    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    class Capturing(SigV4Auth):
        def canonical_request(self, request):
            self.captured_cr = super().canonical_request(request)
            return self.captured_cr

        def string_to_sign(self, request, canonical_request):
            self.captured_sts = super().string_to_sign(request, canonical_request)
            return self.captured_sts

    request = AWSRequest(method=case["method"], url=case["url"], data=case["body"])
    for name, value in case["headers"]:
        request.headers[name] = value  # repeated names are kept, as on the wire
    if case["content_sha256"]:
        request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(case["body"]).hexdigest()
    auth = Capturing(Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, case["token"]), service,
                     case["region"])
    when = datetime.datetime.strptime(case["time"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.datetime") as fake:
        fake.datetime.utcnow.return_value = when
        fake.datetime.now.return_value = when.replace(tzinfo=datetime.timezone.utc)
        auth.add_auth(request)
    return auth.captured_cr, auth.captured_sts, request.headers["Authorization"]
