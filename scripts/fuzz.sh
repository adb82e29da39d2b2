#!/usr/bin/env bash
# Fuzzes epct's readers of outside input, each target for SECONDS (default 60).
#
#     scripts/fuzz.sh [SECONDS] [TARGET|all]
#
# TARGET is one of the cargo-fuzz targets of fuzz/fuzz_targets/ (the default is all of
# them, one after the other):
#   ber_reader        the streaming BER reader
#   cms_reader        whole CMS files, read without a key (inspect, verify)
#   trusted_list      the trusted-list XML, its model and its signature's structure
#   envelope_decrypt  envelopes decrypted with fixed software keys (fuzz/data/)
#   pem_stream        the PEM/DER sniffing reader, and epct's own PEM read back
#   csv_validator     voter/candidate files through the validator
#   crl_reader        CRLs, DER or PEM
#   partners_csv      the partner directory's CSV
#
# With a nightly toolchain, runs each with libFuzzer and AddressSanitizer (installing
# cargo-fuzz first if it is missing), seeded from fuzz/data/ and fuzz/regressions/;
# crashes land in fuzz/artifacts/TARGET/. Copy a crash into fuzz/regressions/TARGET/ once
# fixed: the corpus tests run every file there. Without nightly, runs the same target body
# as a plain test (tests/*_fuzz_corpus.rs) over mutated seeds for SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
which="${2:-all}"

# target: corpus test, maximum input length, seed directory under fuzz/data (or -)
targets="
ber_reader:ber_fuzz_corpus:4096:-
cms_reader:cms_fuzz_corpus:131072:-
trusted_list:-:262144:-
envelope_decrypt:envelope_fuzz_corpus:16384:envelopes
pem_stream:pem_fuzz_corpus:16384:pem
csv_validator:csv_fuzz_corpus:16384:csv
crl_reader:crl_fuzz_corpus:16384:crls
partners_csv:partners_fuzz_corpus:16384:partners
"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz.sh: no nightly toolchain; trying: rustup toolchain install nightly" >&2
    rustup toolchain install nightly --profile minimal >&2 || true
fi
nightly=false
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    nightly=true
    command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
else
    echo "fuzz.sh: nightly Rust is not available, so cargo-fuzz cannot run here;" >&2
    echo "fuzz.sh: running the fuzz target bodies as plain tests over mutated seeds." >&2
fi

fuzz_one() {
    local target=$1 corpus_test=$2 max_len=$3 seed_dir=$4
    local corpus="fuzz/corpus/$target"
    if [ "$nightly" = false ]; then
        if [ "$corpus_test" = - ]; then
            echo "fuzz.sh: $target has no corpus test; skipped without nightly" >&2
            return
        fi
        EPCT_FUZZ_SECONDS="$seconds" cargo test --release --test "$corpus_test" -- --nocapture
        return
    fi
    mkdir -p "$corpus"
    case $target in
        cms_reader) cp tests/data/third-party/cades/* "$corpus/" ;;
        trusted_list) cp tests/data/third-party/trusted-lists/*.xml "$corpus/" ;;
    esac
    if [ "$seed_dir" != - ]; then
        cp fuzz/data/"$seed_dir"/* "$corpus/"
    fi
    if [ -d "fuzz/regressions/$target" ]; then
        cp fuzz/regressions/"$target"/* "$corpus/"
    fi
    echo "fuzz.sh: $target for ${seconds}s" >&2
    LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
        cargo +nightly fuzz run "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1
}

found=false
failed=""
for line in $targets; do
    IFS=: read -r target corpus_test max_len seed_dir <<<"$line"
    if [ "$which" = all ] || [ "$which" = "$target" ]; then
        found=true
        # A crash in one target does not stop the others; each is named at the end.
        fuzz_one "$target" "$corpus_test" "$max_len" "$seed_dir" || failed="$failed $target"
    fi
done
if [ "$found" = false ]; then
    echo "fuzz.sh: unknown target $which; see the list at the top of scripts/fuzz.sh" >&2
    exit 2
fi
if [ -n "$failed" ]; then
    echo "fuzz.sh: failed:$failed (inputs in fuzz/artifacts/TARGET/)" >&2
    exit 1
fi
