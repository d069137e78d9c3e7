# shellcheck shell=bash
# A throw-away PostgreSQL cluster for tests and benchmarks, on loopback. Source this
# file, then `pg_cluster_start` (sets PG_URL, PG_PORT, PG_WORK, PG_PASSWORD) and
# `pg_cluster_stop` (in an EXIT trap). Debian's server binaries (package `postgresql`,
# installed by scripts/setup); initdb refuses root, so as root the cluster runs as the
# `postgres` user the package creates, in a temp dir that user owns.
#
# Environment: PG_FSYNC (default off: the tests kill replicas, never the database;
# the benchmark sets it on), PG_MAX_CONNECTIONS (default 300).

pg_bin_dir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

pg_cluster_start() {
  PG_BIN="$(pg_bin_dir)" || {
    echo "pg-cluster: the PostgreSQL server (initdb, pg_ctl) is not installed: run scripts/setup (Debian package postgresql)" >&2
    return 1
  }
  PG_WORK="$(mktemp -d "${TMPDIR:-/tmp}/devplat-pg.XXXXXX")"
  PG_RUN_AS=()
  if [ "$(id -u)" = "0" ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg-cluster: running as root and there is no postgres user to run initdb as" >&2
      return 1
    fi
    chown postgres: "$PG_WORK"
    PG_RUN_AS=(runuser -u postgres --)
  fi
  PG_PASSWORD="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$PG_PASSWORD" >"$PG_WORK/pwfile"
  chmod 600 "$PG_WORK/pwfile"
  [ "$(id -u)" = "0" ] && chown postgres: "$PG_WORK/pwfile"
  if ! "${PG_RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_WORK/data" -U devplat --pwfile="$PG_WORK/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$PG_WORK/initdb.log" 2>&1; then
    cat "$PG_WORK/initdb.log" >&2
    echo "pg-cluster: initdb failed" >&2
    return 1
  fi
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  if ! "${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG_WORK -c listen_addresses=127.0.0.1 -c max_connections=${PG_MAX_CONNECTIONS:-300} -c fsync=${PG_FSYNC:-off}" \
      start >/dev/null; then
    cat "$PG_WORK/server.log" >&2
    echo "pg-cluster: the server did not start" >&2
    return 1
  fi
  PG_URL="postgres://devplat:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"
  export PG_URL PG_PORT PG_WORK PG_PASSWORD
  echo "pg-cluster: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_WORK)"
}

pg_cluster_stop() {
  [ -n "${PG_WORK:-}" ] && [ -d "$PG_WORK" ] || return 0
  if [ -f "$PG_WORK/data/postmaster.pid" ]; then
    "${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || {
      local pid
      pid="$(head -1 "$PG_WORK/data/postmaster.pid" 2>/dev/null || true)"
      [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    }
  fi
  rm -rf "$PG_WORK"
  PG_WORK=""
}
