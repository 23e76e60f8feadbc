#!/usr/bin/env bash
# Whole-run benchmark: Tattler against tcpdump and tshark on the same generated capture, in one
# run, alternating, several repetitions; median and spread of wall time, CPU time, peak RSS and
# packets/s, the ratios, Tattler's own start-up/steady-state split (run --timing) and the demo.
# Needs the project (./tattler) and Debian's tcpdump, tshark and time:
#   apt-get install -y tcpdump tshark time
# Usage: bench/run-benchmarks.sh [PACKETS (2000000)] [REPS (5)]
#        bench/run-benchmarks.sh --steady [PACKETS (20000000)] [REPS (2)]
#          steady state only: tattler with and without worm770 on a long capture, from --timing
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mode=whole
if [ "${1:-}" = --steady ]; then mode=steady; shift; fi
if [ "$mode" = steady ]; then packets="${1:-20000000}"; reps="${2:-2}"; else packets="${1:-2000000}"; reps="${2:-5}"; fi
work="${TMPDIR:-/tmp}/tattler-bench"
mkdir -p "$work"
capture="$work/bench-v2-$packets.pcap"
for tool in tcpdump tshark /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing: apt-get install -y tcpdump tshark time python3" >&2; exit 1; }
done
# Build, and make the AOT start-up cache, outside the timings.
"$here/tattler" --version >/dev/null 2>&1 && "$here/tattler" events >/dev/null 2>&1
[ -f "$capture" ] || "$here/tattler" generate bench -o "$capture" --packets "$packets" --seed 1 >&2

declare -A cmds=(
  [tattler-worm770]="$here/tattler run --timing -r $capture --log-dir $work/e worm770"
  [tattler-worm770-jit]="env TATTLER_JIT=on $here/tattler run --timing -r $capture --log-dir $work/a worm770"
  [tattler-worm770-interp]="env TATTLER_JIT=off $here/tattler run --timing -r $capture --log-dir $work/b worm770"
  [tattler-no-script]="$here/tattler run --timing -r $capture --log-dir $work/c"
  [tattler-no-script-2-threads]="$here/tattler run --timing --threads 2 -r $capture --log-dir $work/d"
  [tcpdump-w-devnull]="tcpdump -r $capture -w /dev/null"
  [tshark-lua-worm770]="tshark -q -r $capture -X lua_script:$here/bench/worm770.lua"
  [tattler-demo]="$here/tattler demo"
)
if [ "$mode" = steady ]; then
  order=(tattler-no-script tattler-worm770 tattler-worm770-jit tattler-worm770-interp)
else
  order=(tcpdump-w-devnull tattler-no-script tattler-no-script-2-threads tattler-worm770 tattler-worm770-jit
         tattler-worm770-interp tshark-lua-worm770 tattler-demo)
fi
results="$work/results-$mode.tsv"
: > "$results"
for ((r = 1; r <= reps; r++)); do
  for name in "${order[@]}"; do
    rm -rf "$work/a" "$work/b" "$work/c" "$work/d" "$work/e"
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" ${cmds[$name]} > "$work/out-$name.txt" 2>"$work/err-$name.txt" || {
      echo "bench: $name failed, see $work/err-$name.txt" >&2; exit 1; }
    read -r wall user sys rss < "$work/t"
    timing="$(grep -h '^tattler: timing:' "$work/err-$name.txt" | sed 's/^tattler: timing: //' || true)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$user" "$sys" "$rss" "$timing" >> "$results"
    echo "run $r/$reps  $name  ${wall}s" >&2
  done
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $packets packets ($(du -m "$capture" | cut -f1) MB), $reps repetitions"
echo "# load average before the last run: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$packets" "$mode" "${order[@]}" <<'PY'
import re, statistics, sys
path, packets, mode, order = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
rows = {}
for line in open(path):
    name, wall, user, sys_, rss, timing = line.rstrip('\n').split('\t')
    rows.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024, timing))
med = statistics.median
def figure(timing, pattern):
    m = re.search(pattern, timing)
    return float(m.group(1).replace(',', '')) if m else None
print("| command | wall s (median, min-max) | CPU s | peak RSS MB | packets/s (whole run) | start-up s | steady state packets/s |")
print("|---|---|---|---|---|---|---|")
walls = {}
for name in order:
    r = rows[name]
    w = [x[0] for x in r]; c = [x[1] for x in r]; m = [x[2] for x in r]
    startup = [v for v in (figure(x[3], r'start-up ([\d.]+) s') for x in r) if v is not None]
    steady = [v for v in (figure(x[3], r'([\d,]+) packets/s steady') for x in r) if v is not None]
    walls[name] = med(w)
    rate = '-' if name == 'tattler-demo' else f"{packets / med(w):,.0f}"
    start = f"{med(startup):.2f}" if startup else '-'
    stead = f"{med(steady):,.0f}" if steady else '-'
    print(f"| {name} | {med(w):.2f} ({min(w):.2f}-{max(w):.2f}) | {med(c):.2f} | {med(m):.0f} | {rate} | {start} | {stead} |")
print()
def paired(a, b):
    # The machine's speed drifts within a run of this script; a repetition's two commands ran
    # minutes apart at most, so the ratio within each repetition is the steadier figure.
    ratios = [x[0] / y[0] for x, y in zip(rows[a], rows[b])]
    return f"per repetition {med(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"
if mode == 'whole':
    print(f"- tattler (no script) / tcpdump -w /dev/null: {walls['tattler-no-script'] / walls['tcpdump-w-devnull']:.2f}x the time (target <= 3x); {paired('tattler-no-script', 'tcpdump-w-devnull')}")
    print(f"- tshark+Lua / tattler+worm770 (the launcher's choice): {walls['tshark-lua-worm770'] / walls['tattler-worm770']:.1f}x faster (target >= 15x); {paired('tshark-lua-worm770', 'tattler-worm770')}")
    print(f"- tshark+Lua / tattler+worm770 (JIT forced): {walls['tshark-lua-worm770'] / walls['tattler-worm770-jit']:.1f}x faster")
    print(f"- interpreter / JIT (worm770): {walls['tattler-worm770-interp'] / walls['tattler-worm770-jit']:.2f}x")
    print(f"- two threads (--threads 2) / the default (one thread without a script on 2 cores, up to 2 GB): {walls['tattler-no-script-2-threads'] / walls['tattler-no-script']:.2f}x")
    print(f"- ./tattler demo: {walls['tattler-demo']:.2f} s (target <= 3 s)")
PY
