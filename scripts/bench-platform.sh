#!/usr/bin/env bash
# Upload and download of one file to a local Apache httpd platform, epct against
# `curl -T` / `curl -o` of the same file to the same server in the same run; prints the
# throughput ratios and epct's peak RSS. SIZE_MIB (default 2048) sets the file's size.
# epct's side is the library's client (examples/platform_transfer.rs, built here in
# release mode), the same code `exchange send/receive --platform` run; the upload
# includes epct's read-back verification. Needs the test harness's packages
# (scripts/install-deps.sh). Usage: [PROFILE=debug] scripts/bench-platform.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-${SIZE_MIB:-2048}}
profile=${PROFILE:-release}
flag=--release
[ "$profile" = release ] || flag=""
CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2} cargo build -q $flag --bin epct --example platform_transfer
epct=target/$profile/epct
transfer=target/$profile/examples/platform_transfer
dir=$(mktemp -d /tmp/epct-bench-platform.XXXXXX)
chmod 755 "$dir"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$dir/www/dav/FR/BE" "$dir/lock"
htpasswd -b -c -B -C 4 "$dir/htpasswd" BE bench-pw 2>/dev/null
chmod 644 "$dir/htpasswd"
"$epct" exchange platform-layout --states BE,FR --url-path /dav --htpasswd "$dir/htpasswd" >"$dir/rules.conf"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -subj "/CN=bench CA" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
openssl x509 -req -days 1 -copy_extensions copy -in "$dir/server.csr" -CA "$dir/ca.pem" \
    -CAkey "$dir/ca.key" -out "$dir/server.pem" 2>/dev/null
user=""
[ "$(id -u)" = 0 ] && user=$'User www-data\nGroup www-data' && chown -R www-data: "$dir/www" "$dir/lock"
mods=""
for m in mpm_event authz_core authz_user authn_core authn_file auth_basic dav dav_fs ssl; do
    mods+="LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so"$'\n'
done
cat >"$dir/httpd.conf" <<CONF
ServerRoot "$dir"
$mods
$user
PidFile "$dir/httpd.pid"
DefaultRuntimeDir "$dir"
Mutex file:$dir
Listen 127.0.0.1:$port
ServerName 127.0.0.1
ErrorLog "$dir/error.log"
DocumentRoot "$dir/www"
DavLockDB "$dir/lock/DavLock"
LimitRequestBody 0
SSLEngine on
SSLCertificateFile "$dir/server.pem"
SSLCertificateKeyFile "$dir/server.key"
Include "$dir/rules.conf"
CONF
/usr/sbin/apache2 -f "$dir/httpd.conf" -k start
for _ in $(seq 100); do [ -f "$dir/httpd.pid" ] && break; sleep 0.1; done
pid=$(cat "$dir/httpd.pid")
url="https://127.0.0.1:$port/dav"
head -c $((size_mib * 1048576)) /dev/urandom >"$dir/BE-to-FR-2026-11-25-voters.p7m"
printf '%s\n' bench-pw >"$dir/pw"; chmod 600 "$dir/pw"
now() { date +%s.%N; }
t0=$(now)
curl -sS -o /dev/null --cacert "$dir/ca.pem" -u BE:bench-pw -T "$dir/BE-to-FR-2026-11-25-voters.p7m" "$url/FR/BE/curl.p7m"
t1=$(now)
curl -sS --cacert "$dir/ca.pem" -u BE:bench-pw -o "$dir/curl-down.p7m" "$url/FR/BE/curl.p7m"
t2=$(now)
rss_up=$( { /usr/bin/time -f '%M' "$transfer" \
    upload "$url" "$dir/ca.pem" "$dir/pw" "$dir/BE-to-FR-2026-11-25-voters.p7m"; } 2>&1 | tee "$dir/transfer.log" | tail -1) || { cat "$dir/transfer.log" >&2; exit 1; }
t3=$(now)
rss_down=$( { /usr/bin/time -f '%M' "$transfer" \
    download "$url" "$dir/ca.pem" "$dir/pw" "$dir/epct-down.p7m" >/dev/null; } 2>&1 | tee "$dir/transfer.log" | tail -1) || { cat "$dir/transfer.log" >&2; exit 1; }
t4=$(now)
cmp -s "$dir/epct-down.p7m" "$dir/BE-to-FR-2026-11-25-voters.p7m"
python3 - "$size_mib" "$t0" "$t1" "$t2" "$t3" "$t4" "$rss_up" "$rss_down" <<'PY'
import sys
mib, t0, t1, t2, t3, t4 = float(sys.argv[1]), *map(float, sys.argv[2:7])
up_curl, down_curl, up_epct, down_epct = t1 - t0, t2 - t1, t3 - t2, t4 - t3
print(f"{mib:.0f} MiB  upload: curl {mib/up_curl:.0f} MiB/s, epct {mib/up_epct:.0f} MiB/s (with read-back), ratio {up_curl/up_epct:.2f}x")
print(f"{mib:.0f} MiB  download: curl {mib/down_curl:.0f} MiB/s, epct {mib/down_epct:.0f} MiB/s, ratio {down_curl/down_epct:.2f}x")
print(f"epct peak RSS: upload {int(sys.argv[7])/1024:.1f} MiB, download {int(sys.argv[8])/1024:.1f} MiB")
PY
