#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run hwbp's in-guest tests: boot Debian's kernel under QEMU with a busybox
# initramfs, run test files in the guest, judge the results on the host.
#
#   scripts/vm.sh [options] [TEST...]
#
#	host
#	 scripts/vm.sh
#	   make -C tests/vm                    (static helpers: tests/vm/bin/*)
#	   scripts/mkinitramfs.sh  --> initramfs.cpio.gz  (busybox, hwbp.ko,
#	                                hwbp, tests/kmod/*.ko, tests, /init)
#	   timeout qemu-system-x86_64 -accel tcg -cpu max -nographic
#	           -kernel $(scripts/kernel.sh --image) -initrd ...
#	   +-------------------------- guest ---------------------------+
#	   | /init: mount proc, sysfs, devtmpfs, debugfs, tmpfs         |
#	   |   for T in /tests/list:                                    |
#	   |     timeout sh /tests/T     (own shell, own /tmp/T.d)      |
#	   |        . /tests/lib.sh; insmod /hwbp.ko; /bin/hwbp ...     |
#	   |        --> "HWBP-TEST ok|FAIL file:name"                   |
#	   |   dmesg between ===HWBP-DMESG-BEGIN/END===                 |
#	   |   ===HWBP-DONE===; poweroff -f                             |
#	   +----------------------------|-------------------------------+
#	                                | ttyS0 (console=ttyS0 quiet)
#	                                v
#	   build/vm/console.log --> results, missing results, no DONE,
#	                            kernel problems (Oops, BUG:, WARNING:, ...)
#	                        --> "ok   file:name" / "FAIL file:name: why"
#	                            "N passed, N failed"
#
# TEST: a file in tests/vm/, with or without .sh (10-skeleton,
# 10-skeleton.sh, tests/vm/10-skeleton.sh); none: every tests/vm/[0-9]*.sh.
# Nothing under kmod/ or tool/ is built here (`make check` does that first);
# what exists is copied in. Layout of the guest: scripts/mkinitramfs.sh.
#
# Options:
#	--smp N		guest CPUs (2)
#	--mem MB	guest memory (512)
#	--timeout SEC	limit for the whole run (300); a timeout fails the run
#	--shell		interactive: boot to a shell on this terminal, run
#			nothing (Ctrl-A x quits QEMU, `poweroff -f` the guest)
#	--keep		keep the work directory (initramfs) and print its path
#	-h, --help	this text
# Environment:
#	KERNEL=NAME	the kernel to boot, from the matrix (scripts/kernel.sh
#			--list; bookworm by default); the modules must be
#			built for it (make guest-build KERNEL=NAME)
#	HWBP_KIMAGE=PATH	boot this kernel image instead, e.g. the debug
#			kernel (scripts/debug-kernel.sh --image; make
#			vm-test-debug); the modules must be built for it
#	HWBP_KVM=1	-enable-kvm instead of TCG (hangs on the CI machines)
#	HWBP_TCG=single	one host thread for all guest CPUs (default: multi,
#			one per CPU). QEMU 7.2's multi-threaded TCG can run
#			an int3 that another CPU's text_poke_bp() already
#			removed, which kprobes then mishandle (RIP 0); tests
#			that churn kprobes under load use single.
#	HWBP_QEMU_ARGS	extra QEMU arguments, e.g. "-d int -D /tmp/int.log"
#	HWBP_FILE_TIMEOUT=SEC	limit per test file in the guest (120)
#	HWBP_APPEND	extra kernel command line arguments
#	V=1		stream the guest console to stdout while it runs
#
# Output: one line per test, `ok   file:name` or `FAIL file:name: why`, and
# last `N passed, N failed`. Failures also are: a test file with no result
# line; the guest not reaching ===HWBP-DONE=== (panic, hang, timeout); each
# distinct kernel log line showing a kernel problem (test `kernel-log`).
# The console log stays in build/vm/console.log.
# Exit status: 0 all passed, 1 something failed, 2 usage error.
#
# (Hidden: `--scan-log FILE` judges an existing console log; for testing
# this script's parser.)
set -eu -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOGDIR=$ROOT/build/vm
LOG=$LOGDIR/console.log

smp=2
mem=512
timeout=300
shell=0
keep=0
scan_log=

usage() {
	sed -n '3,/^# Exit status/s/^# \{0,1\}//p' "$0"
}

usage_error() {
	echo "vm.sh: $*" >&2
	echo "usage: $0 [--smp N] [--mem MB] [--timeout SEC] [--shell] [--keep] [TEST...]" >&2
	exit 2
}

