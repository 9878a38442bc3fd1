#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Style gates for the module: the kernel's checkpatch.pl --strict (from the
# linux-source-6.1 package, unpacked once into build/) and sparse through
# kbuild (C=2); and the man page: groff -ww clean and in step with every
# --help (tests/man/check.sh). Exits non-zero on any complaint.
set -eu
cd "$(dirname "$0")/.."

src=/usr/src/linux-source-6.1.tar.xz
cp_dir=build/checkpatch
if [ ! -f "$cp_dir/scripts/checkpatch.pl" ]; then
	[ -f "$src" ] || scripts/deps.sh
	mkdir -p "$cp_dir"
	tar -C "$cp_dir" --strip-components=1 -xf "$src" \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi

status=0
files=$(ls kmod/*.c kmod/*.h tests/kmod/*.c include/uapi/linux/hwbp.h |
	grep -v '\.mod\.c$')
for f in $files; do
	perl "$cp_dir/scripts/checkpatch.pl" --strict --no-tree --terse -f "$f" \
		>build/checkpatch.out || status=1
	grep -v '^total: 0 errors, 0 warnings, 0 checks' build/checkpatch.out || true
done

kdir=$(scripts/kernel.sh --kdir)
out=$({ make -s -C kmod KDIR="$kdir" C=2; make -s -C tests/kmod KDIR="$kdir" C=2; } 2>&1 |
	grep -E 'warning|error' || true)
if [ -n "$out" ]; then
	echo "$out"
	status=1
fi
tests/man/check.sh || status=1
[ $status -eq 0 ] && echo "lint: checkpatch --strict, sparse and the man page clean"
exit $status
