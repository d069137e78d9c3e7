#!/usr/bin/env bash
# A short run of every fuzz target (FUZZ_SECONDS each, default 30; 0 skips).
# The long run is documented in fuzz/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds="${FUZZ_SECONDS:-30}"
if [ "$seconds" = "0" ]; then echo "fuzz smoke skipped (FUZZ_SECONDS=0)"; exit 0; fi
cd fuzz
for target in $(cargo +nightly fuzz list); do
  echo "fuzz: $target for ${seconds}s"
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 2>&1 \
    | grep -E '^(Done|#[0-9]+ *DONE|==[0-9]+==|SUMMARY|thread .* panicked)' || true
  # cargo fuzz exits non-zero on a crash; grep above must not hide that
  test "${PIPESTATUS[0]}" -eq 0
done
