#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the test guest's initramfs: a gzip'd newc cpio that is the guest's
# whole root file system. Nothing is compiled here; what is not built yet is
# left out (the tests that need it then fail, loudly, in the guest).
#
#   scripts/mkinitramfs.sh OUT.cpio.gz [TESTFILE...]
#
# TESTFILEs are paths of in-guest test scripts (normally tests/vm/NN-*.sh);
# they are copied to /tests and their names listed, in order, in
# /tests/list, which the guest's /init runs. Guest layout:
#
#   /init                  tests/vm/init: mounts, runs /tests/list, powers off
#   /bin/busybox, /bin/*   busybox-static and a symlink per applet;
#                          /sbin, /usr/bin, /usr/sbin are links to /bin
#   /bin/hwbp              tool/hwbp-static  (else tool/hwbp; must be static)
#   /hwbp.ko               kmod/hwbp.ko      (if built; /init does not load it)
#   /tests/kmod/*.ko       tests/kmod/*.ko   (test-only modules)
#   /tests/bin/*           tests/vm/bin/*    (static helpers, e.g. runas)
#   /tests/lib.sh          tests/vm/lib.sh   (sourced by every test file)
#   /tests/*.sh            the selected test files
#   /tests/list            their names, one a line
#   /etc/passwd, /etc/group  root (0) and nobody/nogroup (65534)
#   /proc /sys /dev /tmp /root   empty, mounted or used by /init
#
# Everything is owned by root; the tree is built in a temporary directory.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -lt 1 ]; then
	echo "usage: $0 OUT.cpio.gz [TESTFILE...]" >&2
	exit 2
fi
out=$1
shift

die() {
	echo "mkinitramfs: $*" >&2
	exit 1
}

# is_static FILE: true unless FILE is an ELF binary asking for a dynamic
# loader (the guest has none). Without readelf, assume the best.
is_static() {
	command -v readelf >/dev/null 2>&1 || return 0
	! readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'
}

busybox=$(command -v busybox 2>/dev/null || true)
[ -n "$busybox" ] || die "busybox not found: run scripts/deps.sh (busybox-static)"
is_static "$busybox" ||
	die "$busybox is dynamically linked: install busybox-static"
command -v cpio >/dev/null 2>&1 || die "cpio not found: run scripts/deps.sh"

tree=$(mktemp -d "${TMPDIR:-/tmp}/hwbp-initramfs.XXXXXX")
trap 'rm -rf "$tree"' EXIT

mkdir -p "$tree/bin" "$tree/etc" "$tree/proc" "$tree/sys" "$tree/dev" \
	"$tree/tmp" "$tree/root" "$tree/usr" "$tree/tests/bin" "$tree/tests/kmod"
chmod 1777 "$tree/tmp"
chmod 0700 "$tree/root"
ln -s bin "$tree/sbin"
ln -s ../bin "$tree/usr/bin"
ln -s ../bin "$tree/usr/sbin"

# busybox and its applets, linked here rather than by `busybox --install`
# in the guest, so that /init's #!/bin/sh already works.
cp "$busybox" "$tree/bin/busybox"
chmod 0755 "$tree/bin/busybox"
for applet in $("$tree/bin/busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$tree/bin/$applet"
done

cat >"$tree/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$tree/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
echo hwbp-vm >"$tree/etc/hostname"

install -m 0755 "$ROOT/tests/vm/init" "$tree/init"
install -m 0644 "$ROOT/tests/vm/lib.sh" "$tree/tests/lib.sh"

if [ -f "$ROOT/kmod/hwbp.ko" ]; then
	install -m 0644 "$ROOT/kmod/hwbp.ko" "$tree/hwbp.ko"
fi
tool=$ROOT/tool/hwbp-static
[ -f "$tool" ] || tool=$ROOT/tool/hwbp
if [ -f "$tool" ]; then
	is_static "$tool" ||
		echo "mkinitramfs: warning: $tool is dynamically linked and will not run in the guest (make -C tool hwbp-static)" >&2
	install -m 0755 "$tool" "$tree/bin/hwbp"
fi
for ko in "$ROOT"/tests/kmod/*.ko; do
	[ -f "$ko" ] && install -m 0644 "$ko" "$tree/tests/kmod/"
done
for f in "$ROOT"/tests/vm/bin/*; do
	case $f in *.c|*.h|*.o) continue ;; esac
	{ [ -f "$f" ] && [ -x "$f" ]; } || continue
	is_static "$f" || die "$f is not statically linked (see tests/vm/Makefile)"
	install -m 0755 "$f" "$tree/tests/bin/"
done

: >"$tree/tests/list"
for t in "$@"; do
	[ -f "$t" ] || die "no such test file: $t"
	name=$(basename "$t")
	install -m 0644 "$t" "$tree/tests/$name"
	echo "$name" >>"$tree/tests/list"
done

# newc is the only cpio format the kernel unpacks; -R 0:0 makes it root's.
(cd "$tree" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
