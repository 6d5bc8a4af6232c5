# What the benches that run servers share (sourced by bench/server.sh and bench/web.sh; also by
# bench/report.sh, for need_tools and the work folder): the tools they need, a work folder,
# `clusteratlas serve` and a private nginx on free loopback ports, and stopping both and removing
# the folder when the bench ends, however it ends.
# The sourcing script sets BIN and `set -euo pipefail` first.

need_tools() {  # TOOL...: each on the PATH or in /usr/sbin, else a message naming the installer
  for tool; do
    command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || {
      echo "$(basename "$0"): $tool is missing (scripts/install-deps)" >&2
      exit 1
    }
  done
}

work=$(mktemp -d)
server_pid=""
nginx_started=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true
  [[ -n "$nginx_started" ]] && kill -QUIT "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {  # URL: until it answers, at most 10 s
  for _ in $(seq 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done
  echo "$(basename "$0"): $1 does not answer" >&2
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_serve DB [SERVE OPTION...]: `serve` on a free loopback port, its log in
# $work/serve$serve_instance.err (serve_instance: unset, or a name for each of several);
# sets server_pid, port and base (http://127.0.0.1:PORT) once it is ready.
start_serve() {
  local db=$1 log="$work/serve${serve_instance:-}.err"
  shift
  "$BIN" --db "$db" serve --listen 127.0.0.1:0 "$@" 2>"$log" &
  server_pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f3 || true)
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { cat "$log" >&2; exit 1; }
  base="http://127.0.0.1:$port"
  wait_for "$base/readyz"
}

# start_nginx CONF PATH: nginx with bench/CONF (@PORT@ and @PREFIX@ filled in), serving
# $work/nginx/www, which the caller fills first; sets nginx_base once PATH answers.
# Unprivileged: as root (a container), nginx runs as nobody with the prefix its own.
start_nginx() {
  local port
  port=$(free_port)
  mkdir -p "$work/nginx/www" "$work/nginx/logs"
  sed -e "s|@PORT@|$port|" -e "s|@PREFIX@|$work/nginx|g" "bench/$1" >"$work/nginx/nginx.conf"
  local as_user=()
  if [[ $(id -u) -eq 0 ]]; then
    chmod 755 "$work"
    chown -R nobody "$work/nginx"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  fi
  "${as_user[@]}" "$(command -v nginx || echo /usr/sbin/nginx)" -p "$work/nginx" -c nginx.conf \
    -e "$work/nginx/logs/error.log"
  nginx_started=1
  nginx_base="http://127.0.0.1:$port"
  wait_for "$nginx_base$2" || {
    cat "$work/nginx/logs/error.log" >&2
    exit 1
  }
}
