#!/usr/bin/env bash
# Benchmark of `epct data validate` (a benchmark, not a test): builds the release
# binary, generates a file of ROWS rows (default 1,000,000) with `epct data generate`,
# validates it RUNS times (default 5) under GNU time, and prints the median rows per
# second and the largest peak RSS.
# Targets: at least 500,000 rows/s and a peak RSS under 64 MiB; exits with 1 when
# one is missed.
#
#   scripts/bench-data.sh            # ROWS=2000000 RUNS=3 scripts/bench-data.sh
set -euo pipefail

rows=${ROWS:-1000000}
runs=${RUNS:-5}
min_rows_per_second=500000
max_rss_kib=$((64 * 1024))

cd "$(dirname "$0")/.."

if ! /usr/bin/time --version >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && apt-get install -y -qq time >/dev/null
    else
        echo "GNU time is missing: sudo apt-get install time" >&2
        exit 1
    fi
fi

cargo build --release --quiet
epct=target/release/epct
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$epct" data generate --rows "$rows" --out "$work/voters.csv" >/dev/null
echo "file: $rows rows, $(stat -c %s "$work/voters.csv") bytes"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows the wall time)"

seconds=()
cpu_seconds=()
peak_kib=0
for run in $(seq "$runs"); do
    if ! /usr/bin/time -v "$epct" data validate "$work/voters.csv" >/dev/null 2>"$work/time"; then
        echo "validation failed:" >&2
        cat "$work/time" >&2
        exit 1
    fi
    wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time")
    # h:mm:ss or m:ss.ss -> seconds
    secs=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$wall")
    seconds+=("$secs")
    cpu_seconds+=("$cpu")
    ((rss > peak_kib)) && peak_kib=$rss
    echo "run $run: ${secs} s wall, ${cpu} s CPU, peak RSS ${rss} KiB"
done

median() {
    printf '%s\n' "$@" | sort -g |
        awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
wall=$(median "${seconds[@]}")
cpu=$(median "${cpu_seconds[@]}")
rate=$(awk -v r="$rows" -v s="$wall" 'BEGIN { printf "%d", (s > 0) ? r / s : 0 }')
echo "median: ${wall} s wall, ${rate} rows/s (target >= ${min_rows_per_second}); ${cpu} s CPU (two threads)"
echo "peak RSS: ${peak_kib} KiB ($((peak_kib / 1024)) MiB; target < 64 MiB)"

status=0
if ((rate < min_rows_per_second)); then
    echo "MISSED: throughput under target" >&2
    status=1
fi
if ((peak_kib >= max_rss_kib)); then
    echo "MISSED: peak RSS over target" >&2
    status=1
fi
exit "$status"
