#!/usr/bin/env bash
# Where a run's CPU goes, thread by thread: runs `tattler run --timing -r CAPTURE [ARGS...]` under
# async-profiler (CPU samples every millisecond, every thread) and prints a markdown summary:
# each thread's CPU seconds, the frames its samples were in (self time, inlined frames merged into
# their method), and the engine's main steps including what they call. This is the profile
# docs/benchmarks.md quotes when it says where a target is missed and why.
# async-profiler comes from Maven Central (tools.profiler:async-profiler, its linux-x64 jar),
# fetched once with Maven into the local repository (or ASYNC_PROFILER_JAR: that jar).
# Usage: bench/profile.sh CAPTURE [RUN ARGS...]
#   e.g. bench/profile.sh /tmp/tattler-bench/bench-v2-20000000.pcap worm770
#   Raw collapsed stacks and the run's stderr: $TMPDIR/tattler-profile/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
capture="$1"
shift
[ -f "$capture" ] || { echo "profile: $capture: no such capture" >&2; exit 1; }
version=4.2
work="${TMPDIR:-/tmp}/tattler-profile"
mkdir -p "$work"
lib="$work/async-profiler-$version/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  jar="${ASYNC_PROFILER_JAR:-$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar}"
  if [ ! -f "$jar" ]; then
    mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64" >&2 \
      || { echo "profile: could not fetch async-profiler $version from Maven Central" >&2; exit 1; }
  fi
  [ -f "$jar" ] || { echo "profile: no $jar after fetching it (a local Maven repository elsewhere?" \
    "set ASYNC_PROFILER_JAR to the async-profiler-$version-linux-x64.jar)" >&2; exit 1; }
  mkdir -p "$work/async-profiler-$version"
  python3 - "$jar" "$lib" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], 'wb') as out:
    out.write(z.read('linux-x64/libasyncProfiler.so'))
PY
fi
"$here/tattler" --version >/dev/null 2>&1 # builds outside the profile
stacks="$work/stacks.txt"
rm -rf "$work/logs"
JAVA_TOOL_OPTIONS="-agentpath:$lib=start,event=cpu,interval=1ms,threads,ann,file=$stacks,collapsed" \
  "$here/tattler" run --timing -r "$capture" --log-dir "$work/logs" "$@" >/dev/null 2>"$work/stderr.txt" \
  || { cat "$work/stderr.txt" >&2; exit 1; }
echo "# Profile: tattler run -r $(basename "$capture") $*"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'),"
echo "async-profiler $version, CPU samples every 1 ms. $(grep -h '^tattler: timing:' "$work/stderr.txt" | sed 's/^tattler: //')"
echo
python3 - "$stacks" <<'PY'
import collections, re, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quietly, when piped into head
threads = collections.Counter()
self_time = collections.defaultdict(collections.Counter)
inclusive = collections.defaultdict(collections.Counter)
steps = ['EventEngine.run', 'ReadAheadSource.next', 'PacketDecoder.decode', 'ConnTracker.packet',
         'ConnTracker.advance', 'EventBus.', 'JsHandler.handle', 'ConnLog.write', 'ConnTracker.flush',
         'ReaderPass.verdict', 'HostTracking.record', 'Checksums.', 'PcapReader.next', 'PcapNgReader.next',
         'ChannelInput.', 'FutureTask.get']
def method(frame):
    return re.sub(r'_\[[^\]]*\]$', '', frame).replace('/', '.')
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip('\n').rpartition(' ')
    frames = stack.split(';')
    name = re.sub(r' tid=\d+\]$', ']', frames[0]).strip('[]')
    name = re.sub(r'#\d+$', '', name)  # pooled threads (GC Thread#0) under one name
    name = name.replace("CompilerThre", "CompilerThread")  # names cut to 15 characters by Linux
    n = int(n)
    threads[name] += n
    self_time[name][method(frames[-1])] += n
    seen = set()
    for f in frames[1:]:
        for s in steps:
            if s in f and s not in seen:
                seen.add(s)
                inclusive[name][s] += n
total = sum(threads.values())
print(f'{total / 1000:.2f} s of CPU in all.')
print()
print('| thread | CPU s | share |')
print('|---|---|---|')
for t, n in threads.most_common(10):
    print(f'| {t} | {n / 1000:.2f} | {100 * n / total:.0f}% |')
for t, n in threads.most_common(4):
    if n < total / 50:
        continue
    print()
    print(f'## {t}: {n / 1000:.2f} s')
    print()
    if inclusive[t]:
        print('Steps, with what they call: ' + ', '.join(
            f'{s.rstrip(".")} {v / 1000:.2f} s' for s, v in inclusive[t].most_common()) + '.')
        print()
    print('| self CPU s | share of the thread | frame |')
    print('|---|---|---|')
    for f, v in self_time[t].most_common(15):
        print(f'| {v / 1000:.2f} | {100 * v / n:.1f}% | `{f}` |')
PY
