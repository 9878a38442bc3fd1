#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages on this machine (make deb-test), or in the
# environment of another release (KERNEL=trixie make deb-test): install what
# `make deb` built in build/deb with apt, as a user would, check them, and
# purge them again.
#
#   - apt-get install ./build/deb/hwbp_*.deb ./build/deb/hwbp-dkms_*.deb
#   - /usr/sbin/hwbp --help runs (the shared libnl the package depends on
#     is there); hwbp(8), the bash completion, the udev rule are in place
#   - hwbp-dkms's postinst had DKMS build and install hwbp.ko for the
#     release scripts/kernel.sh picks (and any other kernel whose headers
#     are installed): dkms status, the .ko under updates/dkms, modinfo
#   - apt-get purge: the tool, /usr/src/hwbp-VERSION, the DKMS tree and
#     every hwbp.ko are gone
#
# The machine is left as it was: packages apt pulled in for them are purged
# too, the signing key DKMS generates on its first build
# (/var/lib/dkms/mok.key, mok.pub) is removed if it was not there before,
# and the script leaves alone a machine where hwbp or hwbp-dkms is already
# installed: it says so and counts that as a failure (nothing was tested).
# The module is never loaded (the host cannot load modules).
#
# Ends with "deb-test: N passed, N failed"; apt's and DKMS's output in
# build/deb/test.log. make check runs it after make deb: about 30 s, most
# of it DKMS building the module for each kernel with headers.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

[ "$(id -u)" -eq 0 ] || { echo "deb-test: must run as root (apt-get)" >&2; exit 1; }

# KERNEL=NAME of another release than the host's (make check: trixie):
# the same test inside that release's environment (scripts/inenv.sh), with
# its apt, its dkms and its kernel's headers.
if [ -z "${HWBP_IN_ENV:-}" ] && [ "$(scripts/kernel.sh --env)" != / ]; then
	exec scripts/inenv.sh --cd "$top" sh scripts/deb-test.sh "$@"
fi

out=$top/build/deb
log=$out/test.log
krel=${HWBP_KREL:-$(scripts/kernel.sh)}
echo "deb-test: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $krel"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "deb-test: ok: $*"; }
fail() { failed=$((failed + 1)); echo "deb-test: FAIL: $*"; }

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Someone's own installation is not ours to purge, and a test that did not
# run has not passed: say so, and count it as failed.
for p in hwbp hwbp-dkms; do
	if installed "$p"; then
		echo "deb-test: FAIL: $p is installed on this machine, and not ours to purge: the packages were not tested (apt-get purge hwbp hwbp-dkms, then run again)"
		echo "deb-test: 0 passed, 1 failed"
		exit 1
	fi
done

debs=$(ls "$out"/hwbp_*_*.deb "$out"/hwbp-dkms_*_all.deb 2>/dev/null || true)
if [ "$(echo "$debs" | grep -c '\.deb$')" -ne 2 ]; then
	echo "deb-test: no packages in build/deb: run make deb first" >&2
	exit 1
fi
ver=$(dpkg-deb -f "$out"/hwbp-dkms_*_all.deb Version)

export DEBIAN_FRONTEND=noninteractive
tmp=$(mktemp -d)
# What apt will pull in besides the two (nothing when deps.sh ran): those
# are purged again at the end, and only those.
# shellcheck disable=SC2086
extra=$(apt-get install -s --no-install-recommends $debs 2>/dev/null |
	awk '$1 == "Inst" && $2 != "hwbp" && $2 != "hwbp-dkms" { print $2 }' |
	tr '\n' ' ')
