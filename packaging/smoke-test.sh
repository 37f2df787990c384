#!/usr/bin/env bash
# Smoke-test a built bundle: CLI help, probe and frame on a generated clip, a new library, and
# the GUI reaching its event loop offscreen (ATTUNE_SMOKE_TEST=1 makes it quit by itself).
#   packaging/smoke-test.sh dist/attune/attune
set -euo pipefail
exe=${1:?usage: smoke-test.sh PATH/TO/attune}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attune-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A throw-away HOME and data folders: the smoke test must not touch anyone's real library.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"

clip="$work/clip.mp4"
if command -v ffmpeg >/dev/null 2>&1; then
    ffmpeg -v error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440 \
        -t 3 -c:v libx264 -pix_fmt yuv420p -g 12 -bf 2 -c:a aac -shortest "$clip"
else
    "$here/.build-venv/bin/python" -c \
        "import sys; from pathlib import Path; from attune_app.media.demo_clip import write_demo_clip; write_demo_clip(Path(sys.argv[1]))" \
        "$clip"
fi

# Every bundled library's dependencies must resolve inside the bundle or on the system (a
# trimmed Qt library once silently disabled the multimedia plugin).
if [ "$(uname -s)" = Linux ] && command -v ldd >/dev/null 2>&1; then
    internal="$(dirname "$exe")/_internal"
    missing=$(find "$internal" -name '*.so*' -type f | while read -r lib; do
        LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" ldd "$lib" 2>/dev/null |
            grep -q 'not found' && echo "$lib"; done || true)
    if [ -n "$missing" ]; then
        echo "libraries with unresolved dependencies:" >&2
        echo "$missing" >&2
        exit 1
    fi
    echo "all bundled libraries resolve their dependencies"
fi

step() { printf '\n$ %s\n' "$*"; "$@"; }
step "$exe" --help
step "$exe" probe "$clip"
step "$exe" frame "$clip" 30 --out "$work/frame30.png"
test -s "$work/frame30.png"
step "$exe" library init --library "$work/library"
step "$exe" library check --library "$work/library"

printf '\n$ QT_QPA_PLATFORM=offscreen ATTUNE_SMOKE_TEST=1 timeout 60 %s gui --library %s\n' \
    "$exe" "$work/library"
log="$work/gui.log"
set +e
QT_QPA_PLATFORM=offscreen ATTUNE_SMOKE_TEST=1 timeout 60 "$exe" gui --library "$work/library" \
    >"$log" 2>&1
status=$?
set -e
cat "$log"
if [ "$status" -ne 0 ] || ! grep -q "smoke test: window shown" "$log"; then
    echo "GUI smoke test FAILED (exit $status)" >&2
    exit 1
fi
if grep -qiE "traceback|error|could not load|cannot load" "$log"; then
    echo "GUI smoke test: the log above has errors or warnings" >&2
    exit 1
fi
echo
echo "smoke test passed"
