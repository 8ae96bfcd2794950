#!/usr/bin/env bash
# Side by side on the two local registries of scripts/emulators: copying one image (5 gzip layers of
# random data, ~200 MB, plus a config) from registry 1 to registry 2 with aws-kit (Registry.copy)
# and with `skopeo copy --preserve-digests` (Debian skopeo). Each tool runs RUNS times, interleaved,
# into a fresh target repository each run; both targets are checked to hold the source digest.
# Prints medians of CPU-seconds and wall time, paired ratios aws-kit / skopeo, "met" or "not met"
# for each target of issue 13 (fresh copy: wall <= 1.0x and CPU <= 1.5x skopeo's, as a command and
# in-process; re-copy as a command <= 0.5 s), and the HTTP requests each tool makes to re-copy an
# image the target already has (counted by a forwarding proxy).
#
#   benchmarks/compare/ecr-copy.sh             # 5 runs each (at least 3)
#   RUNS=3 benchmarks/compare/ecr-copy.sh
#   JAVA_OPTS="-XX:+UseSerialGC" benchmarks/compare/ecr-copy.sh
#   BEFORE_JAR=/tmp/old/benchmarks.jar benchmarks/compare/ecr-copy.sh   # A/B: another build in the same runs
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/compare/ecr-copy.sh   # aws-kit on another JVM
#   JAVA_B=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/compare/ecr-copy.sh # a second JVM in every run
#   APP=0 benchmarks/compare/ecr-copy.sh       # without the application-jar rows
#   WITHIN=0 benchmarks/compare/ecr-copy.sh    # without the copies within registry 1
#
# CPU-seconds (user+sys of the process and its children, /usr/bin/time) are the primary figure on a
# shared machine; ratios are paired (run by run, then the median). Also measured per run: the re-copy
# as a command, plain and with the start-up cache scripts/appcds builds once here, trained on a
# fresh copy (TRAIN=copy: the classes of a re-copy and of the blob path; Java 17-24: an AppCDS
# archive, -XX:SharedArchiveFile; Java 25+: an AOT cache, -XX:AOTCache; CDS=0 skips it), the fresh
# copy as a command with that cache, and a yardstick: the same copy with the JDK's blocking
# HttpURLConnection (benchmark code, no retries or timeouts) to show the share of the HTTP client
# (YARDSTICK=0 skips it). JAR= another benchmarks jar. JAVA= the JVM that runs aws-kit (default
# `java`). BEFORE_JAR= a second aws-kit build (e.g. main before a change) copied in every run right
# after this one's, for a paired A/B on the same machine and load (its JVM gets JAVA_OPTS_BEFORE).
# JAVA_B= a second JVM (e.g. Temurin 25) that, in every run, re-copies plain and with its own
# start-up cache (built by scripts/appcds with it) and copies fresh with that cache: Java 17 +
# AppCDS against Java 25 + AOT cache, paired. APP_JAR= (default benchmarks/target/ecr-copy-app.jar,
# built by the benchmarks pom; APP=0 skips it): the copy and the re-copy as a command again, from a
# jar holding only aws-kit-ecr's run-time dependencies, as an application that copies images ships
# it; the benchmarks' fat jar (~48,000 entries: KCL, KPL, JMH, every SDK module) costs a JVM more
# to open than the application's jar would. WITHIN=1 (the default): every run also copies the image
# into a new repository of registry 1 itself, where aws-kit mounts the blobs (nothing sent), with
# skopeo twice: its blob-info cache removed (it then streams every blob) and warm (it has just seen
# the source, so it mounts too).
#
# aws-kit is timed as a whole command (JVM start included, as skopeo is) and in-process (the copy's
# own duration from its CopyReport). Every command is bounded by TIMEOUT seconds (default 600).
# At the end the manifests it pushed are deleted through the registry API (repository names and
# blobs stay until the registry's garbage collection: the API cannot delete a repository).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
STARTED=$(date -u +%Y-%m-%dT%H:%MZ)
[ "$RUNS" -ge 3 ] || { echo "RUNS=$RUNS: at least 3 runs (medians of fewer say little)" >&2; exit 2; }
TIMEOUT=${TIMEOUT:-600}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
export AWSKIT_EMULATORS_FILE=$ENDPOINTS
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
JAVA=${JAVA:-java}
JAVA_B=${JAVA_B:-}
WORK=$(mktemp -d /tmp/awskit-ecr-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT   # replaced by the full cleanup once the source is pushed

timeout "$TIMEOUT" scripts/emulators start registry >/dev/null
[ -f "$ENDPOINTS" ] || { echo "no $ENDPOINTS after scripts/emulators start registry" >&2; exit 1; }
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
R1=$(prop registry.1.endpoint); R1=${R1#http://}
R2=$(prop registry.2.endpoint); R2=${R2#http://}
CREDS="$(prop registry.username):$(prop registry.password)"

if ! command -v skopeo >/dev/null; then
  echo "installing skopeo with apt-get" >&2
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q skopeo >/dev/null
fi
has_runner() { unzip -l "$1" 'dev/awskit/benchmarks/ecr/EcrCopyCompare.class' >/dev/null 2>&1; }
if ! has_runner "$JAR"; then
  ./mvnw -B -o -q -pl benchmarks -am package -DskipTests
fi
# A private copy: other builds in the tree may rewrite benchmarks/target while this runs.
cp "$JAR" "$WORK/benchmarks.jar" && has_runner "$WORK/benchmarks.jar" \
  || { echo "$JAR has no EcrCopyCompare (being rebuilt?): run ./mvnw -B -o -q -pl benchmarks -am package -DskipTests" >&2; exit 1; }
JAR=$WORK/benchmarks.jar
BEFORE=${BEFORE_JAR:+$WORK/before.jar}
if [ -n "$BEFORE" ]; then
  cp "$BEFORE_JAR" "$BEFORE" && has_runner "$BEFORE" || { echo "$BEFORE_JAR has no EcrCopyCompare" >&2; exit 1; }
fi
JAVA_OPTS_BEFORE=${JAVA_OPTS_BEFORE:-}
APP=${APP:-1}
if [ "$APP" = 1 ]; then
  APP_JAR=${APP_JAR:-$ROOT/benchmarks/target/ecr-copy-app.jar}
  cp "$APP_JAR" "$WORK/app.jar" && has_runner "$WORK/app.jar" \
    || { echo "$APP_JAR has no EcrCopyCompare: run ./mvnw -B -o -q -pl benchmarks -am package -DskipTests, or APP=0" >&2; exit 1; }
  APP_JAR=$WORK/app.jar
fi
kit() { timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare "$@"; }
sko() { timeout "$TIMEOUT" skopeo "$@"; }
now() { date +%s.%N; }
remote_digest() { # host:port/repo:tag -> sha256 of the manifest bytes there
  echo "sha256:$(sko inspect --raw --tls-verify=false --creds "$CREDS" "docker://$1" | sha256sum | cut -d' ' -f1)"
}

SRC=bench/ecr-cmp-src-$$:1
PUSHED_1=("$SRC"); PUSHED_2=()
cleanup() {
  set +e
  echo "cleaning up: deleting ${#PUSHED_2[@]} target manifest(s) and the source" >&2
  [ ${#PUSHED_2[@]} -gt 0 ] && kit delete 2 "${PUSHED_2[@]}" >/dev/null
  kit delete 1 "${PUSHED_1[@]}" >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "pushing the source image to registry 1" >&2
LAYERS=5   # plus a config: LAYERS + 1 blobs
SRC_DIGEST=$(kit push "$SRC" "$LAYERS" 40 | tee "$WORK/push.txt" | sed -n 's/^digest=//p')
head -1 "$WORK/push.txt" >&2
[ -n "$SRC_DIGEST" ] || { echo "push failed" >&2; exit 1; }

# skopeo keeps a blob-info cache (for root /var/lib/containers/cache); it is removed before each run
# so that no run profits from an earlier one.
sko_cache() { rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb \
  "${XDG_DATA_HOME:-$HOME/.local/share}/containers/cache/blob-info-cache-v1.boltdb"; }
# the skopeo copy every comparison times (then docker://SOURCE docker://TARGET); an array, not a
# function, because /usr/bin/time runs it
SKO_COPY=(copy -q --preserve-digests --src-tls-verify=false --dest-tls-verify=false
  --src-creds "$CREDS" --dest-creds "$CREDS")

# timed CMD...: runs CMD with /usr/bin/time (the process and the children it waited for) and
# appends "wall user+sys" to $WORK/timed.txt; the command's own output goes to $TIMED_OUT.
TIMED_OUT=/dev/null
timed() {
  /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$@" > "$TIMED_OUT"
  read -r w u s < "$WORK/time.txt"
  echo "$w $(echo "$u + $s" | bc)"
}

RS_WALL=(); RS_CPU=()
CDS=${CDS:-1}; YARDSTICK=${YARDSTICK:-1}
# scripts/appcds prints the JVM option that uses its cache on its last line
if [ "$CDS" = 1 ]; then
  echo "building a start-up cache with scripts/appcds for $JAVA (trained on a fresh copy)" >&2
  CDS_OPT=$(TRAIN=copy JAVA="$JAVA" JAR="$JAR" OUT="$WORK/kit.cache" TIMEOUT="$TIMEOUT" scripts/appcds 2>"$WORK/appcds.txt" | tail -1) \
    && [ -f "$WORK/kit.cache" ] || { cat "$WORK/appcds.txt" >&2; echo "no start-up cache; CDS=0" >&2; CDS=0; }
fi
if [ -n "$JAVA_B" ]; then
  echo "building a start-up cache with scripts/appcds for $JAVA_B (trained on a fresh copy)" >&2
  B_OPT=$(TRAIN=copy JAVA="$JAVA_B" JAR="$JAR" OUT="$WORK/kit-b.cache" TIMEOUT="$TIMEOUT" scripts/appcds 2>"$WORK/appcds-b.txt" | tail -1) \
    && [ -f "$WORK/kit-b.cache" ] || { cat "$WORK/appcds-b.txt" >&2; echo "no start-up cache for JAVA_B" >&2; exit 1; }
fi
JB_WALL=(); JB_CPU=(); JBC_WALL=(); JBC_CPU=(); JBF_WALL=(); JBF_CPU=()
B_WALL=(); B_CPU=(); BR_WALL=(); BR_CPU=(); A_WALL=(); A_CPU=(); AR_WALL=(); AR_CPU=()
W_WALL=(); W_CPU=(); WS_WALL=(); WS_CPU=(); WW_WALL=(); WW_CPU=(); WITHIN=${WITHIN:-1}
C_WALL=(); C_CPU=(); CF_WALL=(); CF_CPU=(); Y_WALL=(); Y_CPU=()
KIT_WALL=(); KIT_CPU=(); KIT_IN=(); KIT_INCPU=(); SKO_WALL=(); SKO_CPU=()
R_WALL=(); R_CPU=(); R_IN=(); R_INCPU=()
# the copy as a command from the application jar (APP=1), into its own target
app_copy() {
  local a=bench/ecr-cmp-app-$$-$run:1 w c
  PUSHED_2+=("$a")
  TIMED_OUT=$WORK/app-$run.txt
  read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$APP_JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$a")"
  [ "$(sed -n 's/^digest=//p' "$TIMED_OUT")" = "$SRC_DIGEST" ] && [ "$(remote_digest "$R2/$a")" = "$SRC_DIGEST" ] \
    || { echo "aws-kit (application jar) run $run: target digest differs from $SRC_DIGEST" >&2; exit 1; }
  A_WALL+=("$w"); A_CPU+=("$c")
}
for run in $(seq 1 "$RUNS"); do
  t=bench/ecr-cmp-kit-$$-$run:1
  PUSHED_2+=("$t")
  [ "$APP" = 1 ] && [ $((run % 2)) = 0 ] && app_copy
  TIMED_OUT=$WORK/kit-$run.txt
  read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
  inproc=$(sed -n 's/^duration_ms=//p' "$WORK/kit-$run.txt")
  incpu=$(sed -n 's/^cpu_ms=//p' "$WORK/kit-$run.txt")
  d=$(sed -n 's/^digest=//p' "$WORK/kit-$run.txt")
  [ "$d" = "$SRC_DIGEST" ] && [ "$(remote_digest "$R2/$t")" = "$SRC_DIGEST" ] \
    || { echo "aws-kit run $run: target digest differs from $SRC_DIGEST" >&2; exit 1; }
  KIT_WALL+=("$w"); KIT_CPU+=("$c")
  KIT_IN+=("$(echo "$inproc / 1000" | bc -l)"); KIT_INCPU+=("$(echo "${incpu:-0} / 1000" | bc -l)")

  if [ -n "$BEFORE" ]; then
    b=bench/ecr-cmp-before-$$-$run:1
    PUSHED_2+=("$b")
    TIMED_OUT=$WORK/before-$run.txt
    # shellcheck disable=SC2086
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" $JAVA_OPTS_BEFORE -cp "$BEFORE" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$b")"
    [ "$(sed -n 's/^digest=//p' "$WORK/before-$run.txt")" = "$SRC_DIGEST" ] || { echo "before run $run failed" >&2; exit 1; }
    B_WALL+=("$w"); B_CPU+=("$c")
  fi

  # the application jar's copy comes after the fat jar's in odd runs and before it in even ones:
  # the registry is still writing the previous copy's 200 MB when the next one starts
  [ "$APP" = 1 ] && [ $((run % 2)) = 1 ] && app_copy

  s=bench/ecr-cmp-sko-$$-$run:1
  PUSHED_2+=("$s")
  sko_cache
  TIMED_OUT=/dev/null
  read -r w c <<< "$(timed timeout "$TIMEOUT" skopeo "${SKO_COPY[@]}" "docker://$R1/$SRC" "docker://$R2/$s")"
  [ "$(remote_digest "$R2/$s")" = "$SRC_DIGEST" ] \
    || { echo "skopeo run $run: target digest differs from $SRC_DIGEST" >&2; exit 1; }
  SKO_WALL+=("$w"); SKO_CPU+=("$c")

  # the re-copy of the image this run just copied, as a command (the target already has it)
  TIMED_OUT=$WORK/kit-recopy-$run.txt
  read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
  grep -q '^up_to_date=true' "$WORK/kit-recopy-$run.txt" \
    || { echo "aws-kit re-copy run $run: not up to date" >&2; cat "$WORK/kit-recopy-$run.txt" >&2; exit 1; }
  R_WALL+=("$w"); R_CPU+=("$c")
  R_IN+=("$(echo "$(sed -n 's/^duration_ms=//p' "$WORK/kit-recopy-$run.txt") / 1000" | bc -l)")
  if [ -n "$BEFORE" ]; then
    TIMED_OUT=$WORK/before-recopy-$run.txt
    # shellcheck disable=SC2086
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" $JAVA_OPTS_BEFORE -cp "$BEFORE" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
    grep -q '^up_to_date=true' "$TIMED_OUT" || { echo "before re-copy run $run: not up to date" >&2; exit 1; }
    BR_WALL+=("$w"); BR_CPU+=("$c")
  fi
  if [ "$APP" = 1 ]; then
    TIMED_OUT=$WORK/app-recopy-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$APP_JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
    grep -q '^up_to_date=true' "$TIMED_OUT" || { echo "aws-kit re-copy (application jar) run $run: not up to date" >&2; exit 1; }
    AR_WALL+=("$w"); AR_CPU+=("$c")
  fi
  sko_cache
  TIMED_OUT=/dev/null
  read -r w c <<< "$(timed timeout "$TIMEOUT" skopeo "${SKO_COPY[@]}" "docker://$R1/$SRC" "docker://$R2/$s")"
  RS_WALL+=("$w"); RS_CPU+=("$c")
  if [ "$CDS" = 1 ]; then
    TIMED_OUT=$WORK/kit-recopy-cds-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" "$CDS_OPT" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
    grep -q '^up_to_date=true' "$WORK/kit-recopy-cds-$run.txt" || { echo "aws-kit re-copy (start-up cache) run $run: not up to date" >&2; exit 1; }
    C_WALL+=("$w"); C_CPU+=("$c")
    f=bench/ecr-cmp-cds-$$-$run:1
    PUSHED_2+=("$f")
    TIMED_OUT=$WORK/kit-cds-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" "$CDS_OPT" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$f")"
    [ "$(sed -n 's/^digest=//p' "$TIMED_OUT")" = "$SRC_DIGEST" ] || { echo "aws-kit copy (start-up cache) run $run failed" >&2; exit 1; }
    CF_WALL+=("$w"); CF_CPU+=("$c")
  fi
  if [ -n "$JAVA_B" ]; then
    TIMED_OUT=$WORK/kit-recopy-b-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA_B" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
    grep -q '^up_to_date=true' "$TIMED_OUT" || { echo "JAVA_B re-copy run $run: not up to date" >&2; exit 1; }
    JB_WALL+=("$w"); JB_CPU+=("$c")
    TIMED_OUT=$WORK/kit-recopy-bc-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA_B" "$B_OPT" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$t")"
    grep -q '^up_to_date=true' "$TIMED_OUT" || { echo "JAVA_B re-copy (cache) run $run: not up to date" >&2; exit 1; }
    JBC_WALL+=("$w"); JBC_CPU+=("$c")
    f=bench/ecr-cmp-b-$$-$run:1
    PUSHED_2+=("$f")
    TIMED_OUT=$WORK/kit-b-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA_B" "$B_OPT" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy "$SRC" "$f")"
    [ "$(sed -n 's/^digest=//p' "$TIMED_OUT")" = "$SRC_DIGEST" ] || { echo "JAVA_B copy run $run failed" >&2; exit 1; }
    JBF_WALL+=("$w"); JBF_CPU+=("$c")
  fi
  if [ "$WITHIN" = 1 ]; then
    wk=bench/ecr-cmp-within-kit-$$-$run:1
    PUSHED_1+=("$wk")
    TIMED_OUT=$WORK/within-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare copy-within "$SRC" "$wk")"
    [ "$(remote_digest "$R1/$wk")" = "$SRC_DIGEST" ] || { echo "aws-kit copy within registry 1, run $run failed" >&2; exit 1; }
    grep -q ", $((LAYERS + 1)) mounted," "$TIMED_OUT" || { echo "aws-kit copy within registry 1, run $run: blobs not mounted" >&2; head -1 "$TIMED_OUT" >&2; exit 1; }
    W_WALL+=("$w"); W_CPU+=("$c")
    for cache in cold warm; do
      ws=bench/ecr-cmp-within-sko-$cache-$$-$run:1
      PUSHED_1+=("$ws")
      [ "$cache" = cold ] && sko_cache
      TIMED_OUT=/dev/null
      read -r w c <<< "$(timed timeout "$TIMEOUT" skopeo "${SKO_COPY[@]}" "docker://$R1/$SRC" "docker://$R1/$ws")"
      [ "$(remote_digest "$R1/$ws")" = "$SRC_DIGEST" ] || { echo "skopeo copy within registry 1 ($cache), run $run failed" >&2; exit 1; }
      if [ "$cache" = cold ]; then WS_WALL+=("$w"); WS_CPU+=("$c"); else WW_WALL+=("$w"); WW_CPU+=("$c"); fi
    done
  fi
  if [ "$YARDSTICK" = 1 ]; then
    y=bench/ecr-cmp-blk-$$-$run:1
    PUSHED_2+=("$y")
    TIMED_OUT=$WORK/blk-$run.txt
    read -r w c <<< "$(timed timeout "$TIMEOUT" "$JAVA" ${JAVA_OPTS:-} -cp "$JAR" dev.awskit.benchmarks.ecr.EcrCopyCompare blocking-copy "$SRC" "$y")"
    [ "$(sed -n 's/^digest=//p' "$WORK/blk-$run.txt")" = "$SRC_DIGEST" ] || { echo "yardstick run $run failed" >&2; exit 1; }
    Y_WALL+=("$w"); Y_CPU+=("$c")
  fi
  printf 'run %d: aws-kit %5.2f s %5.2f CPU-s (in-process %5.2f s %5.2f CPU-s)  skopeo %5.2f s %5.2f CPU-s  re-copy aws-kit %4.2f s skopeo %4.2f s  load %s\n' \
    "$run" "${KIT_WALL[-1]}" "${KIT_CPU[-1]}" "${KIT_IN[-1]}" "${KIT_INCPU[-1]}" "${SKO_WALL[-1]}" "${SKO_CPU[-1]}" \
    "${R_WALL[-1]}" "${RS_WALL[-1]}" "$(cut -d' ' -f1 /proc/loadavg)"
done

# Re-copy of an image that is already there, requests counted by a forwarding proxy.
kit count-recopy "$SRC" "bench/ecr-cmp-kit-$$-1:1" > "$WORK/kit-recopy.txt"
KIT_REQ=$(sed -n 's/^requests=//p' "$WORK/kit-recopy.txt")
mkfifo "$WORK/proxy.in"
kit proxy < "$WORK/proxy.in" > "$WORK/sko-recopy.txt" &
PROXY_PID=$!
exec {PROXY_IN}>"$WORK/proxy.in"
for _ in $(seq 1 150); do grep -q '^ports=' "$WORK/sko-recopy.txt" && break; sleep 0.2; done
read -r P1 P2 <<< "$(sed -n 's/^ports=//p' "$WORK/sko-recopy.txt")"
[ -n "${P2:-}" ] || { echo "the counting proxy did not start" >&2; exit 1; }
sko_cache
sko "${SKO_COPY[@]}" "docker://127.0.0.1:$P1/$SRC" "docker://127.0.0.1:$P2/bench/ecr-cmp-sko-$$-1:1"
exec {PROXY_IN}>&-
wait "$PROXY_PID"
SKO_REQ=$(sed -n 's/^requests=//p' "$WORK/sko-recopy.txt")

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# the median of the run-by-run ratios a[i] / b[i] (paired: both ran back to back, under the same load)
ratios() { local -n a=$1 b=$2; local r=(); for i in "${!a[@]}"; do r+=("$(echo "${a[$i]} / ${b[$i]}" | bc -l)"); done; median "${r[@]}"; }
verdict() { if [ "$(echo "$1 <= $2" | bc -l)" = 1 ]; then echo "met"; else echo "not met"; fi; }
m() { median "$@"; }
echo
echo "$(head -1 "$WORK/push.txt" | sed 's/^pushed //'), registry 1 -> registry 2"
echo "medians of $RUNS interleaved runs, $STARTED to $(date -u +%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(skopeo --version), java $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2)${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS}${JAVA_B:+, JAVA_B java $("$JAVA_B" -version 2>&1 | head -1 | cut -d'"' -f2)}"
printf '%-48s %8s %8s\n' "" "wall s" "CPU-s"
printf '%-48s %8.2f %8.2f\n' "aws-kit copy (whole command, JVM start)" "$(m "${KIT_WALL[@]}")" "$(m "${KIT_CPU[@]}")"
printf '%-48s %8.2f %8.2f\n' "aws-kit copy (in-process)" "$(m "${KIT_IN[@]}")" "$(m "${KIT_INCPU[@]}")"
printf '%-48s %8.2f %8.2f\n' "skopeo copy" "$(m "${SKO_WALL[@]}")" "$(m "${SKO_CPU[@]}")"
printf '%-48s %8.2f %8.2f\n' "aws-kit re-copy (whole command)" "$(m "${R_WALL[@]}")" "$(m "${R_CPU[@]}")"
printf '%-48s %8.2f %8s\n' "aws-kit re-copy (in-process)" "$(m "${R_IN[@]}")" "-"
printf '%-48s %8.2f %8.2f\n' "skopeo re-copy" "$(m "${RS_WALL[@]}")" "$(m "${RS_CPU[@]}")"
[ "$APP" = 1 ] && printf '%-48s %8.2f %8.2f\n' "aws-kit copy (command, application jar)" "$(m "${A_WALL[@]}")" "$(m "${A_CPU[@]}")"
[ "$APP" = 1 ] && printf '%-48s %8.2f %8.2f\n' "aws-kit re-copy (command, application jar)" "$(m "${AR_WALL[@]}")" "$(m "${AR_CPU[@]}")"
[ "$CDS" = 1 ] && printf '%-48s %8.2f %8.2f\n' "aws-kit re-copy (command, ${CDS_OPT%%=*})" "$(m "${C_WALL[@]}")" "$(m "${C_CPU[@]}")"
[ "$CDS" = 1 ] && printf '%-48s %8.2f %8.2f\n' "aws-kit copy (command, ${CDS_OPT%%=*})" "$(m "${CF_WALL[@]}")" "$(m "${CF_CPU[@]}")"
if [ -n "$JAVA_B" ]; then
  printf '%-48s %8.2f %8.2f\n' "JAVA_B re-copy (command)" "$(m "${JB_WALL[@]}")" "$(m "${JB_CPU[@]}")"
  printf '%-48s %8.2f %8.2f\n' "JAVA_B re-copy (command, ${B_OPT%%=*})" "$(m "${JBC_WALL[@]}")" "$(m "${JBC_CPU[@]}")"
  printf '%-48s %8.2f %8.2f\n' "JAVA_B copy (command, ${B_OPT%%=*})" "$(m "${JBF_WALL[@]}")" "$(m "${JBF_CPU[@]}")"
fi
if [ "$WITHIN" = 1 ]; then
  printf '%-48s %8.2f %8.2f\n' "within registry 1: aws-kit copy (mounts)" "$(m "${W_WALL[@]}")" "$(m "${W_CPU[@]}")"
  printf '%-48s %8.2f %8.2f\n' "within registry 1: skopeo, cache removed" "$(m "${WS_WALL[@]}")" "$(m "${WS_CPU[@]}")"
  printf '%-48s %8.2f %8.2f\n' "within registry 1: skopeo, warm cache" "$(m "${WW_WALL[@]}")" "$(m "${WW_CPU[@]}")"
fi
[ "$YARDSTICK" = 1 ] && printf '%-48s %8.2f %8.2f\n' "yardstick: blocking HttpURLConnection copy" "$(m "${Y_WALL[@]}")" "$(m "${Y_CPU[@]}")"
[ -n "$BEFORE" ] && printf '%-48s %8.2f %8.2f\n' "BEFORE_JAR copy (whole command)" "$(m "${B_WALL[@]}")" "$(m "${B_CPU[@]}")"
[ -n "$BEFORE" ] && printf '%-48s %8.2f %8.2f\n' "BEFORE_JAR re-copy (whole command)" "$(m "${BR_WALL[@]}")" "$(m "${BR_CPU[@]}")"
cw=$(ratios KIT_WALL SKO_WALL); cc=$(ratios KIT_CPU SKO_CPU); iw=$(ratios KIT_IN SKO_WALL); ic=$(ratios KIT_INCPU SKO_CPU)
rw=$(m "${R_WALL[@]}")
if [ -n "$BEFORE" ]; then
  printf 'paired A/B, this build / BEFORE_JAR, fresh copy as a command: wall %.2f, CPU %.2f (< 1: this build is cheaper)\n' \
    "$(ratios KIT_WALL B_WALL)" "$(ratios KIT_CPU B_CPU)"
  printf 'paired A/B, this build / BEFORE_JAR, re-copy as a command: wall %.2f, CPU %.2f\n' \
    "$(ratios R_WALL BR_WALL)" "$(ratios R_CPU BR_CPU)"
fi
echo "paired ratios aws-kit / skopeo (median of per-run ratios):"
printf '  whole command: wall %.2f (target <= 1.0: %s), CPU %.2f (target <= 1.5: %s)\n' "$cw" "$(verdict "$cw" 1.0)" "$cc" "$(verdict "$cc" 1.5)"
printf '  in-process:    wall %.2f (target <= 1.0: %s), CPU %.2f (target <= 1.5: %s)\n' "$iw" "$(verdict "$iw" 1.0)" "$ic" "$(verdict "$ic" 1.5)"
printf '  re-copy as a command: %.2f s (target <= 0.5 s: %s)\n' "$rw" "$(verdict "$rw" 0.5)"
if [ "$APP" = 1 ]; then
  aw=$(ratios A_WALL SKO_WALL); ac=$(ratios A_CPU SKO_CPU); ar=$(m "${AR_WALL[@]}")
  printf '  command from the application jar: wall %.2f (target <= 1.0: %s), CPU %.2f (target <= 1.5: %s); re-copy %.2f s (target <= 0.5 s: %s)\n' \
    "$aw" "$(verdict "$aw" 1.0)" "$ac" "$(verdict "$ac" 1.5)" "$ar" "$(verdict "$ar" 0.5)"
  printf '  application jar / fat jar, paired: copy command wall %.2f, CPU %.2f; re-copy command wall %.2f, CPU %.2f\n' \
    "$(ratios A_WALL KIT_WALL)" "$(ratios A_CPU KIT_CPU)" "$(ratios AR_WALL R_WALL)" "$(ratios AR_CPU R_CPU)"
fi
if [ "$CDS" = 1 ]; then
  cr=$(m "${C_WALL[@]}")
  printf '  re-copy as a command with %s: %.2f s (target <= 0.5 s: %s)\n' "${CDS_OPT%%=*}" "$cr" "$(verdict "$cr" 0.5)"
  fw=$(ratios CF_WALL SKO_WALL); fc=$(ratios CF_CPU SKO_CPU)
  printf '  command with %s: wall %.2f (target <= 1.0: %s), CPU %.2f (target <= 1.5: %s)\n' \
    "${CDS_OPT%%=*}" "$fw" "$(verdict "$fw" 1.0)" "$fc" "$(verdict "$fc" 1.5)"
fi
if [ -n "$JAVA_B" ]; then
  br=$(m "${JBC_WALL[@]}")
  printf '  JAVA_B re-copy as a command with %s: %.2f s (target <= 0.5 s: %s)\n' "${B_OPT%%=*}" "$br" "$(verdict "$br" 0.5)"
  [ "$CDS" = 1 ] && printf '  JAVA_B with %s / JAVA with %s, re-copy command: wall %.2f, CPU %.2f (paired)\n' \
    "${B_OPT%%=*}" "${CDS_OPT%%=*}" "$(ratios JBC_WALL C_WALL)" "$(ratios JBC_CPU C_CPU)"
  printf '  JAVA_B copy with %s / JAVA copy plain (command): wall %.2f, CPU %.2f (paired); / skopeo: wall %.2f, CPU %.2f\n' \
    "${B_OPT%%=*}" "$(ratios JBF_WALL KIT_WALL)" "$(ratios JBF_CPU KIT_CPU)" "$(ratios JBF_WALL SKO_WALL)" "$(ratios JBF_CPU SKO_CPU)"
fi
[ "$WITHIN" = 1 ] && printf '  within registry 1, aws-kit / skopeo (paired): wall %.2f and CPU %.2f against a removed cache, wall %.2f and CPU %.2f against a warm one\n' \
  "$(ratios W_WALL WS_WALL)" "$(ratios W_CPU WS_CPU)" "$(ratios W_WALL WW_WALL)" "$(ratios W_CPU WW_CPU)"
echo "re-copy of an image already there: aws-kit $KIT_REQ requests, skopeo $SKO_REQ requests"
sed -n 's/^  /  aws-kit: /p' "$WORK/kit-recopy.txt"
echo "  skopeo (count, request):"
sed -n 's/^  //p' "$WORK/sko-recopy.txt" | sed -E 's#/v2/[^ ]+/(manifests|blobs)/[^ ]+$#<repo>/\1/<ref>#' \
  | sort | uniq -c | sed 's/^/  /'
