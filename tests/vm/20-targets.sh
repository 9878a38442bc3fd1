#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every kind of target, with exact counts. Memory is touched on demand by
# tests/kmod/hwbp_target.ko (debugfs triggers) and by the user programs
# tests/vm/bin/uwrite and jitpage. Runs with any number of CPUs >= 2
# (make check runs it with -smp 2 and -smp 4).
#
#   hwbp_target_pcpu   per-CPU u64     --percpu local | N | all
#   hwbp_target_var    u64             --cpu N, CPU hotplug
#   hwbp_target_obj    32-byte struct  ranges split into pieces
#   uwrite             process + threads (before and after the watch)
#   jitpage            RWX page at 0x10000000, exec watch (bpftrace's case)
. /tests/lib.sh

T=/sys/kernel/debug/hwbp_target
NCPU=$(nproc)
LAST=$((NCPU - 1))

hits() {
	watch_hits "$1"
}

# state ID: the state column of watch ID in `hwbp list`
state() {
	$HWBP list | awk -v id="$1" '$1 == id { print $7 }'
}

# state_is ID STATE: watch ID is in STATE
state_is() {
	[ "$(state "$1")" = "$2" ]
}

# on CPU CMD...: run CMD pinned to CPU
on() {
	_cpu=$1
	shift
	taskset -c "$_cpu" "$@"
}

trig() {
	echo "$2" > "$T/$1"
}

check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0
diag "$NCPU CPUs"

# --- per-CPU variables --------------------------------------------------------
expect_fail "per-CPU symbol without --percpu" 1 "per-CPU variable" \
	$HWBP add hwbp_target_pcpu
expect_fail "--percpu on a plain variable" 1 "not a per-CPU variable" \
	$HWBP add --percpu local hwbp_target_var

id=$($HWBP add --percpu local -l 8 hwbp_target_pcpu)
expect_eq "percpu local takes one register per CPU" "1" "$(watch_field "$id" slots)"
n=$($HWBP list -v | grep -c "0x")
want=$((NCPU + 1))
expect_eq "percpu local: one address per CPU in list -v" "$want" "$n"
for c in $(seq 0 $LAST); do
	a=$(awk -v k="pcpu[$c]" -F= '$1 == k { print $2 }' $T/addrs)
	$HWBP list -v | grep -q "$a" ||
		t_fail "percpu local arms CPU $c's instance $a" "$($HWBP list -v)"
done
t_ok "percpu local addresses are each CPU's instance"
trig write_pcpu "0 3"
trig write_pcpu "$LAST 4"
expect_eq "percpu local counts each CPU writing its own" "7" "$(hits "$id")"
trig write_remote "0 $LAST 5"
expect_eq "percpu local ignores a remote write" "7" "$(hits "$id")"
$HWBP del "$id"

id=$($HWBP add --percpu "$LAST" -l 8 hwbp_target_pcpu)
trig write_remote "0 $LAST 5"
trig write_pcpu "$LAST 3"
trig write_pcpu "0 2"
expect_eq "percpu N catches remote and local writers of CPU N's instance" \
	"8" "$(hits "$id")"
$HWBP del "$id"

if [ "$NCPU" -le 4 ]; then
	id=$($HWBP add --percpu all -l 8 hwbp_target_pcpu)
	expect_eq "percpu all takes one register per instance" "$NCPU" "$(watch_field "$id" slots)"
	trig write_pcpu "0 2"
	trig write_pcpu "$LAST 3"
	trig write_remote "0 $LAST 4"
	expect_eq "percpu all counts every instance" "9" "$(hits "$id")"
	$HWBP del "$id"
fi
need=$((NCPU * 3))
expect_fail "percpu all refused with the registers it needs" 1 \
	"needs $need debug registers" \
	$HWBP add --percpu all -l 24 hwbp_target_pcpu16
id=$($HWBP add --percpu local -l 8 runqueues)
sleep 0.2
[ "$(hits "$id")" -gt 0 ] && t_ok "vmlinux per-CPU variable (runqueues) watched locally" ||
	t_fail "vmlinux per-CPU variable (runqueues) watched locally" "no hits"
$HWBP del "$id"

# --- one CPU -------------------------------------------------------------------
id=$($HWBP add --cpu "$LAST" -l 8 hwbp_target_var)
on 0 sh -c "echo 5 > $T/write_var"
expect_eq "--cpu N ignores writes on other CPUs" "0" "$(hits "$id")"
on "$LAST" sh -c "echo 3 > $T/write_var"
expect_eq "--cpu N counts writes on CPU N" "3" "$(hits "$id")"
$HWBP del "$id"
expect_fail "--cpu that does not exist" 1 "CPU 64" \
	$HWBP add --cpu 64 -l 8 hwbp_target_var

