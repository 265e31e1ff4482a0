#!/usr/bin/env bash
# Runs every test suite that can run on this machine: the engine's always, the plugin's where nopCommerce is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

results="$ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

suites=(Flock.Engine.Tests/Flock.Engine.Tests.csproj)
if nop_available; then
  if [ -f "$NOP_ROOT/Tests/Nop.Tests/bin/Release/net9.0/Nop.Tests.dll" ]; then
    [ -d Nop.Plugin.Misc.Flock.Tests ] && suites+=(Nop.Plugin.Misc.Flock.Tests/Nop.Plugin.Misc.Flock.Tests.csproj)
  else
    echo "nopCommerce's test base is not built ($NOP_ROOT/Tests/Nop.Tests/bin/Release/net9.0/Nop.Tests.dll): skipped the plugin tests."
  fi
else
  nop_skip_line "the plugin build and its tests (engine tests still run)"
fi

status=0
for suite in "${suites[@]}"; do
  name="$(basename "$suite" .csproj)"
  dotnet test "$suite" -c Release --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

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
