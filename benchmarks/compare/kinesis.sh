#!/usr/bin/env bash
# Side by side on kinesis-mock: aws-kit's producer vs the KPL (Kinesis Producer Library 0.15.12, its
# native daemon), RECORDS records of 100 B over 100 partition keys into a fresh stream of SHARDS
# shards, one JVM per run, the two tools interleaved (run 1: aws-kit then KPL, run 2: KPL then
# aws-kit, ...), RUNS runs. Per tool: records/s (first send to the end of the flush), CPU-seconds
# while sending (the JVM, plus the KPL's daemon read from /proc) and CPU-seconds of the whole
# process tree (/usr/bin/time; JVM start, stream create/delete and the daemon included); medians,
# the medians of the paired per-run ratios, and whether aws-kit stays ahead (target: higher rate,
# lower CPU both ways). Date, time and `uptime` load are printed with the figures.
#
#   benchmarks/compare/kinesis.sh                       # 100,000 records, 4 shards, 3 runs
#   RUNS=5 RECORDS=20000 benchmarks/compare/kinesis.sh
#   LOOPS=1 benchmarks/compare/kinesis.sh               # also the naive SDK loops (see below)
#
# Both tools run against a kinesis-mock started here for the comparison (same package and settings
# as scripts/emulators', own ports, stopped at the end): the KPL's 24 TLS connections, timing out on a
# loaded machine, twice left the shared kinesis-mock without its plain HTTP listener.
# The KPL's setup (see KplCompare's javadoc for why): that kinesis-mock's TLS port (self-signed,
# VerifyCertificate=false), a moto started here with --ssl and
# MOTO_ACCOUNT_ID=000000000000 for the daemon's STS GetCallerIdentity (stopped at the end), aggregation
# on, RecordMaxBufferedTime 100 ms, MetricsLevel none, the rest of its defaults; SLF4J's simple binding
# from the local Maven repository so its warnings reach KPL_LOG (KplCompare's stderr).
#
# LOOPS=1 adds the older table: aws-kit's producer (aggregated, not aggregated) vs a plain PutRecords
# loop (500 entries per request) vs a PutRecord loop, on 1 shard, LOOP_RECORDS producer records and
# PLAIN_RECORDS plain records per run (kinesis-mock stores only about 150 plain entries per second and
# a PutRecord takes ~50 ms), METHODS (KinesisCompare method numbers, default "0 2 3 4").
# RUN_TIMEOUT: seconds allowed per JVM run (default 600); a run that times out is reported and skipped.
#
# Needs: scripts/emulators (started here: `scripts/emulators start kinesis`, idempotent), Java 17,
# /usr/bin/time, moto_server (with Python's cryptography, for --ssl), curl, the benchmarks jar (built
# if missing, offline).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
RECORDS=${RECORDS:-100000}
SHARDS=${SHARDS:-4}
LOOPS=${LOOPS:-0}
LOOP_RECORDS=${LOOP_RECORDS:-10000}
PLAIN_RECORDS=${PLAIN_RECORDS:-1000}
METHODS=${METHODS:-"0 2 3 4"}
RUN_TIMEOUT=${RUN_TIMEOUT:-600}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=$(mktemp -d /tmp/awskit-kinesis-compare.XXXXXX)
MOTO_PID=
MOCK_PID=
cleanup() {
  if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  if [ -n "$MOCK_PID" ]; then
    # kinesis-mock ignores SIGTERM (scripts/emulators waits 10 s, then kills it): so do we
    kill "$MOCK_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$MOCK_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

case $RUNS in ''|*[!0-9]*|0) echo "RUNS must be a positive integer, got '$RUNS'" >&2; exit 2 ;; esac
case $RECORDS in ''|*[!0-9]*|0) echo "RECORDS must be a positive integer, got '$RECORDS'" >&2; exit 2 ;; esac
case $SHARDS in ''|*[!0-9]*|0) echo "SHARDS must be a positive integer, got '$SHARDS'" >&2; exit 2 ;; esac
case $LOOP_RECORDS in ''|*[!0-9]*|0) echo "LOOP_RECORDS must be a positive integer, got '$LOOP_RECORDS'" >&2; exit 2 ;; esac
case $PLAIN_RECORDS in ''|*[!0-9]*|0) echo "PLAIN_RECORDS must be a positive integer, got '$PLAIN_RECORDS'" >&2; exit 2 ;; esac

