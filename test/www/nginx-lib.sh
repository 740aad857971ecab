# SPDX-License-Identifier: ISC
# nginx as the reference web server of the tests and the bench (sourced):
# a private configuration that serves a tree the way the web appliance
# does (docs/www.md), so that what differs is the server, not its setup.
#
#   nginx_conf ROOT ADDR:PORT DIR [WORKERS]
#       prints an nginx.conf for DIR/nginx.conf: nginx in the foreground
#       (daemon off), its pid, logs and temporary files in DIR (which
#       must have a folder tmp; the paths can be a VM's), no access log,
#       one worker
#       unless WORKERS is given; started by root, its workers stay root
#       (not nobody), so that they read trees in private temporary folders
#   nginx_write ROOT ADDR:PORT DIR [WORKERS]
#                      writes DIR/nginx.conf and DIR/tmp
#   nginx_start DIR    starts it in the background; sets nginx_pid
#   nginx_stop         stops it (SIGQUIT: finish what is under way)
#
# The settings that make nginx answer as the appliance is meant to:
#  - media types: docs/www.md's table, charset=utf-8 on the text types,
#    application/octet-stream otherwise (not /etc/nginx/mime.types);
#  - gzip_static on with gzip_vary on: NAME.gz beside NAME is sent for
#    Accept-Encoding: gzip, and both variants say Vary: Accept-Encoding;
#  - if_modified_since before: a 304 when the file is not newer than the
#    date (RFC 9110 13.1.3), not only on an exact match (nginx's default);
#  - absolute_redirect off: the /dir -> /dir/ Location is a path, as the
#    appliance's, not http://host:port/dir/;
#  - hidden names (a segment beginning with "."), except .well-known, are
#    404: the appliance's build skips them;
#  - etag on, sendfile on, keepalive as nginx's defaults.

nginx_conf() {
	_workers=${4:-1}
	_user=
	[ "$(id -u)" = 0 ] && _user='user root;'
	cat <<EOF
$_user
daemon off;
master_process on;
worker_processes $_workers;
pid $3/nginx.pid;
error_log $3/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $3/tmp/body;
	proxy_temp_path $3/tmp/proxy;
	fastcgi_temp_path $3/tmp/fastcgi;
	uwsgi_temp_path $3/tmp/uwsgi;
	scgi_temp_path $3/tmp/scgi;
	sendfile on;
	tcp_nopush on;
	etag on;
	server_tokens off;
	if_modified_since before;
	absolute_redirect off;
	gzip_static on;
	gzip_vary on;
	default_type application/octet-stream;
	types {
		text/html html htm;
		text/css css;
		text/javascript js mjs;
		application/json json;
		text/plain txt;
		image/svg+xml svg;
		application/xml xml;
		text/markdown md;
		text/csv csv;
		image/png png;
		image/jpeg jpg jpeg;
		image/gif gif;
		image/webp webp;
		image/vnd.microsoft.icon ico;
		application/pdf pdf;
		application/wasm wasm;
		font/woff woff;
		font/woff2 woff2;
	}
	charset utf-8;
	charset_types text/css text/javascript application/json
		text/plain image/svg+xml application/xml text/markdown text/csv;
	server {
		listen $2;
		root $1;
		location ~ /\.(?!well-known/) { return 404; }
	}
}
EOF
}

nginx_write() {
	mkdir -p "$3/tmp" && nginx_conf "$@" >"$3/nginx.conf"
}

nginx_start() {
	nginx -c "$1/nginx.conf" -p "$1" >"$1/stdout" 2>&1 &
	nginx_pid=$!
}

nginx_stop() {
	[ -n "${nginx_pid:-}" ] || return 0
	kill -QUIT "$nginx_pid" 2>/dev/null
	wait "$nginx_pid" 2>/dev/null
	nginx_pid=
}
