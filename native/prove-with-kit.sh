#!/usr/bin/env bash
# Proves that Kanary compiles to a native binary with the stand-in native kit
# (../shared/native-kit), starts against the in-process sandbox, serves /q/health/ready and takes
# a canary through promotion; runs the same proof with the JVM jar, and prints a table of figures.
#
# Usage: native/prove-with-kit.sh [--no-build] [--native-only | --jvm-only]
#   --no-build     reuse target/*-runner and target/quarkus-app instead of building them
#   --native-only  prove the native binary only
#   --jvm-only     prove the JVM jar only
# Environment:
#   KANARY_GRAALVM_HOME  where the kit's builder is assembled (default /tmp/kanary-graalvm)
#   NATIVE_KIT           the kit's folder (default ../shared/native-kit beside the repository)
#   TEMURIN25            the JDK the kit builds with (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   PROOF_OUT            where logs and results go (default target/native-proof)
# Results: a Markdown table on stdout and in $PROOF_OUT/results.md, one TSV line per run
# appended to $PROOF_OUT/results.tsv (for the benchmarks).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
graalvm="${KANARY_GRAALVM_HOME:-/tmp/kanary-graalvm}"
kit="${NATIVE_KIT:-$repo/../shared/native-kit}"
temurin="${TEMURIN25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out="${PROOF_OUT:-$repo/target/native-proof}"
build=true
modes=(native jvm)
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --native-only) modes=(native) ;;
    --jvm-only) modes=(jvm) ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
cd "$repo"
mkdir -p "$out"
declare -A build_s build_mb

