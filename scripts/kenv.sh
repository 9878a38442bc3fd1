#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The build environment of one Debian release: a minimal chroot of that
# release holding its compiler, make, its kernel headers (generic and, where
# the release has one, PREEMPT_RT), dwarves and dkms, made on first use with
# mmdebstrap and cached outside the work tree; and the release's kernel
# images, taken from its own packages, to boot in the guest.
#
#   scripts/kenv.sh ensure SUITE [FLAVOUR]
#                                   make or refresh the environment, with
#                                   the kernel of FLAVOUR (generic, rt) in it;
#                                   quietly when there is nothing to do
#   scripts/kenv.sh refresh SUITE   look for a newer kernel now, whatever
#                                   the age of the last look
#   scripts/kenv.sh path SUITE      print the environment's directory
#   scripts/kenv.sh remove SUITE    delete it
#
# SUITE is a Debian suite the archive serves: bullseye, bookworm, trixie,
# sid. The apt sources are given to mmdebstrap explicitly; the host's own
# are never read or changed.
#
# Layout, under $HWBP_CACHE (default /var/cache/hwbp):
#
#   SUITE/root/             the chroot (its /usr/src/linux-headers-REL)
#   SUITE/boot/vmlinuz-REL  each kernel image, from linux-image-REL (or,
#                           where the image package is split, as in sid,
#                           linux-binary-REL's /usr/lib/modules/REL/vmlinuz)
#   SUITE/kernels           what was resolved: "generic REL VERSION" and
#                           "rt REL VERSION", one a line
#   SUITE/checked           touched at each look at the archive
#
# The kernel version is never pinned: the suite's metapackages
# (linux-headers-amd64, linux-headers-rt-amd64) are resolved when the
# environment is made, and looked up again once it is older than
# HWBP_ENV_MAX_AGE seconds (a day); when the archive moved, the new headers
# and image are installed, the old ones removed, and the move is printed.
# A look that cannot reach the archive keeps what is there.
#
# The chroot is used through scripts/kbuild.sh, which mounts /proc, /dev
# and the module's directory in a private mount namespace.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${HWBP_CACHE:-/var/cache/hwbp}
MIRROR=${HWBP_MIRROR:-http://deb.debian.org/debian}
SECMIRROR=${HWBP_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
MAX_AGE=${HWBP_ENV_MAX_AGE:-86400}

# What a module build, the test module and DKMS need in every release.
# dwarves: the headers of 6.12 and later make module BTF with pahole.
# openssl: DKMS makes its signing key with it.
BASE_PKGS="gcc make libc6-dev kmod dwarves dkms xz-utils openssl"

die() {
	echo "kenv: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 ensure|refresh|path|remove SUITE [FLAVOUR]" >&2
	exit 2
}

[ $# -eq 2 ] || [ $# -eq 3 ] || usage
cmd=$1
suite=$2
flavour=${3:-generic}
case $flavour in
generic|rt|cloud) ;;
*)	die "unknown flavour '$flavour' (generic, rt, cloud)" ;;
esac
case $suite in
bullseye|bookworm|trixie|forky|sid) ;;
*)	die "unknown suite '$suite' (bullseye, bookworm, trixie, forky, sid)" ;;
esac

dir=$CACHE/$suite
root=$dir/root

# sources: the apt lines of SUITE. Security updates carry the current
# kernel of a stable release (bullseye's 5.10.0-46 is only there).
sources() {
	echo "deb $MIRROR $suite main"
	case $suite in
	sid)	;;
	*)	echo "deb $MIRROR $suite-updates main"
		echo "deb $SECMIRROR $suite-security main" ;;
	esac
}

# in_root CMD...: run CMD in the chroot (scripts/inenv.sh: /proc, /sys and
# /dev mounted in a private mount namespace, nothing left mounted).
in_root() {
	"$ROOT/scripts/inenv.sh" --root "$root" --cd / "$@"
}

apt_in_root() {
	in_root env DEBIAN_FRONTEND=noninteractive apt-get \
		-o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=0 \
		-q "$@"
}

# meta_rel PKG: the release a headers metapackage of the chroot's apt
# lists depends on ("6.12.57+deb13-amd64"), from its candidate version's
# Depends; empty if the suite has no such package.
meta_rel() {
	in_root apt-cache show --no-all-versions "$1" 2>/dev/null |
		sed -n 's/^Depends: .*linux-headers-\([^ ,]*\).*/\1/p' | head -n 1
}

