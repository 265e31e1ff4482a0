#!/usr/bin/env bash
# Runs the browser end-to-end test against a local nopCommerce build (NOP_ROOT) with PostgreSQL already configured:
# builds and deploys the plugin, (re)starts the store, makes sure Flock is installed (queued through the admin, then
# carried out by a restart), runs e2e/referral-loop.mjs and e2e/chain-loop.mjs, and stops the store. It never builds nopCommerce itself.
#   NOP_ROOT=/path/to/nopCommerce e2e/run-local.sh            (FLOCK_E2E_KEEP_STORE=1 leaves the store running)
# FLOCK_E2E_PRIVATE_STORE=1: when others share the store, run a private instance instead (same database, port 5089 by
# default): its content root is artifacts/e2e/store, with its own App_Data and Plugins copies and links to the rest.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
: "${NOP_ROOT:?set NOP_ROOT to a built nopCommerce 4.80 or 4.90 tree (Presentation/Nop.Web/bin/Release/net9.0/Nop.Web.dll)}"
PRIVATE="${FLOCK_E2E_PRIVATE_STORE:-0}"
if [ "$PRIVATE" = 1 ]; then export FLOCK_E2E_BASE_URL="${FLOCK_E2E_BASE_URL:-http://127.0.0.1:5089}"; else export FLOCK_E2E_BASE_URL="${FLOCK_E2E_BASE_URL:-http://127.0.0.1:5080}"; fi
export FLOCK_E2E_ADMIN_EMAIL="${FLOCK_E2E_ADMIN_EMAIL:-admin@flock.test}"
export FLOCK_E2E_ADMIN_PASSWORD="${FLOCK_E2E_ADMIN_PASSWORD:-Admin123!}"
NOP_WEB="$NOP_ROOT/Presentation/Nop.Web"
STORE="$NOP_WEB"
[ "$PRIVATE" = 1 ] && STORE="$ROOT/artifacts/e2e/store"
[ -f "$NOP_WEB/bin/Release/net9.0/Nop.Web.dll" ] || { echo "no built store at $STORE/bin/Release/net9.0 (build nopCommerce first)"; exit 2; }
[ -f "$NOP_WEB/App_Data/appsettings.json" ] && grep -q '"ConnectionString": *"[^"]' "$NOP_WEB/App_Data/appsettings.json" \
  || { echo "the store at $STORE is not installed (no connection string in App_Data/appsettings.json)"; exit 2; }
PIDFILE="${FLOCK_STORE_PIDFILE:-$NOP_ROOT/_run/store.pid}"
[ "$PRIVATE" = 1 ] && PIDFILE="$ROOT/artifacts/e2e/store.pid"
LOG="$ROOT/artifacts/e2e/store.log"
mkdir -p "$(dirname "$PIDFILE")" "$(dirname "$LOG")"
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'
hostport="${FLOCK_E2E_BASE_URL#http://}"; port="${hostport##*:}"

stop_store() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"
    for _ in $(seq 1 60); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 1; done
  fi
  for _ in $(seq 1 30); do ss -ltn | grep -q "127.0.0.1:$port " || return 0; sleep 1; done
  echo "port $port is still in use by a process this script did not start"; exit 3
}

start_store() {
  ss -ltn | grep -q "127.0.0.1:$port " && { echo "port $port is already in use by another process"; exit 3; }
  # the content root must be Presentation/Nop.Web (App_Data, Plugins, Themes, wwwroot); $! is the store's own pid
  pushd "$STORE" >/dev/null
  ASPNETCORE_URLS="$FLOCK_E2E_BASE_URL" DOTNET_ROLL_FORWARD=Major DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    nohup dotnet bin/Release/net9.0/Nop.Web.dll >>"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  popd >/dev/null
  for _ in $(seq 1 180); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -A "$UA" "$FLOCK_E2E_BASE_URL/" || true)
    [ "$code" = 200 ] && ss -ltnp | grep "127.0.0.1:$port " | grep -q "pid=$(cat "$PIDFILE")," && { echo "store up (pid $(cat "$PIDFILE"))"; return 0; }
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { echo "the store exited; see $LOG"; exit 3; }
    sleep 1
  done
  echo "the store did not answer in 180 s; see $LOG"; exit 3
}

