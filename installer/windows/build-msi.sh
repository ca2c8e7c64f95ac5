#!/usr/bin/env bash
# Build the Frontline MSI with msitools' wixl (Linux) from a Windows bundle folder.
#
#   installer/windows/build-msi.sh BUNDLE_DIR OUT.msi [VERSION]
#
# BUNDLE_DIR is PyInstaller's dist\frontline\ built on Windows (copied here), or the
# stand-in from make-standin.sh. wixl-heat lists everything under _internal\ as
# components (bundle-files.wxs); wixl builds the x64 MSI from frontline.wxs and that list.
# Needs: apt-get install wixl msitools (wixl, wixl-heat, msibuild, msiinfo).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "${1:?usage: build-msi.sh BUNDLE_DIR OUT.msi [VERSION]}" && pwd)
out=${2:?usage: build-msi.sh BUNDLE_DIR OUT.msi [VERSION]}
version=${3:-$(cd "$here/../.." && python3 -c 'import re,pathlib; print(re.search(r"__version__ = \"([^\"]+)\"", pathlib.Path("frontline/__init__.py").read_text()).group(1))')}
command -v wixl >/dev/null || { echo "wixl is missing: apt-get install wixl msitools" >&2; exit 1; }
[ -f "$bundle/frontline.exe" ] || { echo "$bundle has no frontline.exe" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$bundle" && find ./_internal -type f | LC_ALL=C sort) \
  | wixl-heat -p ./ --component-group CG.Bundle --var var.BundleDir \
      --directory-ref INSTALLDIR --win64 >"$work/bundle-files.wxs"
# wixl resolves Source paths relative to the .wxs files: put them beside the bundle
cp "$here/frontline.wxs" "$work/"
ln -s "$bundle" "$work/bundle"
case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac
(cd "$work" && wixl -a x64 -D Win64=yes -D Version="$version" -D BundleDir=bundle \
  -o "$out" frontline.wxs bundle-files.wxs)
# Two things WiX expresses in the source but wixl cannot (its Property has no Secure="yes",
# its Component no <Condition>), set in the built database with SQL (msibuild, msitools):
#  - SERVERURL is a secure property, so it reaches the elevated part of the install even
#    when a non-administrator starts it (advertised or AlwaysInstallElevated installs);
#  - the preset value is written only when a server address is known (given, or found
#    from an earlier install by AppSearch), never as an empty value.
secure=$(msiinfo export "$out" Property | awk -F'\t' '{ sub(/\r$/, "") } $1 == "SecureCustomProperties" { print $2 }')
msibuild "$out" -q "UPDATE \`Property\` SET \`Value\` = '${secure:+$secure;}SERVERURL' WHERE \`Property\` = 'SecureCustomProperties'"
msibuild "$out" -q "UPDATE \`Component\` SET \`Condition\` = 'SERVERURL' WHERE \`Component\` = 'C.Preset'"
echo "Built $out (Frontline $version, $(du -k "$out" | cut -f1) kB)"
