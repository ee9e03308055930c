#!/usr/bin/env python3
"""Looks for secrets in files: each secret as it is, percent-encoded, JSON-escaped, UTF-16 and
in base64 (standard and URL-safe, at each of the three alignments it can have inside a longer
base64 text).

    secretscan.py --secrets FILE [--exclude PATH]... [--list] PATH...

FILE holds one secret a line. PATH is a file or a directory (walked, symbolic links not followed); --exclude takes a file or
a directory to leave out.
Prints each hit as `PATH: form of secret N` (never the secret itself) and exits 1 when there is
one, 0 when there is none, 2 on a usage error. Issue #10 part 4 (secrets under test).
"""

import argparse
import base64
import json
import os
import sys
import urllib.parse


def base64_forms(secret: bytes):
    """The parts of base64(x + secret + y) that depend only on the secret, for any x and y."""
    forms = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + secret)
        # Characters that mix prefix bytes in, and the last (mixed with what follows), go.
        start = {0: 0, 1: 2, 2: 3}[offset]
        whole = (offset + len(secret)) // 3 * 4
        core = encoded[start:whole]
        if len(core) >= 8:
            forms.add(core)
            forms.add(core.replace(b"+", b"-").replace(b"/", b"_"))
    return forms


def forms_of(secret: str):
    raw = secret.encode()
    forms = {"raw": {raw}}
    forms["percent-encoded"] = {urllib.parse.quote(secret, safe="").encode(),
                                urllib.parse.quote_plus(secret).encode()}
    forms["json-escaped"] = {json.dumps(secret)[1:-1].encode()}
    forms["utf-16"] = {secret.encode("utf-16-le")}
    forms["base64"] = base64_forms(raw)
    return forms


def files_under(path, excluded):
    if os.path.isfile(path):
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(root, d)) not in excluded]
        for name in files:
            full = os.path.join(root, name)
            if os.path.realpath(full) in excluded:
                continue
            if os.path.isfile(full) and not os.path.islink(full):
                yield full


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("--list", action="store_true", help="print each file scanned")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    with open(args.secrets, encoding="utf-8") as f:
        secrets = [line.rstrip("\n") for line in f if line.strip()]
    if not secrets or any(len(s) < 8 for s in secrets):
        print("secretscan: every secret must have at least 8 characters", file=sys.stderr)
        return 2
    excluded = {os.path.realpath(p) for p in args.exclude}
    patterns = [(n, kind, form) for n, s in enumerate(secrets, 1)
                for kind, forms in forms_of(s).items() for form in forms]
    hits = 0
    scanned = 0
    for path in args.paths:
        if not os.path.exists(path):
            continue
        for name in files_under(path, excluded):
            scanned += 1
            if args.list:
                print(f"scanned {name}")
            with open(name, "rb") as f:
                data = f.read()
            for n, kind, form in patterns:
                if form in data:
                    print(f"{name}: {kind} form of secret {n}")
                    hits += 1
    print(f"secretscan: {scanned} files, {len(secrets)} secrets, {hits} hits")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
