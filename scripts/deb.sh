#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the Debian packages (make deb): hwbp-dkms (the module's source and
# dkms.conf, built by DKMS where it is installed) and hwbp (the tool), with
# debhelper from debian/, then run lintian on them.
#
# dpkg-buildpackage writes its results next to the tree it builds, so the
# tree (the files git knows of, committed or not, less ignored ones) is
# copied to build/deb/hwbp-VERSION first: everything ends up in build/deb/
# (.deb, .dsc, .tar.xz, .changes, .buildinfo, lintian.txt), nothing in the
# repository or above it. The copy is removed after a successful build.
#
# Fails when the build fails or lintian reports an error; warnings are
# shown, and the ones we accept are overridden in debian/*lintian-overrides
# with the reason.
set -eu
cd "$(dirname "$0")/.."

ver=$(dpkg-parsechangelog -S Version)
out=build/deb
src=$out/hwbp-$ver

rm -rf "$out"
mkdir -p "$src"
# git ls-files -c lists tracked files deleted in the work tree too: skip
# them rather than fail.
git ls-files -z -co --exclude-standard |
	tar --null -T - --ignore-failed-read -cf - 2>/dev/null |
	tar -C "$src" -xf -

echo "deb: building hwbp $ver in $src"
if ! (cd "$src" && dpkg-buildpackage -us -uc) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log"
	echo "deb: dpkg-buildpackage failed (full log: $out/build.log)" >&2
	exit 1
fi
rm -rf "$src"

changes=$out/hwbp_${ver}_$(dpkg --print-architecture).changes
status=0
lintian --allow-root --fail-on error --display-info --show-overrides "$changes" \
	>"$out/lintian.txt" 2>&1 || status=$?
cat "$out/lintian.txt"
if [ $status -ne 0 ]; then
	echo "deb: lintian reports errors (exit $status)" >&2
	exit 1
fi
ls "$out"/*.deb
echo "deb: hwbp $ver built, lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors," \
	"$(grep -c '^W:' "$out/lintian.txt" || true) warnings"
