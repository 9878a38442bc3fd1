#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Places no breakpoint may go, memory that goes away, and who may watch a
# process.
#
#   hwbp add -t rw 0xfffffe0000001000     CPU entry area       -> refused
#   hwbp add --percpu local cpu_tss_rw    entry per-CPU state  -> refused
#   hwbp add -t x exc_int3 / entry_SYSCALL_64   noinstr, entry -> refused
#   watches, a probe and a call-armed watch on hwbp_target, then rmmod
#                                         -> "gone", hits kept, event
#   root without CAP_SYS_PTRACE: hwbp add -p <nobody's pid>   -> refused
#   (non-root on the device and the netlink groups: 10-skeleton, 50-monitor)
. /tests/lib.sh

D=/sys/kernel/debug/hwbp_target

check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0

# --- places the exception entry uses -----------------------------------------
expect_fail "CPU entry area refused" 1 "lies in the CPU entry area" \
	$HWBP add -t rw -l 8 0xfffffe0000001000
expect_fail "per-CPU TSS refused" 1 "per-CPU state the exception entry uses" \
	$HWBP add --percpu local -l 8 cpu_tss_rw
expect_fail "per-CPU DR7 copy refused" 1 "per-CPU state the exception entry uses" \
	$HWBP add --percpu 1 -l 8 cpu_dr7
expect_fail "execute on noinstr code refused" 1 "is entry or noinstr code" \
	$HWBP add -t x exc_int3
expect_fail "execute on entry code refused" 1 "is entry or noinstr code" \
	$HWBP add -t x entry_SYSCALL_64
expect_eq "nothing armed by the refusals" "0" "$($HWBP list --json | grep -c '"id"')"
# A data watch on the same code is harmless: nothing writes it.
id=$($HWBP add -t w -l 8 exc_int3 2>err) && t_ok "write watch on noinstr code allowed" ||
	t_fail "write watch on noinstr code allowed" "$(cat err)"
$HWBP del "$id" 2>/dev/null

# --- a module unloaded under its watches --------------------------------------
var=$($HWBP add -l 8 hwbp_target_var)
pcpu=$($HWBP add --percpu local -l 8 hwbp_target_pcpu)
exe=$($HWBP add -t x hwbp_target_writer_a)
prb=$($HWBP probe hwbp_target_take)
# CPU 1's instance of a per-CPU variable, by its raw address
p1=$(awk -F= '$1 == "pcpu[1]" { print $2 }' $D/addrs)
raw=$($HWBP add -l 8 "$p1" 2>err) || t_fail "raw watch on a per-CPU instance" "$(cat err)"
onw=$($HWBP add --on hwbp_target_take:arg1 --until hwbp_target_drop:arg1 -l 8 2>err) ||
	t_fail "call-armed watch on the module's functions" "$(cat err)"
other=$($HWBP probe vfs_read 2>err) || t_fail "probe on vfs_read" "$(cat err)"
echo 3 > $D/write_var
expect_eq "watch on module data counts before unload" "3" "$(watch_hits "$var")"
$HWBP monitor > mon.out 2> mon.err &
mpid=$!
sleep 0.5
vaddr=$(awk -F= '$1 == "var" { print $2 }' $D/addrs)
kmsg_mark
check "rmmod a module with watches on it" unload_kmod hwbp_target
expect_fail "unloaded module's memory refused" 1 "belongs to a module being or already unloaded" \
	$HWBP add -l 8 "$vaddr"
for id in $var $pcpu $exe $prb $onw $raw; do
	expect_eq "watch $id: gone after its module" "gone" "$(watch_field "$id" state)"
done
expect_eq "probe elsewhere stays armed" "armed" "$(watch_field "$other" state)"
expect_eq "hits kept after the module went" "3" "$(watch_hits "$var")"
expect_contains "kernel log names the module" \
	"watch $var: module hwbp_target unloaded; 3 hits" "$(kmsg_since_mark)"
for _i in $(seq 50); do
	[ "$(grep -c 'module unloaded' mon.out)" -ge 6 ] && break
	sleep 0.1
done
expect_eq "monitor: one event per watch gone" "6" "$(grep -c 'module unloaded' mon.out)" ||
	diag "monitor: $(cat mon.out mon.err | _t_oneline)"
kill "$mpid" 2>/dev/null
wait "$mpid" 2>/dev/null
# The freed memory is not watched any more: loading the module again (its
# memory likely reused) and writing gives no hit to the gone watch.
check "reload hwbp_target" load_kmod hwbp_target
echo 2 > $D/write_var
expect_eq "gone watch counts nothing after reload" "3" "$(watch_hits "$var")"
check "delete gone watches" $HWBP del "$var" "$pcpu" "$exe" "$prb" "$onw" "$raw" "$other"

# --- who may watch a process ----------------------------------------------------
as_nobody uwrite 1 0 > uw.out 2>&1 &
upid=$!
if wait_line uw.out '^ready'; then
	set -- $(cat uw.out)
	expect_fail "no CAP_SYS_PTRACE: nobody's process refused" 1 \
		"you may not trace process $2" nocap 19 $HWBP add -p "$2" -l 8 "$3"
	id=$($HWBP add -p "$2" -l 8 "$3" 2>err) &&
		t_ok "root may watch nobody's process" ||
		t_fail "root may watch nobody's process" "$(cat err)"
	$HWBP del "$id" 2>/dev/null
	# A process with the same credentials and capabilities needs no
	# CAP_SYS_PTRACE (a full root one would: its capabilities are more).
	nocap 19 uwrite 1 0 > own.out 2>&1 &
	opid=$!
	if wait_line own.out '^ready'; then
		set -- $(cat own.out)
		id=$(nocap 19 $HWBP add -p "$2" -l 8 "$3" 2>err) &&
			t_ok "no CAP_SYS_PTRACE: own process allowed" ||
			t_fail "no CAP_SYS_PTRACE: own process allowed" "$(cat err)"
		$HWBP del "$id" 2>/dev/null
	else
		t_fail "uwrite (root) ready" "$(cat own.out)"
	fi
	kill -9 "$opid" 2>/dev/null
else
	t_fail "uwrite (nobody) ready" "$(cat uw.out)"
fi
kill -9 "$upid" 2>/dev/null
wait 2>/dev/null

left=$($HWBP list)
expect_eq "no watches left" "0" "$(echo "$left" | grep -c "^ *[0-9]")"
[ -z "$left" ] || diag "left: $left"
check "unload hwbp" unload_hwbp
check "unload hwbp_target" unload_kmod hwbp_target
