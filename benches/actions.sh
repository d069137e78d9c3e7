#!/usr/bin/env bash
# Packaging benchmark, in one run:
#   1. the size of each tool's .wasm (after wasm-opt) and of its bundles — goal for
#      validate: under 1.5 MiB of wasm;
#   2. the validate action end to end, node start included (`node dist/validate/index.cjs`
#      as the runner starts it, with INPUT_*/GITHUB_* set), next to the native CLI
#      (`devplat validate`, release build) and a bare `node -e ''`, on a generated
#      repository of 50 workflows and 5 composite actions — goal: under 400 ms.
# Wall time is the median of RUNS runs (default 21); peak memory is GNU time's max RSS.
#
# Usage: benches/actions.sh            (uses the committed dist/; builds the release CLI)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-21}"

cargo build --release --locked --quiet -p devplat
cli="$root/target/release/devplat"
bundle="$root/dist/validate/index.cjs"
[ -f "$bundle" ] || { echo "dist/validate is missing: scripts/build-dist" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo/.github/workflows"

# --- the 50-workflow repository: five realistic shapes, ten of each ------------------
for a in 1 2 3 4 5; do
  mkdir -p "$repo/.github/actions/setup-$a"
  cat >"$repo/.github/actions/setup-$a/action.yml" <<EOF
name: setup-$a
description: Install toolchain $a and restore its cache
inputs:
  version:
    description: Toolchain version
    required: true
  cache:
    description: Restore the cache
    required: false
    default: "true"
outputs:
  path:
    description: Where the toolchain is
    value: \${{ steps.install.outputs.path }}
runs:
  using: composite
  steps:
    - id: install
      run: echo "path=/opt/tool-$a/\${{ inputs.version }}" >> "\$GITHUB_OUTPUT"
      shell: bash
    - if: inputs.cache == 'true'
      uses: actions/cache@0400d5f644dc74513175e3cd8d07132dd4860809 # v4.2.4
      with:
        path: ~/.cache/tool-$a
        key: tool-$a-\${{ runner.os }}-\${{ inputs.version }}
EOF
done
cat >"$repo/.github/workflows/reusable-deploy.yml" <<'EOF'
name: reusable deploy
on:
  workflow_call:
    inputs:
      environment:
        type: string
        required: true
      replicas:
        type: number
        default: 2
    secrets:
      token:
        required: true
    outputs:
      url:
        description: The deployed URL
        value: ${{ jobs.deploy.outputs.url }}
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: ${{ inputs.environment }}
    outputs:
      url: ${{ steps.out.outputs.url }}
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - id: out
        run: echo "url=https://${{ inputs.environment }}.example.com" >> "$GITHUB_OUTPUT"
        env:
          TOKEN: ${{ secrets.token }}
          REPLICAS: ${{ inputs.replicas }}
EOF
for i in $(seq -w 1 49); do
  a=$(( (10#$i % 5) + 1 ))
  case $(( 10#$i % 5 )) in
  0) cat >"$repo/.github/workflows/ci-$i.yml" <<EOF
name: ci $i
on:
  push:
    branches: [main, "release/**"]
    paths-ignore: ["docs/**"]
  pull_request:
    types: [opened, synchronize, reopened]
permissions:
  contents: read
concurrency:
  group: ci-$i-\${{ github.ref }}
  cancel-in-progress: true
jobs:
  test:
    name: test (\${{ matrix.os }}, \${{ matrix.version }})
    runs-on: \${{ matrix.os }}
    timeout-minutes: 30
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, windows-latest, macos-latest]
        version: ["20", "22"]
        include:
          - os: ubuntu-latest
            version: "24"
            experimental: true
    continue-on-error: \${{ matrix.experimental == true }}
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - uses: ./.github/actions/setup-$a
        id: setup
        with:
          version: \${{ matrix.version }}
      - run: make test TOOL=\${{ steps.setup.outputs.path }}
        shell: bash
EOF
  ;;
  1) cat >"$repo/.github/workflows/release-$i.yml" <<EOF
name: release $i
on:
  push:
    tags: ["v*"]
  workflow_dispatch:
    inputs:
      dry-run:
        description: Build without publishing
        type: boolean
        default: false
      channel:
        description: Release channel
        type: choice
        options: [stable, beta]
        default: stable
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      version: \${{ steps.version.outputs.version }}
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          fetch-depth: 0
      - id: version
        run: echo "version=\${GITHUB_REF_NAME#v}" >> "\$GITHUB_OUTPUT"
      - run: make dist CHANNEL=\${{ inputs.channel }}
  publish:
    needs: build
    if: \${{ !inputs.dry-run }}
    runs-on: ubuntu-latest
    environment: release
    steps:
      - run: echo "publishing \${{ needs.build.outputs.version }}"
EOF
  ;;
  2) cat >"$repo/.github/workflows/deploy-$i.yml" <<EOF
name: deploy $i
on:
  workflow_run:
    workflows: ["ci $i"]
    types: [completed]
    branches: [main]
jobs:
  staging:
    if: github.event.workflow_run.conclusion == 'success'
    uses: ./.github/workflows/reusable-deploy.yml
    with:
      environment: staging
      replicas: 2
    secrets:
      token: \${{ secrets.DEPLOY_TOKEN }}
  production:
    needs: staging
    uses: ./.github/workflows/reusable-deploy.yml
    with:
      environment: production
    secrets:
      token: \${{ secrets.DEPLOY_TOKEN }}
  smoke:
    needs: [staging, production]
    runs-on: ubuntu-latest
    steps:
      - run: curl --fail "\${{ needs.production.outputs.url }}/health"
EOF
  ;;
  3) cat >"$repo/.github/workflows/nightly-$i.yml" <<EOF
name: nightly $i
on:
  schedule:
    - cron: "17 3 * * 1-5"
  workflow_dispatch:
permissions:
  contents: read
  issues: write
env:
  CARGO_TERM_COLOR: always
jobs:
  integration:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: postgres
        ports: ["5432:5432"]
        options: >-
          --health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5
    container:
      image: rust:1.95
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - run: cargo test --workspace -- --include-ignored
        env:
          DATABASE_URL: postgres://postgres:postgres@postgres:5432/postgres
      - if: failure()
        run: gh issue create --title "nightly $i failed" --body "\$RUN_URL"
        env:
          GH_TOKEN: \${{ github.token }}
          RUN_URL: \${{ github.server_url }}/\${{ github.repository }}/actions/runs/\${{ github.run_id }}
EOF
  ;;
  4) cat >"$repo/.github/workflows/lint-$i.yml" <<EOF
