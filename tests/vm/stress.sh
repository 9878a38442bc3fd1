#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Stress: for minutes, everything at once, then exact counts, a clean
# unload and the memory the kernel got back. Not numbered: the normal
# suite does not run it; `make stress` (SECS=N) and make check do, on
# single-threaded TCG (kprobes come and go under load, see HWBP_TCG in
# scripts/vm.sh), with -smp 2 and -smp 4.
#
#   warm-up: load, one of each kind, hotplug, unload; memory "before"
#   load; hwbp monitor (the whole run); the oracles:
#     V  -l 8 hwbp_target_var          hits = writes_a + writes_b made
#     P  --percpu local hwbp_target_pcpu   per CPU = write_pcpu N made
#     B  probe --count-only hwbp_target_writer_b   = K, the writer's
#     D  probe --by cpu hwbp_target_drop           = drops made
#   for hwbp_stress_secs (150 s; kernel command line, HWBP_APPEND;
#   hwbp_stress_obj_ms: obj_cycle's pauses, 15 ms):
#     writer      exactly K writes by writer_b, round robin over the CPUs
#     load.CPU    every CPU: write_var, write_pcpu, write_field, read_var,
#                 write_remote, write_pcpu16, pinned to it
#     objs        obj_cycle: take(obj), writes, drop(obj), kfree
#     watches     add/del: w, rw, x, --stack, --percpu, --cpu 0, ranges,
#                 --count-only, --max-hits, filters, allow-list, --log
#     probes      add/del: probe, --ret, --by caller|stack|arg|pid, --arg
#     on          add/del --on hwbp_target_take:arg1 --until ..._drop:arg1
#     procs       process watches on uwrite processes that come and go
#                 (each counted exactly), exit while watched, killed
#     readers     list --json, list -v, hits, stacks, counts; counts
#                 never go down; two hits -f followers
#     hotplug     CPUs 1..N-1 offline and online in turn
#   stop; all CPUs online; exact counts; del --all; kmemleak (if there);
#   rmmod (the monitor ends, exit 0); reload, sanity, rmmod; memory "after"
#
# The loops count what they did in files under $S/res (name=value lines,
# summed at the end) and write anything unexpected to $S/bad: a loop's
# failure becomes a failed test, with its first lines.
#
# No churn watch covers the oracles' bytes: QEMU's TCG sets one bit in DR6
# per access, the first of its matching watchpoints, where a CPU sets one
# for each matching register; two watches on the same bytes share the hits
# there (seen: a second watch on hwbp_target_var counts 0 of 10 writes).
#
# Debug registers: 4 per CPU. The oracles V and P take 2 on every CPU,
# for the whole run; the churn (a range of up to 2 pieces, an --on watch,
# a process watch) competes for the other 2, so some adds are refused for
# lack of a register: counted, expected. --cpu watches go to CPU 0 only,
# which never goes offline: a CPU that comes back online then needs no
# more registers than CPU 0 already grants, so re-arming there (all of
# V's and P's hits on it) cannot fail.
. /tests/lib.sh

T=/sys/kernel/debug/hwbp_target
CPUS=/sys/devices/system/cpu
NCPU=$(nproc)
LAST=$((NCPU - 1))
S=$PWD
STOP=$S/stop
BAD=$S/bad
RES=$S/res
SECS=${hwbp_stress_secs:-150}
# obj_cycle's pause after take() and after drop(): the --on watches arm
# and disarm in a work item meanwhile, or (slow guest) only after kfree()
# wrote to the object: hits on freed memory, as a real --until kfree:arg1
# watch gets them.
OBJ_MS=${hwbp_stress_obj_ms:-15}

# The file's time limit (init: hwbp_file_timeout) must leave room for the
# warm-up and the checks after the stress: 20 to 30 s under TCG, 100 s
# left for a slow machine.
limit=${hwbp_file_timeout:-120}
if [ "$SECS" -gt $((limit - 100)) ]; then
	diag "hwbp_stress_secs=$SECS does not fit hwbp_file_timeout=$limit: stressing $((limit - 100)) s (make stress sets both)"
	SECS=$((limit - 100))
fi
[ "$SECS" -ge 10 ] || { t_fail "duration" "$SECS s is too short"; exit 1; }

mkdir -p "$RES"
: >"$BAD"
cp /tests/bin/poke /tmp/writer-a
cp /tests/bin/poke /tmp/writer-k

# --- helpers ------------------------------------------------------------------

stopping() {
	[ -e "$STOP" ]
}

# bad LOOP WHAT: something a loop did not expect; fails the run at the end.
bad() {
	echo "$1: $2" | _t_oneline >>"$BAD"
}

# uptime_s: seconds since boot, integer
uptime_s() {
	_u=$(cut -d' ' -f1 /proc/uptime)
	echo "${_u%.*}"
}

