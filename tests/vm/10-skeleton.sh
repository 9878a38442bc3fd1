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
#
# pid_max, the kernel's data_breakpoint sample's example, is a global int
# up to 6.13. From 6.14 ("pid: allow pid_max to be set per pid namespace")
# /proc/sys/kernel/pid_max writes init_pid_ns.pid_max, a struct member, and
# kallsyms has no pid_max: there ksym=pid_max is refused as no such symbol
# (asserted below) and the skeleton watches vm.max_map_count instead,
# sysctl_max_map_count, also an int written by proc_dointvec_minmax.
#
# The length a watch takes without -l is kallsyms' size for the symbol,
# the distance to the next one, when that is 1, 2, 4 or 8; else a guess of
# 4 (kmod/rules.c, hwbp_default_len()). That distance depends on the
# kernel's layout: pid_max has more than 8 bytes to the next symbol on 6.1
# and 6.12 (a guess), 8 on 5.10 (8 bytes, not a guess);
# sysctl_max_map_count 8 on 7.2. The expected length is worked out from
# /proc/kallsyms the same way.
. /tests/lib.sh

if kernel_at_least 6 14; then
	SYM=sysctl_max_map_count SYSCTL=/proc/sys/vm/max_map_count
	V1=65531 V2=65532 V3=65533
	# pid_max's slot below, in the four that fill the registers
	OTHER=max_threads
else
	SYM=pid_max SYSCTL=/proc/sys/kernel/pid_max
	V1=40000 V2=50000 V3=60000
	OTHER=sysctl_max_map_count
fi
# The conversion function of proc_dointvec_minmax, as the stacks name it:
# do_proc_dointvec_minmax_conv up to 6.x, do_proc_int_conv_minmax on 7.x
# (the sysctl converters were rewritten); whichever kallsyms has.
CONV=$(awk '$3 == "do_proc_dointvec_minmax_conv" ||
	    $3 == "do_proc_int_conv_minmax" { print $3; exit }' /proc/kallsyms)
# kallsyms' size: from $SYM's address to the next higher one (the low 32
# bits suffice: both lie in the kernel image)
a=$(awk -v s="$SYM" '$3 == s { print $1; exit }' /proc/kallsyms)
n=$(cut -d' ' -f1 /proc/kallsyms | sort -u | awk -v a="$a" '$1 > a { print; exit }')
ksize=$((0x${n#????????} - 0x${a#????????}))
case $ksize in
1|2|4|8) LEN=$ksize GUESSED= ;;
*) LEN=4 GUESSED=,len-guessed ;;
esac
diag "watching $SYM through $SYSCTL, kallsyms size $ksize; sysctl converter ${CONV:-none found}"

hits() {
	watch_hits "$1"
}

# --- insmod ksym=pid_max, as the kernel's data_breakpoint sample ---------
if kernel_at_least 6 14; then
	kmsg_mark
	expect_fail "param ksym=pid_max refused from 6.14 (no global)" "" "" \
		load_hwbp ksym=pid_max
	expect_contains "param ksym=pid_max: no such kernel symbol" \
		"cannot watch ksym=pid_max: no such kernel symbol" "$(kmsg_since_mark)"
fi
kmsg_mark
check "param insmod ksym=$SYM" load_hwbp ksym=$SYM
mode=$(ls -l /dev/hwbp 2>/dev/null | cut -c1-10)
expect_eq "device is root-only (crw-------)" "crw-------" "$mode"
expect_eq "param watch 1 listed with 0 hits" "0" "$(hits 1)"
flags=$($HWBP list | awk '$1 == 1 { print $10 }')
expect_eq "param watch 1 flags" "log,param$GUESSED" "$flags"
expect_eq "param watch 1 length: $LEN (the sample's 4 when unknown)" "$LEN" \
	"$($HWBP list | awk '$1 == 1 { print $3 }')"

old=$(cat $SYSCTL)
for v in $V1 $V2 $V3; do
	echo $v > $SYSCTL
done
expect_eq "param three writes give exactly 3 hits" "3" "$(hits 1)"
n=$(kmsg_since_mark | grep -c "hwbp: watch 1 $SYM 0x[0-9a-f]* hit on CPU")
expect_eq "param three hit lines in the kernel log" "3" "$n"
n=$(kmsg_since_mark | grep -c 'Call Trace:')
expect_eq "param three stacks in the kernel log" "3" "$n"
n=$(kmsg_since_mark | grep -c "${CONV:-no-converter}")
[ "$n" -ge 3 ] && t_ok "param stacks name the sysctl writer" ||
	t_fail "param stacks name the sysctl writer" "found $n frames"
cat $SYSCTL >/dev/null
expect_eq "param reads are not counted by a w watch" "3" "$(hits 1)"
json=$($HWBP list --json)
case "$json" in
*'"hits":3'*|*'"hits": 3'*) t_ok "param list --json shows the hits" ;;
*) t_fail "param list --json shows the hits" "$json" ;;
esac
check "param rmmod with the watch armed" unload_hwbp
[ -e /dev/hwbp ] && t_fail "device gone after rmmod" "still there" ||
	t_ok "device gone after rmmod"
