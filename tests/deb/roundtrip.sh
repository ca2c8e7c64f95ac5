#!/usr/bin/env bash
# Install, check, upgrade, remove and purge a Frontline .deb on this machine, for real
# (dpkg, maintainer scripts, debconf). Run by tests/test_deb.py as root inside a private
# mount namespace whose /etc is an overlay (so the machine's own /etc/frontline never
# changes); also usable by hand with the real bundle's packages:
#
#   unshare -m --propagation private bash tests/deb/roundtrip.sh OLD.deb NEW.deb WORKDIR
#
# Prints "STEP name" lines as it goes; exits non-zero at the first failed check.
set -euo pipefail
old=$1 new=$2 work=$3
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$work/upper" "$work/ovlwork"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$work/upper,workdir=$work/ovlwork" /etc

fail() { echo "FAILED: $*" >&2; exit 1; }
dpkg_() {  # dpkg, waiting for the lock when someone else is using apt
  for _ in $(seq 1 120); do
    if out=$(dpkg "$@" 2>&1); then echo "$out"; return 0; fi
    case "$out" in *lock*) sleep 1 ;; *) echo "$out" >&2; return 1 ;; esac
  done
  echo "$out" >&2; return 1
}
preset=/etc/frontline/frontline.toml
data="$work/data"
mkdir -p "$data"; echo "not yet synced" >"$data/keep-me"

echo "STEP install (server address preseeded with debconf)"
dpkg-query -W frontline >/dev/null 2>&1 && fail "frontline is already installed here"
echo "frontline frontline/server_url string https://one.example.com/" | debconf-set-selections
dpkg_ -i "$old" >/dev/null
[ -x /opt/frontline/frontline ] || fail "no /opt/frontline/frontline"
[ "$(readlink /usr/bin/frontline)" = /opt/frontline/frontline ] || fail "no /usr/bin/frontline link"
[ -f /usr/share/applications/frontline.desktop ] || fail "no desktop entry"
[ -f /usr/share/icons/hicolor/scalable/apps/frontline.svg ] || fail "no icon"
grep -qx 'server_url = "https://one.example.com"' "$preset" || { cat "$preset"; fail "preset"; }
[ "$(stat -c %a "$preset")" = 644 ] || fail "preset mode"
old_version=$(dpkg-query -W -f='${Version}' frontline)

echo "STEP self-check of the installed app"
QT_QPA_PLATFORM=offscreen /usr/bin/frontline --self-check --json --data-dir "$work/selfcheck" \
  >"$work/selfcheck.json" || { cat "$work/selfcheck.json"; fail "self-check"; }

echo "STEP IT edits the preset"
printf 'sync_interval_seconds = 600\n\n[policy]\nallow_token_file = false\n' >>"$preset"

echo "STEP upgrade keeps the preset and IT's edits"
dpkg_ -i "$new" >/dev/null
new_version=$(dpkg-query -W -f='${Version}' frontline)
[ "$new_version" != "$old_version" ] || fail "version did not change"
dpkg --compare-versions "$new_version" gt "$old_version" || fail "not an upgrade"
grep -qx 'server_url = "https://one.example.com"' "$preset" || { cat "$preset"; fail "address lost"; }
grep -qx 'allow_token_file = false' "$preset" || fail "policy lost"
grep -qx 'sync_interval_seconds = 600' "$preset" || fail "edit lost"
cp -R /opt/frontline "$work/installed-new"

echo "STEP reinstall with a new address from FRONTLINE_SERVER_URL"
FRONTLINE_SERVER_URL=https://two.example.com dpkg_ -i "$new" >/dev/null
grep -qx 'server_url = "https://two.example.com"' "$preset" || { cat "$preset"; fail "new address"; }
[ "$(grep -c server_url "$preset")" = 1 ] || { cat "$preset"; fail "two server_url lines"; }
grep -qx 'allow_token_file = false' "$preset" || fail "policy lost"
cp "$preset" "$work/preset-after-upgrade.toml"

echo "STEP a bad address is refused and the old one kept"
FRONTLINE_SERVER_URL='frontline.example.com' dpkg_ -i "$new" >"$work/bad.err" 2>&1 || fail "bad address broke the install"
grep -qx 'server_url = "https://two.example.com"' "$preset" || fail "bad address written"

echo "STEP remove keeps the preset"
dpkg_ -r frontline >/dev/null
for f in /opt/frontline /usr/bin/frontline /usr/share/applications/frontline.desktop \
         /usr/share/icons/hicolor/scalable/apps/frontline.svg; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f left after remove"
done
[ -f "$preset" ] || fail "preset removed by remove"
dpkg-query -W -f='${db:Status-Abbrev}' frontline | grep -q '^rc' || fail "not in config-files state"

echo "STEP purge removes the preset and the debconf answer"
dpkg_ -P frontline >/dev/null
[ ! -e /etc/frontline ] || fail "/etc/frontline left after purge"
if dpkg-query -W frontline >/dev/null 2>&1; then fail "still known to dpkg"; fi
[ -z "$(debconf-show frontline 2>/dev/null)" ] || fail "debconf answer left after purge"
[ "$(cat "$data/keep-me")" = "not yet synced" ] || fail "data folder touched"
echo "STEP done"