meta_version() {
	in_root apt-cache policy "$1" 2>/dev/null |
		sed -n 's/^ *Candidate: //p' | head -n 1
}

# image REL: unpack vmlinuz-REL from the release's own image package.
image() {
	rel=$1
	[ -f "$dir/boot/vmlinuz-$rel" ] && return 0
	tmp=$root/tmp/hwbp-image
	rm -rf "$tmp"
	mkdir -p "$tmp/x" "$dir/boot"
	# The signed image where there is one (what Debian users boot), else
	# the unsigned; sid's image package is split off linux-binary-REL.
	for p in "linux-image-$rel" "linux-image-$rel-unsigned" "linux-binary-$rel"; do
		in_root sh -c "cd /tmp/hwbp-image && apt-get -q -o Acquire::Check-Valid-Until=false download $p" \
			>/dev/null 2>&1 || continue
	done
	for deb in "$tmp"/*.deb; do
		[ -f "$deb" ] && dpkg-deb -x "$deb" "$tmp/x"
	done
	for f in "$tmp/x/boot/vmlinuz-$rel" "$tmp/x/usr/lib/modules/$rel/vmlinuz" \
		 "$tmp/x/lib/modules/$rel/vmlinuz"; do
		if [ -f "$f" ]; then
			cp "$f" "$dir/boot/vmlinuz-$rel.tmp"
			mv "$dir/boot/vmlinuz-$rel.tmp" "$dir/boot/vmlinuz-$rel"
			break
		fi
	done
	for f in config System.map; do
		[ -f "$tmp/x/boot/$f-$rel" ] && cp "$tmp/x/boot/$f-$rel" "$dir/boot/"
	done
	rm -rf "$tmp"
	[ -f "$dir/boot/vmlinuz-$rel" ] ||
		die "$suite: no vmlinuz in linux-image-$rel (nor linux-binary-$rel)"
}

# no_initramfs: where the headers depend on the image (trixie's do), it is
# installed in the chroot too; nothing boots it from there, so building its
# initramfs (a minute a kernel) is skipped: update-initramfs is diverted.
no_initramfs() {
	[ -L "$root/usr/sbin/update-initramfs" ] && return 0
	in_root dpkg-divert --local --rename --add /usr/sbin/update-initramfs >/dev/null
	rm -f "$root/usr/sbin/update-initramfs"
	ln -s /bin/true "$root/usr/sbin/update-initramfs"
}

# meta FLAVOUR: the headers metapackage of a flavour.
meta() {
	case $1 in
	generic) echo linux-headers-amd64 ;;
	*)	echo "linux-headers-$1-amd64" ;;
	esac
}

# resolve FLAVOUR...: install the suite's current headers and image of each
# flavour, and record them.
resolve() {
	old=$(cat "$dir/kernels" 2>/dev/null || true)
	no_initramfs
	new=
	for fl in "$@"; do
		m=$(meta "$fl")
		rel=$(meta_rel "$m")
		[ -n "$rel" ] || die "$suite: no $m in the archive: $suite has no $fl kernel"
		ver=$(meta_version "$m")
		apt_in_root install -y "$m" >"$dir/apt.log" 2>&1 ||
			{ tail -n 20 "$dir/apt.log" >&2; die "$suite: installing $m failed"; }
		[ -d "$root/usr/src/linux-headers-$rel" ] ||
			die "$suite: linux-headers-$rel did not install"
		image "$rel"
		new="$new$fl $rel $ver
"
	done
	printf '%s' "$new" >"$dir/kernels.tmp"
	mv "$dir/kernels.tmp" "$dir/kernels"
	touch "$dir/checked"
	if [ "$old" != "$(cat "$dir/kernels")" ]; then
		printf '%s' "$new" | while read -r fl r v; do
			echo "$old" | grep -qx "$fl $r $v" ||
				echo "kenv: $suite $fl: $r ($v)" >&2
		done
		[ -z "$old" ] || prune
	fi
}

# flavours: those recorded, and the one asked for.
flavours() {
	{ cat "$dir/kernels" 2>/dev/null || true; echo "$flavour"; } |
		awk '{ print $1 }' |
		awk 'NF && !seen[$0]++'
}

# prune: remove headers and images of releases no longer recorded.
prune() {
	keep=$(awk '{ print $2 }' "$dir/kernels")
	for d in "$root"/usr/src/linux-headers-*; do
		r=${d##*/linux-headers-}
		case $r in *-common|*-common-rt) continue ;; esac
		echo "$keep" | grep -qx "$r" && continue
		apt_in_root purge -y "linux-headers-$r" >/dev/null 2>&1 || true
		echo "kenv: $suite: removed the headers of $r" >&2
	done
	in_root apt-get autoremove -y -q >/dev/null 2>&1 || true
	for f in "$dir"/boot/vmlinuz-*; do
		[ -f "$f" ] || continue
		r=${f##*/vmlinuz-}
		echo "$keep" | grep -qx "$r" || rm -f "$f" "$dir/boot/config-$r" "$dir/boot/System.map-$r"
	done
}

