#!/usr/bin/env bash
# Side by side on the local S3 emulator: aws-kit vs `aws s3 sync` (Debian awscli) vs `rclone sync`
# (Debian rclone). FILES files of 1-64 KiB, local -> S3: the first sync into an empty bucket, then
# a no-op re-sync. Each tool runs RUNS times (fresh bucket each run); medians and ratios are printed.
#
#   benchmarks/compare/sync.sh                 # 10,000 files, 3 runs
#   FILES=2000 RUNS=5 benchmarks/compare/sync.sh
#
# Needs: scripts/emulators start s3, the benchmarks jar (built if missing), awscli and rclone
# (installed with apt-get when missing). Every tool runs with its defaults, as users would run it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FILES=${FILES:-10000}
RUNS=${RUNS:-3}
TOOLS=${TOOLS:-"aws-kit aws-kit-dir aws-cli rclone"}   # aws-kit-dir: listByDirectory(), as rclone lists
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=${WORK:-$(mktemp -d /tmp/awskit-sync-compare.XXXXXX)}
mkdir -p "$WORK"
DATA=$WORK/data

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
# archive of the classes a sync loads (made once below, outside the timings). In an application
# the kit runs in an already warm JVM: the "in-process" column is the sync's own duration.
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
CDS=$WORK/aws-kit-cds.jsa
kit() { java "${JVM_FLAGS[@]}" ${CDS_FLAG:-} -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun "$@"; }
mb() { kit --mb "s3://$1" >/dev/null; }
rb() { kit --rb "s3://$1" >/dev/null; }
sync_with() { # tool bucket
  case $1 in
    aws-kit) kit "$DATA" "s3://$2" | sed -n 's/^duration_ms=//p' >> "$WORK/inproc-$3" ;;
    aws-kit-dir) kit "$DATA" "s3://$2" --by-directory | sed -n 's/^duration_ms=//p' >> "$WORK/inproc-dir-$3" ;;
    aws-cli) $AWS s3 sync "$DATA" "s3://$2" --only-show-errors ;;
    rclone) env -u AWS_CA_BUNDLE rclone sync "$DATA" "emu:$2" ;;
  esac
}
now() { date +%s.%N; }

if [[ " $TOOLS " == *" aws-kit"* && ! -f "$CDS" ]]; then
  mkdir -p "$WORK/warm" && head -c 2048 /dev/urandom > "$WORK/warm/x.bin"
  kit --mb s3://cmp-warm-$$ && CDS_FLAG="-XX:ArchiveClassesAtExit=$CDS" kit "$WORK/warm" s3://cmp-warm-$$ >/dev/null 2>&1
  kit --rb s3://cmp-warm-$$
fi
[ -f "$CDS" ] && CDS_FLAG="-XX:SharedArchiveFile=$CDS"

declare -A FIRST NOOP
for tool in $TOOLS; do
  for run in $(seq 1 "$RUNS"); do
    b="cmp-$tool-$run-$$"
    mb "$b"
    t0=$(now); sync_with "$tool" "$b" first; t1=$(now); sync_with "$tool" "$b" noop; t2=$(now)
    n=$($AWS s3 ls "s3://$b" --recursive | wc -l)
    [ "$n" -eq "$FILES" ] || { echo "$tool run $run: bucket has $n objects, expected $FILES" >&2; exit 1; }
    f=$(echo "$t1 - $t0" | bc); o=$(echo "$t2 - $t1" | bc)
    printf '%-11s run %d: first sync %6.2f s, no-op re-sync %6.2f s\n' "$tool" "$run" "$f" "$o"
    FIRST[$tool]+="$f "; NOOP[$tool]+="$o "
    rb "$b"
  done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "$FILES files of 1-64 KiB, local -> S3Proxy, medians of $RUNS runs ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-11s %9s %16s\n' tool "first sync" "no-op re-sync"
for tool in $TOOLS; do
  printf '%-11s %7.2f s %14.2f s\n' "$tool" "$(median "${FIRST[$tool]}")" "$(median "${NOOP[$tool]}")"
done
for k in aws-kit aws-kit-dir; do
  [[ " $TOOLS " == *" $k "* ]] || continue
  suffix=; [ "$k" = aws-kit-dir ] && suffix=dir-
  printf '%-11s %7.2f s %14.2f s   (in-process: the sync inside an already running JVM)\n' "$k" \
    "$(median "$(awk '{print $1/1000}' "$WORK/inproc-${suffix}first")")" \
    "$(median "$(awk '{print $1/1000}' "$WORK/inproc-${suffix}noop")")"
  kf=$(median "${FIRST[$k]}"); ko=$(median "${NOOP[$k]}")
  for tool in $TOOLS; do
    [[ "$tool" = aws-kit* ]] && continue
    printf '%-11s vs %-7s first sync %5.2fx faster, no-op re-sync %5.2fx faster\n' "$k" "$tool" \
      "$(echo "$(median "${FIRST[$tool]}") / $kf" | bc -l)" "$(echo "$(median "${NOOP[$tool]}") / $ko" | bc -l)"
  done
done
