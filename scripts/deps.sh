#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages hwbp needs to build, test and demo, once.
# Safe to run again: packages already present are left alone, and nothing
# is fetched when everything is there.
#
#   scripts/deps.sh          everything (build, tests, guest kernel)
#   scripts/deps.sh --check  exit 0 if everything is present, 1 otherwise
#   scripts/deps.sh --kernel-build [--check]
#                            what building a kernel tree needs on top
#                            (the debug kernel, make intree)
set -eu

# The guest boots Debian's generic amd64 kernel; its headers build the
# module. Both come from the same metapackages, hence the same release.
# The PREEMPT_RT flavour runs the suite a second time (make check).
# linux-source-6.1 is for checkpatch.pl, groff-base for checking the man
# page, cppcheck for the tool (scripts/lint.sh). dkms for
# scripts/dkms-test.sh, debhelper, dh-dkms and lintian for make deb (both
# in make check). mmdebstrap makes the build environment of every other
# release of the matrix (scripts/kenv.sh), util-linux's unshare mounts in it.
PKGS="linux-image-amd64 linux-headers-amd64 linux-image-rt-amd64
linux-headers-rt-amd64 qemu-system-x86 busybox-static
cpio gzip kmod libnl-3-dev libnl-genl-3-dev libcmocka-dev pkg-config gcc make
libc6-dev sparse linux-source-6.1 xz-utils perl groff-base cppcheck
dkms debhelper dh-dkms lintian mmdebstrap util-linux"

if [ "${1:-}" = "--kernel-build" ]; then
	PKGS="flex bison libelf-dev libssl-dev bc xz-utils"
	shift
fi
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	     grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ "${1:-}" = "--check" ]; then
	[ -z "$missing" ]
	exit
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root, or install them: apt-get install$missing" >&2
	exit 1
fi

echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