# jf JSON ID KEY: KEY of watch ID in a cached `hwbp list --json`
jf() {
	printf '%s\n' "$1" | sed 's/},{"id"/}\n{"id"/g' | grep "\"id\":$2," |
		sed 's/"pieces":.*//' | grep -o "\"$3\":[^,}]*" | head -n 1 |
		cut -d: -f2- | tr -d '"'
}

# by_cpu ID: "CPU COUNT" lines of `hwbp counts ID --by cpu`
by_cpu() {
	$HWBP counts "$1" --by cpu --json | sed 's/},{/}\n{/g' |
		sed -n 's/.*"key":\([0-9]*\),"count":\([0-9]*\).*/\1 \2/p'
}

# value KEY: KEY from hwbp_target's values file
value() {
	awk -F= -v k="$1" '$1 == k { print $2 }' $T/values
}

# wait_gone PID SECS: wait for PID to end; 0 if it did
wait_gone() {
	_n=$(($2 * 10))
	while [ $_n -gt 0 ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# refused FILE: the stderr of an add says it found no free register
# (expected: the churn competes for them) or, for --percpu all, that it
# needs more registers than a CPU has.
refused() {
	grep -q 'debug register' "$1"
}

# memsnap NAME: the kernel's memory, after dropping what it can reclaim and
# shrinking every slab cache (SLUB keeps empty slabs on partial lists):
# "sunreclaim=KB slab=KB slabobj=KB vmalloc=KB percpu=KB kernel=KB".
# SUnreclaim also counts kmalloc()s too big for a slab cache (SLUB hands
# those to the page allocator), hwbp's rings among them; slabobj is the
# objects in use in the caches (active objects x size, /proc/slabinfo,
# kept as slabinfo.NAME).
memsnap() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f"
	done 2>/dev/null
	awk '$1 == "SUnreclaim:" { u = $2 } $1 == "Slab:" { s = $2 }
	     END { printf "sunreclaim=%d slab=%d", u, s }' /proc/meminfo
	if [ -r /proc/slabinfo ]; then
		cp /proc/slabinfo "$S/slabinfo.$1"
		awk 'NR > 2 { t += $2 * $4 } END { printf " slabobj=%d", t / 1024 }' \
			/proc/slabinfo
	else
		printf ' slabobj=0'
	fi
	# kernel: neither free, nor page cache (tmpfs included), nor process
	# memory: slab, stacks, page tables, vmalloc, percpu, and what the
	# kernel takes from the page allocator directly (kvmalloc's big
	# buffers: hwbp's rings and tables)
	awk '{ m[$1] = $2 }
	     END { printf " vmalloc=%d percpu=%d kernel=%d\n", m["VmallocUsed:"],
			m["Percpu:"], m["MemTotal:"] - m["MemFree:"] - m["Buffers:"] -
			m["Cached:"] - m["AnonPages:"] }' /proc/meminfo
}

# kv STRING KEY: KEY's number in a "k=v k=v" STRING
kv() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# res NAME: the sum of NAME over every loop's result file
res() {
	cat "$RES"/* 2>/dev/null | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { s += $2 } END { print s + 0 }'
}

online_all() {
	for c in $(seq 1 $LAST); do
		[ "$(cat $CPUS/cpu$c/online)" = 1 ] || echo 1 >$CPUS/cpu$c/online
	done
}

# --- warm-up -------------------------------------------------------------------
# The kernel allocates some things the first time only: perf's breakpoint
# state, kprobes' instruction pages, genetlink and debugfs nodes, caches
# hotplug creates. One small round of each kind before the memory is
# measured, so that "before" already holds them and the comparison shows
# what the stress itself left behind.
check "warm-up: load hwbp" load_hwbp || exit 0
check "warm-up: load hwbp_target" load_kmod hwbp_target || exit 0
$HWBP add -l 8 hwbp_target_var >/dev/null
$HWBP add --percpu local -l 8 hwbp_target_pcpu >/dev/null
$HWBP add --on hwbp_target_take:arg1 --until hwbp_target_drop:arg1 -l 8 >/dev/null
$HWBP probe --ret vfs_write >/dev/null
$HWBP probe --by stack hwbp_target_writer_a >/dev/null
$HWBP monitor >/dev/null 2>&1 &
wmon=$!
echo 10 >$T/write_var
echo "3 10" >$T/obj_cycle
echo "0 5" >$T/write_pcpu
echo 0 >$CPUS/cpu$LAST/online
echo 1 >$CPUS/cpu$LAST/online
uwrite 5 1 >uw.warm &
wpid=$!
if wait_line uw.warm '^ready' 30; then
	$HWBP add -p $wpid -l 8 "$(awk '/^ready/ { print $3 }' uw.warm)" >/dev/null
	kill -USR1 $wpid
	wait_line uw.warm '^done' 30
	kill -USR1 $wpid
fi
wait $wpid
$HWBP hits >/dev/null
$HWBP stacks >/dev/null
warm=$($HWBP list | awk 'NR > 1' | wc -l)
$HWBP del --all
check "warm-up: unload hwbp" unload_hwbp
wait_gone $wmon 10 || kill $wmon
check "warm-up: unload hwbp_target" unload_kmod hwbp_target
diag "warm-up: $warm watches and probes, hotplug of CPU $LAST"
before=$(memsnap before)
diag "memory before (warm, modules unloaded): $before"

# --- the oracles ------------------------------------------------------------------
check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0
modsize=$(awk '$1 == "hwbp" { print $2 }' /proc/modules)
diag "hwbp in /proc/modules: $modsize bytes; $NCPU CPUs; stress $SECS s"

# The monitor, the whole run: its lines summed by awk through a FIFO (so
# that $! is the monitor's and its exit status can be checked).
mkfifo mon.fifo
awk '
	/^# watch [0-9]+: [0-9]+ hits not shown/ { hidden[$3 + 0] += $4 }
	/^# / { notes++ }
	$4 ~ /^[wp][0-9]+$/ { hits++; shown[substr($4, 2) + 0]++ }
	END { printf "lines=%d hit_lines=%d notes=%d\n", NR, hits, notes
	      for (i in shown) printf "shown.%d=%d\n", i, shown[i]
	      for (i in hidden) printf "hidden.%d=%d\n", i, hidden[i] }' \
	<mon.fifo >mon.sum &
sumpid=$!
$HWBP monitor >mon.fifo 2>mon.err &
mpid=$!
sleep 0.5

V=$($HWBP add -l 8 hwbp_target_var)
P=$($HWBP add --count-only --percpu local -l 8 hwbp_target_pcpu)
B=$($HWBP probe --count-only --by cpu hwbp_target_writer_b)
D=$($HWBP probe --by cpu hwbp_target_drop)
if [ -z "$V" ] || [ -z "$P" ] || [ -z "$B" ] || [ -z "$D" ]; then
	t_fail "oracles added" "V=$V P=$P B=$B D=$D: $($HWBP list 2>&1)"
	exit 1
fi
t_ok "oracles added (V=$V P=$P B=$B D=$D)"
a0=$(value writes_a)
b0=$(value writes_b)
d0=$(value drops)
t0=$(uptime_s)

# --- the loops --------------------------------------------------------------------

# writer: exactly K writes by hwbp_target_writer_b, 25 at a time, pinned to
# each CPU in turn (taskset fails on an offline CPU: nothing written then).
writer_loop() {
	k=0 c=0 n=0
	while ! stopping; do
		if taskset -c $c /tmp/writer-k $T/write_var_b 25 1 2>/dev/null; then
			k=$((k + 25))
		else
			n=$((n + 1))
		fi
		c=$(((c + 1) % NCPU))
	done
	printf 'k=%d writer_skipped=%d\n' $k $n >"$RES/writer"
}

# load CPU: the CPU's share of the load. pcpu.CPU: the writes to CPU's own
# hwbp_target_pcpu instance made (write_pcpu fails, writing nothing, while
# the CPU is offline).
load_loop() {
	c=$1 pc=0 i=0 other=$(((c + 1) % NCPU))
	fields="a b c d e f g"
	while ! stopping; do
		i=$((i + 1))
		if ! taskset -c $c /tmp/writer-a $T/write_var 40 1 2>/dev/null; then
			sleep 0.2	# offline
			continue
		fi
		poke $T/write_pcpu "$c 20" 1 2>/dev/null && pc=$((pc + 20))
		f=$(echo $fields | cut -d' ' -f$((i % 7 + 1)))
		taskset -c $c poke $T/write_field "$f 10" 1 2>/dev/null
		taskset -c $c poke $T/read_var 20 1 2>/dev/null
		poke $T/write_remote "$c $other 5" 1 2>/dev/null
		poke $T/write_pcpu16 "$c $((i % 2)) 5" 1 2>/dev/null
	done
	printf 'pcpu.%d=%d load_rounds=%d\n' $c $pc $i >"$RES/load.$c"
}

# objs: objects taken, written, dropped and freed (the --on watches' prey)
objs_loop() {
	n=0
	while ! stopping; do
		echo "4 $OBJ_MS" >$T/obj_cycle || bad objs "obj_cycle failed"
		n=$((n + 1))
	done
	echo "obj_cycles=$n" >"$RES/objs"
}

# watches: kernel watches of every kind added, hit, read and deleted
watches_loop() {
	i=0 ok=0 no=0
	while ! stopping; do
		i=$((i + 1))
		max=
		case $((i % 17)) in
		0)  set -- -t rw -l 8 hwbp_target_obj ;;
		1)  set -- --stack -l 8 hwbp_target_obj+16 ;;
		2)  set -- --percpu 0 -l 8 hwbp_target_pcpu16 ;;
		3)  set -- --percpu local -l 16 hwbp_target_pcpu16 ;;
		4)  set -- --cpu 0 -l 8 hwbp_target_obj+24 ;;
		5)  set -- -l 12 hwbp_target_obj+8 ;;
		6)  set -- --count-only -l 4 hwbp_target_obj+8 ;;
		7)  set -- --max-hits 5 -l 8 hwbp_target_obj; max=5 ;;
		8)  set -- --oneshot --stack -l 32 hwbp_target_obj; max=1 ;;
		9)  set -- --if-value !=7 -l 4 hwbp_target_obj+8 ;;
		10) set -- --changed -t rw -l 8 hwbp_target_obj+16 ;;
		11) set -- --allow ht_write_field -l 8 hwbp_target_obj+24 ;;
		12) set -- -t x hwbp_target_writer_a ;;
		13) set -- -l 8 jiffies ;;
		14) set -- --percpu all -l 8 hwbp_target_pcpu16 ;;
		15) set -- --log --max-hits 3 -l 8 hwbp_target_obj+24; max=3 ;;
		16) set -- --percpu "$LAST" --stack -l 8 hwbp_target_pcpu16+8 ;;
		esac
		if ! id=$($HWBP add "$@" 2>w.err); then
			if refused w.err; then
				no=$((no + 1))
			else
				bad watches "add $*: $(cat w.err)"
			fi
			sleep 0.2
			continue
		fi
		ok=$((ok + 1))
		sleep 0.$((i % 5 + 1))
		case $((i % 3)) in
		0) $HWBP hits "$id" -n 20 >/dev/null 2>w.err ;;
		1) $HWBP counts "$id" --by cpu >/dev/null 2>w.err ;;
		2) $HWBP clear "$id" 2>w.err ;;
		esac
		if [ -n "$max" ]; then
			h=$(watch_hits "$id")
			[ "${h:-0}" -le "$max" ] ||
				bad watches "--max-hits $max: $h hits ($*)"
		fi
		$HWBP del "$id" 2>w.err || bad watches "del $id ($*): $(cat w.err)"
	done
	printf 'watch_adds=%d watch_refused=%d\n' $ok $no >"$RES/watches"
}

# probes: kprobes and kretprobes added, read and deleted
probes_loop() {
	i=0 ok=0
	while ! stopping; do
		i=$((i + 1))
		case $((i % 9)) in
		0) set -- vfs_read --by comm ;;
		1) set -- --ret vfs_write --by retval ;;
		2) set -- --by caller hwbp_target_writer_a ;;
		3) set -- --by stack hwbp_target_take ;;
		4) set -- vfs_write --arg 2:ustr ;;
		5) set -- --count-only --by arg1 hwbp_target_drop ;;
		6) set -- --ret hwbp_target_writer_a --by retval ;;
		7) set -- --arg 1:u64 --by pid hwbp_target_writer_a ;;
		8) set -- --by cpu hwbp_target_writer_b ;;
		esac
		if ! id=$($HWBP probe "$@" 2>p.err); then
			bad probes "probe $*: $(cat p.err)"
			sleep 0.5
			continue
		fi
		ok=$((ok + 1))
		sleep 0.$((i % 4 + 2))
		$HWBP counts "$id" >/dev/null 2>p.err ||
			bad probes "counts $id ($*): $(cat p.err)"
		$HWBP del "$id" 2>p.err || bad probes "del $id ($*): $(cat p.err)"
	done
	echo "probe_adds=$ok" >"$RES/probes"
}

# on: watches armed by hwbp_target_take(obj), disarmed by _drop(obj)
on_loop() {
	i=0 ok=0 no=0 hits=0
	while ! stopping; do
		i=$((i + 1))
		case $((i % 4)) in
		0) set -- -l 8 ;;
		1) set -- -t rw -l 8 --stack ;;
		2) set -- -l 8 --count-only ;;
		3) set -- -l 4 --max-hits 2 ;;
		esac
		on=hwbp_target_take:arg1
		[ $((i % 4)) = 3 ] && on=hwbp_target_take:arg1+8
		if ! id=$($HWBP add --on $on --until hwbp_target_drop:arg1 "$@" 2>o.err); then
			if refused o.err; then
				no=$((no + 1))
			else
				bad on "add --on $on $*: $(cat o.err)"
			fi
			sleep 0.3
			continue
		fi
		ok=$((ok + 1))
		sleep 1
		h=$(watch_hits "$id")
		hits=$((hits + ${h:-0}))
		$HWBP del "$id" 2>o.err || bad on "del $id: $(cat o.err)"
	done
	printf 'on_adds=%d on_refused=%d on_hits=%d\n' $ok $no $hits >"$RES/on"
}

# procs: uwrite processes watched (1 early + 1 late thread, 3 x N writes),
# counted exactly; every 3rd is killed while watched, mid-writes.
procs_loop() {
	i=0 ok=0 no=0 exact=0 killed=0 forkfail=0
	while ! stopping; do
		i=$((i + 1))
		n=$((50 + i % 7 * 10))
		[ $((i % 3)) = 2 ] && n=2000000
		rm -f uw.out uw.err
		uwrite --early 1 $n 1 >uw.out 2>uw.err &
		upid=$!
		if ! wait_line uw.out "^ready $upid " 30; then
			bad procs "uwrite not ready: $(cat uw.out uw.err)"
			kill -9 $upid
			wait $upid 2>/dev/null
			continue
		fi
		uaddr=$(awk '/^ready/ { print $3 }' uw.out)
		case $((i % 4)) in
		0) set -- ;;
		1) set -- --stack ;;
		2) set -- --count-only ;;
		3) set -- -t rw ;;
		esac
		if ! id=$($HWBP add -p $upid -l 8 "$uaddr" "$@" 2>u.err); then
			refused u.err && no=$((no + 1)) ||
				bad procs "add -p $upid $*: $(cat u.err)"
			kill -9 $upid
			wait $upid 2>/dev/null
			continue
		fi
		ok=$((ok + 1))
		kill -USR1 $upid
		if [ $((i % 3)) = 2 ]; then
			# exits while watched, in the middle of its writes
			sleep 0.3
			kill -9 $upid
			wait $upid 2>/dev/null
			killed=$((killed + 1))
		elif wait_line uw.out '^done' 30; then
			total=$(awk '/^done/ { print $2 }' uw.out)
			h=$(watch_hits "$id")
			if [ "$h" = "$total" ]; then
				exact=$((exact + 1))
			else
				bad procs "process watch $id ($*): $h hits, $total writes"
			fi
			kill -USR1 $upid
			wait $upid
		elif kill -0 $upid 2>/dev/null; then
			bad procs "uwrite $upid ($n writes a thread) not done in 30 s"
			kill -9 $upid
			wait $upid 2>/dev/null
		else
			wait $upid
			# A thread created while another add probes the free
			# registers (a refusal's explanation) may fail to
			# inherit the watch: clone() fails. Counted.
			if grep -q pthread_create uw.err; then
				forkfail=$((forkfail + 1))
			else
				bad procs "uwrite failed: $(cat uw.out uw.err)"
			fi
		fi
		st=
		for _w in 1 2 3 4 5 6 7 8 9 10; do
			st=$(watch_field "$id" state)
			[ "$st" = exited ] && break
			sleep 0.2
		done
		[ "$st" = exited ] || bad procs "watch $id of exited $upid is '$st'"
		$HWBP del "$id" 2>u.err || bad procs "del $id: $(cat u.err)"
	done
	printf 'proc_adds=%d proc_refused=%d proc_exact=%d proc_killed=%d proc_forkfail=%d\n' \
		$ok $no $exact $killed $forkfail >"$RES/procs"
}

# hits_of JSON ID...: the hits of each watch ID in `hwbp list --json`
# output JSON, in order, "-" for one that is missing
hits_of() {
	_j=$1
	shift
	printf '%s\n' "$_j" | sed 's/},{"id"/}\n{"id"/g' | awk -v ids="$*" '
		match($0, /"id":[0-9]+/) && match($0, /"hits":[0-9]+/) {
			id = $0; sub(/^[^{]*\{"id":/, "", id); sub(/[^0-9].*/, "", id)
			hits[id] = substr($0, RSTART + 7, RLENGTH - 7) }
		END { n = split(ids, w, " ")
		      for (i = 1; i <= n; i++)
			printf "%s%s", ((w[i] in hits) ? hits[w[i]] : "-"), (i < n ? " " : "\n") }'
}

