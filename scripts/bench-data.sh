#!/usr/bin/env bash
# Benchmark of `epct data validate` and `epct exchange send` (a benchmark, not a test):
# builds the release binary, generates a file of ROWS rows (default 1,000,000) with
# `epct data generate`, validates it RUNS times (default 5), then sends it RUNS times
# from a SoftHSM token to all 26 other states, each under GNU time, and prints the
# median rows per second and the largest peak RSS of each.
# Targets: validation at least 500,000 rows/s; peak RSS under 64 MiB for both; exits
# with 1 when one is missed.
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

# measure NAME COMMAND...: runs it $runs times; sets seconds, cpu_seconds, peak_kib.
measure() {
    local name=$1
    shift
    seconds=()
    cpu_seconds=()
    peak_kib=0
    for run in $(seq "$runs"); do
        if ! /usr/bin/time -v "$@" >/dev/null 2>"$work/time"; then
            echo "$name failed:" >&2
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
        echo "$name run $run: ${secs} s wall, ${cpu} s CPU, peak RSS ${rss} KiB"
    done
}

median() {
    printf '%s\n' "$@" | sort -g |
        awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
status=0
# summarise NAME MIN_RATE: prints the medians of the last measurement against the targets.
summarise() {
    local wall cpu rate
    wall=$(median "${seconds[@]}")
    cpu=$(median "${cpu_seconds[@]}")
    rate=$(awk -v r="$rows" -v s="$wall" 'BEGIN { printf "%d", (s > 0) ? r / s : 0 }')
    echo "$1 median: ${wall} s wall, ${rate} rows/s${2:+ (target >= $2)}; ${cpu} s CPU"
    echo "$1 peak RSS: ${peak_kib} KiB ($((peak_kib / 1024)) MiB; target < 64 MiB)"
    if [ -n "$2" ] && ((rate < $2)); then
        echo "MISSED: $1 throughput under target" >&2
        status=1
    fi
    if ((peak_kib >= max_rss_kib)); then
        echo "MISSED: $1 peak RSS over target" >&2
        status=1
    fi
}

measure validate "$epct" data validate "$work/voters.csv"
summarise validate "$min_rows_per_second"

# The sender's token and certificate, and a software recipient for every other state.
scripts/install-deps.sh
eval "$(softhsm-config/new-token-dir.sh "$work/hsm")"
for module in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
    [ -e "$module" ] && export EPCT_PKCS11_MODULE="$module" && break
done
export EPCT_BENCH_PIN=2468
pin=(--pin-source env:EPCT_BENCH_PIN --trust-store "$work/store")
softhsm2-util --init-token --free --label BE --so-pin 12345678 --pin 2468 >/dev/null
"$epct" "${pin[@]}" key generate --label be --type p256 >/dev/null
"$epct" "${pin[@]}" cert self-sign --key be --subject "CN=Bench BE" --out "$work/be.pem" --pem 2>/dev/null >/dev/null
echo "country,authority,role,certificate" >"$work/partners.csv"
echo "BE,Bench sender,sender,$work/be.pem" >>"$work/partners.csv"
for state in AT BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=Bench $state" -keyout "$work/$state.key" -out "$work/$state.pem" 2>/dev/null
    echo "$state,Bench $state,recipient,$work/$state.pem" >>"$work/partners.csv"
done
"$epct" "${pin[@]}" partners import "$work/partners.csv" >/dev/null
mkdir -p "$work/out"
measure "exchange send" "$epct" "${pin[@]}" exchange send "$work/voters.csv" --key be \
    --out-dir "$work/out" --force
summarise "exchange send" ""
exit "$status"
