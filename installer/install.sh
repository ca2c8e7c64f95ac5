#!/usr/bin/env bash
# Install (or upgrade) the Frontline desktop app on a Linux PC, silently if asked.
#
#   sudo ./install.sh --silent --server-url https://frontline.example.com
#   sudo ./install.sh --silent --server-url URL --prefix /opt/frontline \
#        --enrolment-code ABCDE-FGHJK-LMNPQ --enrol-user shopfloor
#
# What it does, and nothing else:
#   - copies the bundle (dist/frontline/, or ./frontline beside this script) to PREFIX
#     (default /opt/frontline), replacing an earlier install there in one move (re-run =
#     upgrade; the old copy is removed only after the new one is in place);
#   - writes the server address into IT's machine preset, where the app reads it:
#     $FRONTLINE_MACHINE_CONFIG, else /etc/frontline/frontline.toml (frontline/sync/config.py).
#     Other keys and the [policy] table in that file are kept;
#   - adds a menu entry (frontline.desktop) and a `frontline` command in BIN_DIR;
#   - with --enrolment-code, enrols the PC once for the account that runs Frontline.
# It never reads, moves or deletes anyone's data folder (observations, drafts, tokens).
#
# Exit codes: 0 installed; 1 usage or install error (nothing changed, or the old install
# is still in place); 3 installed but the enrolment failed (run `frontline enrol` later).
set -euo pipefail
umask 022  # everyone on the PC runs the app and reads the preset, whatever root's umask is

here=$(cd "$(dirname "$0")" && pwd)
prog=$(basename "$0")

silent=0
server_url=""
prefix=/opt/frontline
bundle=""
enrol_code=""
enrol_user=""
enrol_data_dir=""
if [ "$(id -u)" -eq 0 ]; then
  apps_dir=/usr/share/applications
  bin_dir=/usr/local/bin
else
  apps_dir="${XDG_DATA_HOME:-${HOME:?HOME is not set}/.local/share}/applications"
  bin_dir="$HOME/.local/bin"
fi
machine_config="${FRONTLINE_MACHINE_CONFIG:-/etc/frontline/frontline.toml}"

