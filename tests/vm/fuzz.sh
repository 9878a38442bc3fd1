#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ABI fuzzing: tests/vm/bin/fuzz throws >= 100000 ioctls at /dev/hwbp from
# several threads (random commands, buffers and pointers; valid adds with
# one field mutated; reads with random counts), opens and closes the
# device, makes hwbp_target's watched memory get touched, and sends
# garbage and random messages to the "hwbp" genetlink family while joining
# and leaving its groups. The main oracle is the kernel log (the runner
# fails on any WARNING, BUG or Oops); here: the fuzzer exits 0, the module
# still answers, and it unloads (no leaked references) and reloads.
#
#   seed: hwbp_fuzz_seed=N on the kernel command line (HWBP_APPEND), else
#   the time; printed, so a failure can be replayed:
#     HWBP_TCG=single HWBP_APPEND=hwbp_fuzz_seed=N make fuzz
#   calls: hwbp_fuzz_calls=N (120000), time limit hwbp_fuzz_secs=S (130),
#   mix: hwbp_fuzz_mix=RAW,ADD (percent; 37,8), DEL --all every
#   hwbp_fuzz_delall=N calls of a thread (200)
. /tests/lib.sh

SEED=${hwbp_fuzz_seed:-$(date +%s)}
CALLS=${hwbp_fuzz_calls:-120000}
SECS=${hwbp_fuzz_secs:-130}
MIX=${hwbp_fuzz_mix:-37,8}
DELALL=${hwbp_fuzz_delall:-200}
MIN_CALLS=100000

# 5.10's kallsyms_lookup_name() compares the name with every symbol in turn
# (105000 of them; a module's symbol, or none, after all of vmlinux's: about
# 25 ms under TCG), where 6.1 and later bisect a table sorted by name. The
# add ioctl, which mostly names symbols, took 26 to 37 ms there on average
# against 4.3 on 6.1, and the fuzzer made 540 to 780 calls/s instead of
# 2200: in 130 s, 70824 calls. It gets the time the same number of calls
# takes, within the runner's 240 s per file.
case $(uname -r) in
5.10.*) SECS=${hwbp_fuzz_secs:-210} ;;
esac

# mem: "module=BYTES slab=KB sunreclaim=KB [slabinfo=BYTES]"
mem() {
	m=$(awk '$1 == "hwbp" { print $2 }' /proc/modules)
	s=$(awk '$1 == "Slab:" { print $2 }' /proc/meminfo)
	u=$(awk '$1 == "SUnreclaim:" { print $2 }' /proc/meminfo)
	printf 'module=%s slab=%skB sunreclaim=%skB' "${m:--}" "$s" "$u"
	if [ -r /proc/slabinfo ]; then
		# active objects x object size, over every cache
		awk 'NR > 2 { t += $2 * $4 } END { printf " slabinfo=%dkB", t / 1024 }' \
			/proc/slabinfo
	fi
	echo
}

check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0

before=$(mem)
diag "before: $before"
kmsg_mark
diag "fuzz seed $SEED ($CALLS calls, at most $SECS s, mix $MIX, del --all every $DELALL)"
t0=$(cut -d' ' -f1 /proc/uptime)
# In the background, watched: a fuzzer stuck in the kernel cannot be killed,
# and then what matters is what it was doing.
fuzz -s "$SEED" -n "$CALLS" -t "$SECS" -M "$MIX" -D "$DELALL" -l /tmp/fuzz.last \
	>fuzz.out 2>fuzz.err &
fpid=$!
waited=0
while kill -0 $fpid 2>/dev/null && [ $waited -lt $((SECS + 10)) ]; do
	sleep 1
	waited=$((waited + 1))
done
if kill -0 $fpid 2>/dev/null; then
	t_fail "fuzzer finishes (seed $SEED)" \
		"still running $waited s after the start: stuck in the kernel?"
	diag "last call of each thread, and the last adds:"
	sed 's/ *$//; /^$/d; s/^/#   /' /tmp/fuzz.last
	for t in /proc/$fpid/task/*; do
		diag "task ${t##*/} ($(cat $t/comm)): $(tr '\n' ' ' < $t/stack 2>/dev/null)"
	done
	diag "watches: $(timeout 5 $HWBP list 2>&1 | _t_oneline)"
	kmsg_since_mark | tail -n 60 | sed 's/^/# kmsg: /'
	kill -9 $fpid
	exit 1
fi
rc=0
wait $fpid || rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
sed 's/^/# /' fuzz.out
sed 's/^/# stderr: /' fuzz.err | head -n 20
diag "fuzzer ran $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, exit $rc"
if [ "$rc" -eq 0 ]; then
	t_ok "fuzzer exits 0 (seed $SEED)"
else
	t_fail "fuzzer exits 0 (seed $SEED)" \
		"exit $rc: $(tail -n 3 fuzz.err fuzz.out | _t_oneline)"
	diag "last call of each thread, and the last adds:"
	sed 's/ *$//; /^$/d; s/^/#   /' /tmp/fuzz.last
	kmsg_since_mark | tail -n 40 | sed 's/^/# kmsg: /'
fi

if kmsg_since_mark | grep -qE 'Oops|BUG:|WARNING:|soft lockup|stall'; then
	diag "kernel problem during the fuzz; last call of each thread, last adds:"
	sed 's/ *$//; /^$/d; s/^/#   /' /tmp/fuzz.last
fi

calls=$(sed -n 's/^fuzz: \([0-9]*\) ioctls in.*/\1/p' fuzz.out)
rate=$(sed -n 's/.*, \([0-9]*\) calls\/s;.*/\1/p' fuzz.out)
if [ "${calls:-0}" -ge $MIN_CALLS ]; then
	t_ok "at least $MIN_CALLS ioctls ($calls, $rate/s)"
else
	t_fail "at least $MIN_CALLS ioctls" "only ${calls:-none} (${rate:-?}/s)"
fi
n=$(kmsg_since_mark | wc -l)
diag "kernel log: $n lines during the fuzz"

# --- the module survived -------------------------------------------------
check "del --all after the fuzz" $HWBP del --all
out=$($HWBP list 2>&1)
lrc=$?
rows=$(printf '%s\n' "$out" | awk 'NR > 1' | wc -l)
if [ $lrc -eq 0 ] && [ "$rows" -eq 0 ]; then
	t_ok "list is empty after del --all"
else
	t_fail "list is empty after del --all" "exit $lrc: $out"
fi
info=$($HWBP info 2>&1)
expect_contains "info: no watch left" "watches:          0 of" "$info"
busy=$($HWBP info --json | grep -o '"hwbp":[0-9]*' | grep -vc '"hwbp":0')
expect_eq "info: hwbp holds no debug register" "0" "$busy"

# --- no leaked references: unload, reload, unload ------------------------
check "rmmod hwbp after the fuzz" unload_hwbp
check "reload hwbp" load_hwbp && {
	check "list after reload" $HWBP list
	check "rmmod hwbp again" unload_hwbp
}
check "rmmod hwbp_target" unload_kmod hwbp_target
after=$(mem)
diag "after:  $after"
diag "memory before: $before | after (modules unloaded): $after"
