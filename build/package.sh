#!/usr/bin/env bash
# Builds what a store admin uploads: one Misc.Flock plugin zip per nopCommerce tree given (NOP_ROOT, NOP_ROOTS; see
# build/common.sh), named after the version read from the tree: artifacts/Misc.Flock-4.80.zip, artifacts/Misc.Flock-4.90.zip.
# Each zip's plugin.json names only the version it was built for. Without nopCommerce it builds the engine only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

dotnet build Flock.Engine/Flock.Engine.csproj -c Release
nop_find_trees
if [ ${#NOP_TREES[@]} -eq 0 ] || [ ! -d Nop.Plugin.Misc.Flock ]; then
  nop_skip_line "the plugin package (built Flock.Engine only)"
  exit 0
fi
printf '%s' "$NOP_TREES_SKIPPED"

# The plugin normally builds straight into nopCommerce's Plugins/Misc.Flock; for the package it builds into a clean
# staging folder, zipped as the admin's "Upload plugin or theme" expects (Misc.Flock/plugin.json at the top).
rm -f "$ROOT/artifacts/Misc.Flock.zip"
for tree in "${NOP_TREES[@]}"; do
  version="$(nop_version "$tree")"
  stage="$ROOT/artifacts/package-$version"
  zip="$ROOT/artifacts/Misc.Flock-$version.zip"
  rm -rf "$stage" "$zip"
  dotnet build Nop.Plugin.Misc.Flock/Nop.Plugin.Misc.Flock.csproj -c Release -p:NOP_ROOT="$tree" -p:FlockPackageDir="$stage/Misc.Flock/"
  grep -q "\"SupportedVersions\": \[ \"$version\" \]" "$stage/Misc.Flock/plugin.json" \
    || { echo "the built plugin.json does not name nopCommerce $version only:"; cat "$stage/Misc.Flock/plugin.json"; exit 1; }
  (cd "$stage" && zip -qr "$zip" Misc.Flock -x '*.pdb' -x '*.xml')
  echo "Plugin package for nopCommerce $version ($tree): $zip"
done
