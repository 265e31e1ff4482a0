# Sourced by build/test.sh: a PostgreSQL server for the plugin tests (FLOCK_TEST_PG, see
# Nop.Plugin.Misc.Flock.Tests/Infrastructure/TestDatabase.cs). The test run creates its own database and drops it.
#
#   FLOCK_TEST_PG set      used as it is (a server connection whose role may create databases); nothing is set up here.
#   FLOCK_PG_TESTS=0       the PostgreSQL run is skipped.
#   otherwise              Debian's PostgreSQL packages, when present (pg_lsclusters, pg_ctlcluster, psql): a cluster
#                          is started if none is running (and stopped again afterwards), a throwaway role
#                          flock_test_<pid> with CREATEDB is made, and dropped afterwards with every database it owns.
#                          Nothing else on the server is touched.
#
# pg_prepare sets PG_CONNECTION, or PG_SKIP_REASON when the PostgreSQL run cannot happen here; pg_cleanup undoes it.

PG_CONNECTION=""
PG_SKIP_REASON=""
_pg_role=""
_pg_started=""
_pg_superuser=()

# psql as the cluster's superuser (peer authentication over the local socket).
_pg_psql() {
  "${_pg_superuser[@]}" psql -X -q -v ON_ERROR_STOP=1 -p "$_pg_port" -d postgres "$@"
}

pg_prepare() {
  if [ "${FLOCK_PG_TESTS:-1}" = "0" ]; then
    PG_SKIP_REASON="FLOCK_PG_TESTS=0"
    return
  fi
  if [ -n "${FLOCK_TEST_PG:-}" ]; then
    PG_CONNECTION="$FLOCK_TEST_PG"
    return
  fi
  if ! command -v pg_lsclusters >/dev/null || ! command -v pg_ctlcluster >/dev/null || ! command -v psql >/dev/null; then
    PG_SKIP_REASON="PostgreSQL not found (no pg_lsclusters/pg_ctlcluster/psql, and FLOCK_TEST_PG is not set)"
    return
  fi

  # the superuser's shell: we are postgres, or root, or may sudo to postgres without a password
  if [ "$(id -un)" = postgres ]; then
    _pg_superuser=(env)
  elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
    _pg_superuser=(runuser -u postgres --)
  elif command -v sudo >/dev/null && sudo -n -u postgres true 2>/dev/null; then
    _pg_superuser=(sudo -n -u postgres)
  else
    PG_SKIP_REASON="PostgreSQL is installed but its superuser is out of reach (not root or postgres, no sudo); set FLOCK_TEST_PG instead"
    return
  fi

  # a running cluster, or the first one started: "version cluster port status owner ..."
  local line version cluster status
  line=$(pg_lsclusters -h 2>/dev/null | awk '$4 ~ /^online/' | head -1 || true)
  if [ -z "$line" ]; then
    line=$(pg_lsclusters -h 2>/dev/null | head -1 || true)
    if [ -z "$line" ]; then
      PG_SKIP_REASON="PostgreSQL is installed but has no cluster (pg_createcluster makes one)"
      return
    fi
    read -r version cluster _ <<<"$line"
    if ! "${_pg_superuser[@]}" pg_ctlcluster "$version" "$cluster" start; then
      PG_SKIP_REASON="the PostgreSQL cluster $version/$cluster did not start"
      return
    fi
    _pg_started="$version $cluster"
    echo "PostgreSQL: started cluster $version/$cluster for the tests (stopped again afterwards)."
  fi
  read -r version cluster _pg_port status _ <<<"$line"

  _pg_role="flock_test_$$"
  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  if ! _pg_psql -c "CREATE ROLE $_pg_role LOGIN CREATEDB PASSWORD '$password'" >/dev/null; then
    _pg_role=""
    PG_SKIP_REASON="could not create a test role on the PostgreSQL cluster $version/$cluster"
    return
  fi
  PG_CONNECTION="Host=127.0.0.1;Port=$_pg_port;Username=$_pg_role;Password=$password"
  echo "PostgreSQL: cluster $version/$cluster on port $_pg_port, throwaway role $_pg_role."
}

pg_cleanup() {
  if [ -n "$_pg_role" ]; then
    local db
    for db in $(_pg_psql -At -c "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '$_pg_role')" 2>/dev/null); do
      _pg_psql -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || echo "PostgreSQL: could not drop the test database $db"
    done
    _pg_psql -c "DROP ROLE IF EXISTS $_pg_role" >/dev/null 2>&1 || echo "PostgreSQL: could not drop the test role $_pg_role"
    _pg_role=""
  fi
  if [ -n "$_pg_started" ]; then
    "${_pg_superuser[@]}" pg_ctlcluster $_pg_started stop || true
    _pg_started=""
  fi
}
