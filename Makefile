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
#   make lint             checkpatch --strict and sparse on the module,
#                         cppcheck and -Werror on the tool, the man page
#   make bench            cost per hit against a bare breakpoint; callgrind
#   make dkms-test        dkms add, build, install, remove against the guest
#                         kernel's headers, in scratch trees
#   make deb              Debian packages hwbp-dkms and hwbp in build/deb,
#                         checked by lintian
#   make deb-test         make deb, then install them with apt, check, purge
#                         (make check runs these three)
#   make intree           hwbp as drivers/misc/hwbp in linux-source-6.1,
#                         built by that tree's Kbuild (slow, not in make check)
#   make install [DESTDIR=...] [PREFIX=/usr/local]   the tool, the module, the
#                         man page, completion, the udev rule; make uninstall
#   make install-test     make install into a temporary DESTDIR, checked
#
# KERNEL: a kernel of the matrix (scripts/kernel.sh --list: bullseye,
# bookworm, bookworm-rt, trixie, trixie-rt, sid), each built by its own
# release's compiler in its own environment (scripts/kbuild.sh). The guest
# targets (guest-build, demo, vm-test, vm-shell, bench, fuzz, stress,
# dkms-test) boot and build for KERNEL, bookworm when unset.
#
# KDIR: `make` and `make module` without KERNEL build for this machine:
# /lib/modules/$(uname -r)/build when it exists, else the newest one
# installed; make KDIR=... overrides.

KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	  ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -1)
GUEST_KERNEL = $(or $(KERNEL),bookworm)
SMP ?= 2
TESTS ?=

all: module tool

module:
ifneq ($(KERNEL),)
	$(MAKE) -C kmod KERNEL=$(KERNEL)
else
	@test -n "$(KDIR)" || { echo "no kernel headers found: run scripts/deps.sh or set KDIR" >&2; exit 1; }
	$(MAKE) -C kmod KDIR=$(KDIR)
endif

tool:
	$(MAKE) -C tool

# The guest runs a busybox initramfs: the tool is linked statically and the
# module is built for the kernel the guest boots (its vermagic checked).
guest-build: deps
	$(MAKE) -C kmod KERNEL=$(GUEST_KERNEL) W=1
	$(MAKE) -C tests/kmod KERNEL=$(GUEST_KERNEL) W=1
	$(MAKE) -C tool hwbp hwbp-static

deps:
	@scripts/deps.sh

unit: tool
	$(MAKE) -C tests/unit check

unit-valgrind: tool
	$(MAKE) -C tests/unit valgrind

vm-test: guest-build
	KERNEL=$(GUEST_KERNEL) scripts/vm.sh --smp $(SMP) $(TESTS)

# The in-guest suite on Debian 12's PREEMPT_RT flavour: make vm-test
# KERNEL=bookworm-rt, as before the matrix.
vm-test-rt:
	$(MAKE) vm-test KERNEL=bookworm-rt

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
	HWBP_TCG=single HWBP_FILE_TIMEOUT=240 KERNEL=$(GUEST_KERNEL) \
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
		KERNEL=$(GUEST_KERNEL) HWBP_APPEND="hwbp_stress_secs=$(SECS) $$HWBP_APPEND" \
		scripts/vm.sh --smp $$n --timeout $$(($(SECS) + 270)) stress || rc=1; \
	done; exit $$rc

vm-shell: guest-build
	KERNEL=$(GUEST_KERNEL) scripts/vm.sh --smp $(SMP) --shell

check: deps
	@scripts/check.sh

demo: guest-build
	@KERNEL=$(GUEST_KERNEL) scripts/demo.sh

lint: deps
	@scripts/lint.sh

bench: guest-build
	@KERNEL=$(GUEST_KERNEL) scripts/bench.sh

# DKMS (dkms.conf) for the guest's kernel, every DKMS tree in build/dkms:
# the host is left as it was.
dkms-test: deps
	@KERNEL=$(GUEST_KERNEL) scripts/dkms-test.sh

# The Debian packages (debian/), built from a copy of the tree in build/deb
# where everything dpkg-buildpackage writes ends up; lintian must report
# no error. deb-test installs them on this machine and purges them again.
deb: deps
	@scripts/deb.sh

deb-test: deb
	@scripts/deb-test.sh

.PHONY: dkms-test deb deb-test

# In-tree (scripts/intree.sh): Kconfig.example and kmod/ placed into
# linux-source-6.1 in build/intree, built with its own Kbuild. About a
# minute the first time, and 1.5 GB; not part of make check.
intree: deps
	@scripts/intree.sh

