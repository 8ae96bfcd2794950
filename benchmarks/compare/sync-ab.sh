#!/usr/bin/env bash
# A/B of aws-kit sync settings on the local S3 emulator, before one is kept (issue 13): each
# configuration is a set of JVM options for SyncRun (-Dab.http=crt, -Dab.expectContinue=false,
# -Dab.concurrency=N: see SyncRun's class comment; "base" = none). Configurations run interleaved
# (A B C, B C A, C A B, ...: the order rotates so that load rising or falling during a run does
# not always favour the same configuration), RUNS times; each run does, per configuration:
#   fresh  a first sync local -> S3 in a fresh JVM as a command (C1 only, serial GC), CPU-s of the
#          process tree from /usr/bin/time;
#   warm   one JVM with the JVM's defaults syncs into a scratch bucket, then the measured first sync
#          (SyncRun --warm: wall and process CPU of that sync alone).
# A configuration may start with jar=PATH: that build of the benchmarks jar (another version of the
# kit: A/B of a code change, e.g. a jar built from `git archive` of the commit before it).
# MODE=noop measures the no-op re-sync instead: one bucket is filled once (outside the timings), then
# each configuration re-syncs the same files into it, fresh (a command) and warm (SyncRun --warm:
# the third no-op sync of one JVM).
# Prints medians and the median of per-run ratios to the first configuration, with date and load.
#
#   CONFIGS='base|-Dab.expectContinue=false' FILES=2000 RUNS=5 benchmarks/compare/sync-ab.sh
#   CONFIGS="jar=/tmp/before.jar|base" MODE=noop FILES=10000 RUNS=5 benchmarks/compare/sync-ab.sh
#   S3PUT=1 ...   also runs S3PutCpu (the PUT path alone): kit's S3Client vs the CRT S3 client
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FILES=${FILES:-2000}
MODE=${MODE:-first}
RUNS=${RUNS:-3}
CONFIGS=${CONFIGS:-"base|-Dab.expectContinue=false"}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
WORK=${WORK:-$(mktemp -d /tmp/awskit-sync-ab.XXXXXX)}
mkdir -p "$WORK"
DATA=${DATA:-$WORK/data-$FILES}
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
EP=$(prop s3.endpoint)
export AWS_ACCESS_KEY_ID=$(prop s3.accessKey) AWS_SECRET_ACCESS_KEY=$(prop s3.secretKey)
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL_S3=$EP

if [ ! -d "$DATA" ]; then
  python3 - "$DATA" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
