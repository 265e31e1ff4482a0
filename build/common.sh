# Shared by build/*.sh: finds nopCommerce and the repository root.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# nopCommerce trees, never part of this repository: each a local source build holding Libraries/ and Presentation/.
#   NOP_ROOT    one tree (4.80 or 4.90)
#   NOP_ROOTS   more trees, separated by spaces or colons, e.g. NOP_ROOTS="/src/nop480 /src/nop490"
# The plugin is built (package.sh) and tested (test.sh) once per tree; its version is read from the tree.

# the version a tree declares (Libraries/Nop.Core/NopVersion.cs: CURRENT_VERSION = "4.90"), empty when unreadable
nop_version() {
  sed -n 's/.*CURRENT_VERSION *= *"\([0-9]*\.[0-9]*\)".*/\1/p' "$1/Libraries/Nop.Core/NopVersion.cs" 2>/dev/null | head -1
}

nop_is_tree() {
  [ -f "$1/Presentation/Nop.Web.Framework/Nop.Web.Framework.csproj" ]
}

# NOP_TREES: the usable trees (one per version; a second tree of a version already listed is an error),
# NOP_TREES_SKIPPED: a line per setting that names no usable tree.
nop_find_trees() {
  NOP_TREES=(); NOP_TREES_SKIPPED=""
  local given=() root version seen=" "
  [ -n "${NOP_ROOT:-}" ] && given+=("$NOP_ROOT")
  [ -n "${NOP_ROOTS:-}" ] && { IFS=' :' read -r -a more <<<"$NOP_ROOTS"; given+=("${more[@]}"); }
  for root in "${given[@]}"; do
    [ -n "$root" ] || continue
    root="$(cd "$root" 2>/dev/null && pwd || echo "$root")"
    if ! nop_is_tree "$root"; then
      NOP_TREES_SKIPPED+="nopCommerce not found at $root (no Presentation/Nop.Web.Framework)."$'\n'
      continue
    fi
    version="$(nop_version "$root")"
    if [ -z "$version" ]; then
      echo "nopCommerce at $root: its version could not be read from Libraries/Nop.Core/NopVersion.cs" >&2; exit 2
    fi
    case "$seen" in
      *" $root "*) continue ;;
      *" $version="*) echo "two nopCommerce $version trees given ($root and another): give one per version" >&2; exit 2 ;;
    esac
    seen+="$root $version= "
    NOP_TREES+=("$root")
  done
}

nop_skip_line() {
  if [ -z "${NOP_ROOT:-}${NOP_ROOTS:-}" ]; then
    echo "nopCommerce not found (neither NOP_ROOT nor NOP_ROOTS is set): skipped $1."
  else
    printf '%s' "$NOP_TREES_SKIPPED"
    echo "no usable nopCommerce tree: skipped $1."
  fi
}
