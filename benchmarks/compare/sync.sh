#!/usr/bin/env bash
# Side by side on the local S3 emulator: aws-kit vs `aws s3 sync` (aws-cli v2: Debian awscli) vs
# `rclone sync` (Debian rclone). FILES files of 1-64 KiB. Three syncs per tool and run:
#   first  local -> S3 into an empty bucket;   noop  the same again (nothing to copy);
#   s3s3   S3 -> S3 from a bucket holding the files into an empty one.
# Tools run interleaved (run 1 of every tool, then run 2 ...), RUNS times, in the order of TOOLS in
# odd runs and in the reverse order in even runs: which tool ran just before matters here (on
# 2026-12-04 a fresh aws-kit sync run right after aws-cli's took 15.8-16.0 CPU-s where the same sync
# run alone took 12.6-13.1; S3Proxy is the one server all tools share). Each figure is wall time
# and CPU-seconds (user+sys of the whole process tree, from /usr/bin/time): on a shared, loaded
# machine CPU is the robust figure. aws-kit runs twice per run:
#   aws-kit       a fresh JVM per sync, as a command (C1 only, serial GC, a CDS archive: see below);
#   aws-kit-warm  in-process, as an application embeds it: one JVM (the JVM's default flags, as in
#                 an application) syncs once into a scratch bucket (not measured), then the measured
#                 sync; wall and the process's CPU of that second sync (SyncRun --warm).
# Prints medians, paired ratios (median of the per-run ratios) and whether each target of issue 13
# is met.
#
#   benchmarks/compare/sync.sh                 # 10,000 files, 3 runs
#   FILES=2000 RUNS=5 benchmarks/compare/sync.sh
#
# Needs: scripts/emulators start s3, the benchmarks jar (built if missing), awscli and rclone
# (installed with apt-get when missing). Every other tool runs with its defaults.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FILES=${FILES:-10000}
RUNS=${RUNS:-3}
TOOLS=${TOOLS:-"aws-kit aws-kit-warm rclone aws-cli"}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
WORK=${WORK:-$(mktemp -d /tmp/awskit-sync-compare.XXXXXX)}
mkdir -p "$WORK"
DATA=$WORK/data-$FILES
prop() { grep -E "^$1=" "$ENDPOINTS" | head -1 | cut -d= -f2-; }
[ -f "$ENDPOINTS" ] || { echo "no $ENDPOINTS: run scripts/emulators start s3" >&2; exit 1; }
EP=$(prop s3.endpoint)
export AWS_ACCESS_KEY_ID=$(prop s3.accessKey) AWS_SECRET_ACCESS_KEY=$(prop s3.secretKey)
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL_S3=$EP
export AWS_CONFIG_FILE=$WORK/aws-config AWS_SHARED_CREDENTIALS_FILE=$WORK/aws-credentials
printf '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n' > "$AWS_CONFIG_FILE"
: > "$AWS_SHARED_CREDENTIALS_FILE"
export RCLONE_CONFIG=$WORK/rclone.conf
cat > "$RCLONE_CONFIG" <<CONF
[emu]
type = s3
provider = Other
env_auth = true
endpoint = $EP
force_path_style = true
region = us-east-1
CONF

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
command -v rclone >/dev/null || need+=(rclone)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get" >&2
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi
AWS="/usr/bin/aws --endpoint-url $EP"   # awscli 2.9 predates AWS_ENDPOINT_URL_S3
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -pl benchmarks -am package -DskipTests)
fi

if [ ! -d "$DATA" ]; then
  echo "writing $FILES files of 1-64 KiB to $DATA" >&2
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

# The JVM as a command-line tool would start it: C1 only, serial GC, and a class-data-sharing
# archive of the classes a sync loads (made once below, outside the timings). C1 only because a
# short sync would spend more CPU compiling the SDK with C2 than it saves (see the storage README).
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
CDS=$WORK/aws-kit-cds.jsa
kit() { java "${JVM_FLAGS[@]}" ${CDS_FLAG:-} -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun "$@"; }
mb() { kit --mb "s3://$1" >/dev/null; }
rb() { kit --rb "s3://$1" >/dev/null; }

