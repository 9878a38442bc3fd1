#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a debug kernel for the in-guest suite (make vm-test-debug): Debian's
# linux-source-6.1 with KASAN, lockdep, kmemleak, DEBUG_ATOMIC_SLEEP,
# DEBUG_LIST and full preemption, on top of what hwbp and its tests need.
# The build tree doubles as KDIR for out-of-tree modules.
#
#   scripts/debug-kernel.sh            build if needed; print image and KDIR
#   scripts/debug-kernel.sh --image    print the bzImage path (must be built)
#   scripts/debug-kernel.sh --kdir     print the KDIR path (must be built)
#   scripts/debug-kernel.sh --force    extract and build afresh, stamp or not
#
#	/usr/src/linux-source-6.1.tar.xz  --extract-->  build/debug-kernel/linux
#	x86_64_defconfig + kernel/configs/kvm_guest.config
#	  + scripts/debug-kernel.config (checked to hold in the final .config)
#	nice -n 19 make -j$HWBP_JOBS   --> arch/x86/boot/bzImage, Module.symvers
#	build/debug-kernel/stamp: hashes of the tarball, the fragment, this
#	  script and the compiler; equal stamp and an image there: nothing to do
#
# A changed tarball is extracted afresh; a changed fragment, script or
# compiler (or an interrupted build) reconfigures and lets make rebuild
# what is stale. The build log is build/debug-kernel/build.log. The first
# build takes about 10 minutes on two cores, and 2 GB of disk.
#
# Environment:
#	HWBP_LINUX_SOURCE	the tarball (/usr/src/linux-source-6.1.tar.xz)
#	HWBP_JOBS		make -j (2)
#
# Exit status: 0 built or up to date, 1 failed, 2 usage error.
set -eu -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/debug-kernel
TREE=$OUT/linux
IMAGE=$TREE/arch/x86/boot/bzImage
STAMP=$OUT/stamp
LOGFILE=$OUT/build.log
FRAGMENT=$ROOT/scripts/debug-kernel.config
SOURCE=${HWBP_LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
JOBS=${HWBP_JOBS:-2}

usage() {
	sed -n '3,/^# Exit status/s/^# \{0,1\}//p' "$0"
}

usage_error() {
	echo "debug-kernel: $*" >&2
	echo "usage: $0 [--image | --kdir | --force | --help]" >&2
	exit 2
}

die() {
	echo "debug-kernel: $*" >&2
	exit 1
}

# built: true if an image and a module build tree are there.
built() {
	[ -f "$IMAGE" ] && [ -f "$TREE/Module.symvers" ]
}

# source_hash, config_hash: what the stamp records, one line each.
source_hash() {
	echo "source $(sha256sum <"$SOURCE" | cut -d' ' -f1)"
}

config_hash() {
	echo "config $(cat "$FRAGMENT" "$0" | sha256sum | cut -d' ' -f1)" \
		"$(gcc -dumpfullversion 2>/dev/null || echo nogcc)"
}

# deps: install what a kernel build needs, as scripts/deps.sh does.
deps() {
	"$ROOT/scripts/deps.sh" --kernel-build ||
		die "cannot install what a kernel build needs"
}

# extract: a fresh tree from the tarball.
extract() {
	local tmp=$OUT/extract.tmp dir
	echo "debug-kernel: extracting $SOURCE"
	rm -rf "$TREE" "$tmp"
	mkdir -p "$tmp"
	tar -xJf "$SOURCE" -C "$tmp"
	dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d)
	[ -f "$dir/Makefile" ] || die "$SOURCE: no kernel tree inside"
	mv "$dir" "$TREE"
	rmdir "$tmp"
}

# kmake ARGS...: make in the tree, niced, output to the build log.
kmake() {
	nice -n 19 make -C "$TREE" -j"$JOBS" "$@" >>"$LOGFILE" 2>&1
}

# check_config: every line of the fragment holds in .config; an option
# absent from .config counts as "is not set".
check_config() {
	local line opt got bad=0
	while IFS= read -r line; do
		opt=$(echo "$line" | grep -oE 'CONFIG_[A-Za-z0-9_]+' | head -n 1)
		got=$(grep -E "^(# )?${opt}[ =]" "$TREE/.config" || true)
		[ -z "$got" ] && got="# $opt is not set"
		if [ "$got" != "$line" ]; then
			echo "debug-kernel: wanted '$line', got '$got'" >&2
			bad=1
		fi
	done < <(grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' "$FRAGMENT")
	[ $bad -eq 0 ] || die "the config fragment does not hold (see above)"
}

configure() {
	echo "debug-kernel: configuring"
	kmake x86_64_defconfig
	(cd "$TREE" && scripts/kconfig/merge_config.sh -m .config \
		kernel/configs/kvm_guest.config "$FRAGMENT") >>"$LOGFILE" 2>&1
	kmake olddefconfig
	check_config
}

report() {
	echo "debug-kernel: $(cat "$TREE/include/config/kernel.release")"
	echo "debug-kernel: image: $IMAGE"
	echo "debug-kernel: KDIR:  $TREE"
}

build() {
	local start end want_src want_cfg
	want_src=$(source_hash)
	want_cfg=$(config_hash)
	if built && [ -f "$STAMP" ] &&
	   [ "$(cat "$STAMP")" = "$want_src"$'\n'"$want_cfg" ]; then
		echo "debug-kernel: up to date"
		report
		return
	fi
	deps
	mkdir -p "$OUT"
	if [ ! -f "$TREE/.hwbp-source" ] ||
	   [ "$(cat "$TREE/.hwbp-source")" != "$want_src" ]; then
		extract
		echo "$want_src" >"$TREE/.hwbp-source"
	fi
	# Not cached until it has all worked.
	rm -f "$STAMP"
	: >"$LOGFILE"
	start=$(date +%s)
	configure
	echo "debug-kernel: building with make -j$JOBS (log: $LOGFILE)"
	if ! kmake all; then
		tail -n 40 "$LOGFILE" >&2
		die "build failed (log: $LOGFILE)"
	fi
	built || die "build finished without $IMAGE or Module.symvers"
	end=$(date +%s)
	printf '%s\n%s\n' "$want_src" "$want_cfg" >"$STAMP"
	echo "debug-kernel: built in $(((end - start) / 60)) min $(((end - start) % 60)) s"
	report
}

# print PATH: PATH, if the kernel is built.
print() {
	built || die "not built: run scripts/debug-kernel.sh"
	echo "$1"
}

case $# in
0)	what=build ;;
1)	case $1 in
	--image)	what=image ;;
	--kdir)		what=kdir ;;
	--force)	what=force ;;
	-h|--help)	usage; exit 0 ;;
	*)		usage_error "unknown argument $1" ;;
	esac ;;
*)	usage_error "one argument at most" ;;
esac
case $JOBS in
''|*[!0-9]*|0) usage_error "HWBP_JOBS wants a positive number, not '$JOBS'" ;;
esac

case $what in
image)	print "$IMAGE" ;;
kdir)	print "$TREE" ;;
build|force)
	[ -f "$SOURCE" ] ||
		die "$SOURCE not found: run scripts/deps.sh (linux-source-6.1)"
	[ $what = force ] && rm -f "$STAMP" "$TREE/.hwbp-source"
	build ;;
esac
