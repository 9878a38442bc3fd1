#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make install into temporary DESTDIRs, checked (make install-test; make
# check runs it on the host):
#
#   - PREFIX=/usr: the tool in usr/sbin (0755, runs), the module in
#     lib/modules/REL/extra (0644, vermagic REL), the man page (0644, when
#     man/hwbp.8 exists), the completion (0644, parses), the udev rule in
#     usr/lib/udev/rules.d (0644), directories 0755, and nothing else;
#   - the default PREFIX, /usr/local: the same under usr/local, the udev
#     rule still in usr/lib/udev/rules.d (udev reads no other place);
#   - nothing written outside DESTDIR;
#   - make uninstall leaves no file behind.
#
#   scripts/install-test.sh [VAR=VALUE...]   passed to make, e.g.
#                                            KDIR=... W=1
# KDIR defaults to the kernel the guest boots (scripts/kernel.sh --kdir),
# the one make check has just built kmod/ for: nothing is rebuilt.
#
# Prints "install: N passed, N failed"; exits non-zero on a failure.
set -u
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "install-test: $*"; failed=$((failed + 1)); }

kdir=$(scripts/kernel.sh --kdir 2>/dev/null)
for a in "$@"; do
	case $a in KDIR=*) kdir=${a#KDIR=} ;; esac
done
rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)
if [ -z "$rel" ]; then
	echo "install-test: no kernel headers (KDIR=$kdir): run scripts/deps.sh" >&2
	echo "install: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
log=$tmp/make.log

# What must not be written on this machine when installing into a
# DESTDIR. Judged by mtime, not existence: a package of hwbp installed
# meanwhile (make deb-test) keeps its files' build times, our install
# gives them the time of the copy.
live="/usr/sbin/hwbp /usr/local/sbin/hwbp /lib/modules/$rel/extra/hwbp.ko
/usr/lib/udev/rules.d/60-hwbp.rules /usr/share/man/man8/hwbp.8
/usr/local/share/man/man8/hwbp.8 /usr/share/bash-completion/completions/hwbp
/usr/local/share/bash-completion/completions/hwbp"
touch "$tmp/start"

# mode FILE WANT: FILE exists, a regular file with mode WANT.
mode() {
	if [ ! -f "$1" ]; then
		bad "${1#"$d"/} is missing"
	elif [ "$(stat -c %a "$1")" != "$2" ]; then
		bad "${1#"$d"/} has mode $(stat -c %a "$1"), not $2"
	else
		ok
	fi
}

# install PREFIX-ARGS...: make install into a new $d; 0 when it worked.
install_into() {
	d=$(mktemp -d "$tmp/destdir.XXXXXX") || exit 1
	if make -s install DESTDIR="$d" "$@" >"$log" 2>&1; then
		ok
		return 0
	fi
	cat "$log"
	bad "make install DESTDIR=$d $* failed"
	return 1
}

# check_tree PREFIX: every file where it belongs under $d, nothing else.
check_tree() {
	p=$1
	mode "$d$p/sbin/hwbp" 755
	mode "$d/lib/modules/$rel/extra/hwbp.ko" 644
	mode "$d$p/share/bash-completion/completions/hwbp" 644
	mode "$d/usr/lib/udev/rules.d/60-hwbp.rules" 644
	want="$p/sbin/hwbp
/lib/modules/$rel/extra/hwbp.ko
$p/share/bash-completion/completions/hwbp
/usr/lib/udev/rules.d/60-hwbp.rules"
	if [ -f man/hwbp.8 ]; then
		mode "$d$p/share/man/man8/hwbp.8" 644
		want="$want
$p/share/man/man8/hwbp.8"
	else
		echo "install-test: note: man/hwbp.8 not written yet, not installed"
	fi

	# Nothing else (depmod's lib/modules/REL/modules.* when kbuild runs it
	# with a System.map: not with Debian's headers).
	printf '%s\n' "$want" | sort >"$tmp/want"
	extra=$(cd "$d" && find . ! -type d | sed 's|^\.||' |
		grep -v "^/lib/modules/$rel/modules\.[a-z.]*$" | sort |
		comm -23 - "$tmp/want")
	if [ -n "$extra" ]; then
		bad "unexpected files: $(echo "$extra" | tr "\n" " ")"
	else
		ok
	fi
	dirs=$(cd "$d" && find . -mindepth 1 -type d ! -perm 755)
	if [ -n "$dirs" ]; then
		bad "directories not 0755: $(echo "$dirs" | tr "\n" " ")"
	else
		ok
	fi

	# What was installed works.
	out=$(HWBP_DEVICE=/nonexistent/hwbp "$d$p/sbin/hwbp" --version 2>&1)
	case $out in
	"hwbp "*"module: not loaded"*) ok ;;
	*) bad "$p/sbin/hwbp --version: $out" ;;
	esac
	v=$(PATH=$PATH:/usr/sbin:/sbin modinfo -F vermagic "$d/lib/modules/$rel/extra/hwbp.ko" 2>&1)
	case $v in
	"$rel "*) ok ;;
	*) bad "hwbp.ko's vermagic is '$v', not $rel" ;;
	esac
	if bash -n "$d$p/share/bash-completion/completions/hwbp" 2>"$tmp/err" &&
	   bash -c ". '$d$p/share/bash-completion/completions/hwbp' && complete -p hwbp" \
		>/dev/null 2>&1; then
		ok
	else
		bad "the completion does not load: $(cat "$tmp/err")"
	fi
	if grep -q '^KERNEL=="hwbp", SUBSYSTEM=="misc", MODE="0600"' \
		"$d/usr/lib/udev/rules.d/60-hwbp.rules"; then
		ok
	else
		bad "60-hwbp.rules does not keep /dev/hwbp 0600"
	fi
}

# uninstall ARGS...: make uninstall on $d leaves no file.
uninstall() {
	if ! make -s uninstall DESTDIR="$d" "$@" >"$log" 2>&1; then
		cat "$log"
		bad "make uninstall DESTDIR=$d $* failed"
		return
	fi
	left=$(cd "$d" && find . ! -type d | grep -v "^\./lib/modules/$rel/modules\.")
	if [ -n "$left" ]; then
		bad "make uninstall left: $(echo "$left" | tr "\n" " ")"
	else
		ok
	fi
}

echo "make install DESTDIR=... PREFIX=/usr (kernel $rel)"
if install_into PREFIX=/usr KDIR="$kdir" "$@"; then
	(cd "$d" && find . -mindepth 1 ! -type d -printf '  %m %p\n' | sort -k2)
	check_tree /usr
	uninstall PREFIX=/usr KDIR="$kdir" "$@"
fi

echo "make install DESTDIR=... (PREFIX /usr/local)"
if install_into KDIR="$kdir" "$@"; then
	check_tree /usr/local
	uninstall KDIR="$kdir" "$@"
fi

outside=
for f in $live; do
	[ -n "$(find "$f" -newer "$tmp/start" 2>/dev/null)" ] && outside="$outside $f"
done
if [ -z "$outside" ]; then
	ok
else
	bad "written outside DESTDIR:$outside"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
