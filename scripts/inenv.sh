#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run a command inside the build environment of a kernel of the matrix:
#
#   KERNEL=NAME scripts/inenv.sh [--tree DIR] [--cd DIR] COMMAND [ARG...]
#   scripts/inenv.sh --root CHROOT [--tree DIR] [--cd DIR] COMMAND [ARG...]
#
# (--root: that chroot, as it is, with no kernel resolved and no tree
# shown unless --tree says; scripts/kenv.sh uses it to make one.)
#
# For the host's own release this runs COMMAND on the host. Otherwise it
# runs it in NAME's release chroot (scripts/kenv.sh), in a private mount
# namespace with /proc, /sys and /dev mounted and DIR (--tree; default: this
# source tree) visible at the same path, in the directory --cd names (the
# current one by default). Inside, HWBP_KREL (the release) and
# HWBP_IN_ENV=1 are set. Nothing stays mounted when it ends. As root only.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)

tree=
root=
wd=$(pwd)
while [ $# -gt 0 ]; do
	case $1 in
	--tree)	tree=$2; shift 2 ;;
	--root)	root=$2; shift 2 ;;
	--cd)	wd=$2; shift 2 ;;
	-h|--help)
		sed -n '3,/^set -eu/s/^# \{0,1\}//p' "$0"
		exit 0 ;;
	--)	shift; break ;;
	*)	break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: KERNEL=NAME $0 [--root CHROOT] [--tree DIR] [--cd DIR] COMMAND [ARG...]" >&2; exit 2; }

if [ -n "$root" ]; then
	env=$root
else
	env=$("$ROOT/scripts/kernel.sh" --env)
	HWBP_KREL=$("$ROOT/scripts/kernel.sh" --release)
	HWBP_IN_ENV=1
	export HWBP_KREL HWBP_IN_ENV
	tree=${tree:-$ROOT}
fi

if [ "$env" = / ]; then
	cd "$wd"
	exec "$@"
fi

[ "$(id -u)" -eq 0 ] || { echo "inenv.sh: entering a chroot ($env) needs root" >&2; exit 1; }
[ -z "$tree" ] || tree=$(cd "$tree" && pwd -P)

# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare --mount --propagation private sh -c '
	r=$1 tree=$2 wd=$3
	shift 3
	mount -t proc proc "$r/proc"
	mount --rbind /sys "$r/sys"
	mount --rbind /dev "$r/dev"
	if [ -n "$tree" ]; then
		mkdir -p "$r$tree"
		mount --bind "$tree" "$r$tree"
	fi
	exec chroot "$r" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		sh -c "cd \"\$0\" && exec \"\$@\"" "$wd" "$@"' \
	sh "$env" "$tree" "$wd" "$@"
