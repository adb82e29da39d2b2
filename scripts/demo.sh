#!/usr/bin/env bash
# Demonstration of epct on local SoftHSM2 tokens, in a fresh temporary directory: three
# Member States, each with a token, a key, a certificate from its own test CA and a
# signed test trusted list that grants that CA. Belgium, the state of residence, sends
# its file of French and German citizens through a local exchange platform (Apache
# httpd with WebDAV on 127.0.0.1, one account per state, the access rules of
# `epct exchange platform-layout`); France and Germany each receive and read theirs and
# return signed receipts; Belgium's status shows both accepted; then the test campaign
# and the audit trail. Installs the system packages it needs first
# (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/apache-platform.sh

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
echo 12345678 >so.pin && chmod 600 so.pin

# trusted_list CODE: a test trusted list of state CODE that grants CODE's demo CA,
# signed with xmlsec1 by a demo supervisory body (whose certificate the other states
# pin). Real lists come from the Member States, through the EU list of lists.
trusted_list() {
    local code=$1 now next
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    next=$(date -u -d '+180 days' +%Y-%m-%dT%H:%M:%SZ)
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
        -keyout "$code-tl.key" -out "$code-tl.pem" -subj "/C=$code/O=$code Demo Supervisory Body/CN=Trusted List" \
        -addext "keyUsage=critical,digitalSignature,nonRepudiation" 2>/dev/null
    cat >"$code-tl-template.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <SchemeInformation>
    <TSLVersionIdentifier>5</TSLVersionIdentifier>
    <TSLSequenceNumber>1</TSLSequenceNumber>
    <TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</TSLType>
    <SchemeOperatorName><Name xml:lang="en">$code Demo Supervisory Body</Name></SchemeOperatorName>
    <SchemeTerritory>$code</SchemeTerritory>
    <ListIssueDateTime>$now</ListIssueDateTime>
    <NextUpdate><dateTime>$next</dateTime></NextUpdate>
  </SchemeInformation>
  <TrustServiceProviderList>
    <TrustServiceProvider>
      <TSPInformation><TSPName><Name xml:lang="en">$code Demo Provider</Name></TSPName></TSPInformation>
      <TSPServices>
        <TSPService>
          <ServiceInformation>
            <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier>
            <ServiceName><Name xml:lang="en">$code Demo Test CA</Name></ServiceName>
            <ServiceDigitalIdentity><DigitalId><X509Certificate>$(grep -v -- ----- "$code-ca.pem" | tr -d '\n')</X509Certificate></DigitalId></ServiceDigitalIdentity>
            <ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus>
            <StatusStartingTime>2020-01-01T00:00:00Z</StatusStartingTime>
          </ServiceInformation>
        </TSPService>
      </TSPServices>
    </TrustServiceProvider>
  </TrustServiceProviderList>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="sig"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-sig"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#sig"><xades:SignedProperties Id="xades-sig"><xades:SignedSignatureProperties><xades:SigningTime>$now</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature></TrustServiceStatusList>
XML
    xmlsec1 --sign --privkey-pem "$code-tl.key,$code-tl.pem" \
        --id-attr:Id "http://uri.etsi.org/01903/v1.3.2#:SignedProperties" \
        --output "$code-tl.xml" "$code-tl-template.xml"
}

# state CODE NAME TYPE PIN: a security officer sets up the state's token, a key, a
# certificate from the state's CA, and the state's trusted list.
state() {
    local code=$1 name=$2 type=$3 pin=$4
    echo "$pin" >"$code.pin" && chmod 600 "$code.pin"
    step "$code: a security officer initialises token $code-ELECTIONS and generates a key on it"
    show "$epct" token init --label "$code-ELECTIONS" --so-pin-source file:so.pin --pin-source "file:$code.pin"
    show "$epct" --token "$code-ELECTIONS" --pin-source "file:$code.pin" key generate --label "$code-2026" --type "$type"
    step "$code: requests a certificate from the state's CA (a test CA made with openssl)"
    show "$epct" --token "$code-ELECTIONS" --pin-source "file:$code.pin" cert request --key "$code-2026" --pem \
        --out "$code.csr" --subject "/C=$code/O=$name/CN=Elections 2026"
    openssl req -x509 -newkey rsa:3072 -nodes -days 365 -keyout "$code-ca.key" -out "$code-ca.pem" \
        -subj "/C=$code/O=$name/CN=$code Demo Test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl x509 -req -in "$code.csr" -CA "$code-ca.pem" -CAkey "$code-ca.key" -days 90 \
        -copy_extensions copy -out "$code.pem" 2>/dev/null
    show "$epct" --token "$code-ELECTIONS" --pin-source "file:$code.pin" cert import --key "$code-2026" "$code.pem"
    trusted_list "$code"
}

