#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC1091,SC2012,SC2015
#
# Self-test of the test helpers, without hwbp: if these fail, the tests
# that watch their memory would fail for the helpers' sake.
#
#   tests/kmod/hwbp_target.ko   every trigger in /sys/kernel/debug/hwbp_target
#                               makes exactly the writes asked for (its
#                               "values" file counts them), bad lines and
#                               offline CPUs are refused, "addrs" and
#                               kallsyms agree, unload is clean
#   /tests/bin/jitpage          ready / USR1 / done / USR1 / exit 0, page
#                               mapped rwx (or rw- with --noexec)
#   /tests/bin/uwrite           ready / USR1 / done TOTAL / USR1 / exit 0,
#                               early threads exist before "ready"
. /tests/lib.sh

D=/sys/kernel/debug/hwbp_target
NCPU=$(nproc)
LAST=$((NCPU - 1))

# trig FILE LINE: write LINE to trigger FILE; fails as the write does
# (busybox: "sh: write error: <strerror>" on stderr).
trig() {
	echo "$2" >"$D/$1"
}

# val KEY: KEY's value in $D/values; addr KEY: KEY's address in $D/addrs.
val() {
	awk -F= -v k="$1" '$1 == k { print $2 }' "$D/values"
}
addr() {
	awk -F= -v k="$1" '$1 == k { print $2 }' "$D/addrs"
}

# wrote NAME FILE LINE KEY COUNT [MASK]: trigger FILE with LINE; ok if it
# made exactly COUNT writes (seq grew by COUNT) and the last one, masked to
# the field's width, is what KEY holds now.
wrote() {
	_w_s0=$(val seq)
	if ! trig "$2" "$3" 2>trig.err; then
		t_fail "$1" "echo '$3' > $2: $(cat trig.err)"
		return 1
	fi
	_w_s1=$(val seq)
	_w_mask=${6:-0}
	_w_want=$_w_s1
	[ "$_w_mask" = 0 ] || _w_want=$((_w_s1 & _w_mask))
	expect_eq "$1" "writes $5, $4=$_w_want" \
		"writes $((_w_s1 - _w_s0)), $4=$(val "$4")"
}

# --- load ---------------------------------------------------------------
kmsg_mark
check "insmod hwbp_target" load_kmod hwbp_target || exit 0
check "debugfs directory" test -d $D
for f in write_var read_var write_field write_pcpu write_remote \
	write_pcpu16 obj_cycle; do
	expect_eq "$f is write-only (0200)" "--w-------" \
		"$(ls -l "$D/$f" 2>&1 | cut -c1-10)"
done
for f in addrs values; do
	expect_eq "$f is read-only (0400)" "-r--------" \
		"$(ls -l "$D/$f" 2>&1 | cut -c1-10)"
done
diag "$NCPU CPUs; addrs: $(tr '\n' ' ' <$D/addrs)"

# --- each trigger makes exactly the writes asked for ---------------------
wrote "write_var 10" write_var 10 var 10
wrote "write_var 0x20 (hex)" write_var 0x20 var 32
wrote "write_var 0 writes nothing" write_var 0 var 0
v=$(val var)
s=$(val seq)
check "read_var 50" trig read_var 50
expect_eq "read_var writes nothing" "seq=$s var=$v" "seq=$(val seq) var=$(val var)"
wrote "write_field a 3" write_field "a 3" obj.a 3
wrote "write_field b 300" write_field "b 300" obj.b 300 0xffffffff
wrote "write_field c 5" write_field "c 5" obj.c 5 0xffff
wrote "write_field d 257" write_field "d 257" obj.d 257 0xff
wrote "write_field e 2" write_field "e 2" obj.e 2 0xff
wrote "write_field f 4" write_field "f 4" obj.f 4
wrote "write_field g 6" write_field "g 6" obj.g 6
o=$(val obj.a)
wrote "write_field blanks and tabs" write_field "$(printf ' \tf  7 ')" obj.f 7
expect_eq "write_field f leaves a alone" "$o" "$(val obj.a)"