# number OPTION VALUE: VALUE must be a positive integer.
number() {
	case $2 in
	''|*[!0-9]*|0) usage_error "$1 wants a positive number, not '$2'" ;;
	esac
}

tests=()
while [ $# -gt 0 ]; do
	case $1 in
	--smp|--mem|--timeout|--scan-log)
		[ $# -ge 2 ] || usage_error "$1 needs an argument"
		case $1 in
		--smp)		number "$1" "$2"; smp=$2 ;;
		--mem)		number "$1" "$2"; mem=$2 ;;
		--timeout)	number "$1" "$2"; timeout=$2 ;;
		--scan-log)	scan_log=$2 ;;
		esac
		shift 2 ;;
	--shell)	shell=1; shift ;;
	--keep)		keep=1; shift ;;
	-h|--help)	usage; exit 0 ;;
	--)		shift; tests+=("$@"); break ;;
	-*)		usage_error "unknown option $1" ;;
	*)		tests+=("$1"); shift ;;
	esac
done

file_timeout=${HWBP_FILE_TIMEOUT:-120}
number HWBP_FILE_TIMEOUT "$file_timeout"

# ---------------------------------------------------------------------------
# Judging a console log.

# Kernel log lines that mean the kernel is unwell. Not "Call Trace" (the
# module's log option dumps stacks on purpose) and not user "segfault"
# lines (some tests provoke them).
KERNEL_PROBLEMS='Oops|BUG:|WARNING:|kernel BUG|general protection fault|Kernel panic|lockdep|possible recursive locking|inconsistent lock state|KASAN|UBSAN|kmemleak|INFO: task .* blocked|RCU stall|rcu_.*stall|list_add corruption|list_del corruption|refcount_t:|Unable to handle'

# Lines that match KERNEL_PROBLEMS but are news, not problems: what the
# debug kernel's checkers say when they start; kmemleak's count of new
# suspects (the kmemleak report itself is judged by kmemleak_judge); and a
# stack frame alone (on the debug kernel, stacks the module dumps on
# purpose pass through lockdep_* and kmemleak_* functions: a real report
# has its BUG: or WARNING: line, which is caught).
KERNEL_BENIGN='kmemleak: Kernel memory leak detector initialized|kmemleak: Automatic memory scanning thread (started|ended)|kmemleak: [0-9]+ new suspected memory leaks|RCU lockdep checking is enabled|^[[:space:]]*(\? )?[A-Za-z0-9_.]+\+0x[0-9a-f]+/0x[0-9a-f]+( \[[A-Za-z0-9_]+\])?[[:space:]]*$'

# printable: console text without \r and terminal escapes (SeaBIOS and the
# kernel reset the terminal: ESC c, ESC [?7l, ESC [2J).
printable() {
	sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[A-Za-z]//g'
}

# without_kmemleak CLEANLOG: the log without the kmemleak report, when
# the report is complete (a cut-off one may hold the reason why).
without_kmemleak() {
	awk '
	/===HWBP-KMEMLEAK-BEGIN===/	{ on = 1; n = 0 }
	on				{ held[n++] = $0 }
	!on				{ print }
	/===HWBP-KMEMLEAK-END===/	{ on = 0 }
	END { for (i = 0; on && i < n; i++) print held[i] }' "$1"
}

# kmemleak_judge CLEANLOG: the kmemleak report /init printed between
# ===HWBP-KMEMLEAK-BEGIN/END=== (kernels with kmemleak only, after the
# last rmmod). A suspected leak is hwbp's when a frame of its backtrace
# names hwbp ("hwbp_fn+0x10/0x20 [hwbp]", hwbp_target too) or is an
# address no symbol covers any more: an unloaded module's code, and the
# guest loads no modules but hwbp's. Prints a FAIL line for each of those
# (20 at most) and a count of the others, the kernel's own; then the
# number of failures on a line of its own, last.
kmemleak_judge() {
	awk '
	function flush() {
		if (head == "")
			return
		if (frame != "") {
			mine++
			if (mine <= 20)
				print "FAIL kmemleak: " head " from " frame
		} else {
			other++
		}
		head = ""
	}
	/===HWBP-KMEMLEAK-BEGIN===/	{ on = 1; seen = 1; next }
	/===HWBP-KMEMLEAK-END===/	{ flush(); on = 0; next }
	!on				{ next }
	/unreferenced object 0x/ {
		flush()
		head = $0
		sub(/^.*unreferenced object/, "unreferenced object", head)
		sub(/:[ \t]*$/, "", head)
		frame = ""
		next
	}
	/^[ \t]*\[<[0-9a-f]+>\] / {
		if (head == "" || frame != "")
			next
		f = $0
		sub(/^[ \t]*\[<[0-9a-f]+>\] /, "", f)
		if (f ~ /hwbp/)
			frame = f
		else if (f ~ /^0x[0-9a-f]+[ \t]*$/)
			frame = f " (an unloaded module)"
	}
	END {
		flush()
		if (mine > 20)
			print "FAIL kmemleak: ... and " mine - 20 " more (see the log)"
		if (seen)
			printf "kmemleak: %d suspected leak(s) from hwbp, %d from the kernel itself (not judged)\n", mine, other
		print mine + 0
	}' "$1"
}