name: lint $i
on:
  pull_request:
    paths: ["src/**", "*.toml"]
permissions: {}
defaults:
  run:
    shell: bash
    working-directory: ./src
jobs:
  fmt:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - run: cargo fmt --check
  labels:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    env:
      TITLE: \${{ github.event.pull_request.title }}
    steps:
      - run: echo "checking \$TITLE"
EOF
  ;;
  esac
done
workflows=$(find "$repo/.github/workflows" -name '*.yml' | wc -l)
actions=$(find "$repo/.github/actions" -name 'action.yml' | wc -l)

# --- helpers ---------------------------------------------------------------------------
median_ms() { # command... -> median wall ms over $runs runs
  local times=() t0 t1 i
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    ("$@") >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }'
}
# GNU time runs programs, not shell functions: run the function in a child bash (its
# maximum RSS is the largest of bash's and its child's, i.e. node's or devplat's).
peak_kib() {
  /usr/bin/time -o "$work/rss" -f %M bash -c "$(declare -f "$1"); $1" >/dev/null 2>&1 || true
  tail -1 "$work/rss"
}
export repo work bundle cli
action() {
  env -i PATH="$PATH" HOME="$HOME" GITHUB_ACTIONS=true GITHUB_WORKSPACE="$repo" \
    GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
    INPUT_PATHS=. INPUT_FAIL-ON=error "INPUT_SARIF-FILE=" INPUT_CONFIG= \
    node "$bundle"
}
native() { cd "$repo" && "$cli" validate --format json .; }
bare_node() { node -e ''; }
: >"$work/output"
: >"$work/summary"

# --- 1. sizes ---------------------------------------------------------------------------
echo "## wasm and bundle sizes (after wasm-opt -Oz)"
echo
printf '| tool | .wasm | .wasm gzip | action bundle | task bundle |\n|---|---|---|---|---|\n'
mapfile -t rows < <(node -e 'for (const t of require("./hosts/tools.json")) console.log(`${t.tool} ${t.task}`)')
for row in "${rows[@]}"; do
  read -r tool task <<<"$row"
  wasm="dist/$tool/${tool}_bg.wasm"
  printf '| %s | %s KiB | %s KiB | %s KiB | %s KiB |\n' "$tool" \
    "$(awk -v b="$(wc -c <"$wasm")" 'BEGIN { printf "%.0f", b / 1024 }')" \
    "$(awk -v b="$(gzip -9c "$wasm" | wc -c)" 'BEGIN { printf "%.0f", b / 1024 }')" \
    "$(awk -v b="$(wc -c <"dist/$tool/index.cjs")" 'BEGIN { printf "%.0f", b / 1024 }')" \
    "$(awk -v b="$(wc -c <"azure-tasks/$task/index.js")" 'BEGIN { printf "%.0f", b / 1024 }')"
done
validate_bytes=$(wc -c <dist/validate/validate_bg.wasm)
echo
echo "validate .wasm: $validate_bytes bytes (goal < 1572864: $([ "$validate_bytes" -lt 1572864 ] && echo met || echo MISSED))"

# --- 2. end to end ---------------------------------------------------------------------
action >/dev/null 2>&1 || true
findings=$(sed -n '/^errors<</{n;p}' "$work/output")
echo
echo "## validate end to end: $workflows workflows + $actions composite actions ($findings errors found), median of $runs runs"
echo
t_action=$(median_ms action)
t_native=$(median_ms native)
t_node=$(median_ms bare_node)
m_action=$(peak_kib action)
m_native=$(peak_kib native)
m_node=$(peak_kib bare_node)
printf '| run | wall (median) | peak RSS |\n|---|---|---|\n'
printf '| action: node dist/validate/index.cjs | %s ms | %s MiB |\n' "$t_action" "$(awk -v k="$m_action" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '| native: devplat validate (release) | %s ms | %s MiB |\n' "$t_native" "$(awk -v k="$m_native" 'BEGIN { printf "%.1f", k / 1024 }')"
printf "| node -e '' (the floor of any node action) | %s ms | %s MiB |\n" "$t_node" "$(awk -v k="$m_node" 'BEGIN { printf "%.1f", k / 1024 }')"
echo
awk -v a="$t_action" -v n="$t_native" -v z="$t_node" 'BEGIN {
  printf "action / native wall: %.1fx; action minus bare node start: %.1f ms\n", a / n, a - z
  printf "goal: action < 400 ms: %s\n", (a < 400 ? "met" : "MISSED")
}'
