#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run kbuild for a kernel of the matrix, with that release's own compiler:
#
#   KERNEL=NAME scripts/kbuild.sh [make arguments]
#
# is `make -C <NAME's headers> [make arguments]` inside NAME's build
# environment (scripts/kernel.sh), so that any out-of-tree module builds
# there:
#
#   KERNEL=trixie scripts/kbuild.sh M=/tmp/mymod modules
#
# leaves /tmp/mymod/mymod.ko for trixie's kernel. The directory M= names
# (an absolute path anywhere on the host, or relative to the current
# directory) is visible at the same path inside the environment; when it
# lies in a larger tree that its Kbuild reaches into (hwbp's kmod/ includes
# ../include/uapi), set KBUILD_TREE to that tree's top. Everything else
# inside is the release's own: compiler, headers, pahole, kmod.
#
# For the host's own release this is plain `make -C KDIR ...` on the host.
# In a chroot, /proc, /sys and /dev are mounted (objtool needs /proc) in a
# private mount namespace: nothing stays mounted when it ends. Files it
# writes belong to root, as any build as root.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)

case ${1:-} in
-h|--help)
	sed -n '3,/^set -eu/s/^# \{0,1\}//p' "$0"
	exit 0 ;;
esac

env=$("$ROOT/scripts/kernel.sh" --env)
kdir=$("$ROOT/scripts/kernel.sh" --env-kdir)

if [ "$env" = / ]; then
	exec make -C "$kdir" "$@"
fi

# M= as an absolute path, and the tree to show inside.
args=
mdir=
for a in "$@"; do
	case $a in
	M=*)	mdir=${a#M=}
		case $mdir in /*) ;; *) mdir=$(pwd)/$mdir ;; esac
		[ -d "$mdir" ] || { echo "kbuild.sh: no such directory: $mdir" >&2; exit 1; }
		mdir=$(cd "$mdir" && pwd -P)
		a=M=$mdir ;;
	esac
	args="$args $(printf '%s' "$a" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")"
done
tree=${KBUILD_TREE:-$mdir}
if [ -n "$tree" ]; then
	tree=$(cd "$tree" && pwd -P)
	case $mdir in
	"$tree"|"$tree"/*) ;;
	*)	echo "kbuild.sh: M=$mdir is not inside KBUILD_TREE=$tree" >&2
		exit 1 ;;
	esac
fi

[ "$(id -u)" -eq 0 ] || { echo "kbuild.sh: a chroot build needs root" >&2; exit 1; }

# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare --mount --propagation private sh -c '
	r=$1 tree=$2 kdir=$3 args=$4
	mount -t proc proc "$r/proc"
	mount --rbind /sys "$r/sys"
	mount --rbind /dev "$r/dev"
	if [ -n "$tree" ]; then
		mkdir -p "$r$tree"
		mount --bind "$tree" "$r$tree"
	fi
	eval "set -- $args"
	cd "$r/${tree:-/}"
	exec chroot "$r" sh -c "cd \"\${1:-/}\" && shift && exec make -C \"\$@\"" sh \
		"$tree" "$kdir" "$@"' sh "$env" "$tree" "$kdir" "$args"
