#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build hwbp in-tree (make intree): place the module into Debian's
# linux-source-6.1 as drivers/misc/hwbp/, the way it would be submitted,
# and build it with that tree's own Kconfig and Kbuild.
#
#	/usr/src/linux-source-6.1.tar.xz  --extract-->  build/intree/linux
#	drivers/misc/hwbp/Kconfig      Kconfig.example
#	drivers/misc/hwbp/Makefile     kmod/Kbuild, less its -I of ../include/uapi
#	drivers/misc/hwbp/*.[ch]       kmod/ (not the objects of a local build)
#	include/uapi/linux/hwbp.h      include/uapi/linux/hwbp.h
#	drivers/misc/Kconfig           + source "drivers/misc/hwbp/Kconfig"
#	drivers/misc/Makefile          + obj-$(CONFIG_HWBP) += hwbp/
#	.config: x86_64_defconfig, CONFIG_HWBP=m and what it depends on
#	  (KPROBES, KALLSYMS, KALLSYMS_ALL, PERF_EVENTS), make olddefconfig;
#	  CONFIG_HWBP=m checked to hold, so Kconfig accepted the entry
#	make modules_prepare
#	make headers                   the UAPI header through headers_install's
#	                               checks, as an in-tree header goes
#	make W=1 drivers/misc/         through the hook in drivers/misc/Makefile
#	make W=1 drivers/misc/hwbp/hwbp.ko     modpost and link
#
# vmlinux is not built (that is the debug kernel's 10 minutes), so modpost
# has no Module.symvers to check hwbp's imports against and lists them all
# as undefined: those WARNINGs are expected. The build against Debian's
# headers (make, make check) checks the imports.
#
# Fails on a build error, on any compiler warning in hwbp's files, when
# CONFIG_HWBP does not end up =m, or when the objects were not built
# against the tree's copy of the UAPI header. The tree is kept between
# runs (extracted again only when the tarball changes); the module's files
# and the hooks are placed afresh every time. The first run takes about a
# minute on two cores (extract, modules_prepare) and 1.5 GB in
# build/intree, later ones 20 to 40 s; the log is build/intree/build.log.
#
# Environment:
#	HWBP_LINUX_SOURCE	the tarball (/usr/src/linux-source-6.1.tar.xz)
#	HWBP_JOBS		make -j (2)
set -eu -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/intree
TREE=$OUT/linux
LOGFILE=$OUT/build.log
SOURCE=${HWBP_LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
JOBS=${HWBP_JOBS:-2}
DEST=$TREE/drivers/misc/hwbp

die() {
	echo "intree: $*" >&2
	exit 1
}

case ${1:-} in
'')	;;
-h|--help) sed -n '3,/^set -eu/s/^# \{0,1\}//p' "$0"; exit 0 ;;
*)	echo "usage: $0 [--help]" >&2; exit 2 ;;
esac
case $JOBS in
''|*[!0-9]*|0) die "HWBP_JOBS wants a positive number, not '$JOBS'" ;;
esac

# deps: what a kernel build needs beyond scripts/deps.sh.
deps() {
	[ -f "$SOURCE" ] || "$ROOT/scripts/deps.sh"
	[ -f "$SOURCE" ] || die "$SOURCE not found (package linux-source-6.1)"
	"$ROOT/scripts/deps.sh" --kernel-build ||
		die "cannot install what a kernel build needs"
}

# extract: a fresh tree from the tarball, unless the one there came from it.
extract() {
	local want tmp=$OUT/extract.tmp dir
	want="$(stat -c '%s %Y' "$SOURCE") $SOURCE"
	if [ -f "$TREE/.hwbp-source" ] && [ "$(cat "$TREE/.hwbp-source")" = "$want" ]; then
		return
	fi
	echo "intree: extracting $SOURCE"
	rm -rf "$TREE" "$tmp"
	mkdir -p "$tmp"
	nice -n 19 tar -xJf "$SOURCE" -C "$tmp"
	dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d)
	[ -f "$dir/Makefile" ] || die "$SOURCE: no kernel tree inside"
	mv "$dir" "$TREE"
	rmdir "$tmp"
	echo "$want" >"$TREE/.hwbp-source"
}

