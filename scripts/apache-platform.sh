# Sourced by demo.sh and bench-platform.sh: an exchange platform on this machine, Apache
# httpd with mod_dav over TLS on 127.0.0.1 only, as the tests run it (tests/common/platform.rs).

# free_port: a TCP port of 127.0.0.1 that nothing listens on.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# apache_start DIR PORT CA_NAME: serves DIR/www on 127.0.0.1:PORT with the access rules
# of DIR/rules.conf (from `epct exchange platform-layout`), DIR/lock for mod_dav's
# locks, and a server certificate from a new CA named CA_NAME (DIR/ca.pem, which the
# clients trust). Sets apache_pid; the caller stops it by that PID.
apache_start() {
    local dir=$1 port=$2 ca_name=$3 mods="" user="" m
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout "$dir/ca.key" -out "$dir/ca.pem" \
        -subj "/CN=$ca_name" 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
    openssl x509 -req -days 1 -copy_extensions copy -in "$dir/server.csr" -CA "$dir/ca.pem" \
        -CAkey "$dir/ca.key" -out "$dir/server.pem" 2>/dev/null
    # As root, Apache's children run as www-data, which must write the folders.
    if [ "$(id -u)" = 0 ]; then
        user=$'User www-data\nGroup www-data'
        chown -R www-data: "$dir/www" "$dir/lock"
    fi
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
    apache_pid=$(cat "$dir/httpd.pid")
}
