#!/usr/bin/env bash
# Builds what a store admin uploads: the Misc.Flock plugin zip (needs NOP_ROOT). Without nopCommerce it builds the engine only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

dotnet build Flock.Engine/Flock.Engine.csproj -c Release
if ! nop_available || [ ! -d Nop.Plugin.Misc.Flock ]; then
  nop_skip_line "the plugin package (built Flock.Engine only)"
  exit 0
fi

# The plugin normally builds straight into nopCommerce's Plugins/Misc.Flock; for the package it builds into a clean
# staging folder, zipped as the admin's "Upload plugin or theme" expects (Misc.Flock/plugin.json at the top).
stage="$ROOT/artifacts/package"
rm -rf "$stage" "$ROOT/artifacts/Misc.Flock.zip"
dotnet build Nop.Plugin.Misc.Flock/Nop.Plugin.Misc.Flock.csproj -c Release -p:NOP_ROOT="$NOP_ROOT" -p:FlockPackageDir="$stage/Misc.Flock/"
(cd "$stage" && zip -qr "$ROOT/artifacts/Misc.Flock.zip" Misc.Flock -x '*.pdb' -x '*.xml')
echo "Plugin package: $ROOT/artifacts/Misc.Flock.zip"