# --- CPU hotplug ------------------------------------------------------------------
id=$($HWBP add -l 8 hwbp_target_var)
lid=$($HWBP add --percpu local -l 8 hwbp_target_pcpu)
on "$LAST" sh -c "echo 3 > $T/write_var"
echo 0 > /sys/devices/system/cpu/cpu$LAST/online
expect_eq "offline CPU: watch armed on the others" "$((NCPU - 1))" "$(watch_field "$id" nr_cpus)"
expect_fail "--cpu on an offline CPU" 1 "offline" \
	$HWBP add --cpu "$LAST" -l 8 hwbp_target_var
on 0 sh -c "echo 2 > $T/write_var"
echo 1 > /sys/devices/system/cpu/cpu$LAST/online
expect_eq "CPU back online: watch re-armed there" "$NCPU" "$(watch_field "$id" nr_cpus)"
on "$LAST" sh -c "echo 4 > $T/write_var"
expect_eq "counts survive offline and online" "9" "$(hits "$id")"
trig write_pcpu "$LAST 2"
expect_eq "percpu local re-armed on the CPU that came back" "2" "$(hits "$lid")"
$HWBP del --all

# --- ranges: struct fields, split into aligned pieces -------------------------
id=$($HWBP add -l 32 hwbp_target_obj)
expect_eq "32-byte struct takes 4 registers" "4" "$(watch_field "$id" slots)"
for f in a b c d e f g; do
	trig write_field "$f 2"
done
expect_eq "every field of the struct counted" "14" "$(hits "$id")"
$HWBP del "$id"
id=$($HWBP add -l 12 hwbp_target_obj+8)
expect_eq "12 bytes at +8 take 2 registers (8+4)" "2" "$(watch_field "$id" slots)"
for f in a b c d e f g; do
	trig write_field "$f 1"
done
expect_eq "fields b..f counted, a and g not" "5" "$(hits "$id")"
expect_fail "a range needing more registers than exist" 1 "needs 5 debug registers" \
	$HWBP add -l 40 hwbp_target_obj
a=$($HWBP add -l 8 hwbp_target_var)
b=$($HWBP add -l 8 hwbp_target_obj+24)
expect_fail "range refused for lack of free registers" 1 \
	"CPU 0 has no free debug register and this watch needs 2" \
	$HWBP add -l 16 hwbp_target_obj
$HWBP del --all

# --- debug registers per CPU in info ---------------------------------------------
$HWBP add -l 8 hwbp_target_var >/dev/null
out=$($HWBP info)
line=$(echo "$out" | awk '$1 == "0" && $2 == "yes"')
expect_eq "info: CPU 0 has 4 registers, hwbp 1, free 3" "4 1 3 0" \
	"$(echo "$line" | awk '{ print $3, $4, $5, $6 }')"
$HWBP del --all

# --- dry run ---------------------------------------------------------------------
out=$($HWBP add --dry-run --percpu local -l 8 hwbp_target_pcpu 2>&1)
a0=$(awk -F= '$1 == "pcpu[0]" { print $2 }' $T/addrs)
expect_contains "dry run shows CPU 0's instance" "$a0" "$out"
expect_contains "dry run counts the CPUs it would arm" \
	"each of $(grep -c ^processor /proc/cpuinfo) CPUs its own instance" "$out"
expect_eq "dry run arms nothing" "" "$($HWBP list)"
expect_fail "dry run says why not" 1 "needs 5 debug registers" \
	$HWBP add --dry-run -l 40 hwbp_target_obj
expect_eq "refused dry run arms nothing" "" "$($HWBP list)"

# --- process memory, threads before and after the watch -------------------------
uwrite --early 2 5 3 > uw.out &
upid=$!
wait_line uw.out '^ready' || t_fail "uwrite ready" "$(cat uw.out)"
uaddr=$(awk '/^ready/ { print $3 }' uw.out)
id=$($HWBP add -p "$upid" -l 8 "$uaddr")
expect_eq "process watch listed with its pid" "pid:$upid" "$($HWBP list | awk -v id="$id" '$1 == id { print $6 }')"
kill -USR1 "$upid"
wait_line uw.out '^done' || t_fail "uwrite done" "$(cat uw.out)"
total=$(awk '/^done/ { print $2 }' uw.out)
expect_eq "uwrite did 5 x (1 + 2 early + 3 later threads)" "30" "$total"
expect_eq "process watch counts every thread, early and late" "30" "$(hits "$id")"
kill -USR1 "$upid"
wait "$upid"
sleep 0.2
expect_eq "process exit shows in list" "exited" "$($HWBP list | awk -v id="$id" '$1 == id { print $7 }')"
expect_eq "hits kept after exit" "30" "$(hits "$id")"
$HWBP del --all

