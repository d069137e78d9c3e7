#!/usr/bin/env bash
# Our SARIF output, and the shared sarif-sdk samples, against the real SARIF 2.1.0 JSON
# schema (draft-04). The schema is `lib/schemas/sarif-2.1.0-rtm.5.json` from the npm
# package @microsoft/jest-sarif@1.0.0-beta.0 (MIT, Microsoft's sarif-js-sdk), pinned by
# its sha256 and cached under $DEVPLAT_TOOLS/sarif-schema: no network once cached.
# The tests themselves are the `#[ignore]`d `sarif_*` tests in crates/core/tests/render.rs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

package="@microsoft/jest-sarif@1.0.0-beta.0"
member="package/lib/schemas/sarif-2.1.0-rtm.5.json"
sha256="2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"
dir="${DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}/sarif-schema"
schema="$dir/sarif-2.1.0-rtm.5.json"

if ! echo "$sha256  $schema" | sha256sum --check --status 2>/dev/null; then
  echo "sarif-schema: fetching $package (once)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$package" >/dev/null)
  tar -xzf "$tmp"/microsoft-jest-sarif-1.0.0-beta.0.tgz -C "$tmp" "$member"
  echo "$sha256  $tmp/$member" | sha256sum --check --quiet
  mkdir -p "$dir"
  mv "$tmp/$member" "$schema"
fi

DEVPLAT_SARIF_SCHEMA="$schema" cargo test -p devplat-core --locked --test render -- --ignored sarif_
