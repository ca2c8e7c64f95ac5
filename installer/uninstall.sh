#!/usr/bin/env bash
# Remove the Frontline desktop app that install.sh put on this PC.
#
#   sudo /opt/frontline/uninstall.sh --silent [--purge-preset]
#   sudo installer/uninstall.sh --silent --prefix /opt/frontline
#
# Removes the app folder, its menu entry and its `frontline` command link. IT's machine
# preset stays (a reinstall finds it) unless --purge-preset is given. Nobody's data
# folder (observations not yet synced, drafts, tokens) is ever touched: delete those by
# hand only once they have synced.
set -euo pipefail

prog=$(basename "$0")
here=$(cd "$(dirname "$0")" && pwd)
silent=0
purge=0
prefix=""

fail() { echo "$prog: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --silent) silent=1 ;;
    --purge-preset) purge=1 ;;
    --prefix) prefix="${2:-}"; shift ;;
    --prefix=*) prefix="${1#*=}" ;;
    -h|--help)
      echo "Usage: $prog [--silent] [--prefix DIR] [--purge-preset]"
      echo "  --prefix DIR     the install to remove (default: the folder this script is in"
      echo "                   when it is an install, else /opt/frontline)"
      echo "  --purge-preset   also delete IT's machine preset (the server address)"
      exit 0 ;;
    *) fail "unknown option '$1' (see --help)." ;;
  esac
  shift
done

if [ -z "$prefix" ]; then
  if [ -f "$here/.frontline-install" ]; then prefix=$here; else prefix=/opt/frontline; fi
fi
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
prefix="${prefix%/}"
marker="$prefix/.frontline-install"
if [ ! -f "$marker" ]; then
  if [ ! -e "$prefix" ]; then
    echo "$prog: Frontline is not installed in $prefix; nothing to do."
    exit 0
  fi
  fail "$prefix is not a Frontline install (no .frontline-install in it); nothing was removed."
fi

value() { sed -n "s/^$1=//p" "$marker" | head -n 1; }
machine_config=$(value machine_config)
desktop_file=$(value desktop_file)
bin_link=$(value bin_link)

if [ "$silent" -eq 0 ] && [ -t 0 ]; then
  read -r -p "Remove Frontline from $prefix? Data folders are kept. [y/N] " answer
  case "$answer" in y|Y|yes|YES) ;; *) echo "Nothing was removed."; exit 1 ;; esac
fi

# Only what install.sh made: the menu entry and the link if they still point at us.
if [ -n "$desktop_file" ] && [ -f "$desktop_file" ] && grep -qF "$prefix/frontline" "$desktop_file"; then
  rm -f "$desktop_file"
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$(dirname "$desktop_file")" 2>/dev/null || true
  fi
fi
if [ -n "$bin_link" ] && [ -L "$bin_link" ] && [ "$(readlink "$bin_link")" = "$prefix/frontline" ]; then
  rm -f "$bin_link"
fi
if [ "$purge" -eq 1 ] && [ -n "$machine_config" ] && [ -f "$machine_config" ]; then
  rm -f "$machine_config"
  rmdir "$(dirname "$machine_config")" 2>/dev/null || true
  echo "$prog: removed the machine preset $machine_config."
fi
rm -rf "$prefix"
echo "$prog: removed Frontline from $prefix. Data folders were not touched."
