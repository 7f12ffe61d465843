#!/usr/bin/env bash
# Pathological inputs, measured in one run: EC014 on 3,000 published ×
# 3,000 subscribed generated topic names (a third of them near misses), and
# human output of 6,000 findings in one file (against json output of the
# same findings, the floor). With BASE=path to another eventlint binary,
# both binaries run interleaved in the same hyperfine call and the ratios
# are printed.
#
#   benches/pathological.sh            # this checkout's release build
#   BASE=/tmp/eventlint-old benches/pathological.sh
#
# Environment: RUNS (default 5). Results in target/bench/pathological.md.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bench=$repo/target/bench/pathological
runs=${RUNS:-5}
rm -rf "$bench"
mkdir -p "$bench"
command -v hyperfine >/dev/null || { echo "benches/pathological.sh: hyperfine is required (apt install hyperfine)" >&2; exit 2; }
cargo build --release --quiet --bins
new=$repo/target/release/eventlint

python3 - "$bench" <<'PY'
import os, random, sys
out = sys.argv[1]
random.seed(7)
def module(d, name):
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "go.mod"), "w").write(f"module example.com/{name}\n")
nm = os.path.join(out, "near-miss")
module(os.path.join(nm, "pub"), "pub"); module(os.path.join(nm, "sub"), "sub")
words = ["order", "payment", "invoice", "stock", "shipment", "customer", "refund", "cart"]
verbs = ["created", "updated", "deleted", "paid", "reserved", "shipped", "cancelled"]
pubs, subs = [], []
for i in range(3000):
    t = f"{random.choice(words)}{i}.{random.choice(verbs)}"
    pubs.append(t)
    subs.append([t.replace(".", "_") + "s", f"svc{i}.{random.choice(verbs)}.x", t + ".v2"][i % 3])
with open(os.path.join(nm, "pub", "p.go"), "w") as f:
    f.write("package pub\n\nfunc P(c Client) {\n")
    f.writelines(f'\tc.PublishEvent(ctx, "pubsub", "{t}", nil)\n' for t in pubs)
    f.write("}\n")
with open(os.path.join(nm, "sub", "s.go"), "w") as f:
    f.write('package sub\n\nimport "github.com/dapr/go-sdk/service/common"\n\nfunc R(s common.Service, h common.TopicEventHandler) {\n')
    f.writelines(f'\t_ = s.AddTopicEventHandler(&common.Subscription{{PubsubName: "pubsub", Topic: "{t}", Route: "/x"}}, h)\n' for t in subs)
    f.write("}\n")
many = os.path.join(out, "many-findings")
module(os.path.join(many, "svc"), "svc")
with open(os.path.join(many, "svc", "p.go"), "w") as f:
    f.write("package svc\n\nfunc P(c Client) {\n")
    f.writelines(f'\tc.PublishEvent(ctx, "pubsub", "topic.n{i}", nil)\n' for i in range(6000))
    f.write("}\n")
PY

cmds=()
for bin in ${BASE:+"$BASE"} "$new"; do
  label=$([[ $bin == "$new" ]] && echo new || echo base)
  cmds+=(-n "near-miss/$label" "$bin check --root $bench/near-miss --no-cache --select EC014 --format json --fail-on never")
  cmds+=(-n "human-6000/$label" "$bin check --root $bench/many-findings --no-cache --no-color --fail-on never")
  cmds+=(-n "json-6000/$label" "$bin check --root $bench/many-findings --no-cache --format json --fail-on never")
done
hyperfine --warmup 1 --runs "$runs" --style basic --export-json "$bench/runs.json" --output null "${cmds[@]}" >&2
python3 - "$bench/runs.json" "$bench/../pathological.md" <<'PY'
import json, sys
runs = {r["command"]: sorted(r["times"])[len(r["times"]) // 2] for r in json.load(open(sys.argv[1]))["results"]}
lines = ["| case | median s |", "| --- | --- |"] + [f"| {k} | {v:.3f} |" for k, v in runs.items()]
for case in ["near-miss", "human-6000", "json-6000"]:
    if f"{case}/base" in runs:
        lines.append(f"| {case} base/new | {runs[case + '/base'] / runs[case + '/new']:.1f}× |")
if "human-6000/new" in runs:
    lines.append(f"| human/json (6,000 findings, new) | {runs['human-6000/new'] / runs['json-6000/new']:.2f}× |")
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
