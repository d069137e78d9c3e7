#!/usr/bin/env bash
# The `github` and `azure` renderers against the platforms' own libraries: every line in
# the render snapshots must be what @actions/core and azure-pipelines-task-lib print for
# the same finding (see diag-commands.mjs). Both packages are pinned and cached under
# $DEVPLAT_TOOLS/diag-node: no network once cached.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

dir="${DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}/diag-node"
packages=("@actions/core@3.0.1" "azure-pipelines-task-lib@5.281.0")
stamp="$dir/.installed"
if [ "$(cat "$stamp" 2>/dev/null)" != "${packages[*]}" ]; then
  echo "diag-commands: installing ${packages[*]} (once)"
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "${packages[@]}" >/dev/null
  echo "${packages[*]}" >"$stamp"
fi

node scripts/checks/diag-commands.mjs "$dir/node_modules" crates/core/tests/snapshots
