#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Who touched it: records, values, stacks, counts, filters, one-shot, full
# rings and following. hwbp_target_var is written by two known functions,
# hwbp_target_writer_a (trigger write_var) and hwbp_target_writer_b
# (write_var_b), from tasks named writer-a and writer-b pinned to CPUs 0
# and 1, so every expected record, stack and count is known exactly.
#
#   writer-a (cpu0) --5x--> write_var   --> writer_a() --+
#                                                         +--> hwbp_target_var
#   writer-b (cpu1) --3x--> write_var_b --> writer_b() --+
. /tests/lib.sh

T=/sys/kernel/debug/hwbp_target
cp /tests/bin/poke /tmp/writer-a
cp /tests/bin/poke /tmp/writer-b

hits() {
	watch_hits "$1"
}

# records ID: one line per record of `hwbp hits ID --json`
records() {
	$HWBP hits "$1" --json | sed 's/},{/}\n{/g' | grep '"seq"'
}

# field LINE KEY: KEY's value in one JSON object line
field() {
	echo "$1" | grep -o "\"$2\":[^,}]*" | head -n 1 | cut -d: -f2- | tr -d '"'
}

# count_of ID BY KEY: the count for KEY in `hwbp counts ID --by BY --json`
count_of() {
	$HWBP counts "$1" --by "$2" --json | sed 's/},{/}\n{/g' |
		grep "\"key\":\"\\{0,1\\}$3\"\\{0,1\\}[,}]" | grep -o '"count":[0-9]*' |
		cut -d: -f2
}

writes_a() {
	taskset -c 0 /tmp/writer-a $T/write_var 1 "$1"
}

writes_b() {
	taskset -c 1 /tmp/writer-b $T/write_var_b 1 "$1"
}

check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0

