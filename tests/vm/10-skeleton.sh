#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The walking skeleton on a real kernel: the data_breakpoint-style load
# parameters, add/list/del through /dev/hwbp, every refusal with its
# sentence, unload with watches armed, and root-only access.
#
#   insmod hwbp.ko ksym=pid_max      watch 1, logs every hit
#   echo N > /proc/sys/kernel/pid_max   x3  -> 3 hits, 3 stacks in dmesg
#   hwbp add / list / del            round trip on the same module
#   hwbp add <bad>                   refused, with the constraint named
. /tests/lib.sh

PIDMAX=/proc/sys/kernel/pid_max

hits() {
	watch_hits "$1"
}

# What hwbp makes of pid_max without a length. kallsyms knows no sizes, only
# the gap to the next symbol, which hwbp takes for the size when it is 1, 2,
# 4 or 8 and otherwise guesses 4 bytes, as the data_breakpoint sample
# watches. pid_max is an int, but the gap depends on what the kernel lays
# out after it: 16 bytes on 6.1 and 6.12 (a guess: 4 bytes), 8 on 5.10,
# where init_struct_pid follows it at the next 8 (8 bytes, no guess).
pm_gap=$(sort /proc/kallsyms | awk '
	$3 == "pid_max" && !a { a = $1; next }
	a && $1 != a { print "$((0x" $1 " - 0x" a "))"; exit }')
pm_gap=$(eval echo "$pm_gap")
case "$pm_gap" in
1|2|4|8) PM_LEN=$pm_gap PM_GUESS= ;;
*) PM_LEN=4 PM_GUESS=,len-guessed ;;
esac

# --- insmod ksym=pid_max, as the kernel's data_breakpoint sample ---------
kmsg_mark
check "param insmod ksym=pid_max" load_hwbp ksym=pid_max
mode=$(ls -l /dev/hwbp 2>/dev/null | cut -c1-10)
expect_eq "device is root-only (crw-------)" "crw-------" "$mode"
expect_eq "param watch 1 listed with 0 hits" "0" "$(hits 1)"
flags=$($HWBP list | awk '$1 == 1 { print $10 }')
expect_eq "param watch 1 flags" "log,param$PM_GUESS" "$flags"
expect_eq "param watch 1 length: $PM_LEN (pid_max's gap: $pm_gap)" "$PM_LEN" \
	"$($HWBP list | awk '$1 == 1 { print $3 }')"

old=$(cat $PIDMAX)
for v in 40000 50000 60000; do
	echo $v > $PIDMAX
done
expect_eq "param three writes give exactly 3 hits" "3" "$(hits 1)"
n=$(kmsg_since_mark | grep -c 'hwbp: watch 1 pid_max 0x[0-9a-f]* hit on CPU')
expect_eq "param three hit lines in the kernel log" "3" "$n"
n=$(kmsg_since_mark | grep -c 'Call Trace:')
expect_eq "param three stacks in the kernel log" "3" "$n"
n=$(kmsg_since_mark | grep -c 'do_proc_dointvec_minmax_conv')
[ "$n" -ge 3 ] && t_ok "param stacks name the sysctl writer" ||
	t_fail "param stacks name the sysctl writer" "found $n frames"
cat $PIDMAX >/dev/null
expect_eq "param reads are not counted by a w watch" "3" "$(hits 1)"
json=$($HWBP list --json)
case "$json" in
*'"hits":3'*|*'"hits": 3'*) t_ok "param list --json shows the hits" ;;
*) t_fail "param list --json shows the hits" "$json" ;;
esac
check "param rmmod with the watch armed" unload_hwbp
[ -e /dev/hwbp ] && t_fail "device gone after rmmod" "still there" ||
	t_ok "device gone after rmmod"
echo "$old" > $PIDMAX

# --- bad parameters fail the load, with a message in the log -------------
kmsg_mark
expect_fail "param unknown ksym refused" "" "" load_hwbp ksym=no_such_symbol_hwbp
n=$(kmsg_since_mark | grep -c 'cannot watch ksym=no_such_symbol_hwbp: no such kernel symbol')
[ "$n" -ge 1 ] && t_ok "param unknown ksym explained in the log" ||
	t_fail "param unknown ksym explained in the log" "$(kmsg_since_mark | tail -3)"
kmsg_mark
expect_fail "param len=3 refused" "" "" load_hwbp ksym=pid_max len=3
kmsg_since_mark | grep -q 'len must be 1, 2, 4 or 8' &&
	t_ok "param len=3 explained in the log" ||
	t_fail "param len=3 explained in the log" "$(kmsg_since_mark | tail -3)"
kmsg_mark
expect_fail "param type=q refused" "" "" load_hwbp ksym=pid_max type=q
kmsg_since_mark | grep -q 'type must be w, rw or x' &&
	t_ok "param type=q explained in the log" ||
	t_fail "param type=q explained in the log" "$(kmsg_since_mark | tail -3)"

# --- the tool without the module ------------------------------------------
expect_fail "no module, list says it is not loaded" 1 "module is not loaded" \
	$HWBP list

# --- add / list / del round trip -------------------------------------------
check "insmod without parameters" load_hwbp
expect_eq "empty list" "" "$($HWBP list | awk 'NR > 1')"
id=$($HWBP add pid_max 2>add.err)
expect_eq "add prints the new id" "1" "$id"
if [ -n "$PM_GUESS" ]; then
	expect_contains "add says the length is a guess" \
		"kallsyms does not know the size of pid_max; watching 4 bytes" \
		"$(cat add.err)"
