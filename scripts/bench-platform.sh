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
. scripts/apache-platform.sh
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
port=$(free_port)
mkdir -p "$dir/www/dav/FR/BE" "$dir/lock"
htpasswd -b -c -B -C 4 "$dir/htpasswd" BE bench-pw 2>/dev/null
chmod 644 "$dir/htpasswd"
"$epct" exchange platform-layout --states BE,FR --url-path /dav --htpasswd "$dir/htpasswd" >"$dir/rules.conf"
apache_start "$dir" "$port" "bench CA"
pid=$apache_pid
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
