#!/bin/sh
# Makes the test PKI of the trust tests in the directory given, with the openssl CLI.
# Run by the tests into their own temporary directories; nothing it makes is committed.
#
# CAs (dates fixed so that the tests can check at 2015-06-01, 2019-09-05, 2021-01-01):
#   root-ca       RSA, self-signed, listed as granted since 2016-07-01
#   issuing-ca    EC, issued by root-ca (an intermediate, not listed)
#   withdrawn-ca  EC, self-signed, listed: accredited 2012, granted 2016, withdrawn 2020
#   unlisted-ca   EC, self-signed, in no CA list (the standard list gives it as a TSA)
#   tsa-ca        EC, self-signed, listed as a qualified time-stamping service
# Signers, valid 2018-01-01 to 2030-01-01 unless said:
#   valid, revoked-before (2019-01-01), revoked-after (2020-01-01): issued by root-ca
#   expired (2016-2018), not-yet-valid (from 2021): issued by root-ca
#   wrong-key-usage (keyEncipherment), wrong-eku (serverAuth): issued by root-ca
#   intermediate-leaf: issued by issuing-ca
#   withdrawn-leaf (valid from 2014): issued by withdrawn-ca
#   unlisted-leaf: issued by unlisted-ca
# Time-stamping authorities (extendedKeyUsage critical timeStamping), 2018 to 2030:
#   tsa: issued by tsa-ca; untrusted-tsa: issued by root-ca (a CA service, not a TSA one)
# root-ca.crl.pem revokes revoked-before and revoked-after.
# tl-signer (EC), other-signer (RSA) and weak-signer (RSA-1024, legacy) sign test
# trusted lists.
set -eu

out=$1
mkdir -p "$out"
cd "$out"

cat > ext.cnf <<'END'
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[sub_ca]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[signer]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
authorityKeyIdentifier = keyid:always
[encipher]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid:always
[tsa]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
authorityKeyIdentifier = keyid:always
[list_signer]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
END

# ca_config NAME: an `openssl ca` set-up that signs with NAME.key and NAME.pem.
ca_config() {
    mkdir -p "$1.db"
    : > "$1.db/index.txt"
    echo 1000 > "$1.db/serial"
    cat > "$1.cnf" <<END
[ca]
default_ca = this
[this]
dir = $out/$1.db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $out/$1.pem
private_key = $out/$1.key
default_md = sha256
policy = any
unique_subject = no
default_crl_days = 3650
[any]
commonName = supplied
organizationName = optional
countryName = optional
END
}

# key NAME rsa|rsa1024|ec
key() {
    case $2 in
        rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
        rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$1.key" 2>/dev/null ;;
        ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
    esac
}

# cert NAME ISSUER|self KEYTYPE START END EXTENSIONS
cert() {
    key "$1" "$3"
    openssl req -new -key "$1.key" -subj "/C=XT/O=EPCT Test/CN=EPCT Test $1" -out "$1.csr"
    case $2/$6 in self/* | */ca | */sub_ca) ca_config "$1" ;; esac
    if [ "$2" = self ]; then
        openssl ca -batch -notext -selfsign -keyfile "$1.key" -config "$1.cnf" -in "$1.csr" \
            -out "$1.pem" -startdate "$4" -enddate "$5" -extfile ext.cnf -extensions "$6" 2>ca.log
    else
        openssl ca -batch -notext -config "$2.cnf" -in "$1.csr" \
            -out "$1.pem" -startdate "$4" -enddate "$5" -extfile ext.cnf -extensions "$6" 2>ca.log
    fi
    rm "$1.csr" ca.log
}

# revoke CA NAME DATE: marks NAME revoked at DATE (YYMMDDHHMMSSZ) in CA's database.
revoke() {
    serial=$(openssl x509 -in "$2.pem" -noout -serial | cut -d= -f2)
    awk -F '\t' -v OFS='\t' -v s="$serial" -v d="$3" \
        '$4 == s { $1 = "R"; $3 = d ",keyCompromise" } { print }' \
        "$1.db/index.txt" > "$1.db/index.new"
    mv "$1.db/index.new" "$1.db/index.txt"
}

cert root-ca self rsa 20100101000000Z 20350101000000Z ca
cert issuing-ca root-ca ec 20100101000000Z 20350101000000Z sub_ca
cert withdrawn-ca self ec 20100101000000Z 20350101000000Z ca
cert unlisted-ca self ec 20100101000000Z 20350101000000Z ca
cert tsa-ca self ec 20100101000000Z 20350101000000Z ca

cert valid root-ca ec 20180101000000Z 20300101000000Z signer
cert expired root-ca ec 20160101000000Z 20180101000000Z signer
cert not-yet-valid root-ca ec 20210101000000Z 20300101000000Z signer
cert revoked-before root-ca ec 20180101000000Z 20300101000000Z signer
cert revoked-after root-ca ec 20180101000000Z 20300101000000Z signer
cert wrong-key-usage root-ca ec 20180101000000Z 20300101000000Z encipher
cert wrong-eku root-ca ec 20180101000000Z 20300101000000Z server
cert intermediate-leaf issuing-ca ec 20180101000000Z 20300101000000Z signer
cert withdrawn-leaf withdrawn-ca ec 20140101000000Z 20300101000000Z signer
cert unlisted-leaf unlisted-ca ec 20180101000000Z 20300101000000Z signer
cert tsa tsa-ca ec 20180101000000Z 20300101000000Z tsa
cert untrusted-tsa root-ca ec 20180101000000Z 20300101000000Z tsa

revoke root-ca revoked-before 190101000000Z
revoke root-ca revoked-after 200101000000Z
openssl ca -gencrl -config root-ca.cnf -out root-ca.crl.pem 2>ca.log
rm ca.log

cert tl-signer self ec 20150101000000Z 20350101000000Z list_signer
cert other-signer self rsa 20150101000000Z 20350101000000Z list_signer
cert weak-signer self rsa1024 20150101000000Z 20350101000000Z list_signer
