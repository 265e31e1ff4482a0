# Shared by build/*.sh: finds nopCommerce and the repository root.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# NOP_ROOT: a local nopCommerce 4.80 source tree (holds Libraries/ and Presentation/), never part of this repository.
nop_available() {
  [ -n "${NOP_ROOT:-}" ] && [ -f "$NOP_ROOT/Presentation/Nop.Web.Framework/Nop.Web.Framework.csproj" ]
}

nop_skip_line() {
  if [ -z "${NOP_ROOT:-}" ]; then
    echo "nopCommerce not found (NOP_ROOT is not set): skipped $1."
  else
    echo "nopCommerce not found at NOP_ROOT=$NOP_ROOT (no Presentation/Nop.Web.Framework): skipped $1."
  fi
}
