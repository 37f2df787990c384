#!/usr/bin/env bash
# Build Attune's one-folder bundle with PyInstaller (Linux; macOS untested).
#
#   packaging/build.sh            build into dist/attune (Linux) or dist/Attune.app (macOS)
#   packaging/build.sh --smoke    … then run the smoke test on the result
#
# PyInstaller is a build tool, not a dependency of Attune: it lives in its own venv,
# packaging/.build-venv (git-ignored), together with a plain (non-editable) install of the
# project. Outputs: dist/ and build/pyinstaller/ at the repository root (both git-ignored).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
venv="$here/.build-venv"
python_for_venv=${PYTHON:-}
pyinstaller_spec="pyinstaller>=6.10,<7"

find_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "build.sh needs Python 3.11 or newer on PATH (or PYTHON=/path/to/python)." >&2
    exit 1
}

start=$(date +%s)
if [ ! -x "$venv/bin/python" ]; then
    echo "Creating the build venv in packaging/.build-venv…" >&2
    "${python_for_venv:-$(find_python)}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
extra=()
case "$(uname -s)" in
    Darwin) extra=(pillow) ;;  # PyInstaller turns the rendered PNG icon into .icns with Pillow
esac
"$venv/bin/python" -m pip install --quiet "$pyinstaller_spec" pyinstaller-hooks-contrib ${extra[@]+"${extra[@]}"}

# Build what is committed (HEAD), not whatever is half-edited in the working tree: export it to
# build/pyinstaller/source, install that (not editable) into the build venv, and take
# resources/ and LICENSE from there too. Outside a git checkout (e.g. an sdist) use the tree.
source="$root/build/pyinstaller/source"
rm -rf "$source"
mkdir -p "$source"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    if [ -n "$(git -C "$root" status --porcelain --untracked-files=no -- attune_app ui resources pyproject.toml)" ]; then
        echo "note: uncommitted changes in attune_app/ui/resources are NOT in this build (it uses HEAD)" >&2
    fi
    git -C "$root" archive HEAD pyproject.toml README.md LICENSE attune_app ui resources |
        tar -x -C "$source"
    commit=$(git -C "$root" rev-parse --short HEAD)
else
    cp -R "$root/pyproject.toml" "$root/README.md" "$root/LICENSE" "$root/attune_app" \
        "$root/ui" "$root/resources" "$source/"
    commit=unknown
fi
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$source"
"$venv/bin/python" -m pip install --quiet "$source"
rm -rf "$source/build" "$source"/*.egg-info
export ATTUNE_SOURCE="$source" ATTUNE_COMMIT="$commit"
setup_done=$(date +%s)

cd "$here/pyinstaller"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$root/dist" --workpath "$root/build/pyinstaller" attune.spec
done_at=$(date +%s)

version=$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("attune"))')
case "$(uname -s)" in
    Darwin) bundle="$root/dist/Attune.app"; exe="$bundle/Contents/MacOS/Attune" ;;
    *) bundle="$root/dist/attune"; exe="$bundle/attune" ;;
esac
echo "Attune $version ($commit) bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
echo "venv setup $((setup_done - start)) s, PyInstaller $((done_at - setup_done)) s"

if [ "${1:-}" = "--smoke" ]; then
    "$here/smoke-test.sh" "$exe"
fi