# judge LOG RAN [NAME...]: print results from console log LOG, check that
# every test file NAME produced results, scan for kernel problems; RAN is
# why the guest may not have finished ("" if QEMU exited normally).
# Prints the summary; returns 1 if anything failed.
judge() {
	local log=$1 ran=$2
	shift 2
	local clean pass=0 fail=0 name line n out
	clean=$(mktemp)
	# Serial lines end in \r\n; kernel messages may land mid-line.
	printable <"$log" >"$clean"

	while IFS= read -r line; do
		line=${line#*HWBP-TEST }
		case $line in
		"ok "*)		echo "ok   ${line#ok }"; pass=$((pass + 1)) ;;
		"FAIL "*)	echo "FAIL ${line#FAIL }"; fail=$((fail + 1)) ;;
		esac
	done < <(grep -aE 'HWBP-TEST (ok|FAIL) ' "$clean" || true)

	for name in "$@"; do
		name=${name%.sh}
		if ! grep -aqF -e "HWBP-TEST ok $name:" -e "HWBP-TEST FAIL $name:" "$clean"; then
			echo "FAIL $name: produced no results"
			fail=$((fail + 1))
		fi
	done

	if ! grep -aq '===HWBP-DONE===' "$clean"; then
		echo "FAIL vm: guest did not finish (no ===HWBP-DONE===)${ran:+: $ran}"
		fail=$((fail + 1))
	fi

	# Kernel problems, each distinct line once: the same line may be on
	# the console and in the dmesg dump, or quoted by a test diagnostic.
	# Not in a whole kmemleak report, whose backtraces name kmemleak_alloc:
	# kmemleak_judge reads that.
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		[ $n -le 20 ] && echo "FAIL kernel-log: $line"
	done < <(without_kmemleak "$clean" |
		grep -aE "$KERNEL_PROBLEMS" | grep -av 'HWBP-TEST' |
		sed -E 's/^[^[]*\[ *[0-9]+\.[0-9]+\] //' |
		grep -avE "$KERNEL_BENIGN" | awk '!seen[$0]++')
	[ $n -gt 20 ] && echo "FAIL kernel-log: ... and $((n - 20)) more (see the log)"
	fail=$((fail + n))

	out=$(kmemleak_judge "$clean")
	[ "$out" = "${out##*$'\n'}" ] || echo "${out%$'\n'*}"
	fail=$((fail + ${out##*$'\n'}))

	rm -f "$clean"
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
}

if [ -n "$scan_log" ]; then
	[ -f "$scan_log" ] || usage_error "no such log: $scan_log"
	# The files that were meant to run: the names /init announced.
	mapfile -t tests < <(printable <"$scan_log" |
		sed -n 's/.*===HWBP-FILE \(.*\)===$/\1/p')
	judge "$scan_log" "" "${tests[@]}"
	exit
fi

# ---------------------------------------------------------------------------
# Which tests.

if [ $shell -eq 0 ] && [ ${#tests[@]} -eq 0 ]; then
	for f in "$ROOT"/tests/vm/[0-9]*.sh; do
		[ -f "$f" ] && tests+=("$(basename "$f")")
	done
	[ ${#tests[@]} -gt 0 ] || usage_error "no tests in tests/vm/"
fi
files=()
for t in ${tests[@]+"${tests[@]}"}; do
	t=$(basename "$t")
	t=${t%.sh}.sh
	[ -f "$ROOT/tests/vm/$t" ] || usage_error "no such test: tests/vm/$t"
	files+=("$ROOT/tests/vm/$t")
done
# The shell gets every test file, to run by hand.
if [ $shell -eq 1 ] && [ ${#files[@]} -eq 0 ]; then
	for f in "$ROOT"/tests/vm/[0-9]*.sh; do
		[ -f "$f" ] && files+=("$f")
	done
fi

# ---------------------------------------------------------------------------
# Build the initramfs.

if [ -n "${HWBP_KIMAGE:-}" ]; then
	image=$HWBP_KIMAGE
	[ -f "$image" ] || { echo "vm.sh: HWBP_KIMAGE: no such file: $image" >&2; exit 1; }
	krel=$image
else
	krel=$("$ROOT/scripts/kernel.sh")
	image=$("$ROOT/scripts/kernel.sh" --image)
	# A module built for another kernel would only fail to load, test
	# after test: say so once, first.
	for ko in "$ROOT/kmod/hwbp.ko" "$ROOT/tests/kmod/hwbp_target.ko"; do
		[ -f "$ko" ] || continue
		v=$(PATH=$PATH:/usr/sbin:/sbin modinfo -F vermagic "$ko" | cut -d' ' -f1)
		[ "$v" = "$krel" ] ||
			echo "vm.sh: warning: ${ko#"$ROOT"/} is for '$v', the guest boots $krel: make guest-build KERNEL=${KERNEL:-bookworm}" >&2
	done
fi
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "vm.sh: qemu-system-x86_64 not found: run scripts/deps.sh" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hwbp-vm.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ "$keep" -eq 1 ]; then
		echo "vm.sh: work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

make -s -C "$ROOT/tests/vm" >&2
"$ROOT/scripts/mkinitramfs.sh" "$work/initramfs.cpio.gz" ${files[@]+"${files[@]}"}
[ -f "$ROOT/kmod/hwbp.ko" ] || echo "vm.sh: note: kmod/hwbp.ko not built" >&2
[ -f "$ROOT/tool/hwbp-static" ] || echo "vm.sh: note: tool/hwbp-static not built (make guest-build)" >&2

# ---------------------------------------------------------------------------
# Boot.

# log_buf_len: the default 128K ring can wrap when tests dump many stacks,
# and the host reads the whole log at the end.
append="console=ttyS0 panic=-1 quiet log_buf_len=4M hwbp_file_timeout=$file_timeout"
[ $shell -eq 1 ] && append="$append hwbp_mode=shell"
append="$append ${HWBP_APPEND:-}"

case ${HWBP_TCG:-multi} in
multi|single)	;;
*)		usage_error "HWBP_TCG is multi or single, not '$HWBP_TCG'" ;;
esac
accel=(-accel "tcg,thread=${HWBP_TCG:-multi}")
[ "${HWBP_KVM:-0}" = 1 ] && accel=(-enable-kvm)
qemu=(qemu-system-x86_64 "${accel[@]}" -cpu max -smp "$smp" -m "$mem"
	-nographic -no-reboot -nic none -kernel "$image"
	-initrd "$work/initramfs.cpio.gz" -append "$append")
# shellcheck disable=SC2206 # word splitting wanted: several arguments
qemu+=(${HWBP_QEMU_ARGS:-})

if [ $shell -eq 1 ]; then
	echo "vm.sh: $krel, $smp CPUs, $mem MB: shell (Ctrl-A x quits QEMU)" >&2
	"${qemu[@]}"
	exit
fi

# The console goes to the work directory first, so that runs at the same
# time each judge their own log; the last one to finish owns $LOG.
log=$work/console.log
mkdir -p "$LOGDIR"
echo "vm.sh: $krel, $smp CPUs, $mem MB, ${#files[@]} test file(s), limit ${timeout}s" >&2
start=$(date +%s%N)
rc=0
if [ "${V:-0}" = 1 ]; then
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$log" || rc=$?
else
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null >"$log" 2>&1 || rc=$?
fi
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
cp "$log" "$LOG.$$"
mv -f "$LOG.$$" "$LOG"
booted=$(printable <"$log" | sed -n 's/^===HWBP-BOOTED=== //p' | head -n 1)
printf 'vm.sh: guest ran %d.%03d s (at /init after %s s of guest time)\n' \
	$((ms / 1000)) $((ms % 1000)) "${booted:-?}" >&2

ran=
case $rc in
0)	;;
124|137) ran="timed out after ${timeout}s" ;;
*)	ran="qemu exited with status $rc" ;;
esac
if [ -n "$ran" ]; then
	echo "vm.sh: $ran; last 30 lines of the console:" >&2
	tail -n 30 "$log" | printable | sed 's/^/  | /' >&2
fi

names=()
for f in "${files[@]}"; do
	names+=("$(basename "$f" .sh)")
done
if judge "$log" "$ran" "${names[@]}"; then
	exit 0
fi
echo "vm.sh: console log: $LOG" >&2
exit 1
