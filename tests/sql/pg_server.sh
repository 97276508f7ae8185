# A throwaway PostgreSQL 15 for the tests: a data directory under a
# temporary directory, a Unix socket there and no TCP port, stopped by
# pg_stop. Sourced by engines_test.sh and postgres_source_test.sh.
#
#   pg_start DIR PORT   starts it; sets pg_socket, pg_port and psql (a
#                       command array running psql as the superuser)
#   pg_stop             stops it, if running (call it from an EXIT trap)
pgbin=/usr/lib/postgresql/15/bin
pg_ctl_as=()
pgdata=""

pg_start() {
  [ -x "$pgbin/initdb" ] || {
    echo "PostgreSQL 15 is missing (Debian package postgresql; scripts/deps.sh)" >&2
    return 1
  }
  pg_socket="$1"
  pg_port="$2"
  pgdata="$pg_socket/data"
  mkdir -p "$pg_socket"
  # The server refuses to run as root: then it runs as the postgres user,
  # which must be able to reach its directory.
  if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$(dirname "$pg_socket")"
    chown postgres "$pg_socket"
    pg_ctl_as=(runuser -u postgres --)
  fi
  "${pg_ctl_as[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U postgres --no-sync -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  "${pg_ctl_as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -w -l "$pg_socket/log" \
    -o "-k $pg_socket -c listen_addresses='' -c fsync=off -p $pg_port" start >/dev/null
  psql=("${pg_ctl_as[@]}" psql -h "$pg_socket" -p "$pg_port" -U postgres -d postgres -X -q
    -v ON_ERROR_STOP=1)
}

pg_stop() {
  if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
    "${pg_ctl_as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}