create() {
	command -v mmdebstrap >/dev/null ||
		die "mmdebstrap not found: run scripts/deps.sh"
	[ "$(id -u)" -eq 0 ] || die "making $suite's environment needs root"
	echo "kenv: making the $suite build environment in $dir (once; a few minutes)" >&2
	rm -rf "$dir.new"
	mkdir -p "$dir.new"
	# The sources on standard input ("-"), one line each.
	if ! sources | mmdebstrap --mode=root --variant=apt --quiet \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--aptopt='APT::Install-Recommends "false"' \
		--include="$(echo "$BASE_PKGS" | tr ' ' ,)" \
		"$suite" "$dir.new/root" - \
		>"$dir.new/mmdebstrap.log" 2>&1; then
		tail -n 30 "$dir.new/mmdebstrap.log" >&2
		die "$suite: mmdebstrap failed (log: $dir.new/mmdebstrap.log)"
	fi
	rm -rf "$dir"
	mv "$dir.new" "$dir"
}

# stale: true when the last look at the archive is older than MAX_AGE.
stale() {
	[ -f "$dir/checked" ] || return 0
	now=$(date +%s)
	then=$(stat -c %Y "$dir/checked")
	[ $((now - then)) -ge "$MAX_AGE" ]
}

refresh() {
	if ! apt_in_root update >"$dir/apt.log" 2>&1; then
		echo "kenv: $suite: the archive cannot be reached; keeping $(awk '{ print $2 }' "$dir/kernels" | tr '\n' ' ')" >&2
		touch "$dir/checked"
		return 0
	fi
	# shellcheck disable=SC2046 # one flavour a word
	resolve $(flavours)
}

# One maker at a time per suite: make check and a make demo may both ask.
case $cmd in
ensure|refresh|remove)
	mkdir -p "$CACHE"
	exec 9>"$CACHE/$suite.lock"
	flock 9 ;;
esac

case $cmd in
ensure)
	if [ ! -d "$root/usr/src" ]; then
		create
		rm -f "$dir/kernels"
	fi
	if [ ! -f "$dir/kernels" ] ||
	   ! awk -v f="$flavour" '$1 == f { ok = 1 } END { exit !ok }' "$dir/kernels"; then
		# mmdebstrap leaves no package lists behind.
		apt_in_root update >"$dir/apt.log" 2>&1 ||
			{ tail -n 20 "$dir/apt.log" >&2; die "$suite: apt-get update failed"; }
		# shellcheck disable=SC2046 # one flavour a word
		resolve $(flavours)
	elif stale; then
		refresh
	fi
	# An environment made before a package joined the list gets it.
	if [ "$(cat "$dir/base" 2>/dev/null)" != "$BASE_PKGS" ]; then
		# shellcheck disable=SC2086 # several packages
		apt_in_root install -y $BASE_PKGS >"$dir/apt.log" 2>&1 ||
			{ tail -n 20 "$dir/apt.log" >&2; die "$suite: installing $BASE_PKGS failed"; }
		echo "$BASE_PKGS" >"$dir/base"
	fi ;;
refresh)
	[ -d "$root/usr/src" ] || create
	refresh ;;
path)	echo "$dir" ;;
remove)	rm -rf "$dir" "$dir.new" ;;
*)	usage ;;
esac
