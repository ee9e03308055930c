#!/usr/bin/python3
"""Cross-checks the emulator's SigV4 verification against two independent signers: requests signed
by botocore (Debian's python3-botocore) and by curl (--aws-sigv4) are accepted by the running
`mantle-emulator` binary, and the same requests with one body byte changed are refused with 403.

usage: emulator_sigv4_clients.py PATH/TO/mantle-emulator [PATH/TO/curl]
Prints one line per check and exits non-zero when one fails.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY_ID = "AKIDMANTLEEMULATOR"
SECRET_ACCESS_KEY = "mantle-emulator-secret"
MISMATCH = "The request signature we calculated does not match the signature you provided."
CHAT_BODY = json.dumps({
    "model": "openai.gpt-oss-120b",
    "messages": [{"role": "user", "content": "Say hello to the cross-check."}],
    "max_tokens": 16,
}).encode()

failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": " + detail) if detail and not ok else ""))
    if not ok:
        failures.append(name)


def send(port, method, path, headers, body):
    """Sends exactly these headers (and no others but Content-Length) and returns (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers:
        conn.putheader(name, value)
    if body or method == "POST":
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def changed_byte(body):
    """The body with one byte changed, same length."""
    index = body.index(b"hello")
    return body[:index] + b"j" + body[index + 1:]


def botocore_headers(port, method, path, body, region, service, token=None):
    request = AWSRequest(method=method, url="http://127.0.0.1:%d%s" % (port, path), data=body,
                         headers={"Content-Type": "application/json"} if body else {})
    SigV4Auth(Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, token), service, region).add_auth(request)
    prepared = request.prepare()
    headers = [("Host", "127.0.0.1:%d" % port)]
    headers += [(k, v) for k, v in prepared.headers.items() if k.lower() != "content-length"]
    return headers


def check_botocore(port):
    status, data = send(port, "GET", "/v1/models",
                        botocore_headers(port, "GET", "/v1/models", b"", "us-east-1", "bedrock-mantle"), b"")
    models = json.loads(data).get("data", []) if status == 200 else []
    check("botocore GET /v1/models is accepted", status == 200 and any(
        m.get("id") == "openai.gpt-oss-120b" for m in models), "%d %s" % (status, data[:300]))

    cases = [
        ("us-east-1", "bedrock-mantle", None),
        ("eu-west-1", "bedrock-mantle", "IQoJb3JpZ2luX2VjEXAMPLE/session+token="),
        ("ap-southeast-2", "bedrock", None),
    ]
    for region, service, token in cases:
        label = "botocore POST /v1/chat/completions (%s, %s%s)" % (
            region, service, ", session token" if token else "")
        headers = botocore_headers(port, "POST", "/v1/chat/completions", CHAT_BODY, region, service, token)
        status, data = send(port, "POST", "/v1/chat/completions", headers, CHAT_BODY)
        check(label + " is accepted", status == 200 and b"chat.completion" in data,
              "%d %s" % (status, data[:300]))
        status, data = send(port, "POST", "/v1/chat/completions", headers, changed_byte(CHAT_BODY))
        check(label + " with one body byte changed is refused (403)",
              status == 403 and MISMATCH.encode() in data, "%d %s" % (status, data[:300]))


def curl_request(curl, port, body_file, region):
    """Runs curl with --aws-sigv4; returns (status, body, the request headers it sent)."""
    args = [curl, "-sS", "-v", "--http1.1", "-o", "-", "-w", "\n%{http_code}",
            "--aws-sigv4", "aws:amz:%s:bedrock-mantle" % region,
            "--user", "%s:%s" % (ACCESS_KEY_ID, SECRET_ACCESS_KEY),
            "-H", "Content-Type: application/json", "--data-binary", "@" + body_file,
            "http://127.0.0.1:%d/v1/chat/completions" % port]
    proc = subprocess.run(args, capture_output=True, timeout=60)
    if proc.returncode != 0:
        return 0, proc.stderr, []
    out, _, code = proc.stdout.rpartition(b"\n")
    # -v shows each request header line as "> Name: value".
    headers = []
    for line in proc.stderr.decode("latin-1").splitlines():
        if line.startswith("> ") and ":" in line and not line.startswith("> POST "):
            name, value = line[2:].split(":", 1)
            headers.append((name.strip(), value.strip()))
    return int(code), out, headers


def check_curl(curl, port):
    with tempfile.TemporaryDirectory() as tmp:
        body_file = os.path.join(tmp, "body.json")
        with open(body_file, "wb") as f:
            f.write(CHAT_BODY)
        for region in ("us-east-1", "sa-east-1"):
            label = "curl --aws-sigv4 POST /v1/chat/completions (%s)" % region
            status, data, headers = curl_request(curl, port, body_file, region)
            check(label + " is accepted", status == 200 and b"chat.completion" in data,
                  "%d %s" % (status, data[:300]))
            names = [name.lower() for name, _ in headers]
            check(label + ": curl -v shows the signed headers",
                  "authorization" in names and "x-amz-date" in names, repr(headers))
            sent = [(n, v) for n, v in headers if n.lower() != "content-length"]
            status, data = send(port, "POST", "/v1/chat/completions", sent, CHAT_BODY)
            check(label + " sent again as it was is accepted", status == 200, "%d %s" % (status, data[:300]))
            status, data = send(port, "POST", "/v1/chat/completions", sent, changed_byte(CHAT_BODY))
            check(label + " with one body byte changed is refused (403)",
                  status == 403 and MISMATCH.encode() in data, "%d %s" % (status, data[:300]))


def main():
    emulator = sys.argv[1]
    curl = sys.argv[2] if len(sys.argv) > 2 else "curl"
    # The emulator's --region is only a default: signatures for other regions are accepted.
    proc = subprocess.Popen([emulator, "--port", "0", "--region", "us-west-2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline().decode()
        prefix = "listening on http://127.0.0.1:"
        check("first line names the port", line.startswith(prefix) and line.endswith("\n"), repr(line))
        if not line.startswith(prefix):
            return 1
        port = int(line[len(prefix):])
        check_botocore(port)
        check_curl(curl, port)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = None
        check("SIGTERM ends the emulator with exit code 0", code == 0, "exit %r" % code)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