# timed <name>: runs the rest of the line under /usr/bin/time; appends "wall cpu" to $WORK/t-<name>
timed() {
  local name=$1; shift
  /usr/bin/time -o "$WORK/time.tmp" -f '%e %U %S' "$@" > "$WORK/out.tmp"
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$WORK/time.tmp" >> "$WORK/t-$name"
}
# the in-process figures SyncRun --warm prints
warm_figures() { # kind(first|s3s3)
  local ms cpu
  ms=$(sed -n 's/^warm_first_ms=//p' "$WORK/out.tmp"); cpu=$(sed -n 's/^warm_first_cpu_ms=//p' "$WORK/out.tmp")
  awk -v m="$ms" -v c="$cpu" 'BEGIN {printf "%.2f %.2f\n", m / 1000, c / 1000}' >> "$WORK/t-aws-kit-warm-$1"
  if [ "$1" = first ]; then
    ms=$(sed -n 's/^warm_noop_ms=//p' "$WORK/out.tmp"); cpu=$(sed -n 's/^warm_noop_cpu_ms=//p' "$WORK/out.tmp")
    awk -v m="$ms" -v c="$cpu" 'BEGIN {printf "%.2f %.2f\n", m / 1000, c / 1000}' >> "$WORK/t-aws-kit-warm-noop"
  fi
}

if [[ " $TOOLS " == *" aws-kit"* && ! -f "$CDS" ]]; then
  mkdir -p "$WORK/warm" && head -c 2048 /dev/urandom > "$WORK/warm/x.bin"
  kit --mb s3://cmp-warm-$$ && CDS_FLAG="-XX:ArchiveClassesAtExit=$CDS" kit "$WORK/warm" s3://cmp-warm-$$ >/dev/null 2>&1
  kit --rb s3://cmp-warm-$$
fi
[ -f "$CDS" ] && CDS_FLAG="-XX:SharedArchiveFile=$CDS"
KIT=(java "${JVM_FLAGS[@]}" ${CDS_FLAG:-} -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun)   # for /usr/bin/time
# in-process: an application's JVM, with the JVM's defaults (tiered C1 + C2, its default GC)
KIT_WARM=(java ${WARM_FLAGS:-} -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun)

SRC=cmp-src-$$   # the S3 -> S3 source, filled once outside the timings
mb "$SRC" && kit "$DATA" "s3://$SRC" >/dev/null

run_tool() { # tool run
  local t=$1 b="cmp-$1-$2-$$" c="cmp-$1-$2-$$-c" w="cmp-$1-$2-$$-w"
  mb "$b"; mb "$c"
  case $t in
    aws-kit)
      timed aws-kit-first "${KIT[@]}" "$DATA" "s3://$b"
      timed aws-kit-noop "${KIT[@]}" "$DATA" "s3://$b"
      timed aws-kit-s3s3 "${KIT[@]}" "s3://$SRC" "s3://$c" ;;
    aws-kit-warm)
      mb "$w"
      timed scratch "${KIT_WARM[@]}" "$DATA" "s3://$b" --warm "s3://$w"; warm_figures first
      rb "$w"; mb "$w"
      timed scratch "${KIT_WARM[@]}" "s3://$SRC" "s3://$c" --warm "s3://$w"; warm_figures s3s3
      rb "$w" ;;
    aws-cli)
      timed aws-cli-first $AWS s3 sync "$DATA" "s3://$b" --only-show-errors
      timed aws-cli-noop $AWS s3 sync "$DATA" "s3://$b" --only-show-errors
      timed aws-cli-s3s3 $AWS s3 sync "s3://$SRC" "s3://$c" --only-show-errors ;;
    rclone)
      timed rclone-first env -u AWS_CA_BUNDLE rclone sync "$DATA" "emu:$b"
      timed rclone-noop env -u AWS_CA_BUNDLE rclone sync "$DATA" "emu:$b"
      timed rclone-s3s3 env -u AWS_CA_BUNDLE rclone sync "emu:$SRC" "emu:$c" ;;
  esac
  for x in "$b" "$c"; do
    n=$($AWS s3 ls "s3://$x" --recursive | wc -l)
    [ "$n" -eq "$FILES" ] || { echo "$t run $2: $x has $n objects, expected $FILES" >&2; exit 1; }
  done
  rb "$b"; rb "$c"
}

