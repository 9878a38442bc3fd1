#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The hit path's cost in instructions, counted by callgrind on the host:
# stable on noisy machines, unlike time. Builds tests/bench/hotpath (the
# module's kmod/ring.c, stacktab.c, agg.c and hitpath.c with kernel-like
# flags), runs each scenario N times under callgrind collecting only inside
# its bench_* function, and prints instructions per hit against the targets:
#
#   record	a recorded hit without a stack (aggregate + wanted + record)
#		target <= 200
#   stack	looking up a 16-frame stack already in the table, <= 300
#   record_stack  a recorded hit with such a stack (no target, for scale)
#
#   scripts/bench-host.sh		all scenarios, N=100000
#   N=20000 scripts/bench-host.sh record
#   V=1 scripts/bench-host.sh	also the per-function breakdown
#
# Exits 1 when a scenario is over its target (and then prints where its
# instructions go), 2 when the benchmark could not run.
set -u
cd "$(dirname "$0")/.." || exit 2

N=${N:-100000}
V=${V:-0}
B=tests/bench/build
SCENARIOS=${*:-record stack record_stack}

target() {
	case $1 in
	record)	echo 200 ;;
	stack)	echo 300 ;;
	*)	echo - ;;
	esac
}

command -v valgrind >/dev/null 2>&1 || {
	echo "bench: valgrind not found (apt-get install valgrind)" >&2
	exit 2
}
make --no-print-directory -C tests/bench V="$V" >/dev/null || {
	echo "bench: build failed: make -C tests/bench V=1" >&2
	exit 2
}

echo "bench: $(valgrind --version), N=$N hits per scenario"
make --no-print-directory -s -C tests/bench flags | sed 's/^/bench: /'
echo "bench: (an approximation: no ftrace nop, retpoline or return thunks)"
printf '%-14s %14s %8s  %s\n' scenario instr/hit target result

over=0
for s in $SCENARIOS; do
	out=$B/callgrind.$s.out
	log=$B/callgrind.$s.log
	rm -f "$out"
	if ! valgrind --tool=callgrind --toggle-collect="bench_$s" \
	     --callgrind-out-file="$out" "$B/hotpath" "$s" "$N" >"$log" 2>&1; then
		echo "bench: $s: hotpath failed, see $log" >&2
		exit 2
	fi
	# With --toggle-collect, summary/totals count only the collected part.
	ir=$(sed -n 's/^summary: *\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
	[ -n "$ir" ] || ir=$(sed -n 's/^totals: *\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
	if [ -z "$ir" ] || [ "$ir" -eq 0 ]; then
		echo "bench: $s: no instructions collected in bench_$s (see $log)" >&2
		exit 2
	fi
	t=$(target "$s")
	per=$(awk -v ir="$ir" -v n="$N" 'BEGIN { printf "%.1f", ir / n }')
	if [ "$t" = - ]; then
		res=info
	elif awk -v p="$per" -v t="$t" 'BEGIN { exit !(p <= t) }'; then
		res=ok
	else
		res=over
		over=1
	fi
	printf '%-14s %14s %8s  %s\n' "$s" "$per" "$t" "$res"
	if [ "$res" = over ] || [ "$V" = 1 ]; then
		echo "  $s: instructions per hit by function (inclusive, then self):"
		for incl in yes no; do
			callgrind_annotate --inclusive=$incl "$out" 2>/dev/null |
			awk -v n="$N" -v incl=$incl -v top="$PWD/" '
				/file:function/ { on = 1; next }
				!on { next }
				/^-+$/ { if (seen) exit; next }
				match($0, /^ *[0-9,]+ \( *[0-9.]+%\) +/) {
					ir = substr($0, 1, RLENGTH); sub(/\(.*/, "", ir)
					gsub(/[ ,]/, "", ir)
					fn = substr($0, RLENGTH + 1); sub(/ \[.*/, "", fn)
					if (fn ~ /libc|below main|:main$|^\?\?\?/) next
					if (index(fn, top) == 1) fn = substr(fn, length(top) + 1)
					if (ir / n < 0.5 || (fn in done)) next
					done[fn] = 1
					printf "    %-4s %7.1f  %s\n", incl == "yes" ? "incl" : "self", ir / n, fn
					seen = 1
				}'
		done
	fi
done
exit $over
