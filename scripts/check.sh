#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The whole test suite, as `make check` and CI run it:
#
#   1. host unit tests (cmocka)                -> "unit: N passed, N failed"
#   2. build the module (W=1) for bookworm (Debian 12's 6.1, the host's own
#      release) and the static tool; make install into temporary DESTDIRs,
#      checked (install-test.sh)
#   3. checkpatch --strict and sparse on the module, cppcheck and -Werror
#      on the tool (one test); DKMS add, build, install and remove for
#      bookworm's kernel, in scratch trees (dkms-test.sh); the Debian
#      packages: make deb with lintian (one test), then installed, checked
#      and purged (deb-test.sh)
#   4. in-guest tests on bookworm's kernel, -smp 2 -> "N passed, N failed"
#   5. the per-CPU and hotplug tests again with -smp 4
#   6. the ABI fuzzer (>= 100000 ioctls), single-threaded TCG
#   7. the stress run, 100 s with -smp 2 and again with -smp 4 (single-
#      threaded TCG): exact counts, clean unload, memory before and after
#   8. the rest of the matrix (scripts/kernel.sh --list): bookworm-rt,
#      bullseye, trixie, trixie-rt and sid, each built in its release's own
#      environment (scripts/kenv.sh: made on first use, a few minutes, then
#      cached in /var/cache/hwbp), the whole in-guest suite with -smp 2,
#      and dkms-test.sh there
#   9. the Debian packages installed in trixie's environment: DKMS builds
#      the module there for trixie's kernels (deb-test.sh)
#
# and a line per kernel, "<name> <uname -r>: N passed, N failed", then a
# last line adding everything up. A build failure counts as a failure.
# MATRIX="trixie sid" runs step 8 for those kernels only. Exits non-zero
# when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1

log=build/check
mkdir -p "$log"
passed=0
failed=0

# The current kernel's own tally, for its line in the summary.
kpassed=0
kfailed=0
kernels=

# tally LOGFILE: add the last "N passed, N failed" line of LOGFILE
tally() {
	line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		kfailed=$((kfailed + 1))
		return
	fi
	set -- $(echo "$line" | awk '{
		for (i = 2; i <= NF; i++) {
			if ($i == "passed,") p = $(i - 1)
			if ($i ~ /^failed/) f = $(i - 1)
		}
	} END { print p + 0, f + 0 }')
	p=$1 f=$2
	passed=$((passed + p))
	failed=$((failed + f))
	kpassed=$((kpassed + p))
	kfailed=$((kfailed + f))
}

# one OK: a test of its own, passed or failed
one() {
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		kpassed=$((kpassed + 1))
	else
		failed=$((failed + 1))
		kfailed=$((kfailed + 1))
	fi
}

# kernel_done NAME: its summary line, kept for the end; the next one starts.
kernel_done() {
	rel=$(KERNEL=$1 scripts/kernel.sh --release 2>/dev/null || echo '?')
	kernels="$kernels$1 $rel: $kpassed passed, $kfailed failed
"
	kpassed=0
	kfailed=0
}

step() {
	echo
	echo "== $*"
}

step "host unit tests"
make -s unit 2>&1 | tee "$log/unit.log"
tally "$log/unit.log"

step "style (checkpatch --strict, sparse, cppcheck, -Werror)"
scripts/lint.sh
one $?

# The packages, built (lintian-clean) and then installed with apt, checked
# (the tool runs, DKMS built the module) and purged: about 40 s in all.
step "Debian packages (make deb, lintian; install, check, purge)"
deb_ok=1
if scripts/deb.sh 2>&1 | tee "$log/deb.log" &&
   grep -q '^deb: hwbp .* built' "$log/deb.log"; then
	one 0
	deb_ok=0
	scripts/deb-test.sh 2>&1 | tee "$log/deb-test.log"
	tally "$log/deb-test.log"
else
	one 1
fi
kpassed=0
kfailed=0

# guest_build NAME LOG: the module and the test module (W=1) for kernel
# NAME, and the static tool; a failure or a warning is one failed test.
guest_build() {
	if ! make -s guest-build KERNEL="$1" >"$2" 2>&1; then
		cat "$2"
		echo "check: build for $1 failed"
		one 1
		return 1
	fi
	# glibc's linker notes on NSS functions in libnl-3.a, which hwbp
	# never calls, are the one warning a static link of the tool is
	# allowed.
	if grep -E 'warning:|error:' "$2" |
		grep -v 'statically linked applications requires at runtime'; then
		echo "check: the build for $1 printed warnings"
		one 1
	else
		one 0
	fi
}

