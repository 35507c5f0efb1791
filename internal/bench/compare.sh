#!/bin/sh
# compare.sh URL — Goalpost against the ceiling of this machine.
#
# Fetches URL once, serves the same bytes from memory with a minimal Go
# server (internal/bench/minimal) and as a file with a private nginx, then
# runs wrk against the three in three alternating rounds and prints each
# round's requests/s and Goalpost's ratio to the other two.
#
#   internal/bench/compare.sh http://127.0.0.1:8095/plans/dalian-2023-livelihood
#
# Needs wrk and nginx (apt-get install -y wrk nginx) and Go. Environment:
# ROUNDS (3), DURATION (10s), THREADS (2), CONNECTIONS (32),
# MINIMAL_PORT (18096), NGINX_PORT (18097), MINIMAL_FLAGS (e.g. -headers:
# the minimal server sends every header Goalpost sent, not only the body).
set -eu

url=${1:?usage: compare.sh URL}
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
minimal_port=${MINIMAL_PORT:-18096}
nginx_port=${NGINX_PORT:-18097}
root=$(cd "$(dirname "$0")/../.." && pwd)

for tool in wrk nginx go curl; do
	command -v "$tool" >/dev/null || { echo "compare.sh: $tool is not installed (apt-get install -y wrk nginx)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/compare.XXXXXX")
minimal_pid= nginx_started=
cleanup() {
	[ -n "$minimal_pid" ] && kill "$minimal_pid" 2>/dev/null || true
	[ -n "$nginx_started" ] && nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" -s stop 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The minimal server fetches the bytes and saves them for nginx.
(cd "$root" && go build -o "$work/minimal" ./internal/bench/minimal)
mkdir -p "$work/nginx/html"
ctype=$(curl -s -o /dev/null -w '%{content_type}' "$url")
"$work/minimal" $MINIMAL_FLAGS -from "$url" -addr "127.0.0.1:$minimal_port" -save "$work/nginx/html/page" 2>"$work/minimal.log" &
minimal_pid=$!
for _ in $(seq 50); do
	curl -fs -o /dev/null "http://127.0.0.1:$minimal_port/" && break
	sleep 0.1
done
size=$(wc -c <"$work/nginx/html/page")
# same URL: both must answer with exactly the saved bytes, or the numbers compare different work.
same() {
	curl -fs -o "$work/check" "$1" || { echo "compare.sh: $1 does not answer" >&2; exit 1; }
	cmp -s "$work/check" "$work/nginx/html/page" || { echo "compare.sh: $1 answers other bytes than $url gave at first" >&2; exit 1; }
}
same "http://127.0.0.1:$minimal_port/"

# A private nginx: its own prefix, config, logs and temp paths; every path
# answers with the saved file and the Content-Type Goalpost gave it.
# (As root its workers run as nobody, so the files must be readable.)
chmod 755 "$work" "$work/nginx" "$work/nginx/html"
chmod 644 "$work/nginx/html/page"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types { }
    default_type "$ctype";
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/nginx/html;
        location / { try_files /page =404; }
    }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
nginx_started=1
for _ in $(seq 50); do
	curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/" && break
	sleep 0.1
done
same "http://127.0.0.1:$nginx_port/"

# rps URL prints wrk's requests/s, or stops if any answer was not a success.
rps() {
	wrk -t"$threads" -c"$connections" -d"$duration" "$1" >"$work/wrk.out"
	if grep -q 'Non-2xx' "$work/wrk.out"; then
		echo "compare.sh: $1: $(grep 'Non-2xx' "$work/wrk.out")" >&2
		exit 1
	fi
	awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out"
}

echo "$url: $size bytes, $ctype"
echo "wrk -t$threads -c$connections -d$duration, $rounds rounds alternating; $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-6s %12s %12s %12s %10s %10s\n' round goalpost minimal-go nginx-file "g/minimal" "g/nginx"
sum_g=0 sum_m=0 sum_n=0
for round in $(seq "$rounds"); do
	g=$(rps "$url")
	m=$(rps "http://127.0.0.1:$minimal_port/")
	n=$(rps "http://127.0.0.1:$nginx_port/")
	printf '%-6s %12s %12s %12s %10s %10s\n' "$round" "$g" "$m" "$n" \
		"$(echo "$g $m" | awk '{ printf "%.3f", $1 / $2 }')" "$(echo "$g $n" | awk '{ printf "%.4f", $1 / $2 }')"
	sum_g=$(echo "$sum_g $g" | awk '{ print $1 + $2 }')
	sum_m=$(echo "$sum_m $m" | awk '{ print $1 + $2 }')
	sum_n=$(echo "$sum_n $n" | awk '{ print $1 + $2 }')
done
printf '%-6s %12.0f %12.0f %12.0f %10s %10s\n' mean \
	"$(echo "$sum_g $rounds" | awk '{ print $1 / $2 }')" "$(echo "$sum_m $rounds" | awk '{ print $1 / $2 }')" "$(echo "$sum_n $rounds" | awk '{ print $1 / $2 }')" \
	"$(echo "$sum_g $sum_m" | awk '{ printf "%.3f", $1 / $2 }')" "$(echo "$sum_g $sum_n" | awk '{ printf "%.4f", $1 / $2 }')"
