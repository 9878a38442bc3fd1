#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Live events: hwbp monitor over generic netlink.
#
#   hwbp monitor > mon.out &          joins groups "hits" and "events"
#   hwbp add ... ; N writes           -> "armed" line, N hit lines in order
#   events_per_sec=10 ; 100 writes    -> few lines + "not shown" counts: all 100
#   runas nobody hwbp monitor         -> refused (CAP_SYS_ADMIN)
#   rmmod hwbp                        -> the monitor ends by itself
. /tests/lib.sh

T=/sys/kernel/debug/hwbp_target
P=/sys/module/hwbp/parameters/events_per_sec
cp /tests/bin/poke /tmp/writer-a

writes() {
	taskset -c 0 /tmp/writer-a $T/write_var 1 "$1"
}

# mon_total ID: hit lines of watch ID in mon.out plus its "not shown" counts
mon_total() {
	_s=$(grep -c " w$1 " mon.out)
	_h=$(sed -n "s/^# watch $1: \\([0-9]*\\) hits not shown.*/\\1/p" mon.out |
		awk '{ s += $1 } END { print s + 0 }')
	echo $((_s + _h))
}

# wait_total ID N: wait up to 10 s for mon_total ID to reach N (the
# monitor's lines come from a work item: late on a loaded machine)
wait_total() {
	for _i in $(seq 100); do
		[ "$(mon_total "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_gone PID: wait up to 5 s for PID to end; 0 if it did
wait_gone() {
	for _i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0

$HWBP monitor > mon.out 2> mon.err &
mpid=$!
sleep 0.5
id=$($HWBP add -l 8 hwbp_target_var)
writes 5
wait_total "$id" 5
grep -q "watch $id (hwbp_target_var): armed" mon.out &&
	t_ok "monitor: armed event" || t_fail "monitor: armed event" "$(cat mon.out mon.err)"
expect_eq "monitor: 5 hits, 5 lines" "5" "$(grep -c " w$id .*hwbp_target_writer_a" mon.out)"
expect_eq "monitor: lines carry comm and pid" "5" "$(grep -c 'writer-a\[' mon.out)"
expect_eq "monitor: lines say write, as hits does" "5" \
	"$(grep " w$id .*hwbp_target_writer_a" mon.out | grep -c ' write$')"
# In order: times (first field) never go back.
bad=$(grep " w$id " mon.out | awk '{ if (NR > 1 && $1 < last) bad++; last = $1 } END { print bad + 0 }')
expect_eq "monitor: hits in order" "0" "$bad"

# --- a burst above the rate limit -----------------------------------------------
echo 10 > $P
: > mon.out
writes 100
sleep 1.2
writes 1
wait_total "$id" 101
shown=$(grep -c " w$id " mon.out)
hidden=$(sed -n "s/^# watch $id: \\([0-9]*\\) hits not shown.*/\\1/p" mon.out |
	awk '{ s += $1 } END { print s + 0 }')
diag "burst: $shown shown, $hidden not shown"
[ "$shown" -le 30 ] && t_ok "rate limit holds the burst back ($shown lines)" ||
	t_fail "rate limit holds the burst back" "$shown lines shown"
expect_eq "shown + not shown = all 101 hits" "101" "$((shown + hidden))"
expect_eq "the watch still counted every hit (5 + 101)" "106" "$(watch_hits "$id")"
echo 1000 > $P
kill -0 "$mpid" 2>/dev/null && t_ok "monitor still running after the burst" ||
	t_fail "monitor still running after the burst" "$(cat mon.err)"

check "del" $HWBP del "$id"
wait_for 10 grep -q "watch $id (hwbp_target_var): disarmed" mon.out
grep -q "watch $id (hwbp_target_var): disarmed" mon.out &&
	t_ok "monitor: disarmed event" || t_fail "monitor: disarmed event" "$(tail -3 mon.out)"

# --- a probe's calls are hits too -----------------------------------------------
pid=$($HWBP probe --count-only --by cpu hwbp_target_writer_a)
: > mon.out
sleep 0.3
writes 3
lines_at_least() {
	[ "$(grep -c "$1" mon.out)" -ge "$2" ]
}
wait_for 10 lines_at_least "p$pid " 3
expect_eq "monitor: a counting probe's 3 calls" "3" "$(grep -c "p$pid " mon.out)"
$HWBP del --all

# --- root only ------------------------------------------------------------------
# The kernel refuses the join (the groups are root-only on every kernel of
# the matrix: kmod/compat.h HWBP_GENL_ROOT_ONLY), not the tool.
expect_fail "monitor: non-root refused by the kernel" 1 \
	"permission denied joining the hwbp event groups" as_nobody $HWBP monitor

# --- unload while a monitor runs ------------------------------------------------
check "unload hwbp while the monitor runs" unload_hwbp
wait_gone "$mpid" && t_ok "monitor ends when the module unloads" ||
	{ t_fail "monitor ends when the module unloads" "$(cat mon.err)"; kill "$mpid"; }
wait "$mpid"
expect_eq "monitor exit status after unload" "0" "$?"
grep -q "unloading" mon.err && t_ok "monitor says the module unloads" ||
	t_fail "monitor says the module unloads" "$(cat mon.err)"
expect_fail "monitor without the module" 1 "not loaded" $HWBP monitor
unload_kmod hwbp_target
