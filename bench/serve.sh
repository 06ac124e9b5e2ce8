#!/usr/bin/env bash
# serve.sh: HTTP throughput of `sockerr serve` against nginx serving the same
# site exported as static files (`sockerr export`, gzip_static).
#
# The servers are pinned to core 0 (nginx with one worker; Go picks
# GOMAXPROCS=1 from the affinity mask), wrk to core 1. All run at once but
# only one is loaded at a time:
#   nginx           the export, gzip_static, access_log off
#   sockerr         `sockerr serve` with its default flags (access log on,
#                   written to SOCKERR_LOG, /dev/null by default)
#   sockerr-nolog   the same with --access-log=false (when the flag exists),
#                   like for like with nginx
# Three targets: an error page, the home page and the hashed style sheet,
# each asked for with Accept-Encoding: gzip. Before loading, it checks that
# both send the same bytes, and times sockerr's start-up to ready.
#
# Columns: requests/s, p50 and p99 latency from wrk; cpu_us/req is the
# server's own CPU time (from /proc, workers included) over the requests it
# answered, which other work on the machine barely moves.
#
# Environment: DURATION (wrk -d, default 10s), CONNECTIONS (wrk -c, default
# 32), WARMUP (per server and target before measuring, default 2s; 0 for
# none), NGINX_PORT / SOCKERR_PORT (first port tried, default 18080/18081),
# SOCKERR_LOG (default /dev/null), KEEP=1 keeps the temp dir (wrk outputs,
# nginx.conf, fetched bodies).
#
# Usage: bash bench/serve.sh        (from anywhere; needs Go, and apt or wrk+nginx)
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-2s}
BASE_URL=http://localhost:8080 # same for both, so the pages are byte-identical

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# --- tools -------------------------------------------------------------------
PATH=$PATH:/usr/sbin # nginx lives in sbin, not always on a user's PATH
pkgs=()
command -v wrk >/dev/null 2>&1 || pkgs+=(wrk)
command -v nginx >/dev/null 2>&1 || pkgs+=(nginx-light)
command -v curl >/dev/null 2>&1 || pkgs+=(curl)
if ((${#pkgs[@]})); then
  echo "installing ${pkgs[*]}" >&2
  sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  # Keep the package from starting its own nginx on port 80: a policy-rc.d
  # that refuses service starts, for the length of the install only.
  policy=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
  fi
  rc=0
  "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null || rc=$?
  if [[ -n $policy ]]; then "${sudo[@]}" rm -f "$policy"; fi
  ((rc == 0)) || { echo "serve.sh: installing ${pkgs[*]} failed" >&2; exit "$rc"; }
fi
for t in go wrk nginx curl taskset gzip cmp awk; do
  command -v "$t" >/dev/null 2>&1 || { echo "serve.sh: $t not found" >&2; exit 1; }
done

# --- cleanup -----------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockerr-bench.XXXXXX")
chmod 755 "$tmp" # nginx workers may run as another user
nginx_pid=
sockerr_pid=
nolog_pid=
cleanup() {
  local rc=$?
  for p in $nginx_pid $sockerr_pid $nolog_pid; do
    if kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
    fi
  done
  for p in $nginx_pid $sockerr_pid $nolog_pid; do
    for _ in $(seq 50); do
      # gone, or exited and waiting to be reaped
      [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null || echo Z) == Z ]] && break
      sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [[ ${KEEP:-0} == 1 ]]; then
    echo "kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port N: the first port from N up that nothing listens on.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# wait_ready URL PID NAME: poll URL until 200, for at most 30 s.
wait_ready() {
  local u=$1 p=$2 name=$3
  for _ in $(seq 300); do
    if ! kill -0 "$p" 2>/dev/null; then
      echo "serve.sh: $name exited during start-up" >&2
      return 1
    fi
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$u" || true) == 200 ]]; then return 0; fi
    sleep 0.1
  done
  echo "serve.sh: $name not ready after 30 s ($u)" >&2
  return 1
}

# wait_idle PID: wait until the process has used no CPU for two 0.5 s
# samples in a row (sockerr compresses every page in the background after
# start-up, on the same core the benchmark then loads), at most 60 s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# tree_ticks PID: CPU ticks of the process and its children (nginx workers).
tree_ticks() {
  local t=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
CLK_TCK=$(getconf CLK_TCK)
wait_idle() {
  local p=$1 last now quiet=0
  last=$(cpu_ticks "$p")
  for _ in $(seq 120); do
    sleep 0.5
    now=$(cpu_ticks "$p")
    if ((now - last <= 1)); then quiet=$((quiet + 1)); else quiet=0; fi
    ((quiet >= 2)) && return 0
    last=$now
  done
  echo "serve.sh: warning: sockerr still busy after 60 s" >&2
}

# --- build, export, configure ------------------------------------------------
echo "building sockerr" >&2
go build -o "$tmp/sockerr" ./cmd/sockerr
"$tmp/sockerr" export --base-url "$BASE_URL" "$tmp/site" >&2

NGINX_PORT=$(free_port "${NGINX_PORT:-18080}")
SOCKERR_PORT=$(free_port "${SOCKERR_PORT:-18081}")
[[ $SOCKERR_PORT == "$NGINX_PORT" ]] && SOCKERR_PORT=$(free_port $((NGINX_PORT + 1)))

cat >"$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    client_body_temp_path $tmp/nginx-body;
    proxy_temp_path $tmp/nginx-proxy;
    fastcgi_temp_path $tmp/nginx-fastcgi;
    uwsgi_temp_path $tmp/nginx-uwsgi;
    scgi_temp_path $tmp/nginx-scgi;
    types {
        text/html                html;
        text/css                 css;
        application/javascript   js;
        application/json         json;
        application/xml          xml;
        image/svg+xml            svg;
        text/plain               txt;
        application/opensearchdescription+xml opensearch.xml;
    }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 120s;
    keepalive_requests 1000000;  # like Go's server: never close a busy connection
    etag on;
    gzip_static on;
    gzip_vary on;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        server_name localhost;
        root $tmp/site;
        location / {
            try_files \$uri \$uri/index.html \$uri/index.json =404;
        }
    }
}
EOF
nginx -t -q -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/nginx-error.log"

# --- start the servers on core 0 --------------------------------------------
# ms since the epoch
now_ms() { echo $(($(date +%s%N) / 1000000)); }

taskset -c 0 nginx -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/nginx-error.log" -g 'daemon off;' &
nginx_pid=$!
declare -A url pid
pid[nginx]=$nginx_pid
url[nginx]=http://127.0.0.1:$NGINX_PORT
wait_ready "${url[nginx]}/errors/WSAECONNRESET" "$nginx_pid" nginx

# sockerr as deployed: default flags, so the access log is on (to
# SOCKERR_LOG, /dev/null by default). Start-up to ready is timed from the
# exec to the first 200 from /readyz, polled every 10 ms, on one core.
t0=$(now_ms)
taskset -c 0 "$tmp/sockerr" serve --addr "127.0.0.1:$SOCKERR_PORT" --base-url "$BASE_URL" \
  2>"${SOCKERR_LOG:-/dev/null}" &
sockerr_pid=$!
url[sockerr]=http://127.0.0.1:$SOCKERR_PORT
pid[sockerr]=$sockerr_pid
for _ in $(seq 3000); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "${url[sockerr]}/readyz" || true) == 200 ]] && break
  kill -0 "$sockerr_pid" 2>/dev/null || { echo "serve.sh: sockerr exited during start-up" >&2; exit 1; }
  sleep 0.01
