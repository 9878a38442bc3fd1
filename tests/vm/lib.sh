# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034 # variables are for the tests
#
# Sourced by every in-guest test file (`. /tests/lib.sh`), busybox sh.
#
# Protocol: every test case prints exactly one line on stdout,
#
#	HWBP-TEST ok <file>:<name>
#	HWBP-TEST FAIL <file>:<name>: <why>
#
# which scripts/vm.sh collects from the console. Anything else is free-form
# diagnostics, by convention prefixed "# " (see diag). <file> is the test
# file's name without .sh; <name> should be unique within the file, and
# reads best without ": " in it (FAIL lines continue with ": <why>").
#
# The check functions return 0 on success and 1 on failure, so a test can
# stop early (`check load load_hwbp || exit 0`) without reporting twice. A
# test file that exits non-zero without reporting a failure gets one from
# /init (<file>:exit), as does one that is killed (<file>:killed).
#
# Guest paths:
#	$HWBP		/bin/hwbp, the CLI (tool/hwbp, static)
#	$HWBP_KO	/hwbp.ko, the module (kmod/hwbp.ko)
#	$KMOD_DIR	/tests/kmod, test-only modules (tests/kmod/*.ko)
#	/tests/bin	static helpers (tests/vm/bin/*), first in $PATH
# The current directory is a scratch directory of this file's, in /tmp.

HWBP=/bin/hwbp
HWBP_KO=/hwbp.ko
KMOD_DIR=/tests/kmod
NOBODY=65534
T_FILE=${HWBP_TEST_FILE:-$(basename "$0" .sh)}
_T_TMP=/tmp/.hwbp-lib.$$
_T_MARK=
_T_NMARK=0

# diag MSG...: print a diagnostic line (not a result).
diag() {
	echo "# $*"
}

# _t_oneline: squeeze stdin into one line (results must be single lines).
_t_oneline() {
	awk 'NR > 1 { printf " | " } { printf "%s", $0 } END { print "" }'
}

# t_ok NAME: report test NAME passed.
t_ok() {
	echo "HWBP-TEST ok $T_FILE:$1"
	return 0
}

# t_fail NAME WHY: report test NAME failed because of WHY (made one line).
# Also leaves a mark for /init, which then does not report a non-zero exit
# status of this file as a failure of its own.
t_fail() {
	echo "HWBP-TEST FAIL $T_FILE:$1: $(printf '%s' "${2:-failed}" | _t_oneline)"
	: >/tmp/.hwbp-failed
	return 1
}

# _t_tail FILE: the last 5 lines of FILE, on one line.
_t_tail() {
	tail -n 5 "$1" | _t_oneline
}

# check NAME CMD...: run CMD; ok if it exits 0, else FAIL with its exit
# status and the tail of its stderr (or stdout, if stderr was empty).
# CMD's output is kept out of the console unless it fails.
check() {
	_t_name=$1
	shift
	_t_rc=0
	"$@" >"$_T_TMP.out" 2>"$_T_TMP.err" || _t_rc=$?
	if [ $_t_rc -eq 0 ]; then
		rm -f "$_T_TMP.out" "$_T_TMP.err"
		t_ok "$_t_name"
		return
	fi
	[ -s "$_T_TMP.err" ] || mv "$_T_TMP.out" "$_T_TMP.err"
	t_fail "$_t_name" "'$*' exited $_t_rc: $(_t_tail "$_T_TMP.err")"
	rm -f "$_T_TMP.out" "$_T_TMP.err"
	return 1
}

# expect_eq NAME EXPECTED ACTUAL: ok if the two strings are equal.
expect_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_fail "$1" "expected '$2', got '$3'"
	fi
}

# expect_contains NAME SUBSTRING TEXT: ok if TEXT contains SUBSTRING.
expect_contains() {
	if printf '%s\n' "$3" | grep -qF -- "$2"; then
		t_ok "$1"
	else
		t_fail "$1" "'$2' not found in: $(printf '%s\n' "$3" | tail -n 5 | _t_oneline)"
	fi
}