# place: the module as drivers/misc/hwbp and its UAPI header, hooked into
# drivers/misc's Kconfig and Makefile.
place() {
	local f
	rm -rf "$DEST"
	mkdir -p "$DEST"
	cp "$ROOT/Kconfig.example" "$DEST/Kconfig"
	# In the tree <linux/hwbp.h> is include/uapi/linux/hwbp.h, which
	# Kbuild's include path has: the out-of-tree -I goes.
	# shellcheck disable=SC2016 # make's $(src), not the shell's
	grep -v -- '-I$(src)/../include/uapi' "$ROOT/kmod/Kbuild" >"$DEST/Makefile"
	for f in "$ROOT"/kmod/*.c "$ROOT"/kmod/*.h; do
		case $f in *.mod.c) continue ;; esac
		cp "$f" "$DEST/"
	done
	cp "$ROOT/include/uapi/linux/hwbp.h" "$TREE/include/uapi/linux/hwbp.h"

	grep -q '^source "drivers/misc/hwbp/Kconfig"' "$TREE/drivers/misc/Kconfig" ||
		sed -i '0,/^endmenu/s||source "drivers/misc/hwbp/Kconfig"\n&|' \
			"$TREE/drivers/misc/Kconfig"
	grep -q '^source "drivers/misc/hwbp/Kconfig"' "$TREE/drivers/misc/Kconfig" ||
		die "could not hook drivers/misc/Kconfig"
	# shellcheck disable=SC2016 # make's $(CONFIG_HWBP)
	grep -q '^obj-$(CONFIG_HWBP)' "$TREE/drivers/misc/Makefile" ||
		printf 'obj-$(CONFIG_HWBP)\t\t+= hwbp/\n' >>"$TREE/drivers/misc/Makefile"
}

# kmake ARGS...: make in the tree, niced, output to the log.
kmake() {
	echo "+ make $*" >>"$LOGFILE"
	nice -n 19 make -C "$TREE" -j"$JOBS" "$@" >>"$LOGFILE" 2>&1
}

configure() {
	local got
	kmake x86_64_defconfig
	"$TREE/scripts/config" --file "$TREE/.config" \
		--enable PERF_EVENTS --enable KPROBES --enable KALLSYMS \
		--enable KALLSYMS_ALL --module HWBP
	kmake olddefconfig
	got=$(grep -E '^(# )?CONFIG_HWBP[ =]' "$TREE/.config" || echo "CONFIG_HWBP absent")
	[ "$got" = "CONFIG_HWBP=m" ] ||
		die "Kconfig did not take CONFIG_HWBP=m: $got (a dependency missing?)"
}

start=$(date +%s)
deps
mkdir -p "$OUT"
: >"$LOGFILE"
extract
place
echo "intree: configuring (x86_64_defconfig + CONFIG_HWBP=m)"
configure
echo "intree: make modules_prepare, headers (-j$JOBS, log: $LOGFILE)"
kmake modules_prepare || { tail -n 40 "$LOGFILE" >&2; die "modules_prepare failed"; }
kmake headers || { tail -n 40 "$LOGFILE" >&2; die "make headers failed"; }
[ -f "$TREE/usr/include/linux/hwbp.h" ] || die "make headers did not install linux/hwbp.h"

echo "intree: make drivers/misc/ drivers/misc/hwbp/hwbp.ko (W=1)"
mark=$(wc -l <"$LOGFILE")
kmake W=1 drivers/misc/ || { tail -n 40 "$LOGFILE" >&2; die "make drivers/misc/ failed"; }
kmake W=1 drivers/misc/hwbp/hwbp.ko || { tail -n 40 "$LOGFILE" >&2; die "make drivers/misc/hwbp/hwbp.ko failed"; }

ko=$DEST/hwbp.ko
[ -f "$ko" ] || die "no $ko"
warn=$(tail -n +"$((mark + 1))" "$LOGFILE" |
	grep -E '(drivers/misc/hwbp/|include/uapi/linux/hwbp\.h).*(warning|error):' || true)
[ -z "$warn" ] || { echo "$warn" >&2; die "warnings in hwbp's files"; }
# The objects were built against the tree's own header, not the repo's.
grep -q 'include/uapi/linux/hwbp.h' "$DEST/.main.o.cmd" ||
	die "main.o does not depend on the tree's include/uapi/linux/hwbp.h"
if grep -q "$ROOT/include" "$DEST/.main.o.cmd"; then
	die "main.o was built against $ROOT/include, not the tree's header"
fi

end=$(date +%s)
rel=$(cat "$TREE/include/config/kernel.release")
echo "intree: built drivers/misc/hwbp/hwbp.ko in $rel ($(modinfo -F vermagic "$ko" | sed 's/ *$//'))"
echo "intree: version $(modinfo -F version "$ko"), $(((end - start) / 60)) min $(((end - start) % 60)) s"