# platform_start: Apache httpd with mod_dav on a free port of 127.0.0.1 over TLS (a demo
# CA), one account per state, and the rules that `epct exchange platform-layout` prints.
platform_start() {
    local dir port
    # Its own folder, which the web server's user may enter (the demo's is private).
    dir=$(mktemp -d /tmp/epct-demo-platform.XXXXXX)
    mkdir -p "$dir/www/dav" "$dir/lock" && chmod 755 "$dir"
    port=$(free_port)
    for code in BE FR DE; do
        printf '%s\n' "platform-pw-$code" >"$code.platform-pw" && chmod 600 "$code.platform-pw"
        htpasswd -b -B -C 4 $([ -f "$dir/htpasswd" ] || echo -c) "$dir/htpasswd" "$code" "platform-pw-$code" 2>/dev/null
    done
    chmod 644 "$dir/htpasswd"
    "$epct" exchange platform-layout --states BE,FR,DE --url-path /dav --htpasswd "$dir/htpasswd" >"$dir/rules.conf"
    show sed -n 1,12p "$dir/rules.conf"
    for folder in $("$epct" exchange platform-layout --states BE,FR,DE --url-path /dav --htpasswd "$dir/htpasswd" --json |
        python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["folders"]))'); do
        mkdir -p "$dir/www/dav/$folder"
    done
    apache_start "$dir" "$port" "Demo platform CA"
    platform_pid=$apache_pid
    platform_url="https://127.0.0.1:$port/dav"
    platform_ca="$dir/ca.pem"
    platform_dir=$dir
    trap 'kill "$platform_pid" 2>/dev/null; rm -rf "$platform_dir"' EXIT
}

# platform_args CODE: the platform options of state CODE's account.
platform_args() {
    echo --platform "$platform_url" --platform-ca "$platform_ca" --platform-user "$1" \
        --platform-password-source "file:$work/$1.platform-pw"
}

state BE "FPS Interior" rsa3072 2468
state FR "Ministere de l'Interieur" p256 1357
state DE "Bundeswahlleiterin" rsa2048 9753

step "Each state's security officer sets up its trust store: the others' trusted lists, and the partner directory"
cat >partners.csv <<CSV
country,authority,role,certificate
BE,FPS Interior,both,$work/BE.pem
FR,Ministere de l'Interieur,both,$work/FR.pem
DE,Bundeswahlleiterin,both,$work/DE.pem
CSV
for code in BE FR DE; do
    for other in BE FR DE; do
        [ "$other" = "$code" ] && continue
        show "$epct" --trust-store "$code-store" trust import "$other-tl.xml" --signer-cert "$other-tl.pem"
    done
    show "$epct" --trust-store "$code-store" partners import partners.csv
done
show "$epct" --trust-store FR-store trust list

step "BE: the file of EU citizens registered in Belgium (made-up people), checked against the schema"
show "$epct" data generate --rows 12 --residence BE --nationalities FR,DE --out be-2026.csv
show "$epct" data validate be-2026.csv
show cat be-2026.csv

step "The platform's administrator sets up the exchange space: folders and access rules"
platform_start

step "BE: an official sends it: split by nationality, one sealed file per home state, one PIN, uploaded"
mkdir outbox
show "$epct" --token BE-ELECTIONS --pin-source file:BE.pin --trust-store BE-store \
    exchange send be-2026.csv --key BE-2026 --out-dir outbox $(platform_args BE)
show ls outbox

for code in FR DE; do
    step "$code: an official fetches the file for $code, checks who sent it, reads it, returns a signed receipt"
    mkdir "$code-received"
    show "$epct" --token "$code-ELECTIONS" --pin-source "file:$code.pin" --trust-store "$code-store" \
        exchange receive --key "$code-2026" --out-dir "$code-received" --inbox "$code-inbox" \
        --state-dir "$code-state" $(platform_args "$code")
    show cat "$code-received"/BE-to-"$code"-*.csv
done

step "BE: the sender's status: every file delivered, each receipt verified against the partner directory"
show "$epct" --trust-store BE-store exchange status --from BE --deadline "$(date -u -d '+14 days' +%F)" \
    $(platform_args BE)

step "The yearly test campaign as one command: a made-up file for every partner, round trip"
mkdir campaign
show "$epct" --token BE-ELECTIONS --pin-source file:BE.pin --trust-store BE-store \
    exchange send --test --key BE-2026 --out-dir campaign $(platform_args BE)
for code in FR DE; do
    mkdir "$code-campaign"
    show "$epct" --token "$code-ELECTIONS" --pin-source "file:$code.pin" --trust-store "$code-store" \
        exchange receive --key "$code-2026" --out-dir "$code-campaign" --inbox "$code-inbox" \
        --state-dir "$code-state" $(platform_args "$code")
done
show "$epct" --trust-store BE-store exchange status --from BE --test $(platform_args BE)

step "FR: the audit trail of every step (no personal data)"
show "$epct" exchange log --state-dir FR-state

step "FR: the full verdict on the file, with epct open"
show "$epct" --token FR-ELECTIONS --pin-source file:FR.pin --trust-store FR-store \
    open "$(ls FR-inbox/BE-to-FR-*.p7m | grep -v -- -test-)" --key FR-2026 --out fr-verdict.csv

step "A file changed in transit is refused, and nothing is written"
cp "$(ls FR-inbox/BE-to-FR-*.p7m | grep -v -- -test-)" tampered.p7m
printf '\x00' | dd of=tampered.p7m bs=1 seek=2000 conv=notrunc 2>/dev/null
show "$epct" --token FR-ELECTIONS --pin-source file:FR.pin --trust-store FR-store \
    open tampered.p7m --key FR-2026 --out tampered.csv ||
    echo "(exit code $?; tampered.csv exists: $([ -e tampered.csv ] && echo yes || echo no))"

printf '\nDone. Everything is in %s\n' "$work"
