#!/usr/bin/env bash
# Build frontline_<version>_<arch>.deb from the bundle (dist/frontline/, made by
# installer/build.sh) with dpkg-deb: no debhelper, no source package.
#
#   bash installer/debian/build-deb.sh [--bundle DIR] [--version V] [--out DIR]
#
# What the package holds and does (docs/packaging.md, "Debian package"):
#   /opt/frontline/                      the bundle
#   /usr/bin/frontline                   a link to /opt/frontline/frontline
#   /usr/share/applications/frontline.desktop, /usr/share/icons/hicolor/scalable/apps/frontline.svg
#   /etc/frontline/frontline.toml        IT's machine preset, written by postinst from
#                                        $FRONTLINE_SERVER_URL or the debconf question
#                                        frontline/server_url; kept on remove, deleted on purge
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/installer/debian"

bundle="$root/dist/frontline"
version=""
out="$root/dist"
arch=$(dpkg --print-architecture)
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle="$2"; shift ;;
    --version) version="$2"; shift ;;
    --out) out="$2"; shift ;;
    --arch) arch="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "build-deb.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$bundle/frontline" ] || { echo "build-deb.sh: no bundle at $bundle (run installer/build.sh)" >&2; exit 1; }
if [ -z "$version" ]; then
  version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/frontline/__init__.py")
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
umask 022
chmod 755 "$stage"
mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/frontline" \
         "$stage/DEBIAN"
cp -R --preserve=mode,links "$bundle" "$stage/opt/frontline"
chmod -R u+rwX,go+rX,go-w "$stage/opt/frontline"
ln -s /opt/frontline/frontline "$stage/usr/bin/frontline"
install -m 644 "$root/resources/icons/frontline.svg" "$stage/usr/share/icons/hicolor/scalable/apps/frontline.svg"
cat >"$stage/usr/share/applications/frontline.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Frontline
GenericName=Customer feedback
Comment=Record what customers tell you; it reaches the people who decide
Exec=/usr/bin/frontline
Icon=frontline
Terminal=false
Categories=Office;
StartupNotify=true
DESKTOP
chmod 644 "$stage/usr/share/applications/frontline.desktop"
cat >"$stage/usr/share/doc/frontline/copyright" <<'COPY'
Frontline desktop app: see the project's repository for its licence and those of the
bundled components (Python, Qt for Python, and the packages in /opt/frontline/_internal).
COPY

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: frontline
Version: $version
Architecture: $arch
Maintainer: Frontline IT <it@frontline.invalid>
Installed-Size: $size
Depends: debconf (>= 0.5) | debconf-2.0, libc6, libegl1, libgl1, libfontconfig1, libxkbcommon0, libglib2.0-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxkbcommon-x11-0, libxcb-randr0, libxcb-xinerama0, libx11-xcb1
Recommends: fonts-dejavu-core
Section: misc
Priority: optional
Homepage: https://frontline.invalid/
Description: record what customers tell you, offline, on a shop-floor PC
 Frontline lets store associates and call-centre agents record what a customer
 struggled with, praised or would change, in under thirty seconds and without a
 network. Observations are synced to the organisation's Frontline server.
 .
 Set the server for everyone on this PC at install time with FRONTLINE_SERVER_URL
 or the debconf question frontline/server_url (written to /etc/frontline/frontline.toml).
CONTROL
install -m 644 "$here/templates" "$stage/DEBIAN/templates"
for script in config postinst postrm; do
  install -m 755 "$here/$script" "$stage/DEBIAN/$script"
done

mkdir -p "$out"
deb="$out/frontline_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$stage" "$deb" >/dev/null
echo "Built $deb ($(( $(stat -c %s "$deb") / 1000 )) kB; installed size ${size} kB)"
