#!/usr/bin/env python3
"""Start-up time and memory of mantle-playground (issue #6, "Benchmarks").

Runs, interleaved, N times each (Python stdlib only):
  - bench_hello_window: a QMainWindow with a QLabel that exits after its first paint (Qt's own
    start-up cost, the yardstick);
  - mantle-playground --quit-after-first-paint: the default start. With no account configured
    (every run gets fresh, empty XDG config, data and cache directories) the app starts its demo
    emulator: that is the real first-start path;
  - mantle-playground --session FILE --quit-after-first-paint, FILE a generated 2,000-entry
    session (1,000 user prompts, 1,000 answers of a few paragraphs, some with code blocks).
Every run is offscreen (QT_QPA_PLATFORM=offscreen). It measures wall time (perf_counter around
the process) and peak RSS (ru_maxrss from os.wait4, KiB), and prints medians, min/max, the
app/hello ratios, the load average and the issue's targets: start within 2x of the hello window,
RSS below 60 MiB idle and below 150 MiB with the 2,000-entry session.

The session file is checked with bench_session_check (SessionStore::loadFile, as the app loads
it) before it is measured.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TARGET_START_RATIO = 2.0
TARGET_IDLE_MIB = 60
TARGET_SESSION_MIB = 150

# --- The session file -----------------------------------------------------------------------

TOPICS = [
    "request signing", "streaming answers", "token budgets", "retry policies", "prompt caching",
    "tool calls", "structured output", "rate limits", "regional endpoints", "model routing",
    "session storage", "error handling", "unit tests", "event loops", "JSON parsing",
]
SENTENCES = [
    "The short answer is that {t} depends on where the work happens and who pays for the latency.",
    "In practice most clients get {t} wrong in the same way: they treat the happy path as the "
    "only path.",
    "A good first step is to measure {t} on a realistic workload before changing anything.",
    "When {t} fails, the error should say what happened, why, and what the user can do next.",
    "There are two common designs for {t}, and each trades simplicity against control.",
    "The official documentation describes {t} in terms of requests, but the useful unit is the "
    "conversation.",
    "Keep {t} out of the user interface code; the view should only show what the core decided.",
    "If you log anything about {t}, make sure no credential or signed header ends up in the log.",
    "Benchmarks of {t} are only meaningful when the machine is otherwise idle.",
    "For a desktop app, {t} has to survive the laptop going to sleep in the middle of a request.",
    "The edge cases of {t} are where the bugs live: empty input, huge input, and input that "
    "arrives in pieces.",
    "I would start with the simplest version of {t} and add configuration only when a real user "
    "asks for it.",
]
CODE_BLOCKS = [
    ("cpp",
     "QStringList splitOnCommas(QStringView text)\n{\n    QStringList parts;\n"
     "    for (QStringView part : text.split(u','))\n        parts.append(part.trimmed().toString());\n"
     "    return parts;\n}\n"),
    ("python",
     "def backoff(attempt, base=0.2, cap=20.0):\n    delay = min(cap, base * 2 ** attempt)\n"
     "    return random.uniform(0, delay)\n"),
    ("json",
     '{\n  "model": "openai.gpt-oss-120b",\n  "stream": true,\n  "messages": [\n'
     '    {"role": "user", "content": "Hello"}\n  ]\n}\n'),
    ("sh",
     "curl -sN https://bedrock-mantle.us-east-1.api.aws/v1/chat/completions \\\n"
     "  -H 'content-type: application/json' \\\n  -d @request.json\n"),
]
QUESTIONS = [
    "Can you explain how {t} works in a client like this one?",
    "What is the best way to test {t} without a network connection?",
    "I am seeing odd behaviour around {t}; where should I start looking?",
    "How would you design {t} for an app that must never lose what the user typed?",
    "Give me a short example that shows {t}, and tell me what can go wrong.",
]


def paragraph(rng, topic, sentences):
    return " ".join(rng.choice(SENTENCES).format(t=topic) for _ in range(sentences))


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def make_session(turns, seed=6):
    """A session in the shape of Session::toJson (core/sessions/session.cpp)."""
    rng = random.Random(seed)
    start = datetime.datetime(2026, 11, 1, 9, 0, 0, tzinfo=datetime.timezone.utc)
    moment = start
    entries = []
    for i in range(turns):
        topic = rng.choice(TOPICS)
        moment += datetime.timedelta(seconds=rng.randint(20, 300))
        question = rng.choice(QUESTIONS).format(t=topic)
        user_text = "\n\n".join(
            [question] + [paragraph(rng, topic, rng.randint(2, 4)) for _ in range(rng.randint(0, 2))])
        entries.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "role": "user",
            "text": user_text,
            "created_at": iso(moment),
        })
        moment += datetime.timedelta(seconds=rng.randint(2, 30))
        parts = [paragraph(rng, topic, rng.randint(3, 6)) for _ in range(rng.randint(2, 5))]
        if i % 4 == 0:
            language, code = rng.choice(CODE_BLOCKS)
            parts.insert(rng.randint(1, len(parts)), f"```{language}\n{code}```")
        answer = "\n\n".join(parts)
        input_tokens = 200 + i * 550  # every request re-sends the conversation so far
        output_tokens = len(answer) // 4
        entries.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "role": "assistant",
            "text": answer,
            "created_at": iso(moment),
            "model": "openai.gpt-oss-120b",
            "account": "Demo (local emulator)",
            "region": "us-east-1",
            "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
            "stop_reason": "stop",
            "response_id": f"chatcmpl-{rng.getrandbits(64):016x}",
            "cost_pico": input_tokens * 150_000 + output_tokens * 600_000,
        })
    return {
        "format": "mantle-playground-session",
        "version": 1,
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "title": f"Benchmark session ({2 * turns} entries)",
        "created_at": iso(start),
        "updated_at": iso(moment),
        "api": "chat",
        "account": "Demo (local emulator)",
        "region": "us-east-1",
        "model": "openai.gpt-oss-120b",
        "instructions": "You are a concise assistant for developers of desktop API clients.",
        "parameters": {"temperature": 0.7, "max_output_tokens": 2048},
        "stream": True,
        "draft": "",
        "entries": entries,
    }


# --- Running --------------------------------------------------------------------------------

def run_once(command, check=None):
    """Runs command with fresh XDG directories, offscreen; returns (seconds, peak RSS KiB).
    check(xdg_data_home), when given, says what is wrong with what the run left, or None."""
    home = tempfile.mkdtemp(prefix="mantle-startup-")
    try:
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = "offscreen"
        for name, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                          ("XDG_CACHE_HOME", "cache")):
            env[name] = os.path.join(home, sub)
            os.makedirs(env[name])
        stderr_path = os.path.join(home, "stderr")
        with open(stderr_path, "wb") as stderr:
            begin = time.perf_counter()
            process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=stderr)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - begin
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            with open(stderr_path, "rb") as stderr:
                message = stderr.read().decode(errors="replace")[-2000:]
            sys.exit(f"{' '.join(command)} exited with {process.returncode}:\n{message}")
        problem = check(env["XDG_DATA_HOME"]) if check else None
        if problem:
            sys.exit(f"{' '.join(command)}: {problem}")
        return elapsed, usage.ru_maxrss
    finally:
        shutil.rmtree(home, ignore_errors=True)


def summary(values):
    return statistics.median(values), min(values), max(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"),
                        help="a Release build directory with the app and the benchmarks "
                             "(default: build/release)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each program (default 20)")
    parser.add_argument("--turns", type=int, default=1000,
                        help="user/assistant pairs in the generated session (default 1000)")
    parser.add_argument("--keep-session", metavar="FILE",
                        help="also write the generated session to FILE")
    args = parser.parse_args()

    app = os.path.join(args.build, "app", "mantle-playground")
    hello = os.path.join(args.build, "bench", "bench_hello_window")
    check = os.path.join(args.build, "bench", "bench_session_check")
    for path in (app, hello, check):
        if not os.access(path, os.X_OK):
            sys.exit(f"{path} is missing: build the targets mantle-playground, bench_hello_window "
                     f"and bench_session_check in {args.build} (-DMANTLE_BUILD_APP=ON "
                     f"-DMANTLE_BUILD_BENCH=ON)")

    work = tempfile.mkdtemp(prefix="mantle-startup-session-")
    try:
        session_path = os.path.join(work, "session.json")
        with open(session_path, "w", encoding="utf-8") as out:
            json.dump(make_session(args.turns), out, ensure_ascii=False, indent=4)
        if args.keep_session:
            shutil.copyfile(session_path, args.keep_session)
        checked = subprocess.run([check, session_path], capture_output=True, text=True)
        expected = f"entries {2 * args.turns}"
        if checked.returncode != 0 or checked.stdout.strip() != expected:
            sys.exit(f"the generated session does not load: {checked.stdout}{checked.stderr}")
        size_mib = os.path.getsize(session_path) / 2**20

        session_id = json.load(open(session_path, encoding="utf-8"))["id"]

        def session_opened(data_home):
            # The app keeps its own copy of a session opened with --session: its presence
            # proves the session was loaded (an unreadable one only shows in the status bar).
            for _, _, files in os.walk(data_home):
                if f"{session_id}.json" in files:
                    return None
            return "the session was not opened (no copy in the app's sessions directory)"

        # "--session=FILE", not "--session FILE": QGuiApplication takes "-session ID" and
        # "--session ID" (X11 session management) out of the arguments before the app sees them.
        programs = {
            "hello window": ([hello], None),
            "app": ([app, "--quit-after-first-paint"], None),
            "app + session": ([app, f"--session={session_path}", "--quit-after-first-paint"],
                              session_opened),
        }
        load_before = os.getloadavg()
        times = {name: [] for name in programs}
        rss = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, (command, check) in programs.items():
                elapsed, peak = run_once(command, check)
                times[name].append(elapsed)
                rss[name].append(peak)
        load_after = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"mantle-playground start-up, {args.runs} runs each, interleaved, offscreen, "
          f"fresh XDG directories")
    print(f"session: {2 * args.turns} entries, {size_mib:.1f} MiB, checked by bench_session_check")
    print(f"{'program':<16}{'time median':>12}{'min':>9}{'max':>9}"
          f"{'RSS median':>13}{'min':>9}{'max':>9}")
    for name in programs:
        t_med, t_min, t_max = summary(times[name])
        r_med, r_min, r_max = summary(rss[name])
        print(f"{name:<16}{t_med * 1000:>10.0f}ms{t_min * 1000:>7.0f}ms{t_max * 1000:>7.0f}ms"
              f"{r_med / 1024:>9.1f} MiB{r_min / 1024:>5.1f}MiB{r_max / 1024:>5.1f}MiB")

    hello_time = statistics.median(times["hello window"])
    hello_rss = statistics.median(rss["hello window"])
    print()
    for name in ("app", "app + session"):
        print(f"{name}/hello: time {statistics.median(times[name]) / hello_time:.2f}x, "
              f"RSS {statistics.median(rss[name]) / hello_rss:.2f}x")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} "
          f"({os.cpu_count()} CPUs)")

    def verdict(ok):
        return "met" if ok else "NOT met"

    ratio = statistics.median(times["app"]) / hello_time
    idle = statistics.median(rss["app"]) / 1024
    with_session = statistics.median(rss["app + session"]) / 1024
    print()
    print("targets (issue #6):")
    print(f"  start within {TARGET_START_RATIO:.0f}x of the hello window: {ratio:.2f}x, "
          f"{verdict(ratio <= TARGET_START_RATIO)}")
    print(f"  RSS idle below {TARGET_IDLE_MIB} MiB: {idle:.1f} MiB, "
          f"{verdict(idle < TARGET_IDLE_MIB)}")
    print(f"  RSS with a {2 * args.turns}-entry session below {TARGET_SESSION_MIB} MiB: "
          f"{with_session:.1f} MiB, {verdict(with_session < TARGET_SESSION_MIB)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
