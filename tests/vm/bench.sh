#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, in the guest: the cost of a hit, measured against a bare perf
# breakpoint in the same run, and how fast records drain through the CLI.
#
#   hwbp_target bench_write N: N timed writes to hwbp_target_bench, on CPU 0
#     base    no breakpoint            (the loop itself)
#     bare    perf breakpoint, empty handler (hwbp_target "bare")
#     count   hwbp --count-only
#     record  hwbp, records (the default)
#     stack   hwbp --stack
#   cost per hit = (time - base) / N; ratio = cost / bare's cost.
#   Rounds interleave the configurations; each figure is the median.
#
# Output: "BENCH|name|value" lines for scripts/bench.sh.
. /tests/lib.sh

T=/sys/kernel/debug/hwbp_target
N=${HWBP_BENCH_N:-20000}
ROUNDS=${HWBP_BENCH_ROUNDS:-5}
DRAIN=${HWBP_BENCH_DRAIN:-1000000}

load_hwbp ring_size=1048576 || { t_fail "bench: load hwbp" "insmod"; exit 0; }
load_kmod hwbp_target || { t_fail "bench: load hwbp_target" "insmod"; exit 0; }

# one: time N writes on CPU 0, in ns
one() {
	taskset -c 0 sh -c "echo $N > $T/bench_write"
	sed -n 's/^bench_ns=//p' $T/values
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

measure() {
	case $1 in
	base)	one ;;
	bare)	echo 1 > $T/bare; one; echo 0 > $T/bare ;;
	count)	id=$(hwbp add --count-only -l 8 hwbp_target_bench); one
		hwbp del "$id" ;;
	record)	id=$(hwbp add -l 8 hwbp_target_bench); one; hwbp del "$id" ;;
	stack)	id=$(hwbp add --stack -l 8 hwbp_target_bench); one
		hwbp del "$id" ;;
	esac
}

for r in $(seq "$ROUNDS"); do
	for c in base bare count record stack; do
		measure $c >> "t.$c"
	done
done
for c in base bare count record stack; do
	echo "BENCH|ns_$c|$(median < "t.$c")"
done
echo "BENCH|n|$N"

# Probes: N timed calls of hwbp_target_bench_fn, on CPU 0.
#     pbase   no probe; pbare  a kprobe with an empty handler;
#     pcount  hwbp probe --count-only --by cpu (the per-CPU counter)
#     pcomm   hwbp probe --count-only --by comm (plus a table lookup)
#     precord hwbp probe (records)
call() {
	taskset -c 0 sh -c "echo $N > $T/bench_call"
	sed -n 's/^bench_ns=//p' $T/values
}

pmeasure() {
	case $1 in
	pbase)	call ;;
	pbare)	echo 1 > $T/bare_kprobe; call; echo 0 > $T/bare_kprobe ;;
	pcount)	id=$(hwbp probe --count-only --by cpu hwbp_target_bench_fn)
		call; hwbp del "$id" ;;
	pcomm)	id=$(hwbp probe --count-only --by comm hwbp_target_bench_fn)
		call; hwbp del "$id" ;;
	precord) id=$(hwbp probe hwbp_target_bench_fn); call; hwbp del "$id" ;;
	esac
}

for r in $(seq "$ROUNDS"); do
	for c in pbase pbare pcount pcomm precord; do
		pmeasure $c >> "t.$c"
	done
done
for c in pbase pbare pcount pcomm precord; do
	echo "BENCH|ns_$c|$(median < "t.$c")"
done

# Drain: produce DRAIN records, then read them all through the CLI.
id=$(hwbp add -l 8 hwbp_target_bench)
t0=$(nsclock)
left=$DRAIN
while [ "$left" -gt 0 ]; do
	k=$((left > 100000 ? 100000 : left))
	taskset -c 0 sh -c "echo $k > $T/bench_write"
	left=$((left - k))
done
t1=$(nsclock)
got=$(hwbp hits "$id" | wc -l)
t2=$(nsclock)
echo "BENCH|drain_records|$got"
echo "BENCH|produce_ns|$((t1 - t0))"
echo "BENCH|drain_ns|$((t2 - t1))"
hwbp del "$id"

expect_eq "bench: every record drained" "$DRAIN" "$got"
unload_hwbp
unload_kmod hwbp_target