for cpu in $(seq 0 $LAST); do
	other=$(((cpu + 1) % NCPU))
	o=$(val pcpu[$other])
	wrote "write_pcpu $cpu 5" write_pcpu "$cpu 5" "pcpu[$cpu]" 5
	[ "$NCPU" -gt 1 ] &&
		expect_eq "write_pcpu $cpu leaves CPU $other's alone" "$o" \
			"$(val pcpu[$other])"
	wrote "write_pcpu16 $cpu 0 3" write_pcpu16 "$cpu 0 3" "pcpu16[$cpu][0]" 3
	wrote "write_pcpu16 $cpu 1 4" write_pcpu16 "$cpu 1 4" "pcpu16[$cpu][1]" 4
done
if [ "$NCPU" -gt 1 ]; then
	o=$(val "pcpu[1]")
	wrote "write_remote 1 0 6" write_remote "1 0 6" "pcpu[0]" 6
	expect_eq "write_remote 1 0 leaves CPU 1's alone" "$o" "$(val "pcpu[1]")"
	wrote "write_remote 0 1 2" write_remote "0 1 2" "pcpu[1]" 2
else
	wrote "write_remote 0 0 6" write_remote "0 0 6" "pcpu[0]" 6
	diag "one CPU: write_remote between CPUs not tried"
fi

t0=$(val takes) d0=$(val drops)
wrote "obj_cycle 8 0" obj_cycle "8 0" seq 8
expect_eq "obj_cycle calls take and drop once" \
	"takes=$((t0 + 1)) drops=$((d0 + 1))" "takes=$(val takes) drops=$(val drops)"

# --- bad lines: the write fails ----------------------------------------------
s=$(val seq)
bad() {
	expect_fail "refused: $1 '$2'" nz "${3:-Invalid argument}" trig "$1" "$2"
}
bad write_var ""
bad write_var abc
bad write_var 5x
bad write_var -1
bad write_var "1 2"
bad write_var 4294967296
bad write_var 10000001
bad read_var ""
bad write_field "h 1"
bad write_field "ab 1"
bad write_field "A 1"
bad write_field "a"
bad write_field "1 a"
bad write_pcpu "0"
bad write_pcpu "$NCPU 1"
bad write_pcpu "4096 1"
bad write_pcpu "x 1"
bad write_remote "0 $NCPU 1"
bad write_remote "$NCPU 0 1"
bad write_remote "0 0"
bad write_pcpu16 "0 2 1"
bad write_pcpu16 "0 0"
bad obj_cycle "1 1 1"
bad obj_cycle "1 20000"
bad write_var "$(printf '%070d' 1)"
expect_eq "refusals write nothing" "$s" "$(val seq)"

# --- offline CPU: ENODEV, but its instance can still be written ---------------
if [ "$NCPU" -gt 1 ] && [ -w /sys/devices/system/cpu/cpu$LAST/online ]; then
	if echo 0 >/sys/devices/system/cpu/cpu$LAST/online; then
		bad write_pcpu "$LAST 1" "No such device"
		bad write_pcpu16 "$LAST 0 1" "No such device"
		bad write_remote "$LAST 0 1" "No such device"
		wrote "write_remote 0 $LAST (offline) 3" write_remote "0 $LAST 3" \
			"pcpu[$LAST]" 3
		check "CPU $LAST back online" \
			sh -c "echo 1 >/sys/devices/system/cpu/cpu$LAST/online"
		wrote "write_pcpu $LAST after online" write_pcpu "$LAST 2" \
			"pcpu[$LAST]" 2
	else
		t_fail "offline CPU $LAST" "echo 0 > .../cpu$LAST/online failed"
	fi
else
	diag "offline CPU refusals not tried ($NCPU CPUs)"
fi

# --- addrs ------------------------------------------------------------------
var=$(addr var) obj=$(addr obj)
expect_eq "var is 8-byte aligned" 0 $((var % 8))
expect_eq "obj is 64-byte aligned" 0 $((obj % 64))
offs=
for f in a b c d e f g; do
	offs="$offs $(($(addr obj.$f) - obj))"
