#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# DKMS, tested without changing the machine: dkms add, build, install and
# remove of hwbp against the Debian headers of KERNEL (scripts/kernel.sh;
# bookworm by default), with that release's own dkms and compiler: on the
# host for the host's release, else inside the release's environment
# (scripts/inenv.sh), as make check runs it for every kernel of the matrix.
# Loading the module happens only in the guest (scripts/vm.sh).
#
# Everything DKMS writes goes to a scratch directory, build/dkms, removed
# on exit whatever happens:
#   --sourcetree   build/dkms/src   the tree hwbp-dkms installs in /usr/src:
#                                   dkms.conf, kmod/, include/uapi/linux/hwbp.h
#   --dkmstree     build/dkms/var   instead of /var/lib/dkms
#   --installtree  build/dkms/lib   instead of /lib/modules
#   --no-depmod                     depmod would rewrite /lib/modules/REL
#   mok_signing_key, mok_certificate: a throw-away signing key in
#                                   build/dkms, not /var/lib/dkms/mok.key
# The headers are read from /lib/modules/REL/build as for a real install.
# The script checks at the end that /var/lib/dkms, /usr/src and
# /lib/modules/REL are as they were.
#
# Also checks that dkms.conf's PACKAGE_VERSION is the module's HWBP_VERSION
# (kmod/hwbp.h) and debian/changelog's version.
#
# Ends with "dkms: N passed, N failed"; the log is build/dkms.log.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

# Another release than the host's: the same script, inside its chroot.
if [ -z "${HWBP_IN_ENV:-}" ] && [ "$(scripts/kernel.sh --env)" != / ]; then
	exec scripts/inenv.sh --cd "$top" sh scripts/dkms-test.sh "$@"
fi

command -v dkms >/dev/null || scripts/deps.sh
command -v dkms >/dev/null || { echo "dkms-test: dkms is not installed" >&2; exit 1; }

if [ -n "${HWBP_IN_ENV:-}" ]; then
	krel=$HWBP_KREL
	kdir=/lib/modules/$krel/build
else
	krel=$(scripts/kernel.sh)
	kdir=$(scripts/kernel.sh --kdir)
fi
dkms_ver=$(dkms --version 2>/dev/null | sed -n 's/^dkms[^0-9]*\([0-9][0-9.]*\).*/\1/p')
echo "dkms-test: $krel, dkms ${dkms_ver:-?}"
scratch=$top/build/dkms
log=$top/build/dkms.log
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "dkms-test: ok: $*"; }
fail() { failed=$((failed + 1)); echo "dkms-test: FAIL: $*"; }

# What must not change: the system's DKMS tree, /usr/src and the modules
# of the release.
snapshot() {
	{ ls -la /var/lib/dkms /usr/src; find "/lib/modules/$krel" -path "$kdir" -prune -o -print; } 2>&1 | sort
}

# The versions: the source of truth is the module's HWBP_VERSION.
mod_ver=$(sed -n 's/^#define HWBP_VERSION[[:space:]]*"\(.*\)"/\1/p' kmod/hwbp.h)
conf_ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
deb_ver=$mod_ver
if [ -f debian/changelog ]; then
	deb_ver=$(dpkg-parsechangelog -S Version 2>/dev/null || echo '?')
fi
if [ -n "$mod_ver" ] && [ "$conf_ver" = "$mod_ver" ] && [ "${deb_ver%%-*}" = "$mod_ver" ]; then
	pass "version $mod_ver in kmod/hwbp.h, dkms.conf and debian/changelog"
else
	fail "versions differ: kmod/hwbp.h '$mod_ver', dkms.conf '$conf_ver', debian/changelog '$deb_ver'"
fi
ver=$conf_ver

cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup
before=$(snapshot)

