#!/usr/bin/env bash
# Implicit rejection and hostile inputs, measured through the binary on SoftHSM:
# - RUNS runs each of `epct decrypt` on an AES-CBC file whose RSA key transport has a bad
#   PKCS#1 v1.5 padding, and on one whose key transport is good but carries a wrong
#   content key: how many runs exited 0 (the same in every run: 0 or RUNS), the exit
#   codes, and the median wall time of each (issue 9 point 5);
# - the peak RSS (/usr/bin/time) of `epct verify` on a SignedData with 50,000
#   SignerInfos and on one with a 64 MiB certificate set (issue 9 point 7).
#
#   RUNS=1000 scripts/bench-rejection.sh     runs per file (default 1000)
#   PROFILE=debug scripts/bench-rejection.sh use target/debug (default release)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-1000}
profile=${PROFILE:-release}
scripts/install-deps.sh
[ -x /usr/bin/time ] || {
    echo "installing time ..." >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
}
if [ "$profile" = release ]; then cargo build --release --locked --quiet; else cargo build --locked --quiet; fi
epct="$PWD/target/$profile/epct"

work=$(mktemp -d "${BENCH_DIR:-/tmp}/epct-rejection.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
eval "$("$OLDPWD/softhsm-config/new-token-dir.sh" "$work/hsm")"
for module in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
    [ -e "$module" ] && export EPCT_PKCS11_MODULE="$module" && break
done
export XDG_STATE_HOME="$work/state" EPCT_BENCH_PIN=2468
pin=(--pin-source env:EPCT_BENCH_PIN)
softhsm2-util --init-token --free --label BENCH --so-pin 12345678 --pin 2468 >/dev/null
"$epct" "${pin[@]}" key generate --label k --type rsa2048 >/dev/null
"$epct" "${pin[@]}" cert self-sign --key k --subject "CN=Bench" --out k.pem --pem >/dev/null 2>&1
openssl x509 -in k.pem -pubkey -noout > k.pub

# with_key FILE KEYFILE: the CBC file of plain.csv for k.pem, with its encrypted key
# replaced by the 256 bytes of KEYFILE.
head -c 1000 /dev/urandom | base64 > plain.csv
openssl cms -encrypt -binary -aes-256-cbc -in plain.csv -outform DER -out base.p7m k.pem
# The first 256-byte OCTET STRING (header 04 82 01 00) is the encrypted key.
at=$(openssl asn1parse -inform DER -in base.p7m | awk '/l= *256 prim: OCTET STRING/ {split($1, a, ":"); print a[1] + 4; exit}')
with_key() {
    cp base.p7m "$1"
    dd if="$2" of="$1" bs=1 seek="$at" conv=notrunc status=none
}
# A number below n (leading zero) raised to e: a bad padding under k.
{ printf '\0'; head -c 255 /dev/urandom; } > m.bin
openssl pkeyutl -encrypt -pubin -inkey k.pub -pkeyopt rsa_padding_mode:none -in m.bin -out bad.key
head -c 32 /dev/urandom > other.bin
openssl pkeyutl -encrypt -pubin -inkey k.pub -in other.bin -out wrong.key
with_key bad.p7m bad.key
with_key wrong.p7m wrong.key

# runs_of FILE: runs decrypt $runs times; prints "exited-0 codes median-ms".
runs_of() {
    local i start end zero=0 codes="" ms=()
    for ((i = 0; i < runs; i++)); do
        rm -f out.csv
        start=$EPOCHREALTIME
        set +e
        "$epct" "${pin[@]}" decrypt "$1" --key k --out out.csv >/dev/null 2>err.txt
        code=$?
        set -e
        end=$EPOCHREALTIME
        [ "$code" -eq 0 ] && zero=$((zero + 1))
        case " $codes " in *" $code "*) ;; *) codes="$codes $code" ;; esac
        ms+=("$(echo "($end - $start) * 1000" | bc -l)")
    done
    local median
    median=$(printf '%s\n' "${ms[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
    echo "$zero exit-codes:${codes} median ${median} ms; error: $(cat err.txt)"
}
echo "decrypt, $runs runs each (exited 0, exit codes, median wall time):"
echo "  bad padding: $(runs_of bad.p7m)"
echo "  wrong key:   $(runs_of wrong.p7m)"

# Hostile SignedData files, BER framed by hand (indefinite lengths).
perl -e '
    sub tlv { my ($t, $c) = @_; my $l = length $c;
        my $h = $l < 128 ? chr($l) : do { my $b = pack("N", $l); $b =~ s/^\0+//; chr(0x80 | length $b) . $b };
        chr($t) . $h . $c }
    my $sha = tlv(0x30, tlv(0x06, pack("H*", "608648016503040201")) . "\x05\x00");
    my $si = tlv(0x30, tlv(0x02, "\x01") . tlv(0x30, tlv(0x30, "") . tlv(0x02, "\x01")) . $sha
        . tlv(0x30, tlv(0x06, pack("H*", "2a864886f70d010101")) . "\x05\x00") . tlv(0x04, "\0" x 256));
    sub signed { my ($certs, $signers) = @_;
        "\x30\x80" . tlv(0x06, pack("H*", "2a864886f70d010702")) . "\xa0\x80\x30\x80" . tlv(0x02, "\x01")
        . tlv(0x31, $sha) . tlv(0x30, tlv(0x06, pack("H*", "2a864886f70d010701")) . tlv(0xa0, tlv(0x04, "voter")))
        . (defined $certs ? "\xa0\x80$certs\0\0" : "") . "\x31\x80$signers\0\0" . "\0\0" x 3 }
    open my $f, ">", "signers.p7m"; print $f signed(undef, $si x 50000); close $f;
    open $f, ">", "certs.p7m"; print $f signed("\x30\x84\x04\x00\x00\x00" . ("\0" x (64 << 20)), $si); close $f;
'
echo "verify of hostile files (peak RSS, wall time, the error):"
for file in signers.p7m certs.p7m; do
    set +e
    /usr/bin/time -o time.txt -f "%M %e" "$epct" verify "$file" --no-trust-check --out out.csv >/dev/null 2>err.txt
    set -e
    read -r rss wall < <(tail -n 1 time.txt)
    echo "  $file ($(($(stat -c %s "$file") >> 20)) MiB): peak RSS $((rss / 1024)) MiB, ${wall} s; $(grep -v '^Command' err.txt | head -n 1)"
done