"$ROOT/scripts/emulators" start kinesis > "$WORK/emulators.log" 2>&1 || { cat "$WORK/emulators.log" >&2; exit 1; }
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
[ -f "$ENDPOINTS" ] || { echo "no $ENDPOINTS after 'scripts/emulators start kinesis'" >&2; exit 1; }
EP=$(prop kinesis.endpoint)
AK=$(prop kinesis.accessKey)
SK=$(prop kinesis.secretKey)
[ -n "$EP" ] || { echo "no kinesis.endpoint in $ENDPOINTS" >&2; exit 1; }
KINESIS_DIR=$(dirname "$ENDPOINTS")/npm/node_modules/kinesis-local
[ -f "$KINESIS_DIR/main.js" ] || { echo "no kinesis-mock at $KINESIS_DIR (scripts/emulators installs it)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time) for the whole-process CPU" >&2; exit 1; }

if [ ! -f "$JAR" ]; then
  echo "building $JAR" >&2
  (cd "$ROOT" && ./mvnw -B -o -q -pl benchmarks -am package -DskipTests)
fi

name_of() {
  case $1 in
    0) echo "aws-kit producer (aggregated)" ;;
    1) echo "aws-kit producer (sync client)" ;;
    2) echo "aws-kit producer, no aggregation" ;;
    3) echo "PutRecords loop (500/request)" ;;
    4) echo "PutRecord loop" ;;
    *) echo "method $1" ;;
  esac
}