done
wait_ready "${url[sockerr]}/readyz" "$sockerr_pid" sockerr
startup_ms=$(($(now_ms) - t0))
sleep 2                  # the background compression starts right after the load...
wait_idle "$sockerr_pid" # ...and this waits until it has finished
servers=(nginx sockerr)

# The same without the access log, when this build has the flag: nginx's
# access_log is off, so this is the like-for-like row.
serve_help=$("$tmp/sockerr" serve -h 2>&1 || true)
if [[ $serve_help == *-access-log* ]]; then
  NOLOG_PORT=$(free_port $((SOCKERR_PORT + 1)))
  taskset -c 0 "$tmp/sockerr" serve --access-log=false --addr "127.0.0.1:$NOLOG_PORT" --base-url "$BASE_URL" \
    2>"$tmp/sockerr-nolog.log" &
  nolog_pid=$!
  url[sockerr-nolog]=http://127.0.0.1:$NOLOG_PORT
  pid[sockerr-nolog]=$nolog_pid
  wait_ready "${url[sockerr-nolog]}/readyz" "$nolog_pid" sockerr-nolog
  sleep 2
  wait_idle "$nolog_pid"
  servers+=(sockerr-nolog)
fi
for s in "${servers[@]}"; do echo "$s: ${url[$s]}" >&2; done
echo "sockerr start-up to ready (exec to first 200 from /readyz, one core): $startup_ms ms" >&2

# --- targets -----------------------------------------------------------------
css=$(curl -s "${url[nginx]}/" | grep -o '/static/style\.[0-9a-f]*\.css' | head -n 1 || true)
if [[ -z $css ]]; then
  echo "serve.sh: no /static/style.<hash>.css link in the home page" >&2
  exit 1
fi
targets=(/errors/WSAECONNRESET / "$css")
names=(error-page home style.css)

