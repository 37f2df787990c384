#!/usr/bin/env sh
# Install (or, with --uninstall, remove) Attune for the current user under ~/.local:
#   ~/.local/lib/attune/             the program
#   ~/.local/bin/attune              a link to it
#   ~/.local/share/applications/attune.desktop, icons/…/attune.svg, metainfo/
# Your libraries and settings are not touched by either.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$prefix/share}
app="$prefix/lib/attune"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app"
    rm -f "$prefix/bin/attune" "$data/applications/attune.desktop" \
        "$data/icons/hicolor/scalable/apps/attune.svg" "$data/metainfo/org.attune.Attune.metainfo.xml"
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
    echo "Attune removed (your libraries are untouched)."
    exit 0
fi

mkdir -p "$prefix/lib" "$prefix/bin" "$data/applications" "$data/icons/hicolor/scalable/apps" "$data/metainfo"
rm -rf "$app.new"
cp -a "$here/attune" "$app.new"
rm -rf "$app"
mv "$app.new" "$app"
ln -sf "$app/attune" "$prefix/bin/attune"
sed "s|^Exec=attune|Exec=$app/attune|; s|^TryExec=attune|TryExec=$app/attune|" \
    "$here/attune.desktop" >"$data/applications/attune.desktop"
cp "$here/attune.svg" "$data/icons/hicolor/scalable/apps/attune.svg"
cp "$here/org.attune.Attune.metainfo.xml" "$data/metainfo/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Attune installed in $app; start it from your applications menu or with: $prefix/bin/attune"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "($prefix/bin is not on your PATH)";; esac
