#!/usr/bin/env bash
# The benchmark of DESIGN.md "Performance targets": on ONE tree, in one run,
# the tree-sitter parse floor, `eventlint check` with 1 and 2 threads,
# `eventlint graph`, the cached re-run (once check has a cache), peak RSS,
# and ast-grep with one rule equivalent to finding publish calls.
#
#   benches/run.sh [TREE]
#
# Without TREE it generates the dense synthetic monorepo (~1.2M lines) into
# target/bench/synthetic. Wall times drift (±30 % over minutes on a 2-core
# machine), so the cold commands run in interleaved rounds — one hyperfine
# call per round, every command once — and each figure is the median of
# RUNS rounds, after a warm-up round; the cached re-run follows them. Prints
# the medians and the ratios DESIGN asks for, and writes them to
# target/bench/results.md (and results-<tree>.md); hyperfine's JSON stays
# in target/bench/runs/<tree>/.
#
# Environment: RUNS (default 5); SERVICES, FILES, SEED, DENSITY for the
# synthetic tree (default 200, 40, 1, dense); BENCH_NO_INSTALL=1 to skip
# installing hyperfine (apt) and ast-grep (npm, under target/tools/ast-grep);
# EVENTLINT=path to measure another eventlint binary.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bench=$repo/target/bench
runs=${RUNS:-5}
mkdir -p "$bench"

say() { printf '%s\n' "$*" >&2; }
install_ok() { [[ "${BENCH_NO_INSTALL:-}" != 1 ]]; }
apt_install() {
  install_ok || return 0
  apt-get install -y "$1" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y "$1" >/dev/null 2>&1; } || true
}
command -v hyperfine >/dev/null || apt_install hyperfine
[[ -x /usr/bin/time ]] || apt_install time
for tool in hyperfine /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { say "benches/run.sh: $tool is required"; exit 2; }
done

say "building (release)..."
cargo build --release --quiet --bins --examples
eventlint=${EVENTLINT:-$repo/target/release/eventlint}
floor=$repo/target/release/examples/parse-floor