done
expect_eq "obj field offsets" " 0 8 12 14 15 16 24" "$offs"
all=
for cpu in $(seq 0 $LAST); do
	p=$(addr "pcpu[$cpu]") p16=$(addr "pcpu16[$cpu]")
	expect_eq "pcpu[$cpu] is 8-byte aligned" 0 $((p % 8))
	expect_eq "pcpu16[$cpu] is 16-byte aligned" 0 $((p16 % 16))
	all="$all $p $p16"
done
n=$(echo "$all" | tr ' ' '\n' | grep . | sort -u | wc -l)
expect_eq "per-CPU addresses are distinct" $((2 * NCPU)) "$n"

# --- kallsyms ------------------------------------------------------------------
# ks SYMBOL: "ADDRESS TYPE" of hwbp_target's SYMBOL in /proc/kallsyms.
ks() {
	awk -v s="$1" '$3 == s && $4 == "[hwbp_target]" { print $1, $2 }' \
		/proc/kallsyms
}
for s in var obj pcpu pcpu16 take drop; do
	line=$(ks hwbp_target_$s)
	diag "kallsyms: hwbp_target_$s: ${line:-missing}"
	if [ -z "$line" ]; then
		t_fail "kallsyms lists hwbp_target_$s" "not in /proc/kallsyms"
		continue
	fi
	expect_eq "kallsyms hwbp_target_$s = addrs $s" "$(addr $s)" \
		"0x${line% *}"
done
# What the hwbp tool has to know: types of a module's symbols. Not
# exported, so lower case; per-CPU ones are 'a' (absolute), and their
# value is the per-CPU offset (&var, before per_cpu_ptr), not an address.
types=
for s in var obj pcpu pcpu16 take drop; do
	line=$(ks hwbp_target_$s)
	types="$types $s:${line#* }"
done
expect_eq "kallsyms types" " var:b obj:b pcpu:a pcpu16:a take:t drop:t" "$types"
pk=$(ks hwbp_target_pcpu)
pk=0x${pk% *}
[ "$pk" != "$(addr "pcpu[0]")" ] &&
	t_ok "kallsyms per-CPU value is not CPU 0's address" ||
	t_fail "kallsyms per-CPU value is not CPU 0's address" "$pk"
if [ $((pk)) -gt 0 ] && [ $((pk)) -lt $((0x100000000)) ]; then
	diag "kallsyms per-CPU module symbol: small offset $pk;" \
		"CPU 0's instance at $(addr "pcpu[0]")"
else
	diag "kallsyms per-CPU module symbol: $pk, NOT a small offset;" \
		"CPU 0's instance at $(addr "pcpu[0]")"
fi
diag "kallsyms, a per-CPU vmlinux symbol for comparison:" \
	"$(awk '$3 == "runqueues" { print $1, $2; exit }' /proc/kallsyms)"
pend=$(awk '$3 == "__per_cpu_end" { print "0x" $1; exit }' /proc/kallsyms)
diag "kallsyms: vmlinux per-CPU area ends at __per_cpu_end=$pend"
# A module's per-CPU variables are not in vmlinux's [__per_cpu_start,
# __per_cpu_end): a tool must not take those bounds for "is per-CPU".
[ -n "$pend" ] && [ $((pk)) -ge $((pend)) ] &&
	t_ok "module per-CPU offset is past __per_cpu_end" ||
	t_fail "module per-CPU offset is past __per_cpu_end" "$pk, end $pend"