# fetch URL NAME: body (decompressed when gzip) to $tmp/NAME.body, headers
# to $tmp/NAME.hdr.
fetch() {
  local u=$1 out=$tmp/$2
  curl -s -H 'Accept-Encoding: gzip' -D "$out.hdr" -o "$out.raw" "$u"
  if grep -qi '^content-encoding: *gzip' "$out.hdr"; then
    gzip -dc <"$out.raw" >"$out.body"
  else
    cp "$out.raw" "$out.body"
  fi
}
for i in "${!targets[@]}"; do
  fetch "${url[nginx]}${targets[i]}" "nginx-${names[i]}"
  fetch "${url[sockerr]}${targets[i]}" "sockerr-${names[i]}"
  for s in nginx sockerr; do
    if ! grep -qi '^content-encoding: *gzip' "$tmp/$s-${names[i]}.hdr"; then
      echo "WARNING: $s did not send ${targets[i]} gzip-encoded" >&2
    fi
  done
  if cmp -s "$tmp/nginx-${names[i]}.body" "$tmp/sockerr-${names[i]}.body"; then
    echo "same bytes: ${targets[i]} ($(wc -c <"$tmp/nginx-${names[i]}.body") bytes," \
      "gzip $(wc -c <"$tmp/nginx-${names[i]}.raw") from nginx, $(wc -c <"$tmp/sockerr-${names[i]}.raw") from sockerr)" >&2
  else
    echo "WARNING: nginx and sockerr send different bytes for ${targets[i]}" >&2
    diff <(tr '>' '\n' <"$tmp/nginx-${names[i]}.body") <(tr '>' '\n' <"$tmp/sockerr-${names[i]}.body") | head -n 10 >&2 || true
  fi
done
echo "response header bytes (error page): nginx $(wc -c <"$tmp/nginx-error-page.hdr"), sockerr $(wc -c <"$tmp/sockerr-error-page.hdr")" >&2

# --- load --------------------------------------------------------------------
# run_wrk URL OUT [DURATION]
run_wrk() {
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${3:-$DURATION}" --latency -H 'Accept-Encoding: gzip' "$1" >"$2"
}
# to_ms VALUE: wrk's "812.00us" / "1.23ms" / "1.02s" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "%s", v }'
}
# parse FILE TICKS: "rps p50ms p99ms cpu_us_per_request"
parse() {
  local rps p50 p99 n
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$1")
  n=$(awk '/requests in/ {print $1}' "$1")
  p50=$(awk '$1 == "50%" {print $2}' "$1")
  p99=$(awk '$1 == "99%" {print $2}' "$1")
  if grep -q -e 'Non-2xx' -e 'Socket errors' "$1"; then
    echo "WARNING: $(grep -e 'Non-2xx' -e 'Socket errors' "$1" | tr -s ' ') in $1" >&2
  fi
  echo "${rps:-0} $(to_ms "${p50:-0}") $(to_ms "${p99:-0}") $(awk -v t="$2" -v hz="$CLK_TCK" -v n="${n:-0}" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency -H 'Accept-Encoding: gzip' (wrk on core 1, servers on core 0)" >&2
declare -A res
for i in "${!targets[@]}"; do
  for s in "${servers[@]}"; do
    base=${url[$s]}
    [[ $WARMUP != 0 && $WARMUP != 0s ]] && run_wrk "$base${targets[i]}" /dev/null "$WARMUP"
    echo "  ${names[i]} on $s ..." >&2
    t0=$(tree_ticks "${pid[$s]}")
    run_wrk "$base${targets[i]}" "$tmp/wrk-$s-${names[i]}.txt"
    t1=$(tree_ticks "${pid[$s]}")
    res[$s-${names[i]}]=$(parse "$tmp/wrk-$s-${names[i]}.txt" $((t1 - t0)))
  done
done

# --- table -------------------------------------------------------------------
# cpu_us/req is the server's own CPU time (user+system, from /proc) over the
# requests it answered: unlike requests/s it barely moves when other work
# shares the core.
echo
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores: above ~0.5, other work shares core 0)"
printf '%-12s %-22s %12s %10s %10s %12s\n' target server requests/s p50_ms p99_ms cpu_us/req
printf '%-12s %-22s %12s %10s %10s %12s\n' ------ ------ ---------- ------ ------ ----------
for n in "${names[@]}"; do
  read -r nr n50 n99 nc <<<"${res[nginx-$n]}"
  for s in "${servers[@]}"; do
    read -r sr s50 s99 sc <<<"${res[$s-$n]}"
    printf '%-12s %-22s %12.0f %10.3f %10.3f %12.1f\n' "$n" "$s" "$sr" "$s50" "$s99" "$sc"
  done
  for s in "${servers[@]:1}"; do
    read -r sr s50 s99 sc <<<"${res[$s-$n]}"
    awk -v n="$n" -v s="$s/nginx" -v nr="$nr" -v sr="$sr" -v n50="$n50" -v s50="$s50" -v n99="$n99" -v s99="$s99" -v nc="$nc" -v sc="$sc" '
      function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "n/a" }
      BEGIN { printf "%-12s %-22s %12s %10s %10s %12s\n", n, s, ratio(sr, nr), ratio(s50, n50), ratio(s99, n99), ratio(sc, nc) }'
  done
done