# expect_fail NAME EXIT_CODE SUBSTRING CMD...: run CMD; ok if it exits with
# EXIT_CODE ("" or "nz": any non-zero status) and its stderr contains SUBSTRING
# (fixed string; empty matches anything). The FAIL line says what happened.
expect_fail() {
	_t_name=$1 _t_want=$2 _t_sub=$3
	shift 3
	_t_rc=0
	"$@" >"$_T_TMP.out" 2>"$_T_TMP.err" || _t_rc=$?
	_t_why=
	case $_t_want in
	''|nz)	[ "$_t_rc" -ne 0 ] || _t_why="exited 0, want non-zero" ;;
	*)	[ "$_t_rc" -eq "$_t_want" ] ||
			_t_why="exited $_t_rc, want $_t_want" ;;
	esac
	if [ -z "$_t_why" ] && ! grep -qF -- "$_t_sub" "$_T_TMP.err"; then
		_t_why="stderr lacks '$_t_sub'"
	fi
	_t_rc=0
	if [ -z "$_t_why" ]; then
		t_ok "$_t_name"
	else
		t_fail "$_t_name" "'$*': $_t_why; stderr: $(_t_tail "$_T_TMP.err")" ||
			_t_rc=1
	fi
	rm -f "$_T_TMP.out" "$_T_TMP.err"
	return $_t_rc
}

# wait_line FILE REGEX [SECS]: wait up to SECS (20) seconds for a line of
# FILE to match the extended REGEX; 0 if one did.
wait_line() {
	_t_n=$((${3:-20} * 10))
	while [ "$_t_n" -gt 0 ]; do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_t_n=$((_t_n - 1))
	done
	return 1
}

# wait_for SECS CMD...: run CMD every 0.1 s until it succeeds, for at most
# SECS seconds; 0 if it did. For what a work item or a poll makes true
# soon, but later on a loaded machine.
wait_for() {
	_t_n=$(($1 * 10))
	shift
	while [ "$_t_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		_t_n=$((_t_n - 1))
	done
	return 1
}

# as_nobody CMD...: run CMD as uid/gid 65534 without supplementary groups.
as_nobody() {
	runas "$NOBODY" "$NOBODY" "$@"
}

# load_hwbp [PARAM=VALUE...]: insmod the module with these parameters.
load_hwbp() {
	insmod "$HWBP_KO" "$@"
}

# unload_hwbp: rmmod the module.
unload_hwbp() {
	rmmod hwbp
}

# load_kmod NAME [PARAM=VALUE...]: insmod test module $KMOD_DIR/NAME.ko.
load_kmod() {
	_t_ko=$1
	shift
	insmod "$KMOD_DIR/$_t_ko.ko" "$@"
}

# unload_kmod NAME: rmmod test module NAME.
unload_kmod() {
	rmmod "$1"
}

# kmsg_mark: write a unique marker line into the kernel log (KERN_INFO, so
# not on the console); kmsg_since_mark prints what the kernel logged after
# it. A marker survives other messages being added, unlike a line count.
kmsg_mark() {
	_T_NMARK=$((_T_NMARK + 1))
	_T_MARK="hwbp-test: mark <$T_FILE.$$.$_T_NMARK>"
	echo "<6>$_T_MARK" >/dev/kmsg
}

# kmsg_since_mark: kernel log lines since the last kmsg_mark (dmesg format,
# with timestamps); the whole log if there was no mark yet. Prints nothing
# if the marker was lost (log wrapped: vm.sh boots with log_buf_len=4M).
kmsg_since_mark() {
	[ -n "$_T_MARK" ] || { dmesg; return; }
	dmesg | awk -v m="$_T_MARK" 'seen { print } index($0, m) { seen = 1 }'
}

# watch_field ID KEY: KEY's value in watch ID's object of `hwbp list --json`
# (numbers bare, strings without quotes; arrays and null as printed).
watch_field() {
	$HWBP list --json | sed 's/},{"id"/}\n{"id"/g' | grep "\"id\":$1," |
		sed 's/"pieces":.*//' | grep -o "\"$2\":[^,}]*" | head -n 1 |
		cut -d: -f2- | tr -d '"'
}

# watch_hits ID: the exact hit count of watch ID
watch_hits() {
	watch_field "$1" hits
}

# kernel_at_least MAJOR MINOR: the guest's kernel is MAJOR.MINOR or newer.
# For the few places where kernels of the matrix behave differently; the
# test says what differs and why.
kernel_at_least() {
	_kv=$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
	set -- "$1" "$2" $_kv
	[ "$3" -gt "$1" ] || { [ "$3" -eq "$1" ] && [ "$4" -ge "$2" ]; }
}
