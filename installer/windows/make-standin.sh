#!/usr/bin/env bash
# A stand-in for the Windows bundle (PyInstaller's dist\frontline\), for building and
# checking the MSI on Linux, where the real bundle cannot be built (PyInstaller does not
# cross-build). Same layout: frontline.exe beside _internal\ with Python, Qt's plugins and
# the app's resources; the files are small dummies.
#
#   installer/windows/make-standin.sh OUT_DIR
set -euo pipefail
out=${1:?usage: make-standin.sh OUT_DIR}
rm -rf "$out"
mkdir -p "$out/_internal/PySide6/plugins/platforms" "$out/_internal/PySide6/plugins/imageformats" \
         "$out/_internal/resources/icons" "$out/_internal/frontline/demo/data"
printf 'MZ stand-in for frontline.exe\n' >"$out/frontline.exe"
for f in python311.dll base_library.zip PySide6/Qt6Core.dll PySide6/Qt6Gui.dll \
         PySide6/Qt6Widgets.dll PySide6/plugins/platforms/qwindows.dll \
         PySide6/plugins/platforms/qoffscreen.dll PySide6/plugins/imageformats/qsvg.dll \
         PySide6/plugins/imageformats/qjpeg.dll frontline/demo/data/vocab.txt; do
  printf 'stand-in %s\n' "$f" >"$out/_internal/$f"
done
here=$(cd "$(dirname "$0")/../.." && pwd)
cp "$here/resources/style.qss" "$out/_internal/resources/"
cp "$here/resources/icons/frontline.svg" "$out/_internal/resources/icons/"