else
	expect_eq "add says nothing of a guess for a gap of $pm_gap" "" \
		"$(cat add.err)"
fi
line=$($HWBP list | awk '$1 == 1')
case "$line" in
*" w "*" $PM_LEN "*pid_max*) t_ok "list shows type, length and target" ;;
*) t_fail "list shows type, length and target" "$line" ;;
esac
addr=$(awk '$3 == "pid_max" { print $1 }' /proc/kallsyms | head -1)
$HWBP list | grep -qi "0x$addr" && t_ok "list shows the kallsyms address" ||
	t_fail "list shows the kallsyms address" "want 0x$addr: $line"
echo 50000 > $PIDMAX
echo 60000 > $PIDMAX
expect_eq "added watch counts 2 writes" "2" "$(hits 1)"

id2=$($HWBP add -t rw -l 4 "0x$addr")
expect_eq "add by address" "2" "$id2"
cat $PIDMAX >/dev/null
[ "$(hits 2)" -ge 1 ] && t_ok "rw watch counts a read" ||
	t_fail "rw watch counts a read" "hits $(hits 2)"

out=$($HWBP add -t r pid_max 2>&1 >/dev/null)
id3=$($HWBP list | awk 'NR > 1 { id = $1 } END { print id }')
case "$out" in
*"cannot trap reads alone"*) t_ok "-t r explains it arms rw" ;;
*) t_fail "-t r explains it arms rw" "$out" ;;
esac
expect_eq "-t r armed as rw" "rw" "$($HWBP list | awk -v id=$id3 '$1 == id { print $2 }')"

check "del one id" $HWBP del 2
expect_eq "deleted watch gone from list" "" "$($HWBP list | awk '$1 == 2')"
expect_fail "del a missing id" 1 "no watch with id 2" $HWBP del 2
check "del --all" $HWBP del --all
expect_eq "list empty after del --all" "" "$($HWBP list | awk 'NR > 1')"

# --- a busy variable: the timer writes jiffies on every tick ----------------
jid=$($HWBP add -l 8 jiffies)
sleep 1
n=$(hits "$jid")
[ "$n" -ge 10 ] && t_ok "jiffies watch sees timer ticks" ||
	t_fail "jiffies watch sees timer ticks" "$n hits in 1 s"
$HWBP del "$jid"

# --- execute watch: length sizeof(long) by default --------------------------
xid=$($HWBP add -t x vfs_read)
expect_eq "exec watch defaults to length 8" "8" \
	"$($HWBP list | awk -v id="$xid" '$1 == id { print $3 }')"
cat $PIDMAX >/dev/null
[ "$(hits "$xid")" -ge 1 ] && t_ok "exec watch on vfs_read counts calls" ||
	t_fail "exec watch on vfs_read counts calls" "hits $(hits "$xid")"
expect_fail "exec watch with length 4" 2 "takes length 8" \
	$HWBP add -t x -l 4 vfs_read
$HWBP del --all

# --- refusals, each with its sentence --------------------------------------
expect_fail "unknown symbol" 1 "no kernel symbol 'no_such_symbol_hwbp'" \
	$HWBP add no_such_symbol_hwbp
expect_fail "bad length" 2 "1, 2, 4 or 8" $HWBP add -l 3 pid_max
expect_fail "misaligned symbol+offset" 1 "not aligned" \
	$HWBP add -l 4 pid_max+2
expect_fail "misaligned address" 2 "not aligned" \
	$HWBP add -l 8 "0x$(printf %x $((0x$addr + 4)))"
expect_fail "per-CPU symbol" 1 "per-CPU" $HWBP add runqueues
expect_fail "user-space address" 1 "user space" $HWBP add 0x1000
mod=$(cat /sys/module/hwbp/sections/.data 2>/dev/null)
expect_fail "hwbp's own memory" 1 "hwbp" $HWBP add "$mod"
expect_fail "bad type" 2 "" $HWBP add -t q pid_max
expect_fail "garbage target" 2 "" $HWBP add '1abc'
expect_eq "nothing half-applied by refusals" "" "$($HWBP list | awk 'NR > 1')"

# --- debug registers run out: the refusal names the CPU --------------------
for s in pid_max pid_max_min pid_max_max sysctl_max_map_count; do
	$HWBP add -l 4 $s >/dev/null || t_fail "fill slot $s" "add failed"
done
expect_fail "no free debug register" 1 "CPU 0 has no free debug register" \
	$HWBP add -l 4 panic_timeout
expect_eq "four watches armed, the fifth not" "4" \
	"$($HWBP list | awk 'NR > 1' | wc -l)"

# --- info --------------------------------------------------------------------
out=$($HWBP info)
case "$out" in
*"debug registers"*4*) t_ok "info shows the debug registers" ;;
*) t_fail "info shows the debug registers" "$out" ;;
esac

# --- not root ---------------------------------------------------------------
expect_fail "non-root refused by the device mode" 1 "needs root" \
	as_nobody $HWBP list
chmod 0666 /dev/hwbp
expect_fail "non-root refused by CAP_SYS_ADMIN" 1 "needs root" \
	as_nobody $HWBP list
chmod 0600 /dev/hwbp

# --- unload with watches armed ---------------------------------------------
kmsg_mark
check "rmmod with four watches armed" unload_hwbp
kmsg_since_mark | grep -q 'hwbp: unloaded' && t_ok "unload logged" ||
	t_fail "unload logged" "$(kmsg_since_mark | tail -3)"
echo 60000 > $PIDMAX
check "reload after unload" load_hwbp
expect_eq "reload starts empty" "" "$($HWBP list | awk 'NR > 1')"
unload_hwbp
