#!/usr/bin/env bash
# Side by side on kinesis-mock: aws-kit's producer vs a plain PutRecords loop (500 entries per
# request) vs a PutRecord loop (one call per record), 100 B records over 100 partition keys, 1 shard,
# a fresh stream per run. Each method runs RUNS times (one JVM per run; the method order rotates
# from run to run, after an untimed warm-up pass of every method in the same JVM); per-run
# records/s, medians and ratios are printed. The KPL column is reported as not available (see kpl_status below).
#
#   benchmarks/compare/kinesis.sh                        # 10,000 producer records, 3 runs
#   RUNS=5 RECORDS=20000 PLAIN_RECORDS=500 benchmarks/compare/kinesis.sh
#
# RECORDS: records per run for the aws-kit producer (aggregation on, its defaults).
# PLAIN_RECORDS: records per run for the non-aggregating methods (kinesis-mock stores only about 150
#   plain entries per second and a PutRecord takes ~50 ms, so these run fewer records; records/s is
#   still comparable, the run is just shorter).
# METHODS: KinesisCompare method numbers, default "0 2 3 4": 0 aws-kit producer (async client,
#   aggregation on), 2 aws-kit producer without aggregation, 3 PutRecords loop, 4 PutRecord loop.
# RUN_TIMEOUT: seconds allowed per JVM run (default 600); a run that times out is reported and skipped.
#
# Needs: scripts/emulators (started here: `scripts/emulators start kinesis`, idempotent), Java 17,
# the benchmarks jar (built if missing, offline).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
RECORDS=${RECORDS:-10000}
PLAIN_RECORDS=${PLAIN_RECORDS:-1000}
METHODS=${METHODS:-"0 2 3 4"}
RUN_TIMEOUT=${RUN_TIMEOUT:-600}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=$(mktemp -d /tmp/awskit-kinesis-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

case $RUNS in ''|*[!0-9]*|0) echo "RUNS must be a positive integer, got '$RUNS'" >&2; exit 2 ;; esac
case $RECORDS in ''|*[!0-9]*|0) echo "RECORDS must be a positive integer, got '$RECORDS'" >&2; exit 2 ;; esac
case $PLAIN_RECORDS in ''|*[!0-9]*|0) echo "PLAIN_RECORDS must be a positive integer, got '$PLAIN_RECORDS'" >&2; exit 2 ;; esac

"$ROOT/scripts/emulators" start kinesis > "$WORK/emulators.log" 2>&1 || { cat "$WORK/emulators.log" >&2; exit 1; }
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
[ -f "$ENDPOINTS" ] || { echo "no $ENDPOINTS after 'scripts/emulators start kinesis'" >&2; exit 1; }
EP=$(prop kinesis.endpoint)
AK=$(prop kinesis.accessKey)
SK=$(prop kinesis.secretKey)
[ -n "$EP" ] || { echo "no kinesis.endpoint in $ENDPOINTS" >&2; exit 1; }

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

# The KPL (com.amazonaws:amazon-kinesis-producer) is not part of the build. Findings, 2026-11-22:
# 1.0.0 does not resolve; 0.15.12 resolves (58 MB jar, linux-x86_64 daemon that starts on this
# glibc), but it needs aws-java-sdk-core (SDK v1) and the Glue schema-registry-serde on the class
# path, and its daemon always speaks HTTPS: against kinesis-mock it would need the emulator's TLS
# port with VerifyCertificate=false. That harness has not been written or run, so no KPL figures.
kpl_status() {
  echo "KPL: not available - the KPL (amazon-kinesis-producer 0.15.12; 1.0.0 does not resolve) is not"
  echo "     in the benchmarks build: it needs the AWS SDK v1 core and Glue schema-registry-serde, and"
  echo "     its native daemon only speaks HTTPS (kinesis-mock's self-signed TLS port with"
  echo "     VerifyCertificate=false); that harness is not written, so there is no KPL column."
}

read -r -a order <<< "$METHODS"
echo "kinesis-mock at $EP: $RECORDS producer records / $PLAIN_RECORDS plain records per run (100 B, 100 keys, 1 shard), $RUNS runs"
for ((run = 1; run <= RUNS; run++)); do
  # rotate the order: run 1 "0 2 3 4", run 2 "2 3 4 0", ...
  k=$(( (run - 1) % ${#order[@]} ))
  this=("${order[@]:k}" "${order[@]:0:k}")
  out=$WORK/run-$run.txt
  if ! timeout "$RUN_TIMEOUT" java -Dawskit.compare.runs=1 -Dawskit.compare.warmup=true -Dawskit.compare.plainRecords="$PLAIN_RECORDS" \
      -Dawskit.compare.accessKey="$AK" -Dawskit.compare.secretKey="$SK" \
      -cp "$JAR" dev.awskit.benchmarks.kinesis.KinesisCompare emulator "$EP" "$RECORDS" "${this[@]}" \
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
declare -A med
for m in "${order[@]}"; do
  rates=$(awk -v m="$m" '$1 == m { print $2 }' "$WORK/all.txt")
  [ -n "$rates" ] || { printf '%-33s no result\n' "$(name_of "$m")"; continue; }
  med[$m]=$(echo "$rates" | median)
  cpu=$(awk -v m="$m" '$1 == m { print $3 }' "$WORK/all.txt" | median)
  cnt=$(echo "$rates" | wc -l)
  printf '%-33s %10.0f records/s  %8.1f CPU ms/1,000  (%d runs)\n' "$(name_of "$m")" "${med[$m]}" "$cpu" "$cnt"
done
printf '%-33s %10s\n' "KPL" "n/a"

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
kpl_status