# readers: everything that reads, in turn; the oracles' counts never go down
readers_loop() {
	i=0 n=0 prev="0 0 0 0"
	while ! stopping; do
		i=$((i + 1))
		case $((i % 8)) in
		0) set -- list -v ;;
		1) set -- hits -n 50 ;;
		2) set -- hits --json -n 20 ;;
		3) set -- stacks ;;
		4) set -- counts --by cpu ;;
		5) set -- counts ;;
		6) set -- stacks --json ;;
		7) set -- counts "$V" --by ip ;;
		esac
		$HWBP "$@" >/dev/null 2>r.err || bad readers "hwbp $*: $(cat r.err)"
		if ! j=$($HWBP list --json 2>r.err); then
			bad readers "list --json: $(cat r.err)"
			continue
		fi
		n=$((n + 1))
		now=$(hits_of "$j" "$V" "$P" "$B" "$D")
		why=$(echo "$prev $now" | awk '{
			for (i = 1; i <= 4; i++) {
				if ($(i + 4) == "-") print "oracle " i " missing"
				else if ($(i + 4) + 0 < $i + 0) print "oracle " i " went down: " $i " -> " $(i + 4)
			} }')
		if [ -n "$why" ]; then
			bad readers "V P B D $prev -> $now: $why"
		else
			prev=$now
		fi
	done
	echo "reads=$n" >"$RES/readers"
}

