#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release hwbp is built for and tested on, so that the
# module's headers (KDIR), the image the VM boots and the guest's `uname -r`
# always agree. The host's own `uname -r` plays no part: the host cannot
# load modules and has no headers of its own.
#
#   scripts/kernel.sh          the release, e.g. 6.1.0-56-amd64
#   scripts/kernel.sh --kdir   /lib/modules/REL/build   (headers, for make)
#   scripts/kernel.sh --image  /boot/vmlinuz-REL        (for qemu -kernel)
#
# Choice of REL:
#   1. $KREL, if set (checked to exist for --kdir / --image);
#   2. else every REL with BOTH /boot/vmlinuz-REL and /lib/modules/REL/build,
#      restricted to one flavour, and the newest of them by `sort -V`.
#
# Flavour: Debian names releases VERSION-ABI[-FLAVOUR]-ARCH, e.g.
# 6.1.0-56-amd64 and 6.1.0-56-rt-amd64. By default PREEMPT_RT releases are
# never picked, even when newer: "the newest vmlinuz" silently being -rt is
# exactly the mistake this script exists to prevent. KFLAVOUR=rt (or any
# other flavour word, e.g. cloud) picks only releases of that flavour.
# Without KFLAVOUR the generic flavour (6.1.0-56-amd64) is preferred to
# other non-rt ones (6.1.0-56-cloud-amd64), which are taken only if no
# generic release fits.
#
# Exits 1 with a message on stderr when nothing fits, 2 on usage errors.
set -eu

usage() {
	echo "usage: $0 [--kdir | --image]  (env: KREL, KFLAVOUR)" >&2
	exit 2
}

what=rel
case $# in
0)	;;
1)	case $1 in
	--kdir)		what=kdir ;;
	--image)	what=image ;;
	-h|--help)	sed -n '3,/^set -eu/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*)		usage ;;
	esac ;;
*)	usage ;;
esac

# in_flavour PASS REL: true if REL belongs to the flavour asked for. With no
# KFLAVOUR, pass 1 takes only generic releases (no flavour word: the part
# before -ARCH ends in the numeric ABI), pass 2 anything but -rt.
in_flavour() {
	case ${KFLAVOUR:-} in
	'')	case $2 in *-rt-*|*-rt) return 1 ;; esac
		[ "$1" = 2 ] && return 0
		abi=${2%-*}
		abi=${abi##*-}
		case $abi in ''|*[!0-9]*) return 1 ;; esac
		return 0 ;;
	*)	case $2 in *-"$KFLAVOUR"-*|*-"$KFLAVOUR") return 0 ;; esac
		return 1 ;;
	esac
}

# newest PASS: the newest release with image and headers in the flavour.
newest() {
	for img in /boot/vmlinuz-*; do
		[ -f "$img" ] || continue
		r=${img#/boot/vmlinuz-}
		[ -d "/lib/modules/$r/build" ] || continue
		in_flavour "$1" "$r" && echo "$r"
	done | sort -V | tail -n 1
}

if [ -n "${KREL:-}" ]; then
	rel=$KREL
else
	rel=$(newest 1)
	[ -n "$rel" ] || rel=$(newest 2)
	if [ -z "$rel" ]; then
		fl=${KFLAVOUR:+" of flavour '$KFLAVOUR'"}
		echo "kernel.sh: no kernel image with matching headers installed${fl:-}: run scripts/deps.sh" >&2
		exit 1
	fi
fi

case $what in
rel)	echo "$rel" ;;
kdir)	if [ ! -d "/lib/modules/$rel/build" ]; then
		echo "kernel.sh: no headers for $rel (/lib/modules/$rel/build): run scripts/deps.sh" >&2
		exit 1
	fi
	echo "/lib/modules/$rel/build" ;;
image)	if [ ! -f "/boot/vmlinuz-$rel" ]; then
		echo "kernel.sh: no kernel image for $rel (/boot/vmlinuz-$rel): run scripts/deps.sh" >&2
		exit 1
	fi
	echo "/boot/vmlinuz-$rel" ;;
esac
