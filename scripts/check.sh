#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The whole test suite, as `make check` and CI run it:
#
#   1. host unit tests (cmocka)                -> "unit: N passed, N failed"
#   2. build the module (W=1) for the guest's kernel and the static tool;
#      make install into temporary DESTDIRs, checked (install-test.sh)
#   3. checkpatch --strict and sparse on the module, cppcheck and -Werror
#      on the tool (one test); DKMS add, build, install and remove for the
#      guest's kernel, in scratch trees (dkms-test.sh); the Debian packages:
#      make deb with lintian (one test), then installed, checked and purged
#      (deb-test.sh)
#   4. in-guest tests on the real kernel, -smp 2 -> "N passed, N failed"
#   5. the per-CPU and hotplug tests again with -smp 4
#   6. the ABI fuzzer (>= 100000 ioctls), single-threaded TCG
#   7. the stress run, 100 s with -smp 2 and again with -smp 4 (single-
#      threaded TCG): exact counts, clean unload, memory before and after
#   8. every in-guest test again on Debian's PREEMPT_RT kernel
#
# and a last line adding them up. A build failure counts as a failure.
# Exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1

log=build/check
mkdir -p "$log"
passed=0
failed=0

# tally LOGFILE: add the last "N passed, N failed" line of LOGFILE
tally() {
	line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
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
}

step() {
	echo
	echo "== $*"
}

step "host unit tests"
make -s unit 2>&1 | tee "$log/unit.log"
tally "$log/unit.log"

step "build (module W=1 for the guest kernel, static tool)"
if ! make -s guest-build >"$log/build.log" 2>&1; then
	cat "$log/build.log"
	echo "check: build failed" >&2
	failed=$((failed + 1))
	echo "$passed passed, $failed failed"
	exit 1
fi
# glibc's linker notes on NSS functions in libnl-3.a, which hwbp never
# calls, are the one warning a static link of the tool is allowed.
if grep -E 'warning:|error:' "$log/build.log" |
	grep -v 'statically linked applications requires at runtime'; then
	echo "check: the build printed warnings"
	failed=$((failed + 1))
else
	passed=$((passed + 1))
fi

# make install of what was just built, into temporary DESTDIRs: every
# file with its mode, nothing outside DESTDIR, uninstall. The guest's
# kernel and W=1, as guest-build: nothing is rebuilt.
step "make install (DESTDIR, PREFIX=/usr and /usr/local)"
scripts/install-test.sh KDIR="$(scripts/kernel.sh --kdir)" W=1 2>&1 |
	tee "$log/install.log"
tally "$log/install.log"

step "style (checkpatch --strict, sparse, cppcheck, -Werror)"
if scripts/lint.sh; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

# DKMS as a user's machine runs it (add, build, install, remove), against
# the guest kernel's headers, with every DKMS tree in build/dkms: the host
# is left as it was. Loading happens in the guest.
step "DKMS (add, build, install, remove; scratch trees)"
scripts/dkms-test.sh 2>&1 | tee "$log/dkms.log"
tally "$log/dkms.log"

# The packages, built (lintian-clean) and then installed with apt, checked
# (the tool runs, DKMS built the module) and purged: about 40 s in all.
step "Debian packages (make deb, lintian; install, check, purge)"
if scripts/deb.sh 2>&1 | tee "$log/deb.log" &&
   grep -q '^deb: hwbp .* built' "$log/deb.log"; then
	passed=$((passed + 1))
	scripts/deb-test.sh 2>&1 | tee "$log/deb-test.log"
	tally "$log/deb-test.log"
else
	failed=$((failed + 1))
fi

step "in-guest tests (QEMU, -smp 2)"
scripts/vm.sh --smp 2 2>&1 | tee "$log/vm.log"
tally "$log/vm.log"

# The targets depend on the number of CPUs (per-CPU instances, hotplug of
# the last CPU, registers --percpu all needs): run them on 4 as well.
step "in-guest tests (QEMU, -smp 4): targets"
scripts/vm.sh --smp 4 20-targets 2>&1 | tee "$log/vm4.log"
tally "$log/vm4.log"

# The fuzzer churns kprobes while breakpoints fire: QEMU's multi-threaded
# TCG then runs int3s other CPUs already removed (HWBP_TCG in vm.sh).
step "ABI fuzzer (QEMU, -smp 2, single-threaded TCG)"
HWBP_TCG=single HWBP_FILE_TIMEOUT=240 scripts/vm.sh --smp 2 --timeout 420 fuzz \
	2>&1 | tee "$log/fuzz.log"
tally "$log/fuzz.log"

# Everything at once for minutes (tests/vm/stress.sh, as make stress):
# kprobes churn under load, so single-threaded TCG as well. Before the RT
# step, which rebuilds kmod/ for the RT kernel. STRESS_SECS=N to change.
secs=${STRESS_SECS:-100}
for n in 2 4; do
	step "stress (QEMU, -smp $n, ${secs} s, single-threaded TCG)"
	HWBP_TCG=single HWBP_FILE_TIMEOUT=$((secs + 150)) \
		HWBP_APPEND="hwbp_stress_secs=$secs" \
		scripts/vm.sh --smp $n --timeout $((secs + 270)) stress \
		2>&1 | tee "$log/stress$n.log"
	tally "$log/stress$n.log"
done

# PREEMPT_RT: spinlocks sleep there, so the hit path must be right without
# them. The module and the test module are built for the -rt headers.
step "in-guest tests on PREEMPT_RT ($(KFLAVOUR=rt scripts/kernel.sh), -smp 2)"
rt_kdir=$(KFLAVOUR=rt scripts/kernel.sh --kdir)
if make -s -C kmod KDIR="$rt_kdir" W=1 >"$log/build-rt.log" 2>&1 &&
   make -s -C tests/kmod KDIR="$rt_kdir" W=1 >>"$log/build-rt.log" 2>&1; then
	KFLAVOUR=rt scripts/vm.sh --smp 2 2>&1 | tee "$log/vm-rt.log"
	tally "$log/vm-rt.log"
else
	cat "$log/build-rt.log"
	echo "check: build for PREEMPT_RT failed"
	failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