# hotplug: CPUs 1..N-1 offline and back, in turn, every 2 s
hotplug_loop() {
	c=1 n=0
	while ! stopping; do
		sleep 2
		stopping && break
		echo 0 >$CPUS/cpu$c/online 2>h.err || bad hotplug "offline cpu$c: $(cat h.err)"
		sleep 1
		ok=
		for _t in 1 2 3 4 5; do
			echo 1 >$CPUS/cpu$c/online 2>h.err && { ok=1; break; }
			sleep 1
		done
		[ -n "$ok" ] || bad hotplug "online cpu$c: $(cat h.err)"
		n=$((n + 1))
		c=$((c % LAST + 1))
	done
	echo "hotplug_cycles=$n" >"$RES/hotplug"
}

kmsg_mark
pids=
writer_loop & pids="$pids $!"
for c in $(seq 0 $LAST); do
	load_loop $c & pids="$pids $!"
done
objs_loop & pids="$pids $!"
# Each loop in a directory of its own: their scratch files have the same names.
for l in watches probes on procs readers hotplug; do
	mkdir -p $l
	(cd $l && ${l}_loop) & pids="$pids $!"
done
$HWBP hits -f >/dev/null 2>follow.err &
fpid=$!
$HWBP hits -f "$V" >/dev/null 2>followv.err &
fvpid=$!
diag "stressing: writer, ${NCPU} load, objs, watches, probes, on, procs, readers, hotplug loops; monitor; 2 followers"

