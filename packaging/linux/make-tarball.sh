#!/usr/bin/env bash
# Pack dist/attune (from packaging/build.sh) into dist/attune-<version>-linux-x86_64.tar.gz
# with the desktop file, AppStream metainfo, icon and an install script for ~/.local.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bundle="$root/dist/attune"
[ -x "$bundle/attune" ] || { echo "no bundle at $bundle: run packaging/build.sh first" >&2; exit 1; }
version=$("$here/../.build-venv/bin/python" -c 'from importlib.metadata import version; print(version("attune"))')
arch=$(uname -m)
name="attune-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name"
cp -a "$bundle" "$stage/$name/attune"
cp "$here/attune.desktop" "$here/org.attune.Attune.metainfo.xml" "$stage/$name/"
cp "$root/resources/icons/attune.svg" "$stage/$name/attune.svg"
cp "$root/LICENSE" "$stage/$name/LICENSE"
cp "$bundle/_internal/THIRD-PARTY-NOTICES.txt" "$bundle/_internal/SOURCE.txt" "$stage/$name/"
cp "$here/install.sh" "$stage/$name/install.sh"
chmod +x "$stage/$name/install.sh"
# Reproducible-ish: fixed owner and order, no build-machine user names in the archive.
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$stage" -czf "$root/dist/$name.tar.gz" "$name"
echo "$root/dist/$name.tar.gz ($(du -h "$root/dist/$name.tar.gz" | cut -f1))"