.PHONY: intree

# make install [DESTDIR=...] [PREFIX=/usr/local], for the release of KDIR:
#   $(SBINDIR)/hwbp            PREFIX/sbin: root-only, as ip and iw are
#   /lib/modules/KREL/extra/hwbp.ko   kbuild's modules_install, with
#                              INSTALL_MOD_PATH=$(DESTDIR); then depmod when
#                              installing on this machine (DESTDIR empty):
#                              Debian's headers have no System.map, so
#                              kbuild's own depmod step skips itself
#   $(MANDIR)/man8/hwbp.8      PREFIX/share/man
#   $(BASHCOMPDIR)/hwbp        PREFIX/share/bash-completion/completions,
#                              where bash-completion looks for a command in
#                              PREFIX/sbin (../share/bash-completion/...)
#   $(UDEVRULESDIR)/60-hwbp.rules   /usr/lib/udev/rules.d whatever PREFIX:
#                              udev reads only /usr/lib, /etc and /run, never
#                              /usr/local; /etc/udev/rules.d is the
#                              administrator's, to override this one
# The module is signed only when KDIR has the key (a kernel built here):
# Debian's headers have none, and sign-file would only print errors.
PREFIX       ?= /usr/local
SBINDIR      ?= $(PREFIX)/sbin
MANDIR       ?= $(PREFIX)/share/man
BASHCOMPDIR  ?= $(PREFIX)/share/bash-completion/completions
UDEVRULESDIR ?= /usr/lib/udev/rules.d
INSTALL_MOD_DIR ?= extra
KREL = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	 $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
MOD_NOSIGN = $(if $(wildcard $(KDIR)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=)

install: all
	$(MAKE) -C tool install DESTDIR=$(DESTDIR) SBINDIR=$(SBINDIR)
	@v=$$(PATH=$$PATH:/usr/sbin:/sbin modinfo -F vermagic kmod/hwbp.ko | cut -d' ' -f1); \
	test "$$v" = "$(KREL)" || { echo "kmod/hwbp.ko is for $${v:-no kernel}, KDIR=$(KDIR) for $(KREL): make install KDIR=... with the kernel's headers" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod CONFIG_HWBP=m $(MOD_NOSIGN) \
		INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		modules_install
	@if [ -z "$(DESTDIR)" ]; then echo "depmod $(KREL)"; PATH=$$PATH:/usr/sbin:/sbin depmod $(KREL); fi
	if [ -f man/hwbp.8 ]; then \
		install -D -m 0644 man/hwbp.8 $(DESTDIR)$(MANDIR)/man8/hwbp.8; fi
	install -D -m 0644 completion/hwbp $(DESTDIR)$(BASHCOMPDIR)/hwbp
	install -D -m 0644 udev/60-hwbp.rules $(DESTDIR)$(UDEVRULESDIR)/60-hwbp.rules

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/hwbp $(DESTDIR)$(MANDIR)/man8/hwbp.8 \
	      $(DESTDIR)$(BASHCOMPDIR)/hwbp $(DESTDIR)$(UDEVRULESDIR)/60-hwbp.rules
	@test -n "$(KREL)" || { echo "no kernel release for KDIR=$(KDIR): set KDIR" >&2; exit 1; }
	rm -f $(DESTDIR)/lib/modules/$(KREL)/$(INSTALL_MOD_DIR)/hwbp.ko \
	      $(DESTDIR)/lib/modules/$(KREL)/$(INSTALL_MOD_DIR)/hwbp.ko.*
	@if [ -z "$(DESTDIR)" ]; then echo "depmod $(KREL)"; PATH=$$PATH:/usr/sbin:/sbin depmod $(KREL); fi

# make install into a temporary DESTDIR, with PREFIX=/usr and the default
# one: every file where it belongs with its mode, nothing else, nothing
# outside DESTDIR, and make uninstall removes it all (make check runs it).
install-test:
	@scripts/install-test.sh

clean:
	-$(MAKE) -C kmod clean KDIR=$(KDIR)
	-$(MAKE) -C tests/kmod clean KDIR=$(KDIR)
	$(MAKE) -C tool clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/vm clean
	rm -rf build

.PHONY: all module tool guest-build deps unit unit-valgrind vm-test vm-shell \
	check demo lint bench vm-test-rt vm-test-debug fuzz stress clean \
	install uninstall install-test