# --- stress, then stop ------------------------------------------------------------
end=$((t0 + SECS))
while [ "$(uptime_s)" -lt $end ]; do
	sleep 5
	for p in $mpid $fpid $fvpid; do
		kill -0 $p 2>/dev/null || [ -e "ended.$p" ] || {
			touch "ended.$p"
			bad main "pid $p (monitor or follower) ended early"
		}
	done
done
touch "$STOP"
t1=$(uptime_s)
stuck=
for p in $pids; do
	wait_gone $p 60 || stuck="$stuck $p"
done
if [ -n "$stuck" ]; then
	t_fail "loops stop" "still running after 60 s:$stuck"
	for p in $stuck; do
		diag "pid $p: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null); children: $(cat /proc/$p/task/*/children 2>/dev/null)"
	done
	kill -9 $stuck
else
	t_ok "loops stop"
fi
wait $pids 2>/dev/null
online_all
t2=$(uptime_s)
diag "stressed $((t1 - t0)) s ($(awk -v s=$((t1 - t0)) 'BEGIN { printf "%.1f", s / 60 }') min) on $NCPU CPUs; loops stopped in $((t2 - t1)) s"
for f in "$RES"/*; do
	diag "$(basename "$f"): $(tr '\n' ' ' <"$f")"
done

# --- exact counts ------------------------------------------------------------------
j=$($HWBP list --json)
da=$(($(value writes_a) - a0))
db=$(($(value writes_b) - b0))
dd=$(($(value drops) - d0))
K=$(res k)
hv=$(jf "$j" "$V" hits)
hp=$(jf "$j" "$P" hits)
hb=$(jf "$j" "$B" hits)
hd=$(jf "$j" "$D" hits)
diag "writer_a $da, writer_b $db (K $K), drops $dd; V $hv, P $hp, B $hb, D $hd"
expect_eq "the writer's K writes are writer_b's calls" "$K" "$db"
[ "$K" -gt 0 ] && t_ok "the writer wrote ($K)" || t_fail "the writer wrote" "K=$K"
expect_eq "V: every write of hwbp_target_var counted" "$((da + db))" "$hv"
expect_eq "B: probe counted the writer's K calls" "$K" "$hb"
expect_eq "B: no call missed" "0" "$(jf "$j" "$B" missed)"
expect_eq "D: probe counted every drop" "$dd" "$hd"
kb=$($HWBP counts "$V" --by ip --json | sed 's/},{/}\n{/g' |
	grep '"sym":"hwbp_target_writer_b' | grep -o '"count":[0-9]*' | cut -d: -f2)
expect_eq "V by ip: the writer's K writes at writer_b" "$K" "${kb:-0}"
for o in "V $V $hv" "P $P $hp" "B $B $hb" "D $D $hd"; do
	set -- $o
	s=$(by_cpu "$2" | awk '{ s += $2 } END { print s + 0 }')
	expect_eq "$1: counts by CPU add up to its hits" "$3" "$s"
done
want=
got=
for c in $(seq 0 $LAST); do
	want="$want $(res pcpu.$c)"
	got="$got $(by_cpu "$P" | awk -v c=$c '$1 == c { n = $2 } END { print n + 0 }')"
done
expect_eq "P: each CPU's writes to its own instance, per CPU" "$want" "$got"
n=$(res proc_exact)
[ "$n" -gt 0 ] && t_ok "process watches counted exactly ($n processes)" ||
	t_fail "process watches counted exactly" "no process watch ran to the end"
n=$(res hotplug_cycles)
[ "$n" -gt 0 ] && t_ok "CPUs went offline and online ($n times)" ||
	t_fail "CPUs went offline and online" "no hotplug cycle"
for what in watch_adds probe_adds on_adds proc_adds reads; do
	n=$(res $what)
	[ "$n" -gt 0 ] && t_ok "churn: $what ($n)" || t_fail "churn: $what" "none"
done
if [ -s "$BAD" ]; then
	t_fail "the loops met nothing unexpected" "$(wc -l <"$BAD") problem(s): $(head -n 5 "$BAD")"
	sed 's/^/# bad: /' "$BAD" | head -n 40
else
	t_ok "the loops met nothing unexpected"
fi

# --- readers and the monitor end cleanly ---------------------------------------------
kill -INT $fpid $fvpid
wait $fpid
expect_eq "hits -f (every watch) exits 0 on SIGINT" "0" "$?"
wait $fvpid
expect_eq "hits -f V exits 0 on SIGINT" "0" "$?"
[ -s follow.err ] && diag "hits -f stderr: $(head -n 3 follow.err | _t_oneline)"

check "del --all" $HWBP del --all
expect_eq "nothing left" "" "$($HWBP list)"
busy=$($HWBP info --json | grep -o '"hwbp":[0-9]*' | grep -vc '"hwbp":0')
expect_eq "hwbp holds no debug register" "0" "$busy"

# kmemleak (debug kernel): what hwbp allocated and lost, named while the
# module is still loaded (after rmmod its frames are bare addresses; /init
# scans again once every module is gone). An object is hwbp's when a frame
# of its backtrace names hwbp (hwbp_target too), not its comm or its bytes.
# The word kmemleak stays off the console but in a failure: vm.sh takes
# it for a kernel problem.
k=/sys/kernel/debug/kmemleak
if [ -e $k ]; then
	diag "leak scan (debug kernel)"
	echo scan >$k && sleep 6 && echo scan >$k
	cp $k leaks.txt
	leaks=$(awk '/^unreferenced object/ { n += mine; mine = 0 }
		/^ *\[<[0-9a-f]+>\] / && /hwbp/ { mine = 1 }
		END { print n + mine }' leaks.txt)
	if [ "$leaks" = 0 ]; then
		t_ok "no leak of hwbp's while loaded ($(grep -c '^unreferenced object' leaks.txt) of the kernel's)"
	else
		t_fail "no leak of hwbp's while loaded" "$leaks suspected"
		grep -A 14 '^unreferenced object' leaks.txt | head -n 80 | sed 's/^/# /'
	fi
fi

# A CPU that came back online re-armed every watch (see the top).
n=$(kmsg_since_mark | grep -c 'coming online')
[ "$n" = 0 ] && t_ok "every watch re-armed on CPUs coming online" || {
	t_fail "every watch re-armed on CPUs coming online" "$n failed"
	kmsg_since_mark | grep 'coming online' | head -n 5 | sed 's/^/# kmsg: /'
}
check "rmmod hwbp after the stress" unload_hwbp
if wait_gone $mpid 10; then
	wait $mpid
	expect_eq "monitor exits 0 when the module unloads" "0" "$?"
else
	t_fail "monitor exits 0 when the module unloads" "still running: $(tail -n 3 mon.err | _t_oneline)"
	kill $mpid
fi
grep -q unloading mon.err && t_ok "monitor says the module unloads" ||
	t_fail "monitor says the module unloads" "$(tail -n 3 mon.err | _t_oneline)"
wait $sumpid
diag "monitor: $(head -n 1 mon.sum); stderr: $(grep -vc unloading mon.err) other line(s) $(grep -v unloading mon.err | head -n 2 | _t_oneline)"
h=$(sed -n 's/.*hit_lines=\([0-9]*\).*/\1/p' mon.sum)
[ "${h:-0}" -gt 0 ] && t_ok "monitor showed hits ($h lines)" ||
	t_fail "monitor showed hits" "$(cat mon.sum mon.err | _t_oneline)"