uwrite -r 4 1 > ur.out &
upid=$!
wait_line ur.out '^ready'
uaddr=$(awk '/^ready/ { print $3 }' ur.out)
id=$($HWBP add -p "$upid" -t rw -l 8 "$uaddr")
kill -USR1 "$upid"
wait_line ur.out '^done'
expect_eq "rw process watch counts reads" "8" "$(hits "$id")"
kill -USR1 "$upid"
wait "$upid"
$HWBP del --all

# --- process memory: children and a new image are other memory --------------
# A forked child writes its own copy of the address, a vfork child writes
# ours from another process, the image the process executes next has its
# own memory at the same address (the binary is static): a process watch
# counts none of them, on every kernel. (From 5.13 perf keeps the
# breakpoints off them, inherit_thread and remove_on_exec; 5.10 copies them
# into children and keeps them over the exec, and hwbp drops their hits.)
uwrite --fork --vfork --exec 5 1 > uf.out &
upid=$!
wait_line uf.out '^ready' || t_fail "uwrite --fork ready" "$(cat uf.out)"
uaddr=$(awk '/^ready/ { print $3 }' uf.out)
id=$($HWBP add -p "$upid" -l 8 "$uaddr")
kill -USR1 "$upid"
wait_line uf.out '^done' || t_fail "uwrite --fork done" "$(cat uf.out)"
expect_eq "uwrite: a forked and a vfork child wrote 5 each" "children 10" \
	"$(grep '^children' uf.out)"
expect_eq "uwrite did 5 x (1 + 1 later thread)" "done 10" \
	"$(grep '^done' uf.out)"
expect_eq "process watch counts neither forked nor vfork children" "10" \
	"$(hits "$id")"
kill -USR1 "$upid"
wait_for 20 sh -c '[ "$(grep -c ^ready uf.out)" = 2 ]' ||
	t_fail "uwrite --exec ready again" "$(cat uf.out)"
kill -USR1 "$upid"
wait_for 20 sh -c '[ "$(grep -c ^done uf.out)" = 2 ]' ||
	t_fail "uwrite --exec done again" "$(cat uf.out)"
expect_eq "the new image wrote 5 at the same address" \
	"ready $upid $uaddr done 5" "$(sed -n '4,$p' uf.out | xargs)"
expect_eq "process watch does not count the image executed next" "10" \
	"$(hits "$id")"
expect_eq "executed process still watched until it exits" "armed" \
	"$(state "$id")"
kill -USR1 "$upid"
wait "$upid"
expect_eq "uwrite --fork --vfork --exec exits 0" "0" "$?"
wait_for 5 state_is "$id" exited
expect_eq "executed process's exit shows in list" "exited" "$(state "$id")"
$HWBP del --all

# --- the case that breaks bpftrace: exec watch on a JIT page ------------------
jitpage 1000 > jit.out &
jpid=$!
wait_line jit.out '^ready'
expect_fail "exec watch with length 1 gets the sentence" 2 "takes length 8" \
	$HWBP add -p "$jpid" -t x -l 1 0x10000000
id=$($HWBP add -p "$jpid" -t x 0x10000000)
kill -USR1 "$jpid"
wait_line jit.out '^done'
expect_eq "exec watch on the JIT page counts exactly 1000 calls" "1000" "$(hits "$id")"
kill -USR1 "$jpid"
wait "$jpid"
$HWBP del --all

jitpage --noexec 1 > nx.out &
npid=$!
wait_line nx.out '^ready'
expect_fail "exec watch on a non-executable page" 1 "no executable mapping" \
	$HWBP add -p "$npid" -t x 0x10000000
# One signal at a time: two USR1s sent at once merge into one.
kill -USR1 "$npid"
wait_line nx.out '^done'
kill -USR1 "$npid"
wait "$npid"

# --- process refusals --------------------------------------------------------------
expect_fail "no such process" 1 "no process with pid 99999" \
	$HWBP add -p 99999 0x10000000
expect_fail "kernel address with -p" 1 "kernel address" \
	$HWBP add -p 1 -l 8 0xffffffff81000000
expect_fail "symbol with -p" 2 "" $HWBP add -p 1 pid_max
expect_eq "refusals arm nothing" "" "$($HWBP list)"

check "unload with nothing left" unload_hwbp
check "unload hwbp_target" unload_kmod hwbp_target
