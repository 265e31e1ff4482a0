#!/usr/bin/env bash
# Runs every test suite that can run on this machine: the engine's always, the plugin's once per nopCommerce tree given
# (NOP_ROOT, NOP_ROOTS: see build/common.sh) — on the test base's SQLite, and again on PostgreSQL where a server is at
# hand (build/postgres.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$ROOT"

results="$ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

plugin=""
nop_find_trees
tested_trees=()
if [ ${#NOP_TREES[@]} -gt 0 ] && [ -d Nop.Plugin.Misc.Flock.Tests ]; then
  printf '%s' "$NOP_TREES_SKIPPED"
  plugin=Nop.Plugin.Misc.Flock.Tests/Nop.Plugin.Misc.Flock.Tests.csproj
  for tree in "${NOP_TREES[@]}"; do
    if [ -f "$tree/Tests/Nop.Tests/bin/Release/net9.0/Nop.Tests.dll" ]; then
      tested_trees+=("$tree")
    else
      echo "nopCommerce's test base is not built ($tree/Tests/Nop.Tests/bin/Release/net9.0/Nop.Tests.dll): skipped the plugin tests on nopCommerce $(nop_version "$tree")."
    fi
  done
  [ ${#tested_trees[@]} -gt 0 ] || plugin=""
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
# the plugin suite once per nopCommerce tree: each version compiles its own plugin and tests (obj/nop<version>/)
for tree in ${plugin:+"${tested_trees[@]}"}; do
  version="$(nop_version "$tree")"
  name="$(basename "$plugin" .csproj).nop$version"
  # the plugin is built next to the tests, never into the tree's store (which may be running)
  staged=(-p:FlockPackageDir="$ROOT/artifacts/test-build/plugin-nop$version/")
  echo "The plugin tests on nopCommerce $version ($tree):"
  if [ -n "$PG_CONNECTION" ]; then
    # the tests that need PostgreSQL run in the PostgreSQL run below, not as "skipped" here
    env -u FLOCK_TEST_PG NOP_ROOT="$tree" dotnet test "$plugin" -c Release "${staged[@]}" --filter "Database!=PostgreSQL" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
    echo "The plugin tests on nopCommerce $version again, on PostgreSQL:"
    FLOCK_TEST_PG="$PG_CONNECTION" NOP_ROOT="$tree" dotnet test "$plugin" -c Release --no-build \
      --logger "trx;LogFileName=$name.PostgreSQL.trx" --results-directory "$results" || status=1
  else
    env -u FLOCK_TEST_PG NOP_ROOT="$tree" dotnet test "$plugin" -c Release "${staged[@]}" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  fi
done

# One plain closing line over all suites, read from the TRX files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  echo "  $(basename "$trx" .trx): ${p:-0} passed, ${f:-0} failed"
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] || { echo "no test ran"; exit 1; }
exit $status
