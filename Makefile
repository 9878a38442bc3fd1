# SPDX-License-Identifier: GPL-2.0
#
# hwbp: build, test and demo entry points.
#
#   make                  kmod/hwbp.ko and tool/hwbp
#   make demo             build, boot the guest, run an investigation
#   make check            host unit tests + in-guest tests, "N passed, N failed"
#   make unit             host unit tests only
#   make vm-test [TESTS="10-skeleton ..."] [SMP=4]   in-guest tests only
#   make vm-test-rt       in-guest tests on the PREEMPT_RT kernel
#   make vm-test-debug    in-guest tests on a debug kernel (KASAN, lockdep,
#                         kmemleak): built from linux-source-6.1 the first
#                         time (slow), not part of make check
#   make fuzz             the ABI fuzzer in the guest (HWBP_APPEND=hwbp_fuzz_seed=N)
#   make stress [SECS=N]  everything at once for N s (150), -smp 2 then -smp 4:
#                         exact counts, clean unload, memory before and after
#   make vm-shell         boot the guest to a shell with everything loaded
#   make lint             checkpatch --strict and sparse on the module
#   make bench            cost per hit against a bare breakpoint; callgrind
#
# KDIR: the kernel build tree for `make`: /lib/modules/$(uname -r)/build when
# it exists, else the newest one installed; make KDIR=... overrides. The
# guest targets build against the release the guest boots (scripts/kernel.sh,
# KREL=... to choose), whatever KDIR says.

KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	  ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -1)
GUEST_KDIR = $(shell scripts/kernel.sh --kdir)
SMP ?= 2
TESTS ?=

all: module tool

module:
	@test -n "$(KDIR)" || { echo "no kernel headers found: run scripts/deps.sh or set KDIR" >&2; exit 1; }
	$(MAKE) -C kmod KDIR=$(KDIR)

tool:
	$(MAKE) -C tool

# The guest runs a busybox initramfs: the tool is linked statically and the
# module is built for the kernel the guest boots.
guest-build: deps
	$(MAKE) -C kmod KDIR=$(GUEST_KDIR) W=1
	$(MAKE) -C tests/kmod KDIR=$(GUEST_KDIR) W=1
	$(MAKE) -C tool hwbp hwbp-static

deps:
	@scripts/deps.sh

unit: tool
	$(MAKE) -C tests/unit check

unit-valgrind: tool
	$(MAKE) -C tests/unit valgrind

vm-test: guest-build
	scripts/vm.sh --smp $(SMP) $(TESTS)

# The in-guest suite on Debian's PREEMPT_RT flavour (make check runs it too).
vm-test-rt: deps
	$(MAKE) -C kmod KDIR=$(shell KFLAVOUR=rt scripts/kernel.sh --kdir) W=1
	$(MAKE) -C tests/kmod KDIR=$(shell KFLAVOUR=rt scripts/kernel.sh --kdir) W=1
	$(MAKE) -C tool hwbp-static
	KFLAVOUR=rt scripts/vm.sh --smp $(SMP) $(TESTS)

# The in-guest suite on a debug kernel (scripts/debug-kernel.sh: KASAN,
# lockdep, kmemleak, DEBUG_ATOMIC_SLEEP, PREEMPT), built once and cached in
# build/debug-kernel; its tree is KDIR. More memory (KASAN's shadow) and
# longer limits for the slower guest. Not in make check.
DEBUG_MEM ?= 1024
DEBUG_TIMEOUT ?= 1800
DEBUG_FILE_TIMEOUT ?= 600
vm-test-debug: deps
	scripts/debug-kernel.sh
	$(MAKE) -C kmod KDIR=$$(scripts/debug-kernel.sh --kdir) W=1
	$(MAKE) -C tests/kmod KDIR=$$(scripts/debug-kernel.sh --kdir) W=1
	$(MAKE) -C tool hwbp-static
	HWBP_KIMAGE=$$(scripts/debug-kernel.sh --image) \
	HWBP_FILE_TIMEOUT=$(DEBUG_FILE_TIMEOUT) \
		scripts/vm.sh --smp $(SMP) --mem $(DEBUG_MEM) \
			--timeout $(DEBUG_TIMEOUT) $(TESTS)

# The ABI fuzzer (tests/vm/fuzz.sh), also run by make check. It churns
# kprobes under load, which QEMU's multi-threaded TCG does not survive (see
# HWBP_TCG in scripts/vm.sh): one host thread for the guest CPUs.
fuzz: guest-build
	HWBP_TCG=single HWBP_FILE_TIMEOUT=240 \
		scripts/vm.sh --smp $(SMP) --timeout 420 fuzz

# The stress run (tests/vm/stress.sh), also run by make check: SECS seconds
# of watches and probes added and deleted while every CPU hits them, with
# readers, a monitor, CPU hotplug and watched processes coming and going;
# with 2 CPUs, then 4. Single-threaded TCG, as the fuzzer. The guest needs
# about 100 s more than SECS for the rest (warm-up, checks, reload).
SECS ?= 150
stress: guest-build
	@rc=0; for n in 2 4; do \
		HWBP_TCG=single HWBP_FILE_TIMEOUT=$$(($(SECS) + 150)) \
		HWBP_APPEND="hwbp_stress_secs=$(SECS) $$HWBP_APPEND" \
		scripts/vm.sh --smp $$n --timeout $$(($(SECS) + 270)) stress || rc=1; \
	done; exit $$rc

vm-shell: guest-build
	scripts/vm.sh --smp $(SMP) --shell

check: deps
	@scripts/check.sh

demo: guest-build
	@scripts/demo.sh

lint: deps
	@scripts/lint.sh

bench: guest-build
	@scripts/bench.sh

clean:
	-$(MAKE) -C kmod clean KDIR=$(KDIR)
	-$(MAKE) -C tests/kmod clean KDIR=$(KDIR)
	$(MAKE) -C tool clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/vm clean
	rm -rf build

.PHONY: all module tool guest-build deps unit unit-valgrind vm-test vm-shell \
	check demo lint bench vm-test-rt vm-test-debug fuzz stress clean