# V's hits in the stream: shown, or counted as not shown (rate limit). The
# stream may lose some (a full socket buffer: the monitor says so), never
# invent any.
sv=$(sed -n "s/^shown.$V=//p" mon.sum)
hdv=$(sed -n "s/^hidden.$V=//p" mon.sum)
diag "monitor: V's hits: ${sv:-0} shown + ${hdv:-0} not shown, of $hv"
[ $((${sv:-0} + ${hdv:-0})) -le "$hv" ] && [ "${sv:-0}" -gt 0 ] &&
	t_ok "monitor: V's hits shown and not shown are at most its count" ||
	t_fail "monitor: V's hits shown and not shown are at most its count" \
		"${sv:-0} + ${hdv:-0} > $hv (or none shown)"

# --- reload: nothing was left referenced ---------------------------------------------
if check "reload hwbp" load_hwbp; then
	id=$($HWBP add -l 8 hwbp_target_var)
	echo 10 >$T/write_var
	expect_eq "after reload: a watch counts 10 writes" "10" "$(watch_hits "$id")"
	check "after reload: del" $HWBP del "$id"
	check "rmmod hwbp again" unload_hwbp
fi
check "rmmod hwbp_target" unload_kmod hwbp_target

# --- leak accounting ---------------------------------------------------------------
# The loops' scratch files go first (tmpfs inodes).
rm -rf watches probes on procs readers hotplug uw.warm mon.fifo
after=$(memsnap after)
diag "memory before: $before"
diag "memory after:  $after (stressed $((t1 - t0)) s, $NCPU CPUs)"
du=$(($(kv "$after" sunreclaim) - $(kv "$before" sunreclaim)))
dso=$(($(kv "$after" slabobj) - $(kv "$before" slabobj)))
dv=$(($(kv "$after" vmalloc) - $(kv "$before" vmalloc)))
dp=$(($(kv "$after" percpu) - $(kv "$before" percpu)))
dk=$(($(kv "$after" kernel) - $(kv "$before" kernel)))
if [ -r /proc/slabinfo ]; then
	# the caches whose objects in use grew most, in kB (name +kB +objects);
	# not kmemleak's own: vm.sh takes the word for a kernel problem
	diag "slab caches grown most: $(awk 'FNR > 2 {
			if (FILENAME ~ /before$/) { b[$1] = $2 * $4; bn[$1] = $2 }
			else { d = $2 * $4 - b[$1]
			       if (d > 0 && $1 !~ /kmemleak/) print int(d / 1024), $1, $2 - bn[$1] } }' \
		"$S/slabinfo.before" "$S/slabinfo.after" | sort -rn | head -n 6 |
		awk '{ printf "%s%s +%dkB +%d", (NR > 1 ? ", " : ""), $2, $1, $3 }')"
