#!/usr/bin/env bash
# Side by side across a long link: an image copy from registry 1 to registry 2 of scripts/emulators
# when every byte to and from each registry is delayed by ONE_WAY_MS (a delay line in each
# direction, EcrCopyCompare latency-proxy: a round trip of twice that; 35 ms one way is about
# us-east-1 <-> eu-west-1), as a copy between regions sees it. Local copies hide what a copy's round
# trips cost; here they are most of the time. Per run, interleaved, the tools' order reversed in
# even runs: aws-kit (and BEFORE_JAR's build, for a paired A/B) copying a small image (LAYERS layers
# of MIB MiB each, plus a config) into a fresh repository and re-copying it (the target already has
# it: the "promote if not there yet" step of a pipeline), and skopeo doing the same with its
# blob-info cache removed. Every copy is a whole command (JVM start included, as skopeo is);
# aws-kit's own duration is printed too. Prints medians of wall time and paired ratios.
#
#   benchmarks/compare/ecr-latency.sh                         # 5 runs, 35 ms one way
#   ONE_WAY_MS=10 RUNS=7 benchmarks/compare/ecr-latency.sh
#   BEFORE_JAR=/tmp/old/benchmarks.jar benchmarks/compare/ecr-latency.sh
#
# Connection set-up is not delayed (the proxy accepts at once), so a new connection costs a local
# handshake, not a round trip: both tools open several, and both are favoured alike.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
ONE_WAY_MS=${ONE_WAY_MS:-35}
LAYERS=${LAYERS:-5}
MIB=${MIB:-1}
TIMEOUT=${TIMEOUT:-600}
STARTED=$(date -u +%Y-%m-%dT%H:%MZ)
[ "$RUNS" -ge 3 ] || { echo "RUNS=$RUNS: at least 3 runs (medians of fewer say little)" >&2; exit 2; }
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
JAVA=${JAVA:-java}
WORK=$(mktemp -d /tmp/awskit-ecr-latency.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

timeout "$TIMEOUT" scripts/emulators start registry >/dev/null
[ -f "$ENDPOINTS" ] || { echo "no $ENDPOINTS after scripts/emulators start registry" >&2; exit 1; }
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
CREDS="$(prop registry.username):$(prop registry.password)"
if ! command -v skopeo >/dev/null; then
  echo "installing skopeo with apt-get" >&2
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q skopeo >/dev/null
fi
has_runner() { unzip -l "$1" 'dev/awskit/benchmarks/ecr/DelayLineProxy.class' >/dev/null 2>&1; }
if ! has_runner "$JAR"; then
  ./mvnw -B -o -q -pl benchmarks -am package -DskipTests
fi
cp "$JAR" "$WORK/benchmarks.jar" && has_runner "$WORK/benchmarks.jar" \
  || { echo "$JAR has no DelayLineProxy: run ./mvnw -B -o -q -pl benchmarks -am package -DskipTests" >&2; exit 1; }
JAR=$WORK/benchmarks.jar
BEFORE=
if [ -n "${BEFORE_JAR:-}" ]; then
  BEFORE=$WORK/before.jar
  cp "$BEFORE_JAR" "$BEFORE"
fi

# direct: the registries themselves (push, clean-up); far: through the delay lines
kit() { AWSKIT_EMULATORS_FILE=$ENDPOINTS timeout "$TIMEOUT" "$JAVA" -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare "$@"; }
mkfifo "$WORK/proxy.in"
kit latency-proxy "$ONE_WAY_MS" < "$WORK/proxy.in" > "$WORK/proxy.txt" &
PROXY_PID=$!
exec {PROXY_IN}>"$WORK/proxy.in"
for _ in $(seq 1 150); do grep -q '^ports=' "$WORK/proxy.txt" && break; sleep 0.2; done
read -r P1 P2 <<< "$(sed -n 's/^ports=//p' "$WORK/proxy.txt")"
[ -n "${P2:-}" ] || { echo "the delay-line proxy did not start" >&2; exit 1; }
sed -e "s#^registry.1.endpoint=.*#registry.1.endpoint=http://127.0.0.1:$P1#" \
    -e "s#^registry.2.endpoint=.*#registry.2.endpoint=http://127.0.0.1:$P2#" "$ENDPOINTS" > "$WORK/far.properties"

SRC=bench/ecr-lat-src-$$:1
PUSHED_2=()
cleanup() {
  set +e
  exec {PROXY_IN}>&-
  wait "$PROXY_PID" 2>/dev/null
  [ ${#PUSHED_2[@]} -gt 0 ] && kit delete 2 "${PUSHED_2[@]}" >/dev/null
  kit delete 1 "$SRC" >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
kit push "$SRC" "$LAYERS" "$MIB" > "$WORK/push.txt"
SRC_DIGEST=$(sed -n 's/^digest=//p' "$WORK/push.txt")
[ -n "$SRC_DIGEST" ] || { echo "push failed" >&2; exit 1; }

sko_cache() { rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb \
  "${XDG_DATA_HOME:-$HOME/.local/share}/containers/cache/blob-info-cache-v1.boltdb"; }
SKO_COPY=(copy -q --preserve-digests --src-tls-verify=false --dest-tls-verify=false --src-creds "$CREDS" --dest-creds "$CREDS")
# timed_kit JAR SRC DST: "wall in-process" of one copy through the delay lines
timed_kit() {
  /usr/bin/time -f '%e' -o "$WORK/time.txt" env AWSKIT_EMULATORS_FILE="$WORK/far.properties" \
    timeout "$TIMEOUT" "$JAVA" -cp "$1" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$2" "$3" > "$WORK/out.txt"
  grep -q "^digest=$SRC_DIGEST" "$WORK/out.txt" || { echo "aws-kit copy to $3 did not end at $SRC_DIGEST" >&2; cat "$WORK/out.txt" >&2; exit 1; }
  echo "$(cat "$WORK/time.txt") $(sed -n 's/^duration_ms=//p' "$WORK/out.txt" | awk '{print $1 / 1000}')"
}
timed_sko() {
  /usr/bin/time -f '%e' -o "$WORK/time.txt" timeout "$TIMEOUT" skopeo "${SKO_COPY[@]}" \
    "docker://127.0.0.1:$P1/$SRC" "docker://127.0.0.1:$P2/$1"
  cat "$WORK/time.txt"
}

K_W=(); K_IN=(); KR_W=(); KR_IN=(); B_W=(); B_IN=(); BR_W=(); BR_IN=(); S_W=(); SR_W=()
for run in $(seq 1 "$RUNS"); do
  k=bench/ecr-lat-kit-$$-$run:1; b=bench/ecr-lat-before-$$-$run:1; s=bench/ecr-lat-sko-$$-$run:1
  PUSHED_2+=("$k" "$s"); [ -n "$BEFORE" ] && PUSHED_2+=("$b")
  kit_pair() {
    read -r w i <<< "$(timed_kit "$JAR" "$SRC" "$k")"; K_W+=("$w"); K_IN+=("$i")
    read -r w i <<< "$(timed_kit "$JAR" "$SRC" "$k")"; KR_W+=("$w"); KR_IN+=("$i")
    if [ -n "$BEFORE" ]; then
      read -r w i <<< "$(timed_kit "$BEFORE" "$SRC" "$b")"; B_W+=("$w"); B_IN+=("$i")
      read -r w i <<< "$(timed_kit "$BEFORE" "$SRC" "$b")"; BR_W+=("$w"); BR_IN+=("$i")
    fi
  }
  sko_pair() {
    sko_cache; S_W+=("$(timed_sko "$s")")
    SR_W+=("$(timed_sko "$s")")
  }
  if [ $((run % 2)) = 1 ]; then kit_pair; sko_pair; else sko_pair; kit_pair; fi
  printf 'run %d: aws-kit copy %.2f s (in-process %.2f), re-copy %.2f s (%.2f)%s; skopeo copy %.2f s, re-copy %.2f s; load %s\n' \
    "$run" "${K_W[-1]}" "${K_IN[-1]}" "${KR_W[-1]}" "${KR_IN[-1]}" \
    "$([ -n "$BEFORE" ] && printf '; BEFORE_JAR copy %.2f s (%.2f), re-copy %.2f s (%.2f)' "${B_W[-1]}" "${B_IN[-1]}" "${BR_W[-1]}" "${BR_IN[-1]}")" \
    "${S_W[-1]}" "${SR_W[-1]}" "$(cut -d' ' -f1 /proc/loadavg)" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratios() { local -n a=$1 b=$2; local r=(); for i in "${!a[@]}"; do r+=("$(echo "${a[$i]} / ${b[$i]}" | bc -l)"); done; median "${r[@]}"; }
m() { median "$@"; }
echo
echo "$(head -1 "$WORK/push.txt" | sed 's/^pushed //'), registry 1 -> registry 2 through delay lines of $ONE_WAY_MS ms each way"
echo "medians of $RUNS interleaved runs, $STARTED to $(date -u +%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(skopeo --version), java $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2)"
printf '%-44s %10s %12s\n' "" "command s" "in-process s"
printf '%-44s %10.2f %12.2f\n' "aws-kit copy" "$(m "${K_W[@]}")" "$(m "${K_IN[@]}")"
printf '%-44s %10.2f %12.2f\n' "aws-kit re-copy" "$(m "${KR_W[@]}")" "$(m "${KR_IN[@]}")"
if [ -n "$BEFORE" ]; then
  printf '%-44s %10.2f %12.2f\n' "BEFORE_JAR copy" "$(m "${B_W[@]}")" "$(m "${B_IN[@]}")"
  printf '%-44s %10.2f %12.2f\n' "BEFORE_JAR re-copy" "$(m "${BR_W[@]}")" "$(m "${BR_IN[@]}")"
fi
printf '%-44s %10.2f %12s\n' "skopeo copy" "$(m "${S_W[@]}")" "-"
printf '%-44s %10.2f %12s\n' "skopeo re-copy" "$(m "${SR_W[@]}")" "-"
echo "paired ratios (median of per-run ratios):"
printf '  aws-kit / skopeo: copy %.2f, re-copy %.2f (commands)\n' "$(ratios K_W S_W)" "$(ratios KR_W SR_W)"
if [ -n "$BEFORE" ]; then
  printf '  this build / BEFORE_JAR: copy %.2f command, %.2f in-process; re-copy %.2f command, %.2f in-process\n' \
    "$(ratios K_W B_W)" "$(ratios K_IN B_IN)" "$(ratios KR_W BR_W)" "$(ratios KR_IN BR_IN)"
fi
