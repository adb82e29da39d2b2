#!/usr/bin/env bash
# Installs the system packages that epct's demonstration and tests use, when missing:
# SoftHSM2 (software token), OpenSC (pkcs11-tool), OpenSSL (the peer in interop tests),
# xmlsec1 (signs the test trusted lists), faketime (files signed and time-stamped at a
# chosen time, for the tests of time rules), strace (the tests that outputs are forced to
# disk), and the other PKCS#11 implementations the
# token-family tests run: the p11-kit proxy, NSS softokn (with certutil to make its
# database), and tpm2-pkcs11 (a module that fails without a TPM, behind the proxy);
# Apache httpd with mod_dav, mod_ssl and htpasswd (the exchange platform's tests) and
# curl (the platform benchmark's reference), and GNU time (the peak memory of the runs
# that read endless inputs).
# Debian/Ubuntu only; as root, or through sudo.
set -euo pipefail

packages=()
command -v softhsm2-util >/dev/null || packages+=(softhsm2)
command -v pkcs11-tool >/dev/null || packages+=(opensc)
command -v openssl >/dev/null || packages+=(openssl)
command -v xmlsec1 >/dev/null || packages+=(xmlsec1)
[ -e "/usr/lib/$(uname -m)-linux-gnu/p11-kit-proxy.so" ] || packages+=(p11-kit-modules)
command -v p11-kit >/dev/null || packages+=(p11-kit)
command -v certutil >/dev/null || packages+=(libnss3-tools)
[ -e "/usr/lib/$(uname -m)-linux-gnu/pkcs11/libtpm2_pkcs11.so" ] || packages+=(libtpm2-pkcs11-1)
command -v faketime >/dev/null || packages+=(faketime)
command -v strace >/dev/null || packages+=(strace)
command -v setsid >/dev/null || packages+=(util-linux)
# script (a pseudo-terminal for the progress tests), man (renders the man pages).
command -v script >/dev/null || packages+=(bsdutils)
command -v man >/dev/null || packages+=(man-db)
command -v cc >/dev/null || packages+=(gcc)
[ -x /usr/sbin/apache2 ] && [ -e /usr/lib/apache2/modules/mod_dav_fs.so ] || packages+=(apache2)
command -v htpasswd >/dev/null || packages+=(apache2-utils)
command -v curl >/dev/null || packages+=(curl)
[ -x /usr/bin/time ] || packages+=(time)

if [ ${#packages[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "error: missing ${packages[*]}; install them with your system's package manager" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "error: missing ${packages[*]}; run as root or install them: apt-get install ${packages[*]}" >&2
    exit 1
fi
echo "installing ${packages[*]} ..." >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
