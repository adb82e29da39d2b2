#!/usr/bin/env bash
# Fuzzes a reader for SECONDS (default 60): TARGET is ber_reader (the streaming BER
# reader, the default) or cms_reader (whole CMS files, read without a key).
#
#     scripts/fuzz.sh [SECONDS] [TARGET]
#
# With a nightly toolchain, runs the cargo-fuzz target fuzz/fuzz_targets/TARGET.rs
# (libFuzzer with AddressSanitizer), installing cargo-fuzz first if it is missing;
# crashes land in fuzz/artifacts/TARGET/. Without nightly, runs the same target body
# over a generated corpus as a plain test for SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
target="${2:-ber_reader}"
case $target in
    ber_reader) corpus_test=ber_fuzz_corpus max_len=4096 ;;
    cms_reader) corpus_test=cms_fuzz_corpus max_len=131072 ;;
    *) echo "fuzz.sh: unknown target $target; use ber_reader or cms_reader" >&2; exit 2 ;;
esac

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz.sh: no nightly toolchain; trying: rustup toolchain install nightly" >&2
    rustup toolchain install nightly --profile minimal >&2 || true
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    if ! command -v cargo-fuzz >/dev/null; then
        cargo install cargo-fuzz --locked
    fi
    mkdir -p "fuzz/corpus/$target"
    if [ "$target" = cms_reader ]; then
        cp tests/data/third-party/cades/* "fuzz/corpus/$target/"
    fi
    exec cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$max_len"
fi

echo "fuzz.sh: nightly Rust is not available, so cargo-fuzz cannot run here;" >&2
echo "fuzz.sh: running the fuzz target body over a generated corpus instead." >&2
EPCT_FUZZ_SECONDS="$seconds" exec cargo test --release --test "$corpus_test" -- --nocapture
