#!/usr/bin/env python3
"""Runs the HTTP load of scripts/bench-http.sh and prints the table BENCHMARKS.md records.

Every server is pinned to one core and wrk (one thread, the same connections) to the other.
The variants are interleaved over several rounds; each figure is the median over the rounds,
and each ratio is taken within a round before its median is taken. Node (Clerk's stack) is
paused with SIGSTOP while the Rust variants are measured, so that its idle garbage collection
does not land in their latencies, and resumed (with a warm-up) before its own rounds.

Not a library: called by bench-http.sh with the paths it prepared.
"""

import argparse
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

# name, server, path, token ("one", "none" or "rotate"), expected status
RUST_CASES = [
    ("bare axum handler", "bare", "/bare", "none", 200),
    ("bare axum handler, the same request with a token", "bare", "/bare", "one", 200),
    ("ClerkLayer, no rules, valid Bearer token (cache hit)", "layer", "/open", "one", 200),
    ("`clerk_routes!` role rule, valid token", "role", "/admin/x", "one", 200),
    ("`#[protect(permission = …)]`, valid token", "permission", "/invoices", "one", 200),
    ("signed out on a protected route", "role", "/admin/x", "none", 404),
    ("10,000 distinct tokens, cache off", "nocache", "/open", "rotate", 200),
    ("10,000 distinct tokens, default cache", "rotate", "/open", "rotate", 200),
]
# The same rows on Clerk's stack (None: no counterpart).
NEXT_CASES = [
    ("Next.js route handler without Clerk", "/bare", "none", 200),
    ("Next.js route handler without Clerk, with a token", "/bare", "one", 200),
    ("clerkMiddleware(), no protection, valid Bearer token", "/open", "one", 200),
    ("auth.protect({ role }), valid token", "/admin/x", "one", 200),
    ("auth.protect({ permission }), valid token", "/invoices", "one", 200),
    ("signed out on a protected route", "/admin/x", "none", 307),
    ("10,000 distinct tokens (Clerk has no token cache)", "/open", "rotate", 200),
    ("10,000 distinct tokens (Clerk has no token cache)", "/open", "rotate", 200),
]
# server instance -> bench_server variant (the rotating tokens get their own `layer` instance, so
# that its 10,000 cached tokens stay out of the single-token rows)
RUST_SERVERS = {"bare": "bare", "layer": "layer", "role": "role", "permission": "permission",
                "nocache": "nocache", "rotate": "layer"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_of(url, token=None):
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(url, process, timeout=120):
    """Seconds from now until `url` answers (any status)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before answering {url}")
        try:
            status_of(url)
            return time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
            time.sleep(0.005)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def tree(pid):
    """pid and all its descendants."""
    pids = [pid]
    for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
        pids += tree(int(child))
    return pids


def peak_rss_mib(pid):
    """Sum of VmHWM over the process tree, MiB."""
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def signal_tree(pid, sig):
    for p in tree(pid):
        try:
            os.kill(p, sig)
        except ProcessLookupError:
            pass


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(args, url, token_mode, token, tokens_file, path, duration, quiet_label):
    command = ["taskset", "-c", args.load_cpu, "wrk", "-t1", f"-c{args.connections}",
               f"-d{duration}", "--latency"]
    if token_mode == "one":
        command += ["-H", f"Authorization: Bearer {token}"]
    if token_mode == "rotate":
        command += ["-s", args.rotate_lua, url, "--", tokens_file, path]
    else:
        command += [url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Socket errors: (.*)", output)
    if errors:
        print(f"  ({quiet_label}: socket errors {errors.group(1)})", file=sys.stderr)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_gib = int(f.readline().split()[1]) / 1024 / 1024
    return f"{model}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.system()} {platform.release()}"


def start_rust(args, variant):
    port = free_port()
    env = dict(os.environ, CLERK_JWT_KEY=open(args.public_key).read())
    process = subprocess.Popen(["taskset", "-c", args.server_cpu, args.server, variant, str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    startup = wait_until_up(f"http://127.0.0.1:{port}/bare", process)
    return {"process": process, "port": port, "base": f"http://127.0.0.1:{port}", "startup_s": startup}


def start_next(args):
    port = free_port()
    env = dict(os.environ, NODE_ENV="production", NEXT_TELEMETRY_DISABLED="1",
               CLERK_TELEMETRY_DISABLED="1", CLERK_PUBLISHABLE_KEY=args.publishable_key,
               NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=args.publishable_key,
               CLERK_SECRET_KEY="sk_test_benchmark", CLERK_JWT_KEY=open(args.public_key).read())
    process = subprocess.Popen(
        ["taskset", "-c", args.server_cpu, os.path.join(args.next_dir, "node_modules/.bin/next"),
         "start", "-p", str(port), "-H", "localhost"],
        cwd=args.next_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    startup = wait_until_up(f"http://localhost:{port}/bare", process)
    return {"process": process, "port": port, "base": f"http://localhost:{port}", "startup_s": startup}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--public-key", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--tokens-file", required=True)
    parser.add_argument("--rotate-lua", required=True)
    parser.add_argument("--next-dir")
    parser.add_argument("--publishable-key", default="pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--next-duration")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--server-cpu", default="0")
    parser.add_argument("--load-cpu", default="1")
    parser.add_argument("--json")
    args = parser.parse_args()
    token = open(args.token).read().strip()

    result = {"machine": machine(), "load_start": loadavg(), "rounds": args.rounds,
              "duration": args.duration, "connections": args.connections}
    print(f"machine: {result['machine']}; load average at start: {result['load_start']}", file=sys.stderr)

    servers = {}
    for instance, variant in RUST_SERVERS.items():
        servers[instance] = start_rust(args, variant)
    nxt = start_next(args) if args.next_dir else None

    def base_of(instance):
        return servers[instance]["base"]

    try:
        # Check every case answers as expected, then warm up once.
        for name, server_key, path, mode, expected in RUST_CASES:
            got = status_of(base_of(server_key) + path, token if mode != "none" else None)
            if got != expected:
                raise SystemExit(f"{name}: {path} answered {got}, expected {expected}")
        if nxt:
            for name, path, mode, expected in NEXT_CASES:
                got = status_of(nxt["base"] + path, token if mode != "none" else None)
                if got != expected:
                    raise SystemExit(f"Clerk's stack, {name}: {path} answered {got}, expected {expected}")
            signal_tree(nxt["process"].pid, signal.SIGSTOP)
        for name, server_key, path, mode, _ in RUST_CASES:
            wrk(args, base_of(server_key) + path, mode, token, args.tokens_file, path, "2s", name)

        rust = {name: [] for name, *_ in RUST_CASES}
        clerk = {i: [] for i in range(len(NEXT_CASES))}
        for round_index in range(args.rounds):
            for name, server_key, path, mode, _ in RUST_CASES:
                rust[name].append(wrk(args, base_of(server_key) + path, mode, token,
                                      args.tokens_file, path, args.duration, name))
                print(f"round {round_index + 1} {name}: {rust[name][-1]}", file=sys.stderr)
            if nxt:
                signal_tree(nxt["process"].pid, signal.SIGCONT)
                seen = {}
                for i, (name, path, mode, _) in enumerate(NEXT_CASES):
                    key = (path, mode)
                    if key in seen:  # the two rotating rows are one measurement
                        clerk[i].append(clerk[seen[key]][-1])
                        continue
                    seen[key] = i
                    if round_index == 0:
                        wrk(args, nxt["base"] + path, mode, token, args.tokens_file, path, "3s", name)
                    clerk[i].append(wrk(args, nxt["base"] + path, mode, token, args.tokens_file,
                                        path, args.next_duration or args.duration, name))
                    print(f"round {round_index + 1} Clerk {name}: {clerk[i][-1]}", file=sys.stderr)
                signal_tree(nxt["process"].pid, signal.SIGSTOP)

        result["load_end"] = loadavg()
        rows = []
        bare = rust[RUST_CASES[0][0]]
        # The bare server receiving the same bytes: the token rows carry a 700-byte header.
        bare_with_token = rust[RUST_CASES[1][0]]
        next_bare = clerk[0]
        for i, (name, server_key, path, mode, _) in enumerate(RUST_CASES):
            runs = rust[name]
            row = {
                "variant": name,
                "rps": statistics.median(r["rps"] for r in runs),
                "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                "vs_bare": statistics.median(r["rps"] / b["rps"] for r, b in zip(runs, bare)),
                "p99_vs_bare": statistics.median(r["p99_ms"] / b["p99_ms"] for r, b in zip(runs, bare)),
                "vs_bare_same": statistics.median(
                    r["rps"] / b["rps"]
                    for r, b in zip(runs, bare if mode == "none" else bare_with_token)),
                "p99_vs_bare_same": statistics.median(
                    r["p99_ms"] / b["p99_ms"]
                    for r, b in zip(runs, bare if mode == "none" else bare_with_token)),
                "server": server_key,
                "runs": runs,
            }
            if nxt:
                theirs = clerk[i]
                row["clerk_variant"] = NEXT_CASES[i][0]
                row["clerk_rps"] = statistics.median(r["rps"] for r in theirs)
                row["clerk_p99_ms"] = statistics.median(r["p99_ms"] for r in theirs)
                row["clerk_vs_next_bare"] = statistics.median(
                    r["rps"] / b["rps"] for r, b in zip(theirs, next_bare))
                row["vs_clerk"] = statistics.median(
                    r["rps"] / c["rps"] for r, c in zip(runs, theirs))
                row["clerk_runs"] = theirs
            rows.append(row)
        result["rows"] = rows
        result["servers"] = {
            variant: {"startup_ms": s["startup_s"] * 1e3, "peak_rss_mib": peak_rss_mib(s["process"].pid)}
            for variant, s in servers.items()
        }
        if nxt:
            signal_tree(nxt["process"].pid, signal.SIGCONT)
            result["servers"]["next"] = {"startup_ms": nxt["startup_s"] * 1e3,
                                         "peak_rss_mib": peak_rss_mib(nxt["process"].pid)}
    finally:
        for s in servers.values():
            s["process"].terminate()
        if nxt:
            signal_tree(nxt["process"].pid, signal.SIGCONT)
            signal_tree(nxt["process"].pid, signal.SIGTERM)
        for s in list(servers.values()) + ([nxt] if nxt else []):
            try:
                s["process"].wait(timeout=10)
            except subprocess.TimeoutExpired:
                s["process"].kill()

    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    print_table(result)


def fmt_ms(ms):
    return f"{ms * 1e3:,.0f} µs" if ms < 1 else f"{ms:,.2f} ms"


def print_table(result):
    print(f"Machine: {result['machine']}. Load average (1, 5, 15 min) at start {result['load_start']}, "
          f"at end {result['load_end']}. {result['rounds']} rounds × {result['duration']}, "
          f"{result['connections']} connections, medians.\n")
    has_clerk = "clerk_rps" in result["rows"][0]
    header = ("| variant | req/s | p99 | vs bare axum | p99 vs bare | vs bare, same request | "
              "p99 vs bare, same request |")
    line = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    if has_clerk:
        header += " Clerk's stack req/s | Clerk's p99 | ours vs Clerk's |"
        line += " ---: | ---: | ---: |"
    print(header)
    print(line)
    for row in result["rows"]:
        text = (f"| {row['variant']} | {row['rps']:,.0f} | {fmt_ms(row['p99_ms'])} | "
                f"{row['vs_bare'] * 100:.1f} % | {row['p99_vs_bare']:.2f}× | "
                f"{row['vs_bare_same'] * 100:.1f} % | {row['p99_vs_bare_same']:.2f}× |")
        if has_clerk:
            text += (f" {row['clerk_rps']:,.0f} | {fmt_ms(row['clerk_p99_ms'])} | "
                     f"{row['vs_clerk']:,.0f}× |")
        print(text)
    print("\n| server | start-up (spawn to first answer) | peak memory (VmHWM) |")
    print("| --- | ---: | ---: |")
    for name, server in result["servers"].items():
        print(f"| {name} | {server['startup_ms']:,.0f} ms | {server['peak_rss_mib']:,.1f} MiB |")


if __name__ == "__main__":
    main()