for i in range(n):
    d = os.path.join(root, "dir%03d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "file%05d.bin" % i), "wb") as f:
        f.write(rnd.randbytes(rnd.randint(1024, 65536)))
PY
fi

run() { java "$@" -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun; }
kit() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@"; }
mb() { java -XX:TieredStopAtLevel=1 -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun --mb "s3://$1" >/dev/null; }
rb() { java -XX:TieredStopAtLevel=1 -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun --rb "s3://$1" >/dev/null; }
flags() { # the JVM options of a configuration ("jar=PATH -Dx=y": -Dx=y)
  local c=$1
  if [[ "$c" == jar=* ]]; then c=${c#jar=}; if [[ "$c" == *" "* ]]; then c=${c#* }; else c=base; fi; fi
  [ "$c" = base ] && return 0; echo "$c"
}
jar() { if [[ "$1" == jar=* ]]; then local j=${1#jar=}; echo "${j%% *}"; else echo "$JAR"; fi; }

IFS='|' read -r -a CFG <<< "$CONFIGS"
FULL="ab-full-$$"   # MODE=noop: the bucket every configuration re-syncs into
if [ "$MODE" = noop ]; then
  mb "$FULL"
  java -XX:TieredStopAtLevel=1 -cp "$(jar "${CFG[0]}")" dev.awskit.benchmarks.storage.SyncRun "$DATA" "s3://$FULL" >/dev/null
fi
echo "start $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $FILES files, $MODE" | tee "$WORK/load"
for r in $(seq 1 "$RUNS"); do
  for j in "${!CFG[@]}"; do
    i=$(( (j + r - 1) % ${#CFG[@]} )); c=${CFG[$i]}; b="ab-$i-$r-$$"; w="ab-$i-$r-$$-w"; v="ab-$i-$r-$$-v"
    if [ "$MODE" = noop ]; then
      # shellcheck disable=SC2046
      /usr/bin/time -o "$WORK/time.tmp" -f '%e %U %S' java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $(flags "$c") \
        -cp "$(jar "$c")" dev.awskit.benchmarks.storage.SyncRun "$DATA" "s3://$FULL" > "$WORK/out.tmp"
      grep -q '^copied=0 ' "$WORK/out.tmp" || { echo "run $r $c: not a no-op: $(grep '^copied=' "$WORK/out.tmp")" >&2; exit 1; }
      awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$WORK/time.tmp" >> "$WORK/fresh-$i"
      # shellcheck disable=SC2046
      java $(flags "$c") -cp "$(jar "$c")" dev.awskit.benchmarks.storage.SyncRun "$DATA" "s3://$FULL" --warm "s3://$FULL" > "$WORK/out.tmp"
      awk -F= '/^warm_noop_ms=/{m=$2} /^warm_noop_cpu_ms=/{c=$2} END {printf "%.2f %.2f\n", m/1000, c/1000}' \
        "$WORK/out.tmp" >> "$WORK/warm-$i"
      printf 'run %d %-40s fresh %s | warm %s  (no-op, wall s, CPU s)\n' "$r" "$c" "$(tail -1 "$WORK/fresh-$i")" "$(tail -1 "$WORK/warm-$i")"
      continue
    fi
    mb "$b"; mb "$w"; mb "$v"
    # shellcheck disable=SC2046
    /usr/bin/time -o "$WORK/time.tmp" -f '%e %U %S' java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $(flags "$c") \
      -cp "$(jar "$c")" dev.awskit.benchmarks.storage.SyncRun "$DATA" "s3://$b" > "$WORK/out.tmp"
    awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$WORK/time.tmp" >> "$WORK/fresh-$i"
    # shellcheck disable=SC2046
    java $(flags "$c") -cp "$(jar "$c")" dev.awskit.benchmarks.storage.SyncRun "$DATA" "s3://$v" --warm "s3://$w" > "$WORK/out.tmp"
    awk -F= '/^warm_first_ms=/{m=$2} /^warm_first_cpu_ms=/{c=$2} END {printf "%.2f %.2f\n", m/1000, c/1000}' \
      "$WORK/out.tmp" >> "$WORK/warm-$i"
    if [ -n "${S3PUT:-}" ] && [ "$j" -eq 0 ]; then
      for k in kit crt; do
        p="ab-put-$k-$r-$$"; mb "$p"
        java -cp "$JAR" dev.awskit.benchmarks.storage.S3PutCpu "$DATA" "$p" "$k" > "$WORK/out.tmp"
        awk -F= '/^round1_ms=/{a=$2} /^round1_cpu_ms=/{b=$2} /^round2_ms=/{c=$2} /^round2_cpu_ms=/{d=$2}
          END {printf "%.2f %.2f %.2f %.2f\n", a/1000, b/1000, c/1000, d/1000}' "$WORK/out.tmp" >> "$WORK/put-$k"
        rb "$p"
      done
    fi
    rb "$b"; rb "$w"; rb "$v"
    printf 'run %d %-40s fresh %s | warm %s  (wall s, CPU s)\n' "$r" "$c" "$(tail -1 "$WORK/fresh-$i")" "$(tail -1 "$WORK/warm-$i")"
  done
done
echo "end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load"
[ "$MODE" = noop ] && rb "$FULL"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { awk -v c="$2" '{print $c}' "$WORK/$1"; }
ratio() { paste <(col "$1" "$3") <(col "$2" "$3") | awk '{print ($2 > 0 ? $1 / $2 : 0)}' | median; }
echo
echo "$FILES files, $MODE sync, medians of $RUNS interleaved runs; ratio = median of per-run ratios to ${CFG[0]} ($(tr '\n' ' ' < "$WORK/load"))"
printf '%-40s %22s %22s %12s %12s %12s %12s\n' config "fresh wall / CPU" "warm wall / CPU" "fresh CPU r" "warm CPU r" \
  "fresh wall r" "warm wall r"
for i in "${!CFG[@]}"; do
  printf '%-40s %9.2f / %7.2f s %9.2f / %7.2f s %12.3f %12.3f %12.3f %12.3f\n' "${CFG[$i]}" \
    "$(col fresh-$i 1 | median)" "$(col fresh-$i 2 | median)" "$(col warm-$i 1 | median)" "$(col warm-$i 2 | median)" \
    "$(ratio fresh-$i fresh-0 2)" "$(ratio warm-$i warm-0 2)" "$(ratio fresh-$i fresh-0 1)" "$(ratio warm-$i warm-0 1)"
done
if [ -n "${S3PUT:-}" ]; then
  echo "S3PutCpu (PUT path only, $FILES bodies from memory, 32 in flight): round 1 (fresh JVM) and round 2 (warm), wall / CPU s"
  for k in kit crt; do
    printf '  %-4s round1 %6.2f / %6.2f   round2 %6.2f / %6.2f\n' "$k" "$(col put-$k 1 | median)" "$(col put-$k 2 | median)" \
      "$(col put-$k 3 | median)" "$(col put-$k 4 | median)"
  done
  printf '  crt/kit CPU ratio: round1 %.3f  round2 %.3f\n' "$(ratio put-crt put-kit 2)" "$(ratio put-crt put-kit 4)"
fi
