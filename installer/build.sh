#!/usr/bin/env bash
# Build the Frontline desktop app as a PyInstaller one-folder bundle in dist/frontline/,
# then check that it starts (offscreen) and report its size. Needs the virtual environment
# from .ci/setup; installs PyInstaller into it (the "package" extra, which includes the
# "desktop" one) when missing.
#
#   bash .ci/setup && bash installer/build.sh
#
# Then install it on this PC:  sudo installer/install.sh --silent --server-url URL
set -euo pipefail
cd "$(dirname "$0")/.."

py=.venv/bin/python
if [ ! -x "$py" ]; then
  echo "No virtual environment in .venv: run 'bash .ci/setup' first." >&2
  exit 1
fi
if ! "$py" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "Installing PyInstaller into .venv (the 'package' extra)"
  log=$(mktemp)
  if ! "$py" -m pip install -q -e ".[package]" >"$log" 2>&1; then
    cat "$log" >&2; echo "Installing PyInstaller failed (log above)." >&2; exit 1
  fi
  rm -f "$log"
fi

rm -rf dist/frontline
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/frontline.spec

app=dist/frontline/frontline
# The spec drops some Qt libraries (QtQuick, QtQml, QtPdf...): no library or plugin left in
# the bundle may need one of them.
qtlib=dist/frontline/_internal/PySide6/Qt/lib
if [ -d "$qtlib" ] && command -v readelf >/dev/null; then
  missing=$(find dist/frontline/_internal -name '*.so*' -type f -print0 \
    | xargs -0 -n 50 readelf -d 2>/dev/null \
    | grep -o 'Shared library: \[libQt6[^]]*\]' | sed 's/.*\[\(.*\)\]/\1/' | sort -u \
    | while read -r lib; do [ -e "$qtlib/$lib" ] || echo "$lib"; done)
  if [ -n "$missing" ]; then
    echo "The bundle needs Qt libraries the spec dropped: $missing" >&2
    echo "Keep them in installer/frontline.spec (DROP_PREFIXES) or drop what needs them." >&2
    exit 1
  fi
fi
# The frozen app must find its resources and reach a ready capture form on its own.
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
"$app" --version
if ! out=$(QT_QPA_PLATFORM=offscreen FRONTLINE_BENCH_EXIT_WHEN_READY=1 \
           FRONTLINE_MACHINE_CONFIG="$smoke/none.toml" \
           timeout 60 "$app" --data-dir "$smoke/data" 2>"$smoke/stderr") \
   || ! grep -q '^READY' <<<"$out"; then
  cat "$smoke/stderr" >&2
  echo "The bundle did not start to a ready capture form (stderr above)." >&2
  exit 1
fi
# the bundle's own self-check: database, token place, Qt platform and image plugins, settings
if ! QT_QPA_PLATFORM=offscreen FRONTLINE_MACHINE_CONFIG="$smoke/none.toml" \
     "$app" --self-check --data-dir "$smoke/selfcheck" >"$smoke/selfcheck.txt" 2>&1; then
  cat "$smoke/selfcheck.txt" >&2
  echo "The bundle's self-check failed (report above)." >&2; exit 1
fi
# the demo texts are package data (frontline/demo/data, DATA_FOLDERS in the spec)
if ! "$app" demo --count 20 --data-dir "$smoke/demo" >/dev/null; then
  echo "The bundle's demo data is missing (frontline demo failed)." >&2; exit 1
fi
# phone numbers need phonenumbers' region data (collected by its hook), e-mail addresses not
check=$(printf 'mail me at a@b.com\ncall me on +44 20 7946 0958\n' | "$app" pii-check)
if ! grep -q '"EMAIL"' <<<"$check" || ! grep -q '"PHONE"' <<<"$check"; then
  echo "The bundle's personal-data check failed: $check" >&2; exit 1
fi

# The frozen app finds resources/ in sys._MEIPASS (frontline/ui/resources.py); without it the
# app starts unstyled and without icons, so check here rather than on a shop-floor PC.
for f in resources/style.qss resources/icons/frontline.svg; do
  [ -f "dist/frontline/_internal/$f" ] || { echo "The bundle lacks $f." >&2; exit 1; }
done

size=$(( $(du -sB1 dist/frontline | cut -f1) / 1000000 ))
echo "Built dist/frontline/ (${size} MB); it starts to a ready capture form."

# What IT copies to each PC: the bundle with the install scripts beside it.
version=$("$app" --version | awk '{print $2}')
name="frontline-$version-linux-$(uname -m)"
rm -rf "dist/$name" "dist/$name.tar.gz"
mkdir "dist/$name"
cp -R --preserve=mode,links dist/frontline "dist/$name/frontline"
cp installer/install.sh installer/uninstall.sh resources/icons/frontline.svg "dist/$name/"
tar -C dist -czf "dist/$name.tar.gz" "$name"
rm -rf "dist/$name"
echo "Packed dist/$name.tar.gz: unpack it on a PC and run"
echo "  sudo ./$name/install.sh --silent --server-url https://frontline.example.com"
