#!/usr/bin/python3
"""Cross-checks `mantle sign` against botocore (Debian's python3-botocore), an independent SigV4
implementation, on generated requests: random paths with spaces, non-ASCII and reserved characters,
dot segments and double slashes; repeated and special query keys; header white space and repeated
headers; empty, text and binary bodies; session tokens; all 13 Mantle regions; non-default ports.

usage: sigv4_botocore_crosscheck.py PATH/TO/mantle [COUNT] [SEED]
Prints one line per mismatch and a closing 'N passed, N failed' line; exits non-zero on any mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigv4cases  # noqa: E402


def main():
    mantle = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 250
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261125
    cases = sigv4cases.generate(count, seed)
    env = dict(os.environ)
    env["AWS_ACCESS_KEY_ID"] = sigv4cases.ACCESS_KEY_ID
    env["AWS_SECRET_ACCESS_KEY"] = sigv4cases.SECRET_ACCESS_KEY
    passed, failed = 0, 0
    regions = set()
    with tempfile.TemporaryDirectory() as tmp:
        body_file = os.path.join(tmp, "body")
        for index, case in enumerate(cases):
            want_cr, want_sts, want_auth = sigv4cases.botocore_sign(case)
            with open(body_file, "wb") as f:
                f.write(case["body"])
            args = [mantle, "sign", "--method", case["method"], "--url", case["url"],
                    "--region", case["region"], "--time", case["time"], "--body-file", body_file]
            for name, value in case["headers"]:
                args += ["--header", "%s: %s" % (name, value)]
            if not case["content_sha256"]:
                args.append("--no-content-sha256")
            case_env = dict(env)
            case_env.pop("AWS_SESSION_TOKEN", None)
            if case["token"]:
                case_env["AWS_SESSION_TOKEN"] = case["token"]
            proc = subprocess.run(args, env=case_env, capture_output=True, timeout=60)
            problems = []
            if proc.returncode != 0:
                problems.append("exit %d: %s" % (proc.returncode, proc.stderr.decode(errors="replace")))
            else:
                got = json.loads(proc.stdout)
                if got["canonical_request"] != want_cr:
                    problems.append("canonical request differs:\n--- ours\n%s\n--- botocore\n%s"
                                    % (got["canonical_request"], want_cr))
                if got["string_to_sign"] != want_sts:
                    problems.append("string to sign differs")
                if got["authorization"] != want_auth:
                    problems.append("authorization differs:\n  ours     %s\n  botocore %s"
                                    % (got["authorization"], want_auth))
            if problems:
                failed += 1
                print("case %d (%s %s, region %s):\n  %s" % (
                    index, case["method"], case["url"], case["region"], "\n  ".join(problems)))
            else:
                passed += 1
                regions.add(case["region"])
    print("sigv4 cross-check against botocore: %d requests, %d regions" % (len(cases), len(regions)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed >= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