log() { echo "[prove $(date -u +%H:%M:%S)] $*" >&2; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mb() { ps -o rss= -p "$1" 2>/dev/null | awk '{printf "%d", $1/1024}'; }

# Runs a build under /usr/bin/time, keeping its wall time (s) and peak RSS of one process (MB).
timed_build() {
  local mode="$1"
  shift
  local timing="$out/build-$mode.time"
  log "building $mode: $* (log: $out/build-$mode.log)"
  if ! /usr/bin/time -f '%e %M' -o "$timing" nice -n 10 "$@" >"$out/build-$mode.log" 2>&1; then
    tail -40 "$out/build-$mode.log" >&2
    echo "$mode build failed" >&2
    exit 1
  fi
  build_s[$mode]=$(awk '{printf "%d", $1}' "$timing")
  build_mb[$mode]=$(awk '{printf "%d", $2/1024}' "$timing")
}

runner() { ls target/*-runner 2>/dev/null | head -1; }

if $build; then
  for mode in "${modes[@]}"; do
    if [[ $mode == native ]]; then
      if [[ ! -x "$graalvm/bin/native-image" ]]; then
        log "assembling the native kit in $graalvm"
        "$kit/setup.sh" "$graalvm" >"$out/kit-setup.log" 2>&1
      fi
      JAVA_HOME="$temurin" timed_build native ./mvnw -B package -DskipTests -Dnative \
        -Dquarkus.native.graalvm-home="$graalvm"
      grep -i 'native-kit driver\|^warning' "$out/build-native.log" >&2 || true
    else
      timed_build jvm ./mvnw -B package -DskipTests
    fi
  done
fi

# --- the Kubernetes API of the sandbox: plain HTTP CRUD on the fabric8 mock server ---
api=""
yaml_to_json() { python3 -c 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'; }
api_post() { curl -sf -X POST -H 'Content-Type: application/json' --data-binary @- "$api$1" >/dev/null; }
api_get() { curl -sf "$api$1"; }
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

apply_crds() {
  local crd
  for crd in kubernetes/crds/*.flagger.app.yaml; do
    yaml_to_json <"$crd" | api_post /apis/apiextensions.k8s.io/v1/customresourcedefinitions
  done
}

create_workload() {
  local ns="$1"
  echo "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$ns\"}}" \
    | api_post /api/v1/namespaces
  yaml_to_json <<EOF | api_post "/apis/apps/v1/namespaces/$ns/deployments"
apiVersion: apps/v1
kind: Deployment
metadata: {name: podinfo, namespace: $ns, labels: {app: podinfo}}
spec:
  replicas: 2
  selector: {matchLabels: {app: podinfo}}
  template:
    metadata: {labels: {app: podinfo}}
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.0.0
          ports: [{name: http, containerPort: 9898}]
EOF
  yaml_to_json <<EOF | api_post "/apis/flagger.app/v1beta1/namespaces/$ns/canaries"
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: podinfo, namespace: $ns}
spec:
  provider: kubernetes
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  progressDeadlineSeconds: 60
  service: {port: 9898}
  analysis: {interval: 1s, threshold: 2, iterations: 3}
EOF
}

bump_image() {
  local ns="$1" path="/apis/apps/v1/namespaces/$1/deployments/podinfo"
  api_get "$path" | python3 -c '
import json, sys
d = json.load(sys.stdin)
d["spec"]["template"]["spec"]["containers"][0]["image"] = "ghcr.io/stefanprodan/podinfo:6.0.1"
print(json.dumps(d))' | curl -sf -X PUT -H 'Content-Type: application/json' --data-binary @- \
    "$api$path" >/dev/null
}

phase() {
  api_get "/apis/flagger.app/v1beta1/namespaces/$1/canaries/podinfo" \
    | json_field 'd.get("status", {}).get("phase", "")' 2>/dev/null || true
}

# Polls the Canary's phase until it is one of the wanted ones; samples RSS meanwhile.
wait_phase() {
  local ns="$1" pid="$2" timeout_s="$3"
  shift 3
  local deadline=$(($(now_ms) + timeout_s * 1000)) current rss
  while (($(now_ms) < deadline)); do
    current="$(phase "$ns")"
    rss="$(rss_mb "$pid")"
    ((rss > peak_rss)) && peak_rss=$rss
    for wanted in "$@"; do
      [[ "$current" == "$wanted" ]] && return 0
    done
    sleep 0.2
  done
  echo "Canary $ns/podinfo stuck in phase '$current' (wanted: $*)" >&2
  return 1
}

# One proof: start, wait for ready, promote a canary, record figures.
prove() {
  local mode="$1" http sandbox pid start ready_ms started_s idle rollout_start rollout_s size cmd
  local ns="proof-$mode" runlog="$out/run-$mode.log"
  http="$(free_port)"
  sandbox="$(free_port)"
  api="http://127.0.0.1:$sandbox"
  if [[ $mode == native ]]; then
    cmd=("$(runner)")
    size=$(du -m "${cmd[0]}" | cut -f1)
  else
    cmd=(java -jar target/quarkus-app/quarkus-run.jar)
    size=$(du -sm target/quarkus-app | cut -f1)
  fi
  log "starting $mode: ${cmd[*]} (HTTP port $http, sandbox API server $api, log: $runlog)"
  start=$(now_ms)
  KANARY_SANDBOX_ENABLED=true KANARY_SANDBOX_PORT="$sandbox" QUARKUS_HTTP_PORT="$http" \
    "${cmd[@]}" >"$runlog" 2>&1 &
  pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT
  until curl -sf -o /dev/null "http://127.0.0.1:$http/q/health/ready"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -40 "$runlog" >&2
      echo "$mode: the process exited before it was ready" >&2
      exit 1
    fi
    if (($(now_ms) - start > 120000)); then
      echo "$mode: not ready after 120 s" >&2
      exit 1
    fi
    sleep 0.01
  done
  ready_ms=$(($(now_ms) - start))
  log "$mode ready after $ready_ms ms"

  apply_crds
  create_workload "$ns"
  peak_rss=0
  wait_phase "$ns" "$pid" 60 Initialized
  sleep 3
  idle=$(rss_mb "$pid")
  log "$mode: canary $ns/podinfo initialized; idle RSS $idle MB; bumping the image"
  peak_rss=0
  rollout_start=$(now_ms)
  bump_image "$ns"
  wait_phase "$ns" "$pid" 120 Succeeded Failed
  rollout_s=$(awk -v ms=$(($(now_ms) - rollout_start)) 'BEGIN{printf "%.1f", ms/1000}')
  local final primary_image
  final="$(phase "$ns")"
  primary_image="$(api_get "/apis/apps/v1/namespaces/$ns/deployments/podinfo-primary" \
    | json_field 'd["spec"]["template"]["spec"]["containers"][0]["image"]')"
  log "$mode: canary $ns/podinfo $final in $rollout_s s; primary runs $primary_image"
  started_s=$(grep -o 'started in [0-9.]*s' "$runlog" | head -1 | grep -o '[0-9.]*' || echo "?")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  trap - EXIT
  if [[ $final != Succeeded || $primary_image != *:6.0.1 ]]; then
    tail -60 "$runlog" >&2
    echo "$mode: the canary was not promoted" >&2
    exit 1
  fi
  rows+=("| $mode | $size | ${build_s[$mode]:--} | ${build_mb[$mode]:--} | $ready_ms | $started_s | $idle | $peak_rss | $rollout_s |")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$mode" "$size" \
    "${build_s[$mode]:--}" "${build_mb[$mode]:--}" "$ready_ms" "$started_s" "$idle" "$peak_rss" \
    "$rollout_s" >>"$out/results.tsv"
}

rows=()
for mode in "${modes[@]}"; do
  prove "$mode"
done
{
  echo "Kanary proof, $(date -u +'%F %H:%M UTC'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(uname -m)"
  echo
  echo "| mode | size MB | build s | build peak RSS MB | ready ms | Quarkus started s | RSS idle MB | RSS rollout peak MB | rollout s |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
} | tee "$out/results.md"
