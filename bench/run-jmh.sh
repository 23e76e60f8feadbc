#!/usr/bin/env bash
# JMH benchmarks of Tattler's parts (benchmarks/ module): the pcap reader, the reading thread's
# pass, the decoders, connection tracking, the whole engine (no script, empty UDP handlers, worm770) and event
# dispatch to JavaScript, on JDK 25. Everything runs once with the Graal JIT (as ./tattler
# runs), and the JavaScript cases again interpreter-only. Prints one table: wall-clock ns per
# packet or event (JMH's score), the benchmark thread's CPU ns per operation (steady under the
# load of other work on this machine) and the whole process's.
# Usage: bench/run-jmh.sh [quick] [JMH options...]
#   quick: short warm-up and measurement (about 2 minutes on a quiet machine, 4 at load 15;
#   JIT numbers not settled);
#   the default takes about 10 minutes. Extra options go to the JIT run, e.g. a benchmark regex
#   such as 'Decode|Reader'; the interpreter run always runs the JavaScript cases.
#   Results: $TMPDIR/tattler-jmh/{jit,interpreter}.csv and .txt (JMH's own output).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jar="$here/benchmarks/target/benchmarks.jar"
jvmci="$here/repl/target/jvmci"
work="${TMPDIR:-/tmp}/tattler-jmh"
mkdir -p "$work/cache"

quick=false
if [ "${1:-}" = quick ]; then quick=true; shift; fi
[ -x "$java" ] || { echo "run-jmh: no JDK 25 at $java (set JAVA25_HOME)" >&2; exit 1; }

# Build the reactor (the benchmarks jar and lib/, and repl's Graal JIT modules) when missing or stale.
if [ ! -f "$jar" ] || ! ls "$jvmci"/compiler-*.jar >/dev/null 2>&1 \
   || [ -n "$(find "$here"/pom.xml "$here"/{runtime,scripts,repl,benchmarks}/pom.xml \
             "$here"/{runtime,scripts,benchmarks}/src/main -newer "$jar" -type f -print -quit)" ]; then
  echo "run-jmh: building (mvn -DskipTests package)..." >&2
  (cd "$here" && mvn -q -DskipTests package) >&2
fi

# JVM options of the forks (JMH splits them at spaces): the launcher's for JDK 25, and where the
# benchmark capture is cached; the JIT run adds the Graal compiler as ./tattler does.
common=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
interp="${common[*]} -Dtattler.bench.dir=$work"
jit="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$jvmci"
jit+=" -Dpolyglot.engine.userResourceCache=$work/cache $interp"
opts=(-prof dev.tattler.bench.CpuTimeProfiler -rf csv)
if $quick; then
  opts+=(-wi 2 -w 1 -i 2 -r 1 -p frames=2048)
fi

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "run-jmh: JIT run (all benchmarks); load average $load_before" >&2
"$java" "${common[@]}" -jar "$jar" "${opts[@]}" -rff "$work/jit.csv" -jvmArgs "$jit" "$@" >"$work/jit.txt" 2>&1 \
  || { tail -30 "$work/jit.txt" >&2; echo "run-jmh: JIT run failed, see $work/jit.txt" >&2; exit 1; }
echo "run-jmh: interpreter run (the JavaScript cases)" >&2
"$java" "${common[@]}" -jar "$jar" "${opts[@]}" -rff "$work/interpreter.csv" -jvmArgs "$interp" \
  -p handler=js-empty,js-map -p script=udp-empty,worm770 'JsDispatchBenchmark|EngineBenchmark' >"$work/interpreter.txt" 2>&1 \
  || { tail -30 "$work/interpreter.txt" >&2; echo "run-jmh: interpreter run failed, see $work/interpreter.txt" >&2; exit 1; }
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/jit.csv" "$work/interpreter.csv" "$load_before" "$load_after" "$(nproc)" <<'PY'
import csv, sys
jit_csv, interp_csv, before, after, cores = sys.argv[1:]
rows = {}   # (benchmark, params, js) -> {metric: (score, error)}
order = []
for path, js in ((jit_csv, "JIT"), (interp_csv, "interpreter")):
    try:
        reader = csv.DictReader(open(path))
    except FileNotFoundError:
        continue
    for r in reader:
        name, _, metric = r["Benchmark"].partition(":")
        bench = name.replace("dev.tattler.bench.", "")
        params = " ".join(f"{k[7:]}={v}" for k, v in r.items() if k.startswith("Param: ") and v)
        uses_js = "js-" in params or ("script=" in params and "script=none" not in params)
        key = (bench, params, js if uses_js else "-")
        if key not in rows:
            rows[key] = {}
            order.append(key)
        rows[key][metric or "wall"] = (float(r["Score"]), r["Score Error (99.9%)"])
def num(x):
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"
print(f"JMH on JDK 25, {cores} cores; load average (1, 5, 15 min) {before} before, {after} after.")
print("Times per operation: one packet (Reader, Decode, ConnTracker, Engine) or one event (JsDispatch).")
print()
print("| benchmark | params | JavaScript | wall ns/op (±99.9%) | CPU ns/op, thread | CPU ns/op, process | M ops/s by thread CPU |")
print("|---|---|---|---|---|---|---|")
for key in order:
    m = rows[key]
    wall, err = m.get("wall", (float("nan"), ""))
    cpu = m.get("cpu", (float("nan"), ""))[0]
    allcpu = m.get("cpu.all", (float("nan"), ""))[0]
    try:
        err_text = f" ± {num(float(err))}"
    except ValueError:
        err_text = ""
    rate = 1e3 / cpu if cpu == cpu and cpu > 0 else float("nan")
    print(f"| {key[0]} | {key[1]} | {key[2]} | {num(wall)}{err_text} | {num(cpu)} | {num(allcpu)} | {rate:.2f} |")
PY
