#!/usr/bin/env bash
# Kanary's benchmark harness (docs/benchmarks.md). Builds what is missing, then runs
# dev.kanary.bench.Bench on the test classpath and prints a Markdown table on stdout
# (progress on stderr; a copy of the table goes to target/bench/results-<epoch>.md).
#
#   bench/run.sh                      # every scenario, N = 100, 1000, 5000
#   bench/run.sh --quick              # smoke run: 50 canaries, short windows
#   bench/run.sh --scenarios=scale --n=1000 --window=120
#   bench/run.sh --native=target/kanary-0.1.0-SNAPSHOT-runner   # adds a native column
#
# Options: --scenarios=startup,rollout,scale,decision --n=100,1000,5000 --window=60
#          --interval=10 --repeats=3 --decision-canaries=10 --jvm-opts="..." --jar=PATH
#          --native=PATH (or KANARY_NATIVE=PATH) --native-only --quick
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
newest_source=$(find src/main pom.xml -newer "$jar" -type f 2>/dev/null | head -1 || true)
if [[ ! -f "$jar" || -n "$newest_source" ]]; then
  echo "bench: packaging Kanary (./mvnw package -DskipTests)" >&2
  ./mvnw -B -q package -DskipTests >&2
fi
newest_bench=$(find src/test/java/dev/kanary/bench -newer target/test-classes/dev/kanary/bench/Bench.class -type f 2>/dev/null | head -1 || true)
if [[ ! -f target/test-classes/dev/kanary/bench/Bench.class || -n "$newest_bench" ]]; then
  echo "bench: compiling the harness (./mvnw test-compile)" >&2
  ./mvnw -B -q test-compile >&2
fi
mkdir -p target/bench
if [[ ! -s target/bench/classpath.txt || pom.xml -nt target/bench/classpath.txt ]]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench/classpath.txt >&2
fi

args=("$@")
if [[ -n "${KANARY_NATIVE:-}" ]]; then
  args+=("--native=${KANARY_NATIVE}")
fi
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" \
  dev.kanary.bench.Bench "${args[@]}"
