#!/usr/bin/env python3
"""Keystroke-to-diagnostics latency of `eventlint lsp`.

usage: benches/lsp-latency.py TREE [EDITS] [EVENTLINT]

Starts the language server on TREE, opens the first Go file holding a
`PublishEvent(ctx, PUBSUB, TOPIC, ...)` call, then alternates two edits of
that file: the topic argument becomes a literal no one subscribes to (a new
finding appears), then the original text comes back (it goes away). Each
edit is one `didChange`; the time until `publishDiagnostics` arrives for
the file is one sample. Prints the index time and the median, p90 and max
of EDITS samples (default 20), and the time from start until the server
answers its first request (the workspace indexed).
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time

CALL = re.compile(r"PublishEvent\(\s*ctx\s*,\s*[\w.\"]+\s*,\s*([\w.]+|\"[^\"]*\")\s*,")


def find_publish(tree):
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(
            d for d in dirnames if d not in (".git", "vendor", "testdata") and not d.startswith(".")
        )
        for name in sorted(filenames):
            if not name.endswith(".go") or name.endswith("_test.go"):
                continue
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            match = CALL.search(text)
            if match:
                return path, text, match
    sys.exit(f"no PublishEvent(ctx, pubsub, topic, ...) call under {tree}")


class Server:
    def __init__(self, exe, root):
        self.proc = subprocess.Popen(
            [exe, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.next_id = 1

    def send(self, payload):
        body = json.dumps(payload).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == ident and "method" not in msg:
                return msg

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            line = line.strip()
            if not line:
                break
            key, _, value = line.partition(b":")
            if key.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def diagnostics_for(self, uri):
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                return msg["params"]["diagnostics"]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    tree = os.path.abspath(sys.argv[1])
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    exe = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("EVENTLINT", "eventlint")
    if os.sep in exe:
        exe = os.path.abspath(exe)
    path, original, match = find_publish(tree)
    edited = original[: match.start(1)] + '"bench.unheard.v1"' + original[match.end(1) :]
    uri = "file://" + path
    server = Server(exe, tree)
    started = time.perf_counter()
    server.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": "file://" + tree, "capabilities": {}},
    )
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": original}},
    )
    # Opening the file may publish its current findings: a round trip drains
    # them (the server answers requests in order).
    server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
    )
    indexed = time.perf_counter() - started
    samples = []
    for i in range(edits):
        text = edited if i % 2 == 0 else original
        sent = time.perf_counter()
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": i + 2},
                "contentChanges": [{"text": text}],
            },
        )
        found = server.diagnostics_for(uri)
        samples.append((time.perf_counter() - sent) * 1000)
        wanted = i % 2 == 0
        has = any("bench.unheard.v1" in d["message"] for d in found)
        if has != wanted:
            sys.exit(f"edit {i}: expected the new finding {'' if wanted else 'not '}to be published; got {[d['message'] for d in found]}")
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=30)
    samples.sort()
    p90 = samples[min(len(samples) - 1, int(len(samples) * 0.9))]
    print(f"tree {tree}")
    print(f"edited {os.path.relpath(path, tree)}")
    print(f"start to first answer (indexing the workspace): {indexed:.2f} s")
    print(
        f"keystroke to diagnostics over {edits} edits: median {statistics.median(samples):.1f} ms, "
        f"p90 {p90:.1f} ms, max {samples[-1]:.1f} ms (target <= 50 ms)"
    )


if __name__ == "__main__":
    main()