echo "start $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$WORK/load"
read -r -a ORDER <<< "$TOOLS"
for run in $(seq 1 "$RUNS"); do
  if (( run % 2 == 0 )); then
    tools=$(printf '%s\n' "${ORDER[@]}" | tac | tr '\n' ' ')
  else
    tools="${ORDER[*]}"
  fi
  for tool in $tools; do
    run_tool "$tool" "$run"
    printf '%-12s run %d: first %s | noop %s | s3s3 %s   (wall s, CPU s)\n' "$tool" "$run" \
      "$(tail -1 "$WORK/t-$tool-first")" "$(tail -1 "$WORK/t-$tool-noop" 2>/dev/null || echo -)" \
      "$(tail -1 "$WORK/t-$tool-s3s3")"
  done
done
echo "end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load"
rb "$SRC"

col() { awk -v c="$2" '{print $c}' "$WORK/t-$1"; }                      # name column
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
med() { col "$1" "$2" | median; }
ratio() { paste <(col "$1" "$3") <(col "$2" "$3") | awk '{print ($2 > 0 ? $1 / $2 : 0)}' | median; }  # median of a/b per run

echo
echo "$FILES files of 1-64 KiB on S3Proxy, medians of $RUNS interleaved runs ($(nproc) cores; $(cat "$WORK/load" | tr '\n' ' '))"
printf '%-13s %18s %18s %18s\n' tool "first (wall/CPU)" "no-op (wall/CPU)" "S3->S3 (wall/CPU)"
for tool in $TOOLS; do
  line=$(printf '%-13s' "$tool")
  for k in first noop s3s3; do
    if [ -s "$WORK/t-$tool-$k" ]; then
      line+=$(printf ' %8.2f / %6.2f s' "$(med "$tool-$k" 1)" "$(med "$tool-$k" 2)")
    else
      line+=$(printf ' %18s' -)
    fi
  done
  echo "$line"
done

# met / not met only from at least 3 interleaved runs: one or two runs on this shared machine say little
verdict() {
  if [ "$RUNS" -lt 3 ]; then echo "(no verdict from $RUNS run(s): RUNS=3 or more)"; return; fi
  awk -v r="$1" -v lim="$2" 'BEGIN {exit !(r <= lim)}' && echo met || echo "NOT met"
}
if [[ " $TOOLS " == *" aws-kit "* && " $TOOLS " == *" rclone "* ]]; then
  echo
  echo "Targets (paired ratios, median of per-run ratios):"
  for k in first s3s3; do
    if [[ " $TOOLS " == *" aws-kit-warm "* ]]; then
      r=$(ratio aws-kit-warm-$k rclone-$k 2)
      printf '  %-5s warm CPU / rclone CPU     %5.2f  (<= 1.00) %s\n' "$k" "$r" "$(verdict "$r" 1.0)"
    fi
    r=$(ratio aws-kit-$k rclone-$k 2)
    printf '  %-5s fresh CPU / rclone CPU    %5.2f  (<= 1.30) %s\n' "$k" "$r" "$(verdict "$r" 1.3)"
  done
  r=$(ratio aws-kit-noop rclone-noop 1)
  printf '  no-op fresh wall / rclone wall  %5.2f  (<= 1.00) %s\n' "$r" "$(verdict "$r" 1.0)"
  r=$(ratio aws-kit-noop rclone-noop 2)
  printf '  no-op fresh CPU / rclone CPU    %5.2f  (<= 1.00) %s\n' "$r" "$(verdict "$r" 1.0)"
fi
if [[ " $TOOLS " == *" aws-kit "* && " $TOOLS " == *" aws-cli "* ]]; then
  for k in first noop s3s3; do
    r=$(ratio aws-kit-$k aws-cli-$k 1)
    printf '  %-5s fresh wall / aws-cli wall %5.2f  (<= 0.67, i.e. >= 1.5x faster) %s\n' "$k" "$r" "$(verdict "$r" 0.6667)"
  done
fi
