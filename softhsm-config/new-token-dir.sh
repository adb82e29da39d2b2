#!/bin/sh
# Creates an isolated SoftHSM2 token directory DIR/tokens with its configuration
# DIR/softhsm2.conf, and prints the line that points SoftHSM2 at it:
#   eval "$(softhsm-config/new-token-dir.sh /tmp/my-tokens)"
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
dir=$(mkdir -p "$1" && cd "$1" && pwd)
mkdir -p "$dir/tokens"
here=$(dirname "$0")
sed "s|@TOKENDIR@|$dir/tokens|" "$here/softhsm2.conf.in" > "$dir/softhsm2.conf"
echo "export SOFTHSM2_CONF=$dir/softhsm2.conf"