echo "$old" > $SYSCTL

# --- bad parameters fail the load, with a message in the log -------------
kmsg_mark
expect_fail "param unknown ksym refused" "" "" load_hwbp ksym=no_such_symbol_hwbp
n=$(kmsg_since_mark | grep -c 'cannot watch ksym=no_such_symbol_hwbp: no such kernel symbol')
[ "$n" -ge 1 ] && t_ok "param unknown ksym explained in the log" ||
	t_fail "param unknown ksym explained in the log" "$(kmsg_since_mark | tail -3)"
kmsg_mark
expect_fail "param len=3 refused" "" "" load_hwbp ksym=$SYM len=3
kmsg_since_mark | grep -q 'len must be 1, 2, 4 or 8' &&
	t_ok "param len=3 explained in the log" ||
	t_fail "param len=3 explained in the log" "$(kmsg_since_mark | tail -3)"
kmsg_mark
expect_fail "param type=q refused" "" "" load_hwbp ksym=$SYM type=q
kmsg_since_mark | grep -q 'type must be w, rw or x' &&
	t_ok "param type=q explained in the log" ||
	t_fail "param type=q explained in the log" "$(kmsg_since_mark | tail -3)"

# --- the tool without the module ------------------------------------------
expect_fail "no module, list says it is not loaded" 1 "module is not loaded" \
	$HWBP list

# --- add / list / del round trip -------------------------------------------
check "insmod without parameters" load_hwbp
expect_eq "empty list" "" "$($HWBP list | awk 'NR > 1')"
id=$($HWBP add $SYM 2>add.err)
expect_eq "add prints the new id" "1" "$id"
if [ -n "$GUESSED" ]; then
	expect_contains "add says the length is a guess" \
		"kallsyms does not know the size of $SYM; watching 4 bytes" "$(cat add.err)"
else
	expect_eq "add takes kallsyms' size, silently" "" "$(cat add.err)"
fi
line=$($HWBP list | awk '$1 == 1')
case "$line" in
*" w "*" $LEN "*$SYM*) t_ok "list shows type, length and target" ;;
*) t_fail "list shows type, length and target" "$line" ;;
esac
addr=$(awk -v s=$SYM '$3 == s { print $1 }' /proc/kallsyms | head -1)
$HWBP list | grep -qi "0x$addr" && t_ok "list shows the kallsyms address" ||
	t_fail "list shows the kallsyms address" "want 0x$addr: $line"
echo $V2 > $SYSCTL
echo $V3 > $SYSCTL
expect_eq "added watch counts 2 writes" "2" "$(hits 1)"

id2=$($HWBP add -t rw -l 4 "0x$addr")
expect_eq "add by address" "2" "$id2"
cat $SYSCTL >/dev/null
[ "$(hits 2)" -ge 1 ] && t_ok "rw watch counts a read" ||
	t_fail "rw watch counts a read" "hits $(hits 2)"

out=$($HWBP add -t r $SYM 2>&1 >/dev/null)
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
cat $SYSCTL >/dev/null
[ "$(hits "$xid")" -ge 1 ] && t_ok "exec watch on vfs_read counts calls" ||
	t_fail "exec watch on vfs_read counts calls" "hits $(hits "$xid")"
expect_fail "exec watch with length 4" 2 "takes length 8" \
	$HWBP add -t x -l 4 vfs_read
$HWBP del --all

# --- refusals, each with its sentence --------------------------------------
expect_fail "unknown symbol" 1 "no kernel symbol 'no_such_symbol_hwbp'" \
	$HWBP add no_such_symbol_hwbp
expect_fail "bad length" 2 "1, 2, 4 or 8" $HWBP add -l 3 $SYM
expect_fail "misaligned symbol+offset" 1 "not aligned" \
	$HWBP add -l 4 $SYM+2
expect_fail "misaligned address" 2 "not aligned" \
	$HWBP add -l 8 "0x$(printf %x $((0x$addr + 4)))"
expect_fail "per-CPU symbol" 1 "per-CPU" $HWBP add runqueues
expect_fail "user-space address" 1 "user space" $HWBP add 0x1000
mod=$(cat /sys/module/hwbp/sections/.data 2>/dev/null)
expect_fail "hwbp's own memory" 1 "hwbp" $HWBP add "$mod"
expect_fail "bad type" 2 "" $HWBP add -t q $SYM
expect_fail "garbage target" 2 "" $HWBP add '1abc'
expect_eq "nothing half-applied by refusals" "" "$($HWBP list | awk 'NR > 1')"

# --- debug registers run out: the refusal names the CPU --------------------
for s in $SYM pid_max_min pid_max_max $OTHER; do
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
echo $V3 > $SYSCTL
check "reload after unload" load_hwbp
expect_eq "reload starts empty" "" "$($HWBP list | awk 'NR > 1')"
unload_hwbp