key_before=no
[ -e /var/lib/dkms/mok.key ] && key_before=yes
# What must be as it was after the purge (names, not times: depmod
# rewrites its files with the same content).
snapshot() {
	{
		ls /var/lib/dkms /usr/src
		for d in /lib/modules/*; do
			find "$d" -path "$d/build" -prune -o -path "$d/source" -prune \
				-o ! -name 'modules.*' -print
		done
		ls -d /usr/sbin/hwbp /usr/share/doc/hwbp*
	} 2>&1 | sort
}
before=$(snapshot)

purged=no
purge() {
	[ $purged = yes ] && return 0
	purged=yes
	apt-get purge -y -q hwbp hwbp-dkms >>"$log" 2>&1 || return 1
	if [ -n "$extra" ]; then
		echo "deb-test: purging what apt pulled in: $extra" >>"$log"
		# shellcheck disable=SC2086
		apt-get purge -y -q $extra >>"$log" 2>&1 || return 1
	fi
	if [ $key_before = no ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
}
finish() {
	purge || echo "deb-test: apt-get purge failed (see $log)" >&2
	rm -rf "$tmp"
}
trap finish EXIT
trap 'exit 130' INT TERM

: >"$log"
t0=$(date +%s)
# shellcheck disable=SC2086
if apt-get install -y -q --no-install-recommends $debs >>"$log" 2>&1; then
	pass "apt-get install hwbp hwbp-dkms $ver ($(($(date +%s) - t0)) s)"
else
	fail "apt-get install (tail of $log below)"
	tail -n 30 "$log"
fi

if installed hwbp && installed hwbp-dkms; then
	pass "both packages installed"
else
	fail "packages not installed"
fi

help=$(/usr/sbin/hwbp --help 2>&1) && rc=0 || rc=$?
echo "$help" >>"$log"
if [ "$rc" -eq 0 ] && echo "$help" | grep -qi 'usage'; then
	pass "/usr/sbin/hwbp --help"
else
	fail "/usr/sbin/hwbp --help exited $rc: $(echo "$help" | head -n 3)"
fi
if ldd /usr/sbin/hwbp | grep -q 'libnl-genl-3'; then
	pass "hwbp linked against the shared libnl-genl-3"
else
	fail "hwbp not linked against libnl-genl-3"
fi

missing=""
for f in /usr/share/man/man8/hwbp.8.gz /usr/share/bash-completion/completions/hwbp \
	 /lib/udev/rules.d/60-hwbp.rules "/usr/src/hwbp-$ver/dkms.conf"; do
	[ -f "$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
	pass "man page, bash completion, udev rule and DKMS source installed"
else
	fail "not installed:$missing"
fi

status=$(dkms status -m hwbp -v "$ver" 2>&1 || true)
echo "$status" >>"$log"
case $status in
*"hwbp/$ver, $krel, "*": installed"*)
	pass "dkms status: $(echo "$status" | tr '\n' ';')" ;;
*)	fail "dkms status: $status" ;;
esac
ko=$(ls "/lib/modules/$krel/updates/dkms/"hwbp.ko* 2>/dev/null | head -n 1)
if [ -n "$ko" ] &&
   [ "$(modinfo -k "$krel" -F vermagic hwbp | cut -d' ' -f1)" = "$krel" ] &&
   [ "$(modinfo -k "$krel" -F version hwbp)" = "$ver" ]; then
	pass "$ko: modinfo -k $krel hwbp finds version $ver"
else
	fail "no hwbp.ko $ver for $krel in /lib/modules/$krel/updates/dkms"
fi

t0=$(date +%s)
if purge; then
	pass "apt-get purge ($(($(date +%s) - t0)) s)"
else
	fail "apt-get purge (tail of $log below)"
	tail -n 30 "$log"
fi
left=$(ls -d /usr/sbin/hwbp /usr/src/hwbp-* /var/lib/dkms/hwbp \
	/lib/modules/*/updates/dkms/hwbp.ko* /lib/udev/rules.d/60-hwbp.rules \
	/usr/share/man/man8/hwbp.8.gz 2>/dev/null || true)
if [ -z "$left" ] && ! installed hwbp && ! installed hwbp-dkms; then
	pass "purged: no tool, source, DKMS tree or module left"
else
	fail "left after purge: $left"
fi
after=$(snapshot)
if [ "$after" = "$before" ]; then
	pass "/usr/src, /var/lib/dkms, /lib/modules, /usr/sbin as before"
else
	fail "the system changed:"
	echo "$before" >"$tmp/before"
	echo "$after" | diff "$tmp/before" - || true
fi

echo "deb-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
