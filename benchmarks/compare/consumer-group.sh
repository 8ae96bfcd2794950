#!/usr/bin/env bash
# Side by side on kinesis-mock (leases in moto's DynamoDB): reading RECORDS records (100 B, 100 keys,
# aggregated by aws-kit's producer, 4 shards, a fresh stream per run) with aws-kit's single consumer
# (GetRecords), the single consumer with enhanced fan-out (SubscribeToShard), and one worker of a
# consumer group on the KCL. One JVM per run, methods interleaved (single group efo, group efo single,
# ...). Prints per run: records/s from the start to the last record (startup included), seconds to
# the first record, CPU ms per 1,000 records of the whole JVM during the read; then medians and paired ratios,
# with the date, time and `uptime` load next to the figures (the machine is shared).
#
#   benchmarks/compare/consumer-group.sh                     # 20,000 records, 3 runs each
#   RUNS=5 RECORDS=100000 METHODS="single group" benchmarks/compare/consumer-group.sh
#
# Needs: scripts/emulators (kinesis-mock and moto), Java 17, the benchmarks jar (built if missing,
# offline) and aws-kit-kinesis's runtime class path with its optional KCL dependency (computed here
# with the Maven wrapper, offline); or AWSKIT_COMPARE_CP, a ready class path (then nothing is built).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
RECORDS=${RECORDS:-20000}
METHODS=${METHODS:-"single group efo"}
RUN_TIMEOUT=${RUN_TIMEOUT:-600}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=$(mktemp -d /tmp/awskit-group-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

case $RUNS in ''|*[!0-9]*|0) echo "RUNS must be a positive integer, got '$RUNS'" >&2; exit 2 ;; esac
case $RECORDS in ''|*[!0-9]*|0) echo "RECORDS must be a positive integer, got '$RECORDS'" >&2; exit 2 ;; esac

"$ROOT/scripts/emulators" start > "$WORK/emulators.log" 2>&1 || { cat "$WORK/emulators.log" >&2; exit 1; }
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
KEP=$(prop kinesis.endpoint)
DEP=$(prop moto.endpoint)
AK=$(prop moto.accessKey)
SK=$(prop moto.secretKey)
[ -n "$KEP" ] && [ -n "$DEP" ] || { echo "no kinesis.endpoint or moto.endpoint in $ENDPOINTS" >&2; exit 1; }

if [ -n "${AWSKIT_COMPARE_CP:-}" ]; then
  CP=$AWSKIT_COMPARE_CP   # a class path holding ConsumerGroupCompare, the kit and the KCL (no jar build)
else
  if [ ! -f "$JAR" ]; then
    echo "building $JAR" >&2
    (cd "$ROOT" && ./mvnw -B -o -q -pl benchmarks -am package -DskipTests)
  fi
  (cd "$ROOT" && ./mvnw -B -o -q -pl aws-kit-kinesis dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/kcl.cp") >/dev/null
  CP="$JAR:$(cat "$WORK/kcl.cp")"
fi

name_of() {
  case $1 in
    single) echo "aws-kit consumer (GetRecords)" ;;
    efo) echo "aws-kit consumer (enhanced fan-out)" ;;
    group) echo "consumer group (KCL, 1 worker)" ;;
    *) echo "$1" ;;
  esac
}

read -r -a order <<< "$METHODS"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load: $(uptime | sed 's/.*load average: //')"
echo "kinesis-mock at $KEP, leases in moto at $DEP: $RECORDS records per run (100 B, 100 keys, 4 shards, aggregated), $RUNS runs"
for ((run = 1; run <= RUNS; run++)); do
  k=$(( (run - 1) % ${#order[@]} ))
  this=("${order[@]:k}" "${order[@]:0:k}")
  for m in "${this[@]}"; do
    out=$WORK/run-$run-$m.txt
    if ! AWSKIT_COMPARE_SECRET_KEY="$SK" timeout "$RUN_TIMEOUT" java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$CP" dev.awskit.benchmarks.kinesis.ConsumerGroupCompare "$KEP" "$DEP" "$AK" "$RECORDS" "$m" \
        > "$out" 2> "$WORK/run-$run-$m.err"; then
      echo "run $run $m failed or timed out after ${RUN_TIMEOUT}s; stderr tail:" >&2
      tail -5 "$WORK/run-$run-$m.err" >&2
    fi
    sed -n 's/^RESULT //p' "$out" | while read -r mm n w f r c; do
      n=${n#records=}; w=${w#wallS=}; f=${f#firstS=}; r=${r#rate=}; c=${c#cpuMsPer1000=}
      echo "$m $r $c $f $w $n" >> "$WORK/all.txt"
      printf 'run %d  %-36s %9.0f records/s  %6.1f s to first  %8.1f CPU ms/1,000  (%s records, load %s)\n' \
        "$run" "$(name_of "$m")" "$r" "$f" "$c" "$n" "$(uptime | sed 's/.*load average: //' | cut -d, -f1)"
    done
  done
done

[ -s "$WORK/all.txt" ] || { echo "no results" >&2; exit 1; }
echo
echo "medians of $RUNS runs ($(date -u '+%Y-%m-%d %H:%M UTC'), load: $(uptime | sed 's/.*load average: //'))"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A rate cpu
for m in "${order[@]}"; do
  rs=$(awk -v m="$m" '$1 == m { print $2 }' "$WORK/all.txt")
  [ -n "$rs" ] || { printf '%-36s no result\n' "$(name_of "$m")"; continue; }
  rate[$m]=$(echo "$rs" | median)
  cpu[$m]=$(awk -v m="$m" '$1 == m { print $3 }' "$WORK/all.txt" | median)
  first=$(awk -v m="$m" '$1 == m { print $4 }' "$WORK/all.txt" | median)
  printf '%-36s %9.0f records/s  %6.1f s to first  %8.1f CPU ms/1,000\n' "$(name_of "$m")" "${rate[$m]}" "$first" "${cpu[$m]}"
done
echo
echo "paired ratios (median of per-run ratios, against the single consumer)"
for m in "${order[@]}"; do
  [ "$m" = single ] && continue
  for ((run = 1; run <= RUNS; run++)); do
    a=$(awk -v m=single -v r="$run" '$1 == m { i++; if (i == r) print $2, $3 }' "$WORK/all.txt")
    b=$(awk -v m="$m" -v r="$run" '$1 == m { i++; if (i == r) print $2, $3 }' "$WORK/all.txt")
    [ -n "$a" ] && [ -n "$b" ] && echo "$a $b" | awk '{ printf "%f %f\n", $3 / $1, $4 / $2 }'
  done > "$WORK/ratio-$m.txt"
  [ -s "$WORK/ratio-$m.txt" ] || continue
  rr=$(cut -d' ' -f1 "$WORK/ratio-$m.txt" | median)
  cr=$(cut -d' ' -f2 "$WORK/ratio-$m.txt" | median)
  printf '%-36s records/s %.2fx, CPU per record %.2fx of the single consumer\n' "$(name_of "$m")" "$rr" "$cr"
done
