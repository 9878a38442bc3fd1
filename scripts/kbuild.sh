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
# In a chroot (scripts/inenv.sh), /proc, /sys and /dev are mounted (objtool
# needs /proc) in a private mount namespace: nothing stays mounted when it
# ends. Files it writes belong to root, as any build as root.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)

case ${1:-} in
-h|--help)
	sed -n '3,/^set -eu/s/^# \{0,1\}//p' "$0"
	exit 0 ;;
esac

kdir=$("$ROOT/scripts/kernel.sh" --env-kdir)

# M= as an absolute path; the tree around it is what is shown inside.
mdir=
for a in "$@"; do
	case $a in
	M=*)	mdir=${a#M=} ;;
	esac
done
if [ -n "$mdir" ]; then
	case $mdir in /*) ;; *) mdir=$(pwd)/$mdir ;; esac
	[ -d "$mdir" ] || { echo "kbuild.sh: no such directory: $mdir" >&2; exit 1; }
	mdir=$(cd "$mdir" && pwd -P)
fi
tree=${KBUILD_TREE:-${mdir:-$(pwd)}}
tree=$(cd "$tree" && pwd -P)
case $mdir in
''|"$tree"|"$tree"/*) ;;
*)	echo "kbuild.sh: M=$mdir is not inside KBUILD_TREE=$tree" >&2
	exit 1 ;;
esac

# M= rewritten to the absolute path, every other argument as it was.
n=$#
while [ "$n" -gt 0 ]; do
	a=$1
	shift
	case $a in M=*) a=M=$mdir ;; esac
	set -- "$@" "$a"
	n=$((n - 1))
done
exec "$ROOT/scripts/inenv.sh" --tree "$tree" --cd "$tree" make -C "$kdir" "$@"
