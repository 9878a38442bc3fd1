#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Style gates for the module: the kernel's checkpatch.pl --strict (from the
# linux-source-6.1 package, unpacked once into build/) and sparse through
# kbuild (C=2); for the tool: cppcheck, and a build with tool/Makefile's
# -Wall -Wextra plus -Werror (into build/lint/tool, leaving tool/ alone);
# and the man page: groff -ww clean and in step with every --help
# (tests/man/check.sh). Exits non-zero on any complaint.
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
	# kmod/compat.h is where the kernel version tests live, and the only
	# place: checkpatch's advice against them does not apply to it.
	ignore=
	[ "$f" = kmod/compat.h ] && ignore=--ignore=LINUX_VERSION_CODE,CONSTANT_COMPARISON
	# shellcheck disable=SC2086 # $ignore: one option or none
	perl "$cp_dir/scripts/checkpatch.pl" --strict --no-tree --terse $ignore \
		-f "$f" >build/checkpatch.out || status=1
	grep -v '^total: 0 errors, 0 warnings, 0 checks' build/checkpatch.out || true
done

# One compat layer: no version test in any other file of the module.
if grep -nE 'LINUX_VERSION_CODE|KERNEL_VERSION\(' kmod/*.c kmod/*.h tests/kmod/*.c |
	grep -v '^kmod/compat\.h:'; then
	echo "lint: kernel version tests outside kmod/compat.h"
	status=1
fi

kdir=$(scripts/kernel.sh --kdir)
out=$({ make -s -C kmod KDIR="$kdir" C=2; make -s -C tests/kmod KDIR="$kdir" C=2; } 2>&1 |
	grep -E 'warning|error' || true)
if [ -n "$out" ]; then
	echo "$out"
	status=1
fi

# cppcheck on the tool and on kmod/rules.c, which the tool compiles in, in
# the configuration the tool is built in (x86_64, user space). Off, with
# the reason:
#   variableScope  "the scope of X can be reduced": the tool keeps the
#                  kernel's style, declarations at the top of a function.
# A finding that is wrong in one place is silenced there, with a
# "// cppcheck-suppress ID" comment saying why (--inline-suppr).
command -v cppcheck >/dev/null || scripts/deps.sh
if ! cppcheck --enable=warning,style,performance,portability \
	--error-exitcode=1 --inline-suppr --std=c11 -q --template=gcc \
	--suppress=variableScope \
	-I include/uapi -I tool -I kmod -D__x86_64__ -U__KERNEL__ \
	tool/*.c kmod/rules.c; then
	echo "lint: cppcheck found problems in tool/"
	status=1
fi

# The tool with -Werror on top of its -Wall -Wextra -Wshadow
# -Wstrict-prototypes, built from tool/'s sources into build/lint/tool.
wdir=build/lint/tool
rm -rf "$wdir"
mkdir -p "$wdir"
if ! make -C "$wdir" -f "$(pwd)/tool/Makefile" --eval="vpath %.c $(pwd)/tool" \
	CFLAGS='-O2 -g -Werror' hwbp >"$wdir/build.log" 2>&1; then
	grep -v '^make' "$wdir/build.log"
	echo "lint: the tool does not build with -Wall -Wextra -Werror"
	status=1
fi

tests/man/check.sh || status=1
[ $status -eq 0 ] &&
	echo "lint: checkpatch --strict, sparse, cppcheck, -Werror and the man page clean"
exit $status
