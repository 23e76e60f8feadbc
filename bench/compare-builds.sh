#!/usr/bin/env bash
# Compares two builds of Tattler on the same capture in alternating pairs (ABBA: A B, then B A,
# ...), so that the machine's drift falls on both sides alike: each pair gives a ratio B/A, and
# the median of those is the result. Use it before claiming a change made a run faster; a
# build against itself (an A/A run) shows how much this machine moves on its own.
# Usage: bench/compare-builds.sh A_CHECKOUT B_CHECKOUT PAIRS [RUN ARGS...]
#   e.g. git worktree add /tmp/before HEAD~1
#        bench/compare-builds.sh /tmp/before . 10 worm770
# The capture is bench/run-benchmarks.sh's 2 M-packet one (made if missing; CAPTURE= overrides).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 3 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
a="$(cd "$1" && pwd)/tattler"
b="$(cd "$2" && pwd)/tattler"
pairs="$3"
shift 3
for tool in /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "compare: $tool missing: apt-get install -y time python3" >&2; exit 1; }
done
work="${TMPDIR:-/tmp}/tattler-bench"
mkdir -p "$work"
capture="${CAPTURE:-$work/bench-v2-2000000.pcap}"
# Builds and start-up caches are made outside the timings.
"$a" --version >/dev/null 2>&1 && "$b" --version >/dev/null 2>&1
[ -f "$capture" ] || "$here/tattler" generate bench -o "$capture" --packets 2000000 --seed 1 >&2

# One timed run: wall, CPU (user + system), the packet loop (run --timing) and peak RSS in KB.
run() {
  local launcher="$1"
  shift
  rm -rf "$work/compare-logs"
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/compare-time" \
      "$launcher" run -r "$capture" --log-dir "$work/compare-logs" --timing "$@" >/dev/null 2>"$work/compare-err"; then
    echo "compare: $launcher run failed:" >&2
    cat "$work/compare-err" >&2
    exit 1
  fi
  local loop
  loop="$(grep -o 'packets in [0-9.]* s' "$work/compare-err" | awk '{print $3}')"
  awk -v loop="${loop:-0}" '{print $1, $2 + $3, loop, $4}' "$work/compare-time"
}

rows="$work/compare-rows"
: >"$rows"
for p in $(seq "$pairs"); do
  if [ $((p % 2)) = 1 ]; then ra="$(run "$a" "$@")"; rb="$(run "$b" "$@")"
  else rb="$(run "$b" "$@")"; ra="$(run "$a" "$@")"; fi
  echo "$ra | $rb" | tee -a "$rows"
done
python3 - "$rows" <<'PY'
import statistics, sys
pairs = [line.split('|') for line in open(sys.argv[1])]
a = [list(map(float, p[0].split())) for p in pairs]
b = [list(map(float, p[1].split())) for p in pairs]
print('measure     A median   B median   B/A per pair: median (min-max)')
for i, name in enumerate(['wall s', 'CPU s', 'loop s', 'RSS KB']):
    ratios = [y[i] / x[i] for x, y in zip(a, b) if x[i] > 0]
    if not ratios:
        continue
    print(f'{name:10s} {statistics.median(x[i] for x in a):9.2f} {statistics.median(y[i] for y in b):10.2f}'
          f'   {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})')
PY