# The source tree as debian/rules installs it (without the objects a local
# build leaves in kmod/).
src=$scratch/src/hwbp-$ver
mkdir -p "$src/kmod" "$src/include/uapi/linux" "$scratch/var" "$scratch/lib/$krel"
cp dkms.conf "$src/"
cp kmod/Kbuild kmod/Makefile kmod/*.h "$src/kmod/"
for f in kmod/*.c; do
	case $f in *.mod.c) ;; *) cp "$f" "$src/kmod/" ;; esac
done
cp include/uapi/linux/hwbp.h "$src/include/uapi/linux/"

export mok_signing_key="$scratch/mok.key" mok_certificate="$scratch/mok.pub"
# DKMS 3.2 looks for sign-file under the (scratch) install tree: name the
# headers' own.
[ -x "$kdir/scripts/sign-file" ] && export sign_file="$kdir/scripts/sign-file"
# dkms ARGS...: dkms on the scratch trees, output to the log
dk() {
	echo "+ dkms $*" >>"$log"
	dkms "$@" --sourcetree "$scratch/src" --dkmstree "$scratch/var" \
		--installtree "$scratch/lib" >>"$log" 2>&1
}

: >"$log"
t0=$(date +%s)
if dk add -m hwbp -v "$ver"; then
	pass "dkms add hwbp/$ver"
else
	fail "dkms add hwbp/$ver"
fi

makelog=$scratch/var/hwbp/$ver/build/make.log
# DKMS 3.1 and later look for the headers under the install tree, which is
# a scratch one here: --kernelsourcedir names them. Not for DKMS 2 (bullseye),
# which takes a source directory given so for a kernel tree to prepare
# (make mrproper, oldconfig), and would wreck the headers.
ksrc=
[ "${dkms_ver%%.*}" -ge 3 ] 2>/dev/null && ksrc="--kernelsourcedir $kdir"
# shellcheck disable=SC2086 # $ksrc: an option and its argument, or nothing
if dk build -m hwbp -v "$ver" -k "$krel" $ksrc; then
	pass "dkms build hwbp/$ver for $krel ($(($(date +%s) - t0)) s)"
else
	fail "dkms build hwbp/$ver for $krel (make.log below)"
	tail -n 30 "$makelog" 2>/dev/null || true
fi
cat "$makelog" >>"$log" 2>/dev/null || true
if grep -E 'warning:|error:' "$makelog" 2>/dev/null; then
	fail "the DKMS build printed warnings"
fi

# shellcheck disable=SC2086
if dk install -m hwbp -v "$ver" -k "$krel" $ksrc --no-depmod; then
	pass "dkms install hwbp/$ver for $krel"
else
	fail "dkms install hwbp/$ver for $krel"
fi

# The installed module: for this release, this version, signed by the
# scratch key (as DKMS signs it on a real install).
ko=$(find "$scratch/lib/$krel" -name 'hwbp.ko*' | head -n 1)
if [ -n "$ko" ] &&
   [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$krel" ] &&
   [ "$(modinfo -F version "$ko")" = "$ver" ]; then
	pass "installed ${ko#"$scratch"/}: vermagic $krel, version $ver"
else
	fail "no hwbp.ko for $krel version $ver in the install tree"
fi
# DKMS signs what it builds from version 3.0 (Debian 12 on); bullseye's
# 2.8 never signs: there the module is expected unsigned.
if [ "${dkms_ver%%.*}" -lt 3 ] 2>/dev/null; then
	if [ -n "$ko" ] && [ -z "$(modinfo -F signer "$ko")" ]; then
		pass "module unsigned, as DKMS $dkms_ver leaves it (signing came with DKMS 3.0)"
	else
		fail "DKMS $dkms_ver: expected an unsigned module"
	fi
elif [ -n "$ko" ] && [ -n "$(modinfo -F signer "$ko")" ]; then
	pass "module signed by '$(modinfo -F signer "$ko")'"
else
	fail "module not signed"
fi
status=$(dkms status -m hwbp -v "$ver" --dkmstree "$scratch/var" \
	--sourcetree "$scratch/src" --installtree "$scratch/lib" 2>&1 || true)
echo "$status" >>"$log"
case $status in
*"$krel"*installed*) pass "dkms status: $status" ;;
*) fail "dkms status: $status" ;;
esac

if dk remove -m hwbp -v "$ver" --all --no-depmod &&
   ! find "$scratch/lib" -name 'hwbp.ko*' | grep -q . &&
   [ ! -e "$scratch/var/hwbp/$ver" ]; then
	pass "dkms remove hwbp/$ver --all: module and tree gone"
else
	fail "dkms remove hwbp/$ver --all"
fi

cleanup
if [ "$(snapshot)" = "$before" ]; then
	pass "/var/lib/dkms, /usr/src and /lib/modules/$krel unchanged"
else
	fail "the system changed:"
	echo "$before" >"$scratch.before"
	snapshot | diff "$scratch.before" - || true
	rm -f "$scratch.before"
fi

echo "dkms: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
