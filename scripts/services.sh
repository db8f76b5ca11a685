#!/usr/bin/env bash
# Private Redis and PostgreSQL for the tests and benchmarks: own ports, own
# data dir, no system service touched. Stops only the processes it started.
#
#   scripts/services.sh start DIR REDIS_PORT PG_PORT   prints the two URLs as env lines
#   scripts/services.sh stop DIR
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [REDIS_PORT PG_PORT]" >&2; exit 2; }

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "services: PostgreSQL server binaries not found (scripts/deps.sh installs them)" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the 'postgres' user then.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local rport=$1 pport=$2
  mkdir -p "$dir/redis" "$dir/pg" "$dir/pgsock" "$dir/pglog"
  chmod 755 "$dir"
  redis-server --port "$rport" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes \
    --save '' --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/pg" "$dir/pgsock" "$dir/pglog"; fi
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    as_pg "$pgbin/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  as_pg "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pglog/pg.log" -w -t 60 \
    -o "-p $pport -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/pglog/pg.log" >&2; exit 1; }
  as_pg "$pgbin/psql" -q -h 127.0.0.1 -p "$pport" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='verdict'" | grep -q 1 ||
    as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pport" -U postgres verdict
  # A daemonized redis-server may not listen yet when it returns: ask it.
  timeout 10 bash -c "until redis-cli -p $rport ping >/dev/null 2>&1; do sleep 0.05; done" ||
    { echo "services: redis on port $rport did not answer" >&2; cat "$dir/redis.log" >&2; exit 1; }
  echo "VERDICT_TEST_REDIS=redis://127.0.0.1:$rport"
  echo "VERDICT_TEST_DB=postgresql://postgres@127.0.0.1:$pport/verdict"
}

stop() {
  if [ -f "$dir/redis.pid" ]; then
    local pid
    pid=$(cat "$dir/redis.pid")
    kill "$pid" 2>/dev/null || true
    timeout 10 bash -c "while kill -0 $pid 2>/dev/null; do sleep 0.05; done" || kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/redis.pid"
  fi
  if [ -f "$dir/pg/postmaster.pid" ]; then
    as_pg "$pgbin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "$cmd" in
  start) start "${3:-17379}" "${4:-17432}" ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR [REDIS_PORT PG_PORT]" >&2; exit 2 ;;
esac
