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
