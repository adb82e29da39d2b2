#!/usr/bin/env bash
# Demonstration of epct on local SoftHSM2 tokens, in a fresh temporary directory: two
# Member States, each with a token, a key and a certificate from its own test CA; Belgium
# seals a file for France, France opens it and reads the verdict. Installs the system
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
echo 1357 > fr.pin

# state CODE NAME TOKEN KEY-TYPE PIN-FILE: a security officer sets up the token, a key
# and its certificate from the state's test CA.
state() {
    local code=$1 name=$2 token=$3 type=$4 pin=$5
    step "$code: a security officer initialises token $token and generates a key on it"
    show "$epct" token init --label "$token" --so-pin-source file:so.pin --pin-source "file:$pin"
    show "$epct" --token "$token" --pin-source "file:$pin" key generate --label "$code-2026" --type "$type"
    step "$code: requests a certificate from the state's CA (a throwaway test CA made with openssl)"
    show "$epct" --token "$token" --pin-source "file:$pin" cert request --key "$code-2026" --pem \
        --out "$code.csr" --subject "/C=$code/O=$name/CN=Elections 2026"
    openssl req -x509 -newkey rsa:3072 -nodes -days 30 -keyout "$code-ca.key" -out "$code-ca.pem" \
        -subj "/C=$code/O=$name/CN=$code Demo Test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl x509 -req -in "$code.csr" -CA "$code-ca.pem" -CAkey "$code-ca.key" -days 30 \
        -copy_extensions copy -out "$code.pem" 2>/dev/null
    show "$epct" --token "$token" --pin-source "file:$pin" cert import --key "$code-2026" "$code.pem"
    show "$epct" --token "$token" --pin-source "file:$pin" key list
}

state BE "FPS Interior" BE-ELECTIONS rsa3072 be.pin
state FR "Ministere de l'Interieur" FR-ELECTIONS p256 fr.pin

step "BE: an official seals the file of French citizens registered in Belgium, for France"
cat > voters-fr.csv <<'CSV'
record_type,surname,given_names,date_of_birth,place_of_birth,nationality,residence_country,residence_address
voter,Lefèvre,Amélie,1985-03-14,Lyon,FR,BE,"Rue Haute 12, 1000 Bruxelles"
voter,Dubois,Jean-Pierre,1962-11-02,Nantes,FR,BE,"Kerkstraat 4, 2000 Antwerpen"
candidate,Moreau,Élise,1990-07-21,Lille,FR,BE,"Place Saint-Lambert 3, 4000 Liège"
CSV
show "$epct" --token BE-ELECTIONS --pin-source file:be.pin seal voters-fr.csv \
    --key BE-2026 --to FR.pem --out voters-fr.p7m
show "$epct" inspect voters-fr.p7m

step "FR: an official opens it; the content is written only once everything checked out"
show "$epct" --token FR-ELECTIONS --pin-source file:fr.pin open voters-fr.p7m \
    --key FR-2026 --out received.csv
show cat received.csv

step "A file changed in transit is refused, and nothing is written"
cp voters-fr.p7m tampered.p7m
printf '\x00' | dd of=tampered.p7m bs=1 seek=2000 conv=notrunc 2>/dev/null
show "$epct" --token FR-ELECTIONS --pin-source file:fr.pin open tampered.p7m \
    --key FR-2026 --out tampered.csv || echo "(exit code $?; tampered.csv exists: $([ -e tampered.csv ] && echo yes || echo no))"

printf '\nDone. Everything is in %s\n' "$work"
