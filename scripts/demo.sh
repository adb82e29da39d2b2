#!/usr/bin/env bash
# Demonstration of epct on local SoftHSM2 tokens, in a fresh temporary directory:
# a security officer sets up a token, a key and its certificate. Installs the system
# packages it needs first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
echo "building epct ..."
cargo build --release --locked --quiet
epct="$PWD/target/release/epct"

work=$(mktemp -d /tmp/epct-demo.XXXXXX)
cd "$work"
eval "$("$OLDPWD/softhsm-config/new-token-dir.sh" "$work/hsm")"
for module in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
    [ -e "$module" ] && export EPCT_PKCS11_MODULE="$module" && break
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

# PINs come from files here so that the demonstration runs unattended; officials type
# them at the prompt (--pin-source prompt, the default).
echo 12345678 > so.pin
echo 2468 > be.pin

step "A security officer initialises a token for the Belgian authority"
show "$epct" token init --label BE-ELECTIONS --so-pin-source file:so.pin --pin-source file:be.pin
show "$epct" token list

step "... generates a key pair on it (the private key never leaves the token)"
show "$epct" --pin-source file:be.pin key generate --label be-2026 --type rsa3072

step "... asks a CA for a certificate (here a throwaway test CA made with openssl)"
show "$epct" --pin-source file:be.pin cert request --key be-2026 --pem --out be-2026.csr \
    --subject "/C=BE/O=FPS Interior/CN=Elections 2026" --email elections@example.be
openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/C=BE/O=Demo Test CA/CN=Demo Test CA" 2>/dev/null
openssl x509 -req -in be-2026.csr -CA ca.pem -CAkey ca.key -days 30 \
    -copy_extensions copy -out be-2026.pem 2>/dev/null
show openssl verify -CAfile ca.pem be-2026.pem

step "... and stores the issued certificate beside the key"
show "$epct" --pin-source file:be.pin cert import --key be-2026 be-2026.pem
show "$epct" --pin-source file:be.pin key list
show "$epct" cert list

step "What the token really accepts, and what epct will use"
show "$epct" --pin-source file:be.pin token doctor

step "A test set-up can also use a self-signed certificate (never in a real exchange)"
show "$epct" --pin-source file:be.pin key generate --label demo-ec --type p256
show "$epct" --pin-source file:be.pin cert self-sign --key demo-ec --days 7 \
    --subject "CN=Demo only,C=BE" --out demo-ec.pem --pem

printf '\nDone. Everything is in %s\n' "$work"
