#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One way to name a kernel: KERNEL=NAME, from the matrix below (default
# bookworm). Prints what the rest of the build needs to know of it, so that
# the module's headers, the compiler, the image the guest boots and the
# guest's `uname -r` always agree.
#
#   KERNEL=NAME scripts/kernel.sh [--release]   its uname -r, e.g. 6.12.57+deb13-amd64
#   KERNEL=NAME scripts/kernel.sh --image       the image to boot (host path)
#   KERNEL=NAME scripts/kernel.sh --kdir        its headers (host path; build
#                                               through scripts/kbuild.sh)
#   KERNEL=NAME scripts/kernel.sh --env         its environment's root: / for
#                                               the host's own release
#   KERNEL=NAME scripts/kernel.sh --env-kdir    the headers as seen inside it
#   KERNEL=NAME scripts/kernel.sh --suite       its Debian suite
#   scripts/kernel.sh --list                    the matrix, one name a line
#
#   name          release             flavour
#   bullseye      Debian 11           generic (5.10)
#   bookworm      Debian 12           generic (6.1)
#   bookworm-rt   Debian 12           PREEMPT_RT
#   trixie        Debian 13 (stable)  generic (6.12)
#   trixie-rt     Debian 13 (stable)  PREEMPT_RT
#   sid           Debian unstable     generic (the newest)
#
# A release is built by its own compiler with its own headers. The host's
# own release (bookworm on these machines: /etc/os-release) uses the host,
# whose packages scripts/deps.sh installs. Any other release uses a chroot
# of it, made on first use and refreshed by scripts/kenv.sh (cached in
# /var/cache/hwbp/SUITE); its kernel version is the suite's current one,
# resolved when the environment is made, never pinned here.
#
# KREL=REL picks a release of the host's own kernels other than the newest
# (e.g. an older one still installed); HWBP_KIMAGE (scripts/vm.sh) boots
# an image of one's own.
#
# Exits 1 with a message on stderr when the kernel is not there, 2 on
# usage errors.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MATRIX="bullseye bookworm bookworm-rt trixie trixie-rt sid"

usage() {
	echo "usage: KERNEL=NAME $0 [--release | --image | --kdir | --env | --env-kdir | --suite | --list]" >&2
	exit 2
}

what=release
case $# in
0)	;;
1)	case $1 in
	--release)	what=release ;;
	--kdir)		what=kdir ;;
	--image)	what=image ;;
	--env)		what=root ;;
	--env-kdir)	what=envkdir ;;
	--suite)	what=suite ;;
	--list)		echo "$MATRIX" | tr ' ' '\n'; exit 0 ;;
	-h|--help)	sed -n '3,/^set -eu/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*)		usage ;;
	esac ;;
*)	usage ;;
esac

name=${KERNEL:-bookworm}
case $name in
*-rt)	suite=${name%-rt}; flavour=rt ;;
*)	suite=$name; flavour=generic ;;
esac
case " $MATRIX " in
*" $name "*) ;;
*)	echo "kernel.sh: unknown KERNEL '$name': one of $MATRIX" >&2
	exit 2 ;;
esac

if [ "$what" = suite ]; then
	echo "$suite"
	exit 0
fi

# The host's own release: its codename, unless it is a testing or unstable
# system (whose codename names the next release, not sid).
host_suite=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
case $(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}") in
*/sid*)	host_suite=sid ;;
esac

# in_flavour REL: true if REL (6.1.0-57-amd64, 6.1.0-57-rt-amd64) is of
# the flavour asked for. Generic releases have no flavour word: the part
# before -ARCH ends in the numeric ABI. -cloud and others are neither.
in_flavour() {
	case $flavour in
	rt)	case $1 in *-rt-*) return 0 ;; esac
		return 1 ;;
	esac
	abi=${1%-*}
	abi=${abi##*-}
	case $abi in ''|*[!0-9]*) return 1 ;; esac
	return 0
}

if [ "$suite" = "$host_suite" ]; then
	env=/
	if [ -n "${KREL:-}" ]; then
		rel=$KREL
	else
		rel=$(for img in /boot/vmlinuz-*; do
			[ -f "$img" ] || continue
			r=${img#/boot/vmlinuz-}
			[ -d "/lib/modules/$r/build" ] || continue
			in_flavour "$r" && echo "$r"
		done | sort -V | tail -n 1)
	fi
	if [ -z "$rel" ]; then
		echo "kernel.sh: no $flavour kernel image with headers installed for $name: run scripts/deps.sh" >&2
		exit 1
	fi
	image=/boot/vmlinuz-$rel
	fix="run scripts/deps.sh"
	envkdir=/lib/modules/$rel/build
	kdir=$envkdir
else
	"$ROOT/scripts/kenv.sh" ensure "$suite" "$flavour"
	dir=$("$ROOT/scripts/kenv.sh" path "$suite")
	env=$dir/root
	rel=$(awk -v f="$flavour" '$1 == f { print $2 }' "$dir/kernels")
	if [ -z "$rel" ]; then
		echo "kernel.sh: $suite has no $flavour kernel (see $dir/kernels)" >&2
		exit 1
	fi
	image=$dir/boot/vmlinuz-$rel
	fix="run scripts/kenv.sh refresh $suite"
	envkdir=/usr/src/linux-headers-$rel
	kdir=$env$envkdir
fi

case $what in
release) echo "$rel" ;;
root)	echo "$env" ;;
envkdir) echo "$envkdir" ;;
kdir)	if [ ! -d "$kdir" ]; then
		echo "kernel.sh: no headers for $rel ($kdir): $fix" >&2
		exit 1
	fi
	echo "$kdir" ;;
image)	if [ ! -f "$image" ]; then
		echo "kernel.sh: no kernel image for $rel ($image): $fix" >&2
		exit 1
	fi
	echo "$image" ;;
esac
