#!/usr/bin/env bash
# Runs every test suite that can run on this machine: the engine's always, the plugin's where nopCommerce is present —
# on the test base's SQLite, and again on PostgreSQL where a server is at hand (build/postgres.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$ROOT"

results="$ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

plugin=""
if nop_available; then
  if [ -f "$NOP_ROOT/Tests/Nop.Tests/bin/Release/net9.0/Nop.Tests.dll" ]; then
    [ -d Nop.Plugin.Misc.Flock.Tests ] && plugin=Nop.Plugin.Misc.Flock.Tests/Nop.Plugin.Misc.Flock.Tests.csproj
  else
    echo "nopCommerce's test base is not built ($NOP_ROOT/Tests/Nop.Tests/bin/Release/net9.0/Nop.Tests.dll): skipped the plugin tests."
  fi
else
  nop_skip_line "the plugin build and its tests (engine tests still run)"
fi

if [ -n "$plugin" ]; then
  trap pg_cleanup EXIT
  pg_prepare
  [ -z "$PG_SKIP_REASON" ] || echo "$PG_SKIP_REASON: skipped the plugin tests on PostgreSQL."
fi

status=0
dotnet test Flock.Engine.Tests/Flock.Engine.Tests.csproj -c Release \
  --logger "trx;LogFileName=Flock.Engine.Tests.trx" --results-directory "$results" || status=1
if [ -n "$plugin" ]; then
  name="$(basename "$plugin" .csproj)"
  if [ -n "$PG_CONNECTION" ]; then
    # the tests that need PostgreSQL run in the PostgreSQL run below, not as "skipped" here
    env -u FLOCK_TEST_PG dotnet test "$plugin" -c Release --filter "Database!=PostgreSQL" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
    echo "The plugin tests again, on PostgreSQL:"
    FLOCK_TEST_PG="$PG_CONNECTION" dotnet test "$plugin" -c Release --no-build \
      --logger "trx;LogFileName=$name.PostgreSQL.trx" --results-directory "$results" || status=1
  else
    env -u FLOCK_TEST_PG dotnet test "$plugin" -c Release \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  fi
fi

# One plain closing line over all suites, read from the TRX files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] || { echo "no test ran"; exit 1; }
exit $status
