#!/usr/bin/env bash
# Whole-run benchmark: Tattler against tcpdump and tshark on the same generated capture, in one
# run, alternating, several repetitions; median and spread of wall time, CPU time, peak RSS and
# packets/s. Needs the project (./tattler) and Debian's tcpdump, tshark and time:
#   apt-get install -y tcpdump tshark time
# Usage: bench/run-benchmarks.sh [PACKETS (2000000)] [REPS (5)]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
packets="${1:-2000000}"
reps="${2:-5}"
work="${TMPDIR:-/tmp}/tattler-bench"
mkdir -p "$work"
capture="$work/bench-$packets.pcap"
for tool in tcpdump tshark /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing: apt-get install -y tcpdump tshark time" >&2; exit 1; }
done
[ -f "$capture" ] || "$here/tattler" generate bench -o "$capture" --packets "$packets" --seed 1 >&2

declare -A cmds=(
  [tattler-worm770-jit]="$here/tattler run -r $capture --log-dir $work/a worm770"
  [tattler-worm770-interp]="env TATTLER_JIT=off $here/tattler run -r $capture --log-dir $work/b worm770"
  [tattler-no-script]="$here/tattler run -r $capture --log-dir $work/c"
  [tcpdump-w-devnull]="tcpdump -r $capture -w /dev/null"
  [tshark-lua-worm770]="tshark -q -r $capture -X lua_script:$here/bench/worm770.lua"
)
order=(tcpdump-w-devnull tattler-no-script tattler-worm770-jit tattler-worm770-interp tshark-lua-worm770)
results="$work/results.tsv"
: > "$results"
"$here/tattler" --version >/dev/null 2>&1 # build first, outside the timings
for ((r = 1; r <= reps; r++)); do
  for name in "${order[@]}"; do
    rm -rf "$work/a" "$work/b" "$work/c"
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" ${cmds[$name]} > "$work/out-$name.txt" 2>"$work/err-$name.txt" || {
      echo "bench: $name failed, see $work/err-$name.txt" >&2; exit 1; }
    read -r wall user sys rss < "$work/t"
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$user" "$sys" "$rss" >> "$results"
    echo "run $r/$reps  $name  ${wall}s" >&2
  done
done

python3 - "$results" "$packets" "${order[@]}" <<'PY'
import statistics, sys
path, packets, order = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = {}
for line in open(path):
    name, wall, user, sys_, rss = line.split('\t')
    rows.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
med = lambda xs: statistics.median(xs)
print(f"| command | wall s (median, min-max) | CPU s | peak RSS MB | packets/s |")
print("|---|---|---|---|---|")
walls = {}
for name in order:
    r = rows[name]
    w = [x[0] for x in r]; c = [x[1] for x in r]; m = [x[2] for x in r]
    walls[name] = med(w)
    print(f"| {name} | {med(w):.2f} ({min(w):.2f}-{max(w):.2f}) | {med(c):.2f} | {med(m):.0f} | {packets / med(w):,.0f} |")
print()
print(f"- tattler (no script) / tcpdump: {walls['tattler-no-script'] / walls['tcpdump-w-devnull']:.2f}x the time")
print(f"- tshark+Lua / tattler+worm770 (JIT): {walls['tshark-lua-worm770'] / walls['tattler-worm770-jit']:.1f}x faster")
print(f"- interpreter / JIT (worm770): {walls['tattler-worm770-interp'] / walls['tattler-worm770-jit']:.2f}x")
PY