if [[ $# -ge 1 ]]; then
  tree=$(cd "$1" && pwd)
  name=$(basename "$tree")
else
  tree=$bench/synthetic
  name=synthetic
  "$repo/target/release/examples/gen-corpus" --out "$tree" --services "${SERVICES:-200}" \
    --files "${FILES:-40}" --seed "${SEED:-1}" --density "${DENSITY:-dense}" >&2
fi
work=$bench/runs/$name
rm -rf "$work"
mkdir -p "$work"

# ast-grep, installed on demand. A bare `$C.PublishEvent($$$)` parses as a Go
# type conversion and matches nothing, so the rule gives the call a context
# and selects it.
sg=$repo/target/tools/ast-grep/node_modules/@ast-grep/cli/ast-grep
if [[ ! -x "$sg" ]] && install_ok && command -v npm >/dev/null; then
  say "installing @ast-grep/cli under target/tools/ast-grep..."
  npm install --silent --no-audit --no-fund --prefix "$repo/target/tools/ast-grep" \
    @ast-grep/cli >/dev/null 2>&1 || true
fi
[[ -x "$sg" ]] || sg=$(command -v ast-grep || true)
sg_rule="run --pattern 'func t() { \$C.PublishEvent(\$\$\$) }' --selector call_expression --lang go"

# What this eventlint knows: a cache, and a way to turn it off.
nocache="" graph_nocache=""
"$eventlint" check --help | grep -q -- '--no-cache' && nocache="--no-cache"
"$eventlint" graph --help | grep -q -- '--no-cache' && graph_nocache="--no-cache"
# Leave no cache behind in a tree that had none.
cache_dir=$tree/.eventlint-cache
[[ -e "$cache_dir" ]] && had_cache=1 || had_cache=0
cleanup() { [[ $had_cache == 1 ]] || rm -rf "$cache_dir"; }
trap cleanup EXIT

check="$eventlint check --root $tree --format json --fail-on never"
names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "parse floor, 1 thread" "$floor $tree 1"
add "parse floor, 2 threads" "$floor $tree 2"
add "check, 1 thread" "$check $nocache --jobs 1"
add "check, 2 threads" "$check $nocache --jobs 2"
add "graph, 2 threads" "$eventlint graph --root $tree --format json $graph_nocache --jobs 2"
if [[ -n "$sg" ]]; then
  if "$sg" run --help | grep -q -- '--threads'; then
    add "ast-grep, 1 thread" "$sg $sg_rule --threads 1 $tree"
    add "ast-grep, 2 threads" "$sg $sg_rule --threads 2 $tree"
  else
    add "ast-grep" "$sg $sg_rule $tree"
  fi
fi

# What the tree is, and a first pass over it (the page cache warms up).
go_lines=$(find "$tree" \( -name vendor -o -name testdata -o -name '.?*' \) -prune -o \
  -name '*.go' ! -name '*_test.go' -print0 | xargs -0 cat | wc -l)
floor_line=$("$floor" "$tree" 2)
matches=0
[[ -n "$sg" ]] && matches=$({ eval "$sg $sg_rule --json=stream $tree" || true; } | wc -l)
say "tree $tree: $go_lines lines of Go; $floor_line; ast-grep publish matches: $matches"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# Round 0 is every command's warm-up run; rounds 1..RUNS are measured.
args=()
for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
for round in $(seq 0 "$runs"); do
  say "round $round of $runs$([[ $round == 0 ]] && echo ' (warm-up, not counted)')..."
  hyperfine -N --style basic --runs 1 --export-json "$work/round-$round.json" "${args[@]}" \
    >"$work/round-$round.txt" 2>&1 || { cat "$work/round-$round.txt" >&2; exit 1; }
done

# The cached re-run comes after the cold rounds, so that none of them can
# read its cache: one warm-up run fills the cache, then RUNS runs.
if [[ -n "$nocache" ]]; then
  say "cached re-run..."
  [[ $had_cache == 1 ]] || rm -rf "$cache_dir"
  hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/cached.json" \
    --command-name "check cached, 2 threads" "$check --jobs 2" >"$work/cached.txt" 2>&1 \
    || { cat "$work/cached.txt" >&2; exit 1; }
fi

say "peak RSS of check --jobs 2..."
# shellcheck disable=SC2086 # $check is a command line
/usr/bin/time -v $check $nocache --jobs 2 >/dev/null 2>"$work/time-v.txt"
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time-v.txt")

{
  printf 'tree\t%s\ngo_lines\t%s\nfloor\t%s\nmatches\t%s\nrss_kb\t%s\n' \
    "$tree" "$go_lines" "$floor_line" "$matches" "$rss_kb"
  printf 'version\t%s\nnocache\t%s\nload\t%s → %s\n' "$("$eventlint" --version)" \
    "${nocache:-absent}" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$work/meta.tsv"

python3 - "$work" "$runs" >"$bench/results-$name.md" <<'PY'
import datetime, json, os, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
meta = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(work, "meta.tsv")))
wall, cpu = {}, {}
for f in [f"round-{r}.json" for r in range(1, runs + 1)] + ["cached.json"]:
    if not os.path.exists(os.path.join(work, f)):
        continue
    for res in json.load(open(os.path.join(work, f)))["results"]:
        wall.setdefault(res["command"], []).extend(res["times"])
        # hyperfine reports user and system time as means over a call's runs.
        cpu.setdefault(res["command"], []).append(res["user"] + res["system"])
med = {k: statistics.median(v) for k, v in wall.items()}
cpu = {k: statistics.median(v) for k, v in cpu.items()}
rows = ["| command | median s | min s | max s | CPU s | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |"]
for k, v in wall.items():
    rows.append(f"| {k} | {med[k]:.3f} | {min(v):.3f} | {max(v):.3f} | {cpu[k]:.3f} | {len(v)} |")

out = ["| ratio of medians | wall | CPU | DESIGN target |", "| --- | ---: | ---: | --- |"]
def line(label, a, b, target, fmt="{:.2f}", by_cpu=True):
    r = lambda m: fmt.format(m[a] / m[b]) if a in m and b in m else "n/a"
    out.append(f"| {label} | {r(med)} | {r(cpu) if by_cpu else '—'} | {target} |")
floor_target = "≤ 0.5 on a real repo, ≤ 1.3 on the dense synthetic"
line("check / parse floor, 1 thread", "check, 1 thread", "parse floor, 1 thread", floor_target)
line("check / parse floor, 2 threads", "check, 2 threads", "parse floor, 2 threads", floor_target)
line("check speed-up, 1 → 2 threads", "check, 1 thread", "check, 2 threads", "≥ 1.7×", "{:.2f}×", False)
line("parse floor speed-up, 1 → 2 threads", "parse floor, 1 thread", "parse floor, 2 threads",
     "(reference)", "{:.2f}×", False)
line("graph / parse floor, 2 threads", "graph, 2 threads", "parse floor, 2 threads", "(reference)")
if "check cached, 2 threads" in med:
    line("cached / cold check, 2 threads", "check cached, 2 threads", "check, 2 threads",
         "≤ 0.2 (a re-run ≥ 5× faster)")
else:
    out.append("| cached / cold check | n/a | n/a | not measured: `check --help` has no `--no-cache` |")
if "ast-grep" in med:
    line("check (2 threads) / ast-grep", "check, 2 threads", "ast-grep", "< 1")
else:
    line("check / ast-grep, 1 thread", "check, 1 thread", "ast-grep, 1 thread", "< 1")
    line("check / ast-grep, 2 threads", "check, 2 threads", "ast-grep, 2 threads", "< 1")
rss = f"{int(meta['rss_kb']) / 1024:.0f} MB" if meta.get("rss_kb") else "n/a"
out.append(f"| peak RSS, check --jobs 2 | {rss} | — | ≤ 300 MB at 1M lines |")

print(f"## eventlint benchmark: {meta['tree']}\n")
print(f"{meta['version']}, {datetime.date.today()}, {os.cpu_count()} cores, load average "
      f"{meta['load']}; {runs} interleaved rounds after a warm-up round (hyperfine, each "
      f"command once per round). CPU s is user + system.\n")
print(f"Tree: {int(meta['go_lines']):,} lines of Go (without tests, vendor, testdata); "
      f"{meta['floor']} by the floor; {meta['matches']} publish calls found by ast-grep; "
      f"check's cache switch: {meta['nocache']}.\n")
busy = max(float(x) for x in meta["load"].replace("→", " ").split()[::3]) >= (os.cpu_count() or 1)
if busy:
    print("**The machine was busy (load average ≥ cores): wall times include waiting for a CPU "
          "and drift; the CPU column (user + system) is the steadier comparison.**\n")
print("\n".join(rows) + "\n")
print("\n".join(out))
PY
cp "$bench/results-$name.md" "$bench/results.md"
cat "$bench/results-$name.md"
