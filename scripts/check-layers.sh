#!/usr/bin/env bash
# The layer rule of docs/architecture.md: the lower layers import only what lies below
# them, and never the top-level error (crate::Error, crate::error::...). Fails and names
# each import that breaks it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Known violations on the way out, as "FILE:PATH" (PATH as written after `crate::`).
# Empty this list as they are removed; an entry that no longer matches is reported.
KNOWN=()

# What each checked layer may import from the crate: a module, or module::Item for a
# single item. Everything else of the crate lies above it, or beside it. Every layer may
# name `crate::ErrorKind` (`error_kind`), the classification its error reports; `testing`
# (software keys and certificates, compiled for the unit tests only) sits on x509.
BASE="ErrorKind error_kind"
declare -A ALLOWED=(
    [error_kind]=""
    [oids]=""
    [country]=""
    [input]=""
    [lock]=""
    [config]="input"
    [algorithms]="oids"
    [output]=""
    [data]="country algorithms oids input"
    [x509]="algorithms oids"
    [secret_source]="input"
    [token]="secret_source lock x509 algorithms oids"
    [platform]="secret_source input output country"
    [testing]="x509 algorithms oids"
    [cms]="token::TokenError testing x509 algorithms oids"
    [trust]="output input lock country data::formula_like testing x509 algorithms oids"
)

# Every `crate::` path of a file's code, one per line as `LINE PATH`, with
# `crate::{a, b::c}` groups split into their members.
crate_paths() {
    perl -0777 -ne '
        s{//[^\n]*}{}g; # comments, doc comments among them, import nothing
        while (/\bcrate::(\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)/g) {
            my ($path, $at) = ($1, $-[0]);
            my $line = 1 + (substr($_, 0, $at) =~ tr/\n//);
            if ($path =~ /^\{(.*)\}$/s) {
                my $group = $1;
                $group =~ s/\{[^{}]*\}//g;
                for my $member (split /,/, $group) {
                    $member =~ s/^\s+|\s+$//g;
                    $member =~ s/::$//;
                    print "$line $member\n" if length $member;
                }
            } else {
                print "$line $path\n";
            }
        }' "$1"
}

allowed() { # LAYER PATH
    local layer=$1 path=$2 top=${2%%::*} rest item
    [[ $top == "$layer" ]] && return 0
    rest=${path#*::}
    item=${rest%%::*}
    for entry in $BASE ${ALLOWED[$layer]}; do
        [[ $entry == "$top" || ($path == *::* && $entry == "$top::$item") ]] && return 0
    done
    return 1
}

failures=0
declare -A seen_known=()
for layer in "${!ALLOWED[@]}"; do
    files=()
    [[ -f src/$layer.rs ]] && files+=("src/$layer.rs")
    [[ -d src/$layer ]] && while IFS= read -r f; do files+=("$f"); done < <(find "src/$layer" -name '*.rs' | sort)
    for file in "${files[@]}"; do
        while read -r line path; do
            top=${path%%::*}
            if [[ $top == Error || $top == error ]]; then
                why="the top-level error"
            elif allowed "$layer" "$path"; then
                continue
            else
                why="a layer above $layer (it may import: $BASE ${ALLOWED[$layer]})"
            fi
            if [[ " ${KNOWN[*]} " == *" $file:$path "* ]]; then
                seen_known["$file:$path"]=1
                continue
            fi
            echo "$file:$line: imports crate::$path, $why" >&2
            failures=$((failures + 1))
        done < <(crate_paths "$file")
    done
done
for known in "${KNOWN[@]}"; do
    if [[ -z ${seen_known[$known]:-} ]]; then
        echo "scripts/check-layers.sh: '$known' is no longer there; remove it from KNOWN" >&2
        failures=$((failures + 1))
    fi
done
if ((failures > 0)); then
    echo "check-layers: $failures import(s) break the layers of docs/architecture.md" >&2
    exit 1
fi
echo "check-layers: every layer imports only what lies below it"