# --- jitpage ------------------------------------------------------------------
# proto NAME OUT PID DONE_REGEX: drive a helper started in the background
# with output to OUT (a new file each time: the shell truncates it only when
# the child gets to run), stderr to OUT.err: ready, USR1, done, USR1, exit 0.
# Runs $PROTO_AT_READY PID, if set, between ready and the first USR1. Leaves the ready
# line in $ready and the done line in $done; kills the helper on failure.
proto() {
	_p_name=$1 _p_out=$2 _p_pid=$3
	ready='' done=''
	if ! wait_line "$_p_out" '^ready '; then
		t_fail "$_p_name ready" "no ready line: $(cat "$_p_out" "$_p_out.err")"
		kill -9 "$_p_pid" 2>/dev/null
		wait "$_p_pid"
		return 1
	fi
	ready=$(grep '^ready ' "$_p_out")
	expect_eq "$_p_name ready line has its pid" "$_p_pid" \
		"$(echo "$ready" | cut -d' ' -f2)"
	[ -z "${PROTO_AT_READY:-}" ] || $PROTO_AT_READY "$_p_pid"
	kill -USR1 "$_p_pid"
	if ! wait_line "$_p_out" "$4"; then
		t_fail "$_p_name done" "no done line: $(cat "$_p_out" "$_p_out.err")"
		kill -9 "$_p_pid" 2>/dev/null
		wait "$_p_pid"
		return 1
	fi
	done=$(grep '^done' "$_p_out")
	kill -USR1 "$_p_pid"
	_p_rc=0
	wait "$_p_pid" || _p_rc=$?
	expect_eq "$_p_name exits 0" 0 "$_p_rc"
}

maps_at_ready() {
	grep '^10000000-' "/proc/$1/maps" | cut -d' ' -f1,2 >maps.out
}

PROTO_AT_READY=maps_at_ready
jitpage 1000 >jit1.out 2>jit1.out.err &
proto "jitpage 1000" jit1.out $! '^done$' &&
	expect_eq "jitpage page is rwx at 0x10000000" \
		"10000000-10001000 rwxp" "$(cat maps.out)"
jitpage --noexec 1000 >jit2.out 2>jit2.out.err &
proto "jitpage --noexec" jit2.out $! '^done$' &&
	expect_eq "jitpage --noexec page is rw-" \
		"10000000-10001000 rw-p" "$(cat maps.out)"
expect_fail "jitpage usage" 2 "usage" jitpage
expect_fail "jitpage bad N" 2 "usage" jitpage 1x

# --- uwrite -------------------------------------------------------------------
threads_at_ready() {
	ls "/proc/$1/task" | wc -l >tasks.out
}
PROTO_AT_READY=threads_at_ready
uwrite --early 2 1000 3 >uw1.out 2>uw1.out.err &
if proto "uwrite --early 2 1000 3" uw1.out $! '^done '; then
	expect_eq "uwrite: main and 2 early threads at ready" 3 "$(cat tasks.out)"
	a=$(echo "$ready" | cut -d' ' -f3)
	case $a in
	0x*) expect_eq "uwrite_target is 64-byte aligned" 0 $((a % 64)) ;;
	*) t_fail "uwrite_target is 64-byte aligned" "ready line: $ready" ;;
	esac
	expect_eq "uwrite done: (1 + 2 + 3) x 1000" "done 6000" "$done"
fi
uwrite -r 500 2 >uw2.out 2>uw2.out.err &
proto "uwrite -r 500 2" uw2.out $! '^done ' &&
	expect_eq "uwrite -r done: (1 + 2) x 500" "done 1500" "$done"
uwrite 7 0 >uw3.out 2>uw3.out.err &
proto "uwrite 7 0" uw3.out $! '^done ' &&
	expect_eq "uwrite main thread only" "done 7" "$done"
PROTO_AT_READY=
expect_fail "uwrite usage" 2 "usage" uwrite 1
expect_fail "uwrite bad --early" 2 "usage" uwrite --early x 1 1

# --- unload -------------------------------------------------------------------
check "rmmod hwbp_target" unload_kmod hwbp_target
[ -e $D ] && t_fail "debugfs directory gone after rmmod" "still there" ||
	t_ok "debugfs directory gone after rmmod"
log=$(kmsg_since_mark | grep 'hwbp_target:')
expect_eq "kernel log: loaded, unloaded, nothing else" \
	"hwbp_target: loaded | hwbp_target: unloaded" \
	"$(echo "$log" | sed 's/^[^]]*] //' | grep -v 'taints kernel\|verification failed' | _t_oneline)"