# --- records, values and counts from two writers on two CPUs ---------------
id=$($HWBP add --stack -l 8 hwbp_target_var)
writes_a 5
writes_b 3
expect_eq "8 writes, 8 hits" "8" "$(hits "$id")"
expect_eq "8 records" "8" "$(records "$id" | wc -l)"
expect_eq "5 records by writer-a" "5" "$(records "$id" | grep -c '"comm":"writer-a"')"
expect_eq "3 records by writer-b" "3" "$(records "$id" | grep -c '"comm":"writer-b"')"
expect_eq "writer-a's records on CPU 0" "5" "$(records "$id" | grep '"comm":"writer-a"' | grep -c '"cpu":0[,}]')"
expect_eq "writer-b's records on CPU 1" "3" "$(records "$id" | grep '"comm":"writer-b"' | grep -c '"cpu":1[,}]')"
expect_eq "records name writer_a" "5" "$(records "$id" | grep -c 'hwbp_target_writer_a')"
expect_eq "records name writer_b" "3" "$(records "$id" | grep -c 'hwbp_target_writer_b')"
# Values: each write stores the next number of one sequence, so every
# record's before is the previous record's after, and after grows.
bad=$(records "$id" | awk '
	{ match($0, /"before":[0-9]+/); b = substr($0, RSTART + 9, RLENGTH - 9)
	  match($0, /"after":[0-9]+/); a = substr($0, RSTART + 8, RLENGTH - 8)
	  if (NR > 1 && (b != last || a + 0 <= last + 0)) bad++
	  last = a }
	END { print bad + 0 }')
expect_eq "before = previous after, values increase" "0" "$bad"
expect_eq "every record is a write" "8" "$(records "$id" | grep -c '"write"\|"class":"write"')"
expect_eq "counts by cpu: CPU 0" "5" "$(count_of "$id" cpu 0)"
expect_eq "counts by cpu: CPU 1" "3" "$(count_of "$id" cpu 1)"
expect_eq "counts by comm: writer-a" "5" "$($HWBP counts "$id" --by comm --json | sed 's/},{/}\n{/g' | grep '"writer-a"' | grep -o '"count":[0-9]*' | cut -d: -f2)"
expect_eq "counts by ip: two ips" "2" "$($HWBP counts "$id" --by ip --json | sed 's/},{/}\n{/g' | grep -c '"count"')"
$HWBP counts "$id" --by ip | grep -q 'hwbp_target_writer_a' &&
	t_ok "counts by ip are symbolized" ||
	t_fail "counts by ip are symbolized" "$($HWBP counts "$id" --by ip)"
st=$($HWBP stacks "$id")
expect_eq "two distinct stacks" "2" "$(echo "$st" | grep -c '^watch')"
echo "$st" | grep -A3 '5 hits' | grep -q hwbp_target_writer_a &&
	t_ok "stack with 5 hits is writer_a's" || t_fail "stack with 5 hits is writer_a's" "$st"
echo "$st" | grep -A3 '3 hits' | grep -q hwbp_target_writer_b &&
	t_ok "stack with 3 hits is writer_b's" || t_fail "stack with 3 hits is writer_b's" "$st"
echo "$st" | grep -q 'ht_trigger_write\|vfs_write' &&
	t_ok "stacks reach the syscall path" || t_fail "stacks reach the syscall path" "$st"
expect_eq "counts by stack: two" "2" "$($HWBP counts "$id" --by stack --json | sed 's/},{/}\n{/g' | grep -c '"count"')"
check "clear" $HWBP clear "$id"
expect_eq "clear: no records" "0" "$(records "$id" | wc -l)"
expect_eq "clear: hits zeroed" "0" "$(hits "$id")"
writes_a 2
expect_eq "recording goes on after clear" "2" "$(records "$id" | wc -l)"
$HWBP del --all

# --- allow-list: the legitimate writer is counted, only the suspect recorded
id=$($HWBP add --allow hwbp_target_writer_a -l 8 hwbp_target_var)
writes_a 6
writes_b 2
expect_eq "allow-list: all 8 counted" "8" "$(hits "$id")"
expect_eq "allow-list: only the suspect's 2 recorded" "2" "$(records "$id" | wc -l)"
expect_eq "allow-list: the records are writer_b's" "2" "$(records "$id" | grep -c hwbp_target_writer_b)"
expect_eq "allow-list: 6 suppressed" "6" "$(watch_field "$id" suppressed)"
expect_fail "allow-list naming no function" 1 "no_such_function_hwbp" \
	$HWBP add --allow hwbp_target_writer_a,no_such_function_hwbp -l 8 hwbp_target_var
$HWBP del --all

# --- value filters -------------------------------------------------------------
id=$($HWBP add --if-value ==4242 -l 8 hwbp_target_var)
echo 4242 > $T/set_var
writes_a 3
echo 4242 > $T/set_var
expect_eq "==V: 5 hits counted" "5" "$(hits "$id")"
expect_eq "==V: the 2 writes of 4242 recorded" "2" "$(records "$id" | grep -c '"after":4242')"
expect_eq "==V: nothing else recorded" "2" "$(records "$id" | wc -l)"
$HWBP del --all
id=$($HWBP add --changed -t rw -l 8 hwbp_target_var)
echo 3 > $T/read_var
writes_a 2
echo 2 > $T/read_var
expect_eq "--changed rw: 7 hits" "7" "$(hits "$id")"
expect_eq "--changed rw: only the 2 writes recorded" "2" "$(records "$id" | wc -l)"
$HWBP del --all
id=$($HWBP add -t rw -l 8 hwbp_target_var)
echo 3 > $T/read_var
writes_a 1
expect_eq "rw: reads classified as read-or-same" "3" "$(records "$id" | grep -c 'read')"
$HWBP del --all

# --- one-shot and max hits -----------------------------------------------------
# wait_state ID STATE: wait up to 10 s for watch ID to show STATE (the stop
# is a work item: late on a loaded machine)
wait_state() {
	for _i in $(seq 100); do
		[ "$(watch_field "$1" state)" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

id=$($HWBP add --oneshot -l 8 hwbp_target_var)
writes_a 5
wait_state "$id" stopped
expect_eq "one-shot: one hit" "1" "$(hits "$id")"
expect_eq "one-shot: one record" "1" "$(records "$id" | wc -l)"
expect_eq "one-shot: stopped" "stopped" "$($HWBP list | awk -v id="$id" '$1 == id { print $7 }')"
writes_a 3
expect_eq "one-shot: still one hit after more writes" "1" "$(hits "$id")"
$HWBP del --all
id=$($HWBP add --max-hits 4 -l 8 hwbp_target_var)
writes_a 10
wait_state "$id" stopped
expect_eq "--max-hits 4: four hits" "4" "$(hits "$id")"
$HWBP del --all

# --- count-only ----------------------------------------------------------------
id=$($HWBP add --count-only -l 8 hwbp_target_var)
writes_a 4
expect_eq "count-only: counted" "4" "$(hits "$id")"
expect_fail "count-only: no records to read" 1 "" $HWBP hits "$id"
expect_eq "count-only: counts by cpu still exact" "4" "$(count_of "$id" cpu 0)"
$HWBP del --all

# --- hits -f sees hits that arrive while it runs -------------------------------
id=$($HWBP add -l 8 hwbp_target_var)
$HWBP hits -f "$id" > follow.out 2> follow.err &
fpid=$!
sleep 0.5
writes_a 4
sleep 0.3
writes_b 3
# The follower polls every 100 ms, and reads kallsyms before its first line.
for i in $(seq 100); do
	[ "$(grep -c 'writer-' follow.out)" -ge 7 ] && break
	sleep 0.1
done
kill -INT "$fpid"
wait "$fpid"
expect_eq "hits -f exits cleanly on SIGINT" "0" "$?"
expect_eq "hits -f printed the 7 hits that arrived" "7" "$(grep -c 'writer-' follow.out)"
$HWBP del --all
check "unload hwbp" unload_hwbp

# --- a full ring drops records, never counts ----------------------------------
check "load hwbp ring_size=16" load_hwbp ring_size=16
id=$($HWBP add -l 8 hwbp_target_var)
writes_a 100
expect_eq "full ring: all 100 counted" "100" "$(hits "$id")"
expect_eq "full ring: 16 recorded" "16" "$(records "$id" | wc -l)"
expect_eq "full ring: 84 dropped" "84" "$(watch_field "$id" dropped)"
$HWBP hits "$id" > /dev/null 2> drops.err
expect_contains "hits reports the drops" "84" "$(cat drops.err)"
check "clear frees the ring" $HWBP clear "$id"
writes_a 5
expect_eq "recording resumes after clear" "5" "$(records "$id" | wc -l)"
$HWBP del --all
check "unload hwbp" unload_hwbp
expect_fail "ring_size not a power of two refused" "" "" load_hwbp ring_size=100

# --- process watch with user stacks ---------------------------------------------
check "load hwbp" load_hwbp
uwrite 3 1 > uw.out &
upid=$!
for i in $(seq 50); do grep -q ready uw.out && break; sleep 0.1; done
uaddr=$(awk '/^ready/ { print $3 }' uw.out)
id=$($HWBP add --stack -p "$upid" -l 8 "$uaddr")
kill -USR1 "$upid"
for i in $(seq 50); do grep -q done uw.out && break; sleep 0.1; done
expect_eq "process watch: 6 records" "6" "$(records "$id" | wc -l)"
expect_eq "process watch: records carry user stacks" "6" "$(records "$id" | grep -vc '"ustack_id":0')"
kill -USR1 "$upid"; wait "$upid"
$HWBP del --all

unload_hwbp
unload_kmod hwbp_target
