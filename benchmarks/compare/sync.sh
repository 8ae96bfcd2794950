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
TOOLS=${TOOLS:-"aws-kit aws-cli rclone"}
ENDPOINTS=${AWSKIT_EMULATORS_FILE:-$ROOT/.emulators/endpoints.properties}
JAR=$ROOT/benchmarks/target/benchmarks.jar
WORK=${WORK:-$(mktemp -d /tmp/awskit-sync-compare.XXXXXX)}
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
AWS=/usr/bin/aws
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

kit() { java -cp "$JAR" dev.awskit.benchmarks.storage.SyncRun "$@"; }
mb() { kit --mb "s3://$1" >/dev/null; }
rb() { kit --rb "s3://$1" >/dev/null; }
sync_with() { # tool bucket
  case $1 in
    aws-kit) kit "$DATA" "s3://$2" >/dev/null ;;
    aws-cli) $AWS s3 sync "$DATA" "s3://$2" --only-show-errors ;;
    rclone) rclone sync "$DATA" "emu:$2" ;;
  esac
}
now() { date +%s.%N; }

declare -A FIRST NOOP
for tool in $TOOLS; do
  for run in $(seq 1 "$RUNS"); do
    b="cmp-$tool-$run-$$"
    mb "$b"
    t0=$(now); sync_with "$tool" "$b"; t1=$(now); sync_with "$tool" "$b"; t2=$(now)
    n=$($AWS s3 ls "s3://$b" --recursive | wc -l)
    [ "$n" -eq "$FILES" ] || { echo "$tool run $run: bucket has $n objects, expected $FILES" >&2; exit 1; }
    f=$(echo "$t1 - $t0" | bc); o=$(echo "$t2 - $t1" | bc)
    printf '%-8s run %d: first sync %6.2f s, no-op re-sync %6.2f s\n' "$tool" "$run" "$f" "$o"
    FIRST[$tool]+="$f "; NOOP[$tool]+="$o "
    rb "$b"
  done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "$FILES files of 1-64 KiB, local -> S3Proxy, medians of $RUNS runs ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-8s %12s %16s\n' tool "first sync" "no-op re-sync"
for tool in $TOOLS; do
  printf '%-8s %10.2f s %14.2f s\n' "$tool" "$(median "${FIRST[$tool]}")" "$(median "${NOOP[$tool]}")"
done
if [[ " $TOOLS " == *" aws-kit "* ]]; then
  kf=$(median "${FIRST[aws-kit]}"); ko=$(median "${NOOP[aws-kit]}")
  for tool in $TOOLS; do
    [ "$tool" = aws-kit ] && continue
    printf 'aws-kit vs %-7s first sync %5.2fx faster, no-op re-sync %5.2fx faster\n' "$tool" \
      "$(echo "$(median "${FIRST[$tool]}") / $kf" | bc -l)" "$(echo "$(median "${NOOP[$tool]}") / $ko" | bc -l)"
  done
fi