usage() {
  cat <<EOF
Usage: $prog [--silent] [--server-url URL] [--prefix DIR] [--bundle DIR]
          [--enrolment-code CODE [--enrol-user USER] [--data-dir DIR]]
          [--applications-dir DIR] [--bin-dir DIR]

  --silent            ask nothing (for deployment tools); --server-url is then required
                      unless an earlier install already preset one
  --server-url URL    the central server, written to the machine preset
                      ($machine_config)
  --prefix DIR        where the app goes (default /opt/frontline)
  --bundle DIR        the built bundle to install (default: ./frontline beside this
                      script, else dist/frontline)
  --enrolment-code C  enrol this PC with the server once installed (a one-time code)
  --enrol-user USER   the account that runs Frontline (needed with --enrolment-code when
                      installing as root); its data folder receives the enrolment
  --data-dir DIR      that account's Frontline data folder, if not the default
  --applications-dir  where the menu entry goes (default $apps_dir)
  --bin-dir DIR       where the \`frontline\` command link goes (default $bin_dir)

The machine preset's location follows FRONTLINE_MACHINE_CONFIG when it is set.
EOF
}

fail() { echo "$prog: $*" >&2; exit 1; }
say() { echo "$prog: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --silent) silent=1 ;;
    --server-url) server_url="${2:-}"; shift ;;
    --server-url=*) server_url="${1#*=}" ;;
    --prefix) prefix="${2:-}"; shift ;;
    --prefix=*) prefix="${1#*=}" ;;
    --bundle) bundle="${2:-}"; shift ;;
    --bundle=*) bundle="${1#*=}" ;;
    --enrolment-code|--enrollment-code) enrol_code="${2:-}"; shift ;;
    --enrolment-code=*|--enrollment-code=*) enrol_code="${1#*=}" ;;
    --enrol-user) enrol_user="${2:-}"; shift ;;
    --enrol-user=*) enrol_user="${1#*=}" ;;
    --data-dir) enrol_data_dir="${2:-}"; shift ;;
    --data-dir=*) enrol_data_dir="${1#*=}" ;;
    --applications-dir) apps_dir="${2:-}"; shift ;;
    --applications-dir=*) apps_dir="${1#*=}" ;;
    --bin-dir) bin_dir="${2:-}"; shift ;;
    --bin-dir=*) bin_dir="${1#*=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option '$1'." ;;
  esac
  shift
done

# --- the bundle ------------------------------------------------------------------------
if [ -z "$bundle" ]; then
  for candidate in "$here/frontline" "$here/../dist/frontline"; do
    if [ -x "$candidate/frontline" ]; then bundle=$candidate; break; fi
  done
fi
[ -n "$bundle" ] && [ -x "$bundle/frontline" ] || fail "no Frontline bundle found${bundle:+ at $bundle}. \
Build one with 'bash installer/build.sh' (it makes dist/frontline/) or pass --bundle DIR."
bundle=$(cd "$bundle" && pwd)

# --- the prefix: never a system folder, never someone's data ---------------------------
[ -n "$prefix" ] || fail "--prefix cannot be empty."
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
prefix="${prefix%/}"
case "$prefix" in
  ""|/|/bin|/boot|/dev|/etc|/home|/lib|/lib64|/opt|/proc|/root|/run|/sbin|/srv|/sys|/tmp|/usr|/usr/local|/var|"${HOME:-/root}")
    fail "--prefix $prefix is a system folder; choose a folder of its own, such as /opt/frontline." ;;
esac
marker="$prefix/.frontline-install"
if [ -e "$prefix" ] && [ ! -e "$marker" ] && [ -n "$(ls -A "$prefix" 2>/dev/null)" ]; then
  fail "$prefix exists and is not a Frontline install; nothing was changed. Choose another --prefix or empty it first."
fi
[ "$bundle" != "$prefix" ] || fail "the bundle is already at $prefix; build into dist/ and install from there."

# --- the server address ----------------------------------------------------------------
existing_url=""
if [ -f "$machine_config" ]; then
  existing_url=$(awk '/^[[:space:]]*\[/{exit} /^[[:space:]]*server_url[[:space:]]*=/{
    sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit}' "$machine_config")
fi
if [ -z "$server_url" ] && [ "$silent" -eq 0 ] && [ -t 0 ]; then
  read -r -p "Central server address${existing_url:+ [$existing_url]}: " server_url
fi
if [ -z "$server_url" ]; then
  [ -n "$existing_url" ] || fail "--server-url URL is required (the central server's address, e.g. https://frontline.example.com)."
  server_url=$existing_url
fi
server_url="${server_url%/}"
case "$server_url" in
  http://?*|https://?*) ;;
  *) fail "the server address '$server_url' must start with https:// (or http://), e.g. https://frontline.example.com." ;;
esac
if printf '%s' "$server_url" | grep -q '[[:space:]"\\]'; then
  fail "the server address '$server_url' contains spaces, quotes or backslashes; check it."
fi
if [ -n "$enrol_code" ] && [ "$(id -u)" -eq 0 ] && [ -z "$enrol_user" ]; then
  fail "--enrolment-code needs --enrol-user USER when installing as root (the account that runs Frontline; the enrolment goes to its data folder)."
fi
if [ -n "$enrol_user" ] && ! id -u "$enrol_user" >/dev/null 2>&1; then
  fail "--enrol-user $enrol_user: no such account on this PC."
fi

if [ "$silent" -eq 0 ] && [ -t 0 ]; then
  echo "Install Frontline from $bundle"
  echo "  into            $prefix"
  echo "  server preset   $server_url  (in $machine_config)"
  read -r -p "Go ahead? [Y/n] " answer
  case "${answer:-y}" in y|Y|yes|YES) ;; *) echo "Nothing was changed."; exit 1 ;; esac
fi

# --- the app: staged beside the prefix, then moved into place --------------------------
parent=$(dirname "$prefix")
mkdir -p "$parent" || fail "cannot create $parent (run as root, e.g. with sudo, or choose another --prefix)."
# what an interrupted earlier run left beside the prefix
rm -rf "$parent"/.frontline-staging.* "$parent"/.frontline-previous.*
stage="$parent/.frontline-staging.$$"
old="$parent/.frontline-previous.$$"
cleanup() { rm -rf "$stage"; }
trap cleanup EXIT
# modes and links as built, owned by whoever installs (root), not by the build account
cp -R --preserve=mode,timestamps,links "$bundle" "$stage" || fail "copying the bundle to $parent failed (disk full, or no permission?); the old install is untouched."
icon_src="$here/frontline.svg"
[ -f "$icon_src" ] || icon_src="$here/../resources/icons/frontline.svg"
[ -f "$icon_src" ] || icon_src="$bundle/_internal/resources/icons/frontline.svg"
[ -f "$icon_src" ] && cp "$icon_src" "$stage/frontline.svg"
cp "$here/uninstall.sh" "$stage/uninstall.sh"
chmod 755 "$stage/uninstall.sh"
version=$("$stage/frontline" --version 2>/dev/null || echo "frontline (unknown version)")
cat >"$stage/.frontline-install" <<EOF
# Written by install.sh; uninstall.sh reads it. Do not edit.
version=$version
installed_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
machine_config=$machine_config
desktop_file=$apps_dir/frontline.desktop
bin_link=$bin_dir/frontline
EOF
chmod -R go-w,a+rX "$stage"
upgrade=0
if [ -e "$prefix" ]; then
  upgrade=1
  mv "$prefix" "$old"
fi
if ! mv "$stage" "$prefix"; then
  [ "$upgrade" -eq 0 ] || mv "$old" "$prefix"
  fail "moving the new version into $prefix failed; the earlier install is back in place."
fi
rm -rf "$old"

# --- the machine preset: only server_url changes, everything else IT wrote stays --------
mkdir -p "$(dirname "$machine_config")" \
  || fail "cannot create $(dirname "$machine_config") (run as root, e.g. with sudo)."
tmp="$machine_config.tmp.$$"
if [ -f "$machine_config" ]; then
  awk -v url="$server_url" '
    /^[[:space:]]*\[/ { if (!done) { print "server_url = \"" url "\""; done = 1 } intable = 1 }
    !intable && /^[[:space:]]*server_url[[:space:]]*=/ { next }
    { print }
    END { if (!done) print "server_url = \"" url "\"" }' "$machine_config" >"$tmp"
else
  cat >"$tmp" <<EOF
# Frontline machine preset, written by install.sh (see docs/sync-client.md for every key).
# Top-level keys are defaults a PC may change; a [policy] table fixes values for everyone.
server_url = "$server_url"
EOF
fi
chmod 644 "$tmp"
mv "$tmp" "$machine_config"
policy_url=$(awk '/^[[:space:]]*\[policy\]/{p=1; next} /^[[:space:]]*\[/{p=0}
  p && /^[[:space:]]*server_url[[:space:]]*=/{sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit}' \
  "$machine_config")
if [ -n "$policy_url" ] && [ "${policy_url%/}" != "$server_url" ]; then
  echo "$prog: note: the [policy] table in $machine_config fixes server_url = $policy_url, which wins over $server_url." >&2
fi

# --- menu entry and command ------------------------------------------------------------
mkdir -p "$apps_dir" "$bin_dir"
cat >"$apps_dir/frontline.desktop.tmp" <<EOF
[Desktop Entry]
Type=Application
Name=Frontline
GenericName=Customer feedback
Comment=Record what customers tell you; it reaches the people who decide
Exec="$prefix/frontline"
Icon=$prefix/frontline.svg
Terminal=false
Categories=Office;
StartupNotify=true
EOF
chmod 644 "$apps_dir/frontline.desktop.tmp"
mv "$apps_dir/frontline.desktop.tmp" "$apps_dir/frontline.desktop"
ln -sfn "$prefix/frontline" "$bin_dir/frontline"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$apps_dir" 2>/dev/null || true
fi

if [ "$upgrade" -eq 1 ]; then
  say "upgraded Frontline in $prefix ($version); server preset $server_url in $machine_config."
else
  say "installed Frontline in $prefix ($version); server preset $server_url in $machine_config."
fi

# --- enrolment (optional) --------------------------------------------------------------
if [ -n "$enrol_code" ]; then
  cmd=("$prefix/frontline" enrol --code "$enrol_code")
  [ -z "$enrol_data_dir" ] || cmd+=(--data-dir "$enrol_data_dir")
  if [ -n "$enrol_user" ] && [ "$enrol_user" != "$(id -un)" ]; then
    # Their own home, so the enrolment lands in their data folder, not root's.
    user_home=$(getent passwd "$enrol_user" | cut -d: -f6)
    as_user=(env -u XDG_DATA_HOME -u XDG_CONFIG_HOME HOME="$user_home"
             FRONTLINE_MACHINE_CONFIG="$machine_config")
    if command -v runuser >/dev/null 2>&1; then
      cmd=(runuser -u "$enrol_user" -- "${as_user[@]}" "${cmd[@]}")
    else
      cmd=(sudo -u "$enrol_user" "${as_user[@]}" "${cmd[@]}")
    fi
  fi
  if ! FRONTLINE_MACHINE_CONFIG="$machine_config" "${cmd[@]}"; then
    echo "$prog: Frontline is installed, but enrolling this PC failed (message above)." >&2
    echo "$prog: enrol later with: frontline enrol --code CODE${enrol_data_dir:+ --data-dir $enrol_data_dir}" >&2
    exit 3
  fi
fi
exit 0
