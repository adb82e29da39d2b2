#!/usr/bin/env bash
# Benchmark: seal and open a large file with epct and with OpenSSL in the same run, and
# print median wall times, their ratios, and peak memory (largest single process); epct
# also with --sync (the output forced to disk before it is reported written), the cost of
# durability for large outputs.
#
#   scripts/bench.sh [SIZE_MIB...]      default: 1024; e.g. scripts/bench.sh 1024 4096
#   RUNS=5 scripts/bench.sh             runs per measurement (default 3)
#   OPENSSL_MAX_MIB=1024                sizes above this skip OpenSSL (it holds the whole
#                                       file in memory to open it)
#
# Targets (docs/contract.md section 8): seal >= 3x faster than
# `openssl cms -sign -stream | openssl cms -encrypt -stream`, open >= 10x faster than
# `openssl cms -decrypt | openssl cms -verify`, peak RSS < 64 MiB whatever the size, and seal within 1.5x of
# the SHA-256 floor (`openssl dgst -sha256`, what one core hashes).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
openssl_max=${OPENSSL_MAX_MIB:-1024}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024)

scripts/install-deps.sh
[ -x /usr/bin/time ] || {
    echo "installing time ..." >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
}
cargo build --release --locked --quiet
epct="$PWD/target/release/epct"

work=$(mktemp -d "${BENCH_DIR:-/tmp}/epct-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
eval "$("$OLDPWD/softhsm-config/new-token-dir.sh" "$work/hsm")"
for module in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
    [ -e "$module" ] && export EPCT_PKCS11_MODULE="$module" && break
done
export EPCT_BENCH_PIN=2468
pin=(--pin-source env:EPCT_BENCH_PIN)
softhsm2-util --init-token --free --label BENCH --so-pin 12345678 --pin 2468 >/dev/null
"$epct" "${pin[@]}" key generate --label sender --type rsa2048 >/dev/null
"$epct" "${pin[@]}" cert self-sign --key sender --subject "CN=Bench sender" --out sender.pem --pem 2>/dev/null >/dev/null
# OpenSSL signs with a software key and opens with a software recipient key.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Bench recipient" \
    -keyout recipient.key -out recipient.pem 2>/dev/null

# measure NAME OUTPUT COMMAND...: runs it $runs times, each time after removing OUTPUT
# (replacing a file makes ext4 flush the new one to disk first, which would time the
# disk); sets $median_wall and $max_rss (MiB).
measure() {
    local name=$1 output=$2
    shift 2
    local walls=() rss=0 i out
    for ((i = 0; i < runs; i++)); do
        rm -f "$output"
        sync
        /usr/bin/time -o time.txt -f "%e %M" "$@" >/dev/null 2>&1
        out=$(tail -n 1 time.txt)
        walls+=("${out% *}")
        [ "${out#* }" -gt "$rss" ] && rss=${out#* }
    done
    median_wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    max_rss=$((rss / 1024))
    printf '  %-34s %8.2f s  %6d MiB   (runs: %s)\n' "$name" "$median_wall" "$max_rss" "${walls[*]}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

for size in "${sizes[@]}"; do
    head -c "$((size * 1024 * 1024))" /dev/urandom >content.bin
    printf '\n%d MiB, %d runs each, median wall time and peak RSS:\n' "$size" "$runs"

    measure "SHA-256 floor (openssl dgst)" no-output openssl dgst -sha256 content.bin
    floor=$median_wall
    measure "epct seal" sealed.p7m "$epct" "${pin[@]}" seal content.bin --key sender --to recipient.pem --out sealed.p7m
    epct_seal=$median_wall
    measure "epct open" opened.bin "$epct" "${pin[@]}" open sealed.p7m --key sender --out opened.bin \
        --no-trust-check --any-signer
    epct_open=$median_wall
    cmp -s content.bin opened.bin || { echo "error: epct opened something else" >&2; exit 1; }
    # Progress: on a terminal (script's pseudo-terminal) the bar is drawn; with -q it is
    # not. Both run under script, so that only the bar differs. script runs its command
    # line through a shell: tty ARGS... quotes each word for it.
    tty() { printf 'script -qec %q /dev/null' "$(printf '%q ' "$@")"; }
    seal=(seal content.bin --key sender --to recipient.pem --out sealed.p7m)
    open=(open sealed.p7m --key sender --out opened.bin --no-trust-check --any-signer)
    measure "epct seal, bar on a terminal" sealed.p7m sh -c "$(tty "$epct" "${pin[@]}" "${seal[@]}")"
    epct_seal_bar=$median_wall
    measure "epct -q seal on a terminal" sealed.p7m sh -c "$(tty "$epct" "${pin[@]}" -q "${seal[@]}")"
    epct_seal_quiet=$median_wall
    measure "epct open, bar on a terminal" opened.bin sh -c "$(tty "$epct" "${pin[@]}" "${open[@]}")"
    epct_open_bar=$median_wall
    measure "epct -q open on a terminal" opened.bin sh -c "$(tty "$epct" "${pin[@]}" -q "${open[@]}")"
    epct_open_quiet=$median_wall
    # --sync: the output forced to disk (file, then directory) before it is reported.
    measure "epct seal --sync" sealed.p7m "$epct" "${pin[@]}" --sync seal content.bin --key sender \
        --to recipient.pem --out sealed.p7m
    epct_seal_sync=$median_wall
    measure "epct open --sync" opened.bin "$epct" "${pin[@]}" --sync open sealed.p7m --key sender \
        --out opened.bin --no-trust-check --any-signer
    epct_open_sync=$median_wall

    if [ "$size" -le "$openssl_max" ]; then
        measure "openssl sign | encrypt (-stream)" openssl.p7m sh -c "openssl cms -sign -binary -stream -nodetach -md sha256 \
            -in content.bin -signer recipient.pem -inkey recipient.key \
            | openssl cms -encrypt -binary -stream -aes-256-gcm -recip recipient.pem \
              -keyopt rsa_padding_mode:oaep -out openssl.p7m"
        openssl_seal=$median_wall
        measure "openssl decrypt | verify" openssl.bin sh -c "openssl cms -decrypt -binary -in sealed.p7m -inform DER \
            -recip recipient.pem -inkey recipient.key \
            | openssl cms -verify -binary -inform DER -CAfile sender.pem -purpose any -out openssl.bin"
        openssl_open=$median_wall
        cmp -s content.bin openssl.bin || { echo "error: openssl opened something else" >&2; exit 1; }
        printf '  seal: openssl/epct = %sx (target >= 3x)\n' "$(ratio "$openssl_seal" "$epct_seal")"
        printf '  open: openssl/epct = %sx (target >= 10x)\n' "$(ratio "$openssl_open" "$epct_open")"
        printf '  seal --sync: openssl/epct = %sx (target >= 3x)\n' "$(ratio "$openssl_seal" "$epct_seal_sync")"
        printf '  open --sync: openssl/epct = %sx (target >= 10x)\n' "$(ratio "$openssl_open" "$epct_open_sync")"
    fi
    printf '  seal: epct/SHA-256 floor = %sx (goal <= 1.5x)\n' "$(ratio "$epct_seal" "$floor")"
    printf '  progress bar: seal with/without = %sx, open with/without = %sx (goal 1.0x)\n' \
        "$(ratio "$epct_seal_bar" "$epct_seal_quiet")" "$(ratio "$epct_open_bar" "$epct_open_quiet")"
    rm -f content.bin sealed.p7m opened.bin openssl.p7m openssl.bin
done