loops() {
  read -r -a order <<< "$METHODS"
  echo "kinesis-mock at $EP: $LOOP_RECORDS producer records / $PLAIN_RECORDS plain records per run (100 B, 100 keys, 1 shard), $RUNS runs"
  for ((run = 1; run <= RUNS; run++)); do
    # rotate the order: run 1 "0 2 3 4", run 2 "2 3 4 0", ...
    k=$(( (run - 1) % ${#order[@]} ))
    this=("${order[@]:k}" "${order[@]:0:k}")
    out=$WORK/run-$run.txt
    if ! timeout "$RUN_TIMEOUT" java -Dawskit.compare.runs=1 -Dawskit.compare.warmup=true -Dawskit.compare.plainRecords="$PLAIN_RECORDS" \
        -Dawskit.compare.accessKey="$AK" -Dawskit.compare.secretKey="$SK" \
        -cp "$JAR" dev.awskit.benchmarks.kinesis.KinesisCompare emulator "$EP" "$LOOP_RECORDS" "${this[@]}" \
        > "$out" 2> "$WORK/run-$run.err"; then
      echo "run $run failed or timed out after ${RUN_TIMEOUT}s (partial results kept); stderr tail:" >&2
      tail -5 "$WORK/run-$run.err" >&2
    fi
    sed -n 's/^RESULT //p' "$out" | while read -r m _ n r c; do
      m=${m#method=}; n=${n#records=}; r=${r#rate=}; c=${c#cpuMsPer1000=}
      echo "$m $r $c $n" >> "$WORK/all.txt"
      printf 'run %d  %-33s %10.0f records/s  %8.1f CPU ms/1,000  (%s records)\n' "$run" "$(name_of "$m")" "$r" "$c" "$n"
    done
  done

  [ -s "$WORK/all.txt" ] || { echo "no results" >&2; exit 1; }
  echo
  echo "medians of $RUNS runs (records/s wall; CPU ms per 1,000 records, whole JVM)"
  median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  local -A med
  for m in "${order[@]}"; do
    rates=$(awk -v m="$m" '$1 == m { print $2 }' "$WORK/all.txt")
    [ -n "$rates" ] || { printf '%-33s no result\n' "$(name_of "$m")"; continue; }
    med[$m]=$(echo "$rates" | median)
    cpu=$(awk -v m="$m" '$1 == m { print $3 }' "$WORK/all.txt" | median)
    cnt=$(echo "$rates" | wc -l)
    printf '%-33s %10.0f records/s  %8.1f CPU ms/1,000  (%d runs)\n' "$(name_of "$m")" "${med[$m]}" "$cpu" "$cnt"
  done

  echo
  echo "ratios (median records/s)"
  for a in 0 2; do
    [ -n "${med[$a]:-}" ] || continue
    for b in 3 4; do
      [ -n "${med[$b]:-}" ] || continue
      awk -v x="${med[$a]}" -v y="${med[$b]}" -v an="$(name_of "$a")" -v bn="$(name_of "$b")" \
        'BEGIN { printf "%s / %s = %.1fx\n", an, bn, x / y }'
    done
  done
}

# ---------------------------------------------------------------- aws-kit vs the KPL

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A kinesis-mock of our own, with scripts/emulators' settings; sets KEP (http) and TLS_EP (https).
start_mock() {
  local plain tls d=500ms
  plain=$(free_port); tls=$(free_port)
  while [ "$tls" = "$plain" ]; do tls=$(free_port); done
  ( cd "$WORK" && exec env KINESIS_MOCK_CERT_PATH="$KINESIS_DIR/server.json" KINESIS_MOCK_PLAIN_PORT="$plain" \
      KINESIS_MOCK_TLS_PORT="$tls" AWS_REGION=us-east-1 CREATE_STREAM_DURATION=$d DELETE_STREAM_DURATION=$d \
      SHARD_LIMIT=1000 SHOULD_PERSIST_DATA=false LOAD_DATA_IF_EXISTS=false LOG_LEVEL=WARN \
      node "$KINESIS_DIR/main.js" ) > "$WORK/kinesis-mock.log" 2>&1 &
  MOCK_PID=$!
  KEP="http://127.0.0.1:$plain"
  TLS_EP="https://127.0.0.1:$tls"
  for _ in $(seq 1 150); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$KEP/" -X POST --aws-sigv4 "aws:amz:us-east-1:kinesis" \
        --user "$AK:$SK" -H 'Content-Type: application/x-amz-json-1.1' \
        -H 'X-Amz-Target: Kinesis_20131202.ListStreams' --data '{}' 2>/dev/null)" = 200 ]; then
      return 0
    fi
    kill -0 "$MOCK_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "our kinesis-mock did not answer on $KEP; log:" >&2
  tail -5 "$WORK/kinesis-mock.log" >&2
  exit 1
}

start_moto() {
  command -v moto_server > /dev/null || { echo "needs moto_server (pip install 'moto[server]') for the KPL's STS" >&2; exit 1; }
  MOTO_PORT=$(free_port)
  MOTO_ACCOUNT_ID=000000000000 moto_server -H 127.0.0.1 -p "$MOTO_PORT" --ssl > "$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 1 100); do
    if [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$MOTO_PORT/moto-api/" 2>/dev/null)" = 200 ]; then
      return 0
    fi
    kill -0 "$MOTO_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "moto_server --ssl did not answer on port $MOTO_PORT (it needs Python's cryptography); log:" >&2
  tail -5 "$WORK/moto.log" >&2
  exit 1
}

SLF4J_SIMPLE=$(ls "${MAVEN_REPO:-$HOME/.m2/repository}"/org/slf4j/slf4j-simple/2.*/slf4j-simple-2.*.jar 2>/dev/null | sort -V | tail -1 || true)
KPL_LOG=${KPL_LOG:-$WORK/kpl.log}

# one_run TOOL RUN: appends "TOOL RUN rate sendCpuS wholeCpuS wall" to $WORK/kpl-all.txt
one_run() {
  local tool=$1 run=$2 out=$WORK/$1-$2.out err=$WORK/$1-$2.err tm=$WORK/$1-$2.time
  local -a cmd
  if [ "$tool" = aws-kit ]; then
    cmd=(java -Dawskit.compare.accessKey="$AK" -Dawskit.compare.secretKey="$SK"
      -cp "$JAR" dev.awskit.benchmarks.kinesis.KinesisCompare one "$KEP" "$RECORDS" "$SHARDS")
  else
    local cp=$JAR provider=()
    if [ -n "$SLF4J_SIMPLE" ]; then
      cp=$JAR:$SLF4J_SIMPLE
      provider=(-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
    fi
    cmd=(env AWS_EC2_METADATA_DISABLED=true java "${provider[@]}" -Daws.java.v1.disableDeprecationAnnouncement=true
      -Dawskit.compare.clockTicks="$(getconf CLK_TCK)"
      -Dawskit.compare.accessKey="$AK" -Dawskit.compare.secretKey="$SK"
      -cp "$cp" dev.awskit.benchmarks.kinesis.KplCompare "$KEP" "$TLS_EP" "$MOTO_PORT" "$RECORDS" "$SHARDS")
  fi
  if ! timeout "$RUN_TIMEOUT" /usr/bin/time -f '%e %U %S' -o "$tm" "${cmd[@]}" > "$out" 2> "$err"; then
    echo "run $run $tool failed or timed out after ${RUN_TIMEOUT}s; stderr tail:" >&2
    grep -v -E 'EC2Metadata|169\.254\.169\.254' "$err" | tail -8 >&2
    [ "$tool" = kpl ] && cat "$err" >> "$KPL_LOG"
    return 0
  fi
  [ "$tool" = kpl ] && cat "$err" >> "$KPL_LOG"
  local line rate send wall user sys
  line=$(sed -n 's/^RESULT //p' "$out" | tail -1)
  rate=$(echo "$line" | sed -n 's/.*rate=\([0-9.]*\).*/\1/p')
  send=$(echo "$line" | sed -n 's/.*sendCpuS=\([0-9.]*\).*/\1/p')
  read -r wall user sys < <(tail -1 "$tm")
  [ -n "$rate" ] && [ -n "$send" ] || { echo "run $run $tool printed no RESULT line" >&2; return 0; }
  local whole
  whole=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$tool $run $rate $send $whole $wall" >> "$WORK/kpl-all.txt"
  printf 'run %d  %-8s %10.0f records/s  %6.2f CPU-s while sending  %6.2f CPU-s whole process  %6.2f s wall\n' \
    "$run" "$tool" "$rate" "$send" "$whole" "$wall"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$WORK/kpl-all.txt"; }

start_mock
start_moto
echo "$(date -u '+%Y-%m-%d %H:%M UTC')  load:$(uptime | sed 's/.*load average://')  $(nproc) cores"
echo "our kinesis-mock $KEP (KPL: $TLS_EP, STS: moto --ssl on $MOTO_PORT): $RECORDS records of 100 B, 100 keys, $SHARDS shards, $RUNS interleaved runs, one JVM each"
[ -n "$SLF4J_SIMPLE" ] || echo "note: no slf4j-simple 2.x in the local Maven repository: the KPL's log is lost"
for ((run = 1; run <= RUNS; run++)); do
  if (( run % 2 )); then one_run aws-kit "$run"; one_run kpl "$run"; else one_run kpl "$run"; one_run aws-kit "$run"; fi
done
echo "$(date -u '+%Y-%m-%d %H:%M UTC')  load:$(uptime | sed 's/.*load average://')"
[ -s "$WORK/kpl-all.txt" ] || { echo "no results" >&2; exit 1; }

echo
echo "medians                  records/s   CPU-s while sending   CPU-s whole process   wall s   runs"
for t in aws-kit kpl; do
  n=$(col "$t" 3 | wc -l)
  if [ "$n" = 0 ]; then printf '%-22s  no result\n' "$t"; continue; fi
  printf '%-22s %10.0f   %19.2f   %19.2f   %6.2f   %4d\n' "$([ "$t" = kpl ] && echo "KPL 0.15.12" || echo "aws-kit")" \
    "$(col "$t" 3 | median)" "$(col "$t" 4 | median)" "$(col "$t" 5 | median)" "$(col "$t" 6 | median)" "$n"
done

# paired ratios: the two tools of the same run, then the median over runs
awk '{ k[$1 " " $2] = $0 } END {
  for (key in k) { split(key, a, " "); if (a[1] != "aws-kit" || !(("kpl " a[2]) in k)) continue
    split(k[key], x, " "); split(k["kpl " a[2]], y, " ")
    print x[3] / y[3], y[4] / x[4], y[5] / x[5] } }' "$WORK/kpl-all.txt" > "$WORK/pairs.txt"
if [ -s "$WORK/pairs.txt" ]; then
  rate_r=$(awk '{ print $1 }' "$WORK/pairs.txt" | median)
  send_r=$(awk '{ print $2 }' "$WORK/pairs.txt" | median)
  whole_r=$(awk '{ print $3 }' "$WORK/pairs.txt" | median)
  verdict() { awk -v r="$1" 'BEGIN { exit !(r > 1) }' && echo met || echo "NOT met"; }
  echo
  echo "paired ratios, median of $(wc -l < "$WORK/pairs.txt") runs (target: aws-kit ahead on rate and CPU, i.e. every ratio > 1)"
  printf 'rate     aws-kit / KPL                 %5.2fx  %s\n' "$rate_r" "$(verdict "$rate_r")"
  printf 'CPU while sending  KPL / aws-kit      %5.2fx  %s\n' "$send_r" "$(verdict "$send_r")"
  printf 'CPU whole process  KPL / aws-kit      %5.2fx  %s\n' "$whole_r" "$(verdict "$whole_r")"
else
  echo "no run has both tools: no ratios"
fi

if [ "$LOOPS" = 1 ]; then
  echo
  loops
fi