flock_installed() {
  node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").replace(/^\uFEFF/,""));
    process.exit((p.InstalledPlugins||[]).some(x=>x.SystemName==="Misc.Flock")?0:1)' "$STORE/App_Data/plugins.json"
}

[ -d "$HERE/node_modules/playwright-core" ] || (cd "$HERE" && npm install --no-audit --no-fund)

echo "== stop the store, build and deploy the plugin"
stop_store
if [ "$PRIVATE" = 1 ]; then
  rm -rf "$STORE"; mkdir -p "$STORE"
  for item in "$NOP_WEB"/*; do
    case "$(basename "$item")" in App_Data|Plugins|obj) ;; *) ln -s "$item" "$STORE/$(basename "$item")" ;; esac
  done
  cp -r "$NOP_WEB/App_Data" "$STORE/App_Data"
  mkdir -p "$STORE/Plugins"
  for plugin in "$NOP_WEB"/Plugins/*; do [ "$(basename "$plugin")" = Misc.Flock ] || cp -r "$plugin" "$STORE/Plugins/"; done
  out="$STORE/Plugins/Misc.Flock/"
  (cd "$ROOT" && NOP_ROOT="$NOP_ROOT" nice -n 10 dotnet build Nop.Plugin.Misc.Flock/Nop.Plugin.Misc.Flock.csproj -c Release -v q -nologo \
    -p:OutDir="$out" -p:OutputPath="$out")
else
  (cd "$ROOT" && NOP_ROOT="$NOP_ROOT" nice -n 10 dotnet build Nop.Plugin.Misc.Flock/Nop.Plugin.Misc.Flock.csproj -c Release -v q -nologo)
fi

echo "== start the store"
start_store
if ! flock_installed; then
  echo "== Flock is not installed: queue the install in the admin, then restart"
  node "$HERE/admin-plugin.mjs" install Misc.Flock
  stop_store; start_store
  flock_installed || { echo "Flock is still not installed after the restart; see $LOG"; exit 3; }
fi

# the chain loop ages an order in the store's own database: a psql URI from the store's connection string
if [ -z "${FLOCK_E2E_PG:-}" ]; then
  FLOCK_E2E_PG=$(node -e 'const c=(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").replace(/^\uFEFF/,"")).ConnectionStrings||{}).ConnectionString||"";
    const kv=Object.fromEntries(c.split(";").filter(Boolean).map(p=>{const i=p.indexOf("=");return [p.slice(0,i).trim().toLowerCase(),p.slice(i+1).trim()];}));
    const e=encodeURIComponent; if(kv.database) console.log(`postgresql://${e(kv["user id"]||kv.username||"")}:${e(kv.password||"")}@${kv.server||kv.host||"127.0.0.1"}:${kv.port||5432}/${kv.database}`);' \
    "$STORE/App_Data/appsettings.json" 2>/dev/null || true)
  export FLOCK_E2E_PG
fi
# FLOCK_E2E_SCRIPTS: which scenarios, in order (default: the referral loop, the trigger chain with its SMTP catcher, the recommendations)
status=0
for script in ${FLOCK_E2E_SCRIPTS:-referral-loop.mjs chain-loop.mjs recommendations-loop.mjs}; do
  echo "== run $script"
  node "$HERE/$script" || status=$?
done

if [ "${FLOCK_E2E_KEEP_STORE:-0}" = 1 ]; then echo "store left running (pid $(cat "$PIDFILE"))"; else echo "== stop the store"; stop_store; fi
exit $status