step "build for bookworm ($(scripts/kernel.sh --release); module W=1, static tool)"
if ! guest_build bookworm "$log/build.log"; then
	echo "$passed passed, $failed failed"
	exit 1
fi

# make install of what was just built, into temporary DESTDIRs: every
# file with its mode, nothing outside DESTDIR, uninstall. The guest's
# kernel and W=1, as guest-build: nothing is rebuilt.
step "make install (DESTDIR, PREFIX=/usr and /usr/local)"
scripts/install-test.sh KDIR="$(scripts/kernel.sh --kdir)" W=1 2>&1 |
	tee "$log/install.log"
tally "$log/install.log"

# DKMS as a user's machine runs it (add, build, install, remove), against
# the kernel's headers, with every DKMS tree in build/dkms: the machine is
# left as it was. Loading happens in the guest.
step "DKMS for bookworm (add, build, install, remove; scratch trees)"
scripts/dkms-test.sh 2>&1 | tee "$log/dkms.log"
tally "$log/dkms.log"

step "in-guest tests on bookworm (QEMU, -smp 2)"
scripts/vm.sh --smp 2 2>&1 | tee "$log/vm.log"
tally "$log/vm.log"

# The targets depend on the number of CPUs (per-CPU instances, hotplug of
# the last CPU, registers --percpu all needs): run them on 4 as well.
step "in-guest tests on bookworm (QEMU, -smp 4): targets"
scripts/vm.sh --smp 4 20-targets 2>&1 | tee "$log/vm4.log"
tally "$log/vm4.log"

# The fuzzer churns kprobes while breakpoints fire: QEMU's multi-threaded
# TCG then runs int3s other CPUs already removed (HWBP_TCG in vm.sh).
step "ABI fuzzer on bookworm (QEMU, -smp 2, single-threaded TCG)"
HWBP_TCG=single HWBP_FILE_TIMEOUT=240 scripts/vm.sh --smp 2 --timeout 420 fuzz \
	2>&1 | tee "$log/fuzz.log"
tally "$log/fuzz.log"

# Everything at once for minutes (tests/vm/stress.sh, as make stress):
# kprobes churn under load, so single-threaded TCG as well.
# STRESS_SECS=N to change.
secs=${STRESS_SECS:-100}
for n in 2 4; do
	step "stress on bookworm (QEMU, -smp $n, ${secs} s, single-threaded TCG)"
	HWBP_TCG=single HWBP_FILE_TIMEOUT=$((secs + 150)) \
		HWBP_APPEND="hwbp_stress_secs=$secs" \
		scripts/vm.sh --smp $n --timeout $((secs + 270)) stress \
		2>&1 | tee "$log/stress$n.log"
	tally "$log/stress$n.log"
done
kernel_done bookworm

# The rest of the matrix: each kernel built by its release's compiler in
# its own environment, then the whole in-guest suite and DKMS there.
# PREEMPT_RT (bookworm-rt, trixie-rt): spinlocks sleep there, so the hit
# path must be right without them.
for k in ${MATRIX:-bookworm-rt bullseye trixie trixie-rt sid}; do
	step "$k: environment and build"
	if ! rel=$(KERNEL=$k scripts/kernel.sh --release); then
		one 1
		kernel_done "$k"
		continue
	fi
	echo "$k is $rel"
	if guest_build "$k" "$log/build-$k.log"; then
		step "$k: in-guest tests ($rel, QEMU, -smp 2)"
		KERNEL=$k scripts/vm.sh --smp 2 2>&1 | tee "$log/vm-$k.log"
		tally "$log/vm-$k.log"
	fi
	step "$k: DKMS ($rel, in its environment)"
	KERNEL=$k scripts/dkms-test.sh 2>&1 | tee "$log/dkms-$k.log"
	tally "$log/dkms-$k.log"
	kernel_done "$k"
done

# The packages as a Debian 13 user installs them: DKMS builds the module
# for trixie's kernels there.
case " ${MATRIX:-trixie} " in
*" trixie "*)
	step "Debian packages installed in trixie's environment"
	if [ "$deb_ok" = 0 ]; then
		KERNEL=trixie scripts/deb-test.sh 2>&1 | tee "$log/deb-trixie.log"
		tally "$log/deb-trixie.log"
	else
		one 1
	fi ;;
esac

echo
printf '%s' "$kernels"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