fi
diag "growth: SUnreclaim ${du} kB, slab objects ${dso} kB, vmalloc ${dv} kB, percpu ${dp} kB, kernel ${dk} kB"
# Thresholds, in kB, after a warm-up (see there), with caches dropped
# and every slab cache shrunk. What moves anyway, over 10 clean runs of
# 90 and 150 s: SUnreclaim +244..+512 kB with 2 CPUs, +700..+1044 kB with
# 4, at most 261 kB a CPU (SLUB's per-CPU partial slabs, which shrinking
# does not empty; task_struct, stacks and pids of the kworkers the load
# made, idle for up to 5 minutes before they exit; tmpfs inodes); slab
# objects in use -121..+226 kB; vmalloc +32..+160 kB (kworkers' stacks).
# Hence 512 kB a CPU for SUnreclaim, 512 kB of objects and 1 MB of
# vmalloc. What they catch: a run adds and deletes hundreds of watches
# and probes (add/del operations, below); a leak on a path taken each time,
# even of one 2 kB object, is more than 512 kB of objects, and one of a
# recording watch's buffers (rings of 160 kB a CPU, counting tables of
# tens of kB: big kmalloc()s, in SUnreclaim, or vmalloc when memory is
# fragmented) is MBs (tried: 4 recording watches left loaded, +4.8 MB
# of SUnreclaim). "kernel" is shown, not judged: per-CPU page lists
# move it by MBs. Smaller leaks are kmemleak's (above, and /init).
ops=$(($(res watch_adds) + $(res watch_refused) + $(res probe_adds) +
	$(res on_adds) + $(res on_refused) + $(res proc_adds) + $(res proc_refused)))
diag "add/del operations: $ops (refused adds included)"
max=$((512 * NCPU))
[ "$du" -le $max ] && t_ok "SUnreclaim grew at most $max kB after unload ($du)" ||
	t_fail "SUnreclaim grew at most $max kB after unload" "grew $du kB"
[ "$dso" -le 512 ] && t_ok "slab objects in use grew at most 512 kB ($dso)" ||
	t_fail "slab objects in use grew at most 512 kB" "grew $dso kB"
[ "$dv" -le 1024 ] && t_ok "vmalloc grew at most 1024 kB after unload ($dv)" ||
	t_fail "vmalloc grew at most 1024 kB after unload" "grew $dv kB"
