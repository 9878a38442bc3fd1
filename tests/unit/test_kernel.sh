#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/kernel.sh, kenv.sh, kbuild.sh and inenv.sh on the host, without
# the network or a real chroot: KERNEL= names, what each option prints for
# a release environment (a fake one in a scratch HWBP_CACHE, fresh, so
# that nothing is fetched), and the refusals: an unknown kernel, option,
# suite or flavour, a missing image, M= that is not there or outside the
# tree. The real environments are exercised by make check's matrix.
#
# Prints lines in cmocka's format, which tests/unit/Makefile adds up.

top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
failed=()

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

ok() {
	echo "[       OK ] kernel__$1"
	pass=$((pass + 1))
}

bad() {
	echo "[  FAILED  ] kernel__$1: $2"
	fail=$((fail + 1))
	failed+=("$1")
}

# expect NAME STATUS OUT-PATTERN CMD...: CMD exits STATUS and prints (on
# stdout and stderr) something matching the extended regex OUT-PATTERN.
expect() {
	local name=$1 status=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [[ $rc -ne $status ]]; then
		bad "$name" "exit $rc, not $status: $out"
	elif ! grep -qE -- "$pat" <<<"$out"; then
		bad "$name" "output '$out' does not match '$pat'"
	else
		ok "$name"
	fi
}

ks=$top/scripts/kernel.sh

expect list 0 '^bullseye$' "$ks" --list
n=$("$ks" --list | tr '\n' ' ')
if [[ $n == "bullseye bookworm bookworm-rt trixie trixie-rt sid " ]]; then
	ok list_all
else
	bad list_all "the matrix is '$n'"
fi
expect unknown_kernel 2 "unknown KERNEL 'woody': one of bullseye" env KERNEL=woody "$ks"
expect unknown_option 2 'usage' "$ks" --frob
expect suite_rt 0 '^trixie$' env KERNEL=trixie-rt "$ks" --suite
expect help 0 'One way to name a kernel' "$ks" --help

# A fake, fresh environment of sid: the chroot's headers directory, the
# record of what was resolved, the image, the package list it was made
# with, and a look at the archive just now.
cache=$tmp/cache
rel=7.0.0+deb14-amd64
mkdir -p "$cache/sid/root/usr/src/linux-headers-$rel" "$cache/sid/boot"
echo "generic $rel 7.0.0-1" >"$cache/sid/kernels"
: >"$cache/sid/boot/vmlinuz-$rel"
sed -n 's/^BASE_PKGS="\(.*\)"$/\1/p' "$top/scripts/kenv.sh" >"$cache/sid/base"
touch "$cache/sid/checked"
export HWBP_CACHE=$cache
r=${rel//+/\\+}
c=${cache//+/\\+}

expect env_release 0 "^$r\$" env KERNEL=sid "$ks"
expect env_release_opt 0 "^$r\$" env KERNEL=sid "$ks" --release
expect env_image 0 "^$c/sid/boot/vmlinuz-$r\$" env KERNEL=sid "$ks" --image
expect env_kdir 0 "^$c/sid/root/usr/src/linux-headers-$r\$" env KERNEL=sid "$ks" --kdir
expect env_root 0 "^$c/sid/root\$" env KERNEL=sid "$ks" --env
expect env_kdir_inside 0 "^/usr/src/linux-headers-$r\$" env KERNEL=sid "$ks" --env-kdir
rm "$cache/sid/boot/vmlinuz-$rel"
expect env_no_image 1 "no kernel image for $r .*scripts/kenv.sh refresh sid" env KERNEL=sid "$ks" --image

expect kenv_path 0 "^$c/sid\$" "$top/scripts/kenv.sh" path sid
expect kenv_suite 1 "unknown suite 'hamm'" "$top/scripts/kenv.sh" ensure hamm
expect kenv_flavour 1 "unknown flavour 'big'" "$top/scripts/kenv.sh" ensure sid big
expect kenv_usage 2 'usage' "$top/scripts/kenv.sh" ensure

# The host's own release is no chroot: its root is /.
host=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if "$ks" --list | grep -qx "$host"; then
	expect host_env 0 '^/$' env KERNEL="$host" "$ks" --env
else
	ok host_env_not_in_matrix
fi

expect kbuild_no_dir 1 'no such directory' env KERNEL=sid "$top/scripts/kbuild.sh" M="$tmp/none" modules
mkdir -p "$tmp/a" "$tmp/b"
expect kbuild_outside 1 'is not inside KBUILD_TREE' env KERNEL=sid KBUILD_TREE="$tmp/a" "$top/scripts/kbuild.sh" M="$tmp/b" modules
expect kbuild_help 0 'KERNEL=trixie scripts/kbuild.sh M=/tmp/mymod modules' "$top/scripts/kbuild.sh" --help
expect inenv_usage 2 'usage' env KERNEL=sid "$top/scripts/inenv.sh"

echo "[==========] kernel: $((pass + fail)) test(s) run."
echo "[  PASSED  ] $pass test(s)."
if ((fail)); then
	echo "[  FAILED  ] $fail test(s), listed below:"
	for f in "${failed[@]}"; do
		echo "[  FAILED  ] kernel__$f"
	done
	exit 1
fi
exit 0
