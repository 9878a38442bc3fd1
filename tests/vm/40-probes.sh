#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Probes: how often, by whom and with what is a function called; and
# watches armed by a call.
#
#   cat FILE x N           --> vfs_read, counted per comm in the kernel
#   hwbp_target writes     --> kretprobe return-value histogram
#   vfs_read(..., buf=user) --> --arg 2:ustr reads the user buffer
#   obj_cycle: take(obj) .. writes obj->a .. drop(obj) .. kfree(obj)
#     hwbp add --on hwbp_target_take:arg1 --until hwbp_target_drop:arg1
. /tests/lib.sh

T=/sys/kernel/debug/hwbp_target

hits() {
	watch_hits "$1"
}

# count_of ID BY KEY: the count for KEY (as printed in JSON, quotes off)
count_of() {
	$HWBP counts "$1" --by "$2" --json | sed 's/},{/}\n{/g' |
		grep "\"\\(key\\|comm\\)\":\"\\{0,1\\}$3\"\\{0,1\\}[,}]" |
		grep -o '"count":[0-9]*' | cut -d: -f2 | head -n 1
}

check "load hwbp" load_hwbp || exit 0
check "load hwbp_target" load_kmod hwbp_target || exit 0

# --- vfs_read counted per comm --------------------------------------------------
echo hello > /tmp/small
cp /tests/bin/rcat /tmp/cat
id=$($HWBP probe vfs_read --by comm)
expect_eq "probe prints its id" "1" "$id"
for i in 1 2 3 4 5 6 7; do /tmp/cat /tmp/small > /dev/null; done
n=$(count_of "$id" comm cat)
[ "${n:-0}" -ge 7 ] && t_ok "vfs_read: at least 7 calls by comm cat ($n)" ||
	t_fail "vfs_read: at least 7 calls by comm cat" "got '$n': $($HWBP counts "$id" --by comm)"
total=$(hits "$id")
sum=$($HWBP counts "$id" --by comm --json | grep -o '"count":[0-9]*' | cut -d: -f2 |
	awk '{ s += $1 } END { print s + 0 }')
ov=$($HWBP counts "$id" --by comm --json | grep -o '"overflow":[0-9]*' | cut -d: -f2)
[ $((sum + ${ov:-0})) -ge "$total" ] && [ "$total" -gt 0 ] &&
	t_ok "counts by comm add up to the exact total" ||
	t_fail "counts by comm add up to the exact total" "sum $sum + overflow $ov vs hits $total"
$HWBP counts "$id" --by caller | grep -q 'ksys_read' &&
	t_ok "callers of vfs_read include ksys_read" ||
	t_fail "callers of vfs_read include ksys_read" "$($HWBP counts "$id" --by caller)"
$HWBP list | awk -v id="$id" '$1 == id' | grep -q 'probe' &&
	t_ok "list shows the probe" || t_fail "list shows the probe" "$($HWBP list)"
check "del the probe" $HWBP del "$id"

# --- user string argument: vfs_read's buf, read as a user pointer ---------------
printf 'secret-hwbp-text\n' > /tmp/str
id=$($HWBP probe vfs_write --arg 2:ustr)
: > /tmp/strout
cp /tests/bin/poke /tmp/strpoke
/tmp/strpoke /tmp/strout hwbp-user-string 1
$HWBP hits "$id" | grep 'strpoke' | grep -q 'hwbp-user-string' &&
	t_ok "user-string argument read with :ustr" ||
	t_fail "user-string argument read with :ustr" "$($HWBP hits "$id" | grep strpoke)"
$HWBP del "$id"

# --- kretprobe: return value histogram -------------------------------------------
id=$($HWBP probe --ret vfs_write --by comm)
/tmp/strpoke /tmp/strout 12345678 3
/tmp/strpoke /tmp/strout ab 2
h=$($HWBP counts "$id" --by retval --json)
# 8-byte writes return 8: bucket 4 ([8, 16)); 2-byte writes: bucket 2 ([2, 4)).
b4=$(echo "$h" | sed 's/},{/}\n{/g' | grep '"key":4[,}]' | grep -o '"count":[0-9]*' | cut -d: -f2)
b2=$(echo "$h" | sed 's/},{/}\n{/g' | grep '"key":2[,}]' | grep -o '"count":[0-9]*' | cut -d: -f2)
[ "${b4:-0}" -ge 3 ] && [ "${b2:-0}" -ge 2 ] &&
	t_ok "return histogram: [8,16) >= 3 and [2,4) >= 2" ||
	t_fail "return histogram: [8,16) >= 3 and [2,4) >= 2" "$h"
$HWBP counts "$id" --by retval | grep -q '\[8, 16)' &&
	t_ok "histogram printed with ranges" ||
	t_fail "histogram printed with ranges" "$($HWBP counts "$id" --by retval)"
$HWBP del "$id"

# --- a kretprobe on the same function hides the caller: unknown, not its trampoline
# The kretprobe registered last runs first: it swaps the return address for
# its trampoline before the entry probe reads it. (The trampoline is
# arch_rethook_trampoline from 5.19, kretprobe_trampoline on 5.10.)
id=$($HWBP probe hwbp_target_writer_a --by caller)
rid=$($HWBP probe --ret hwbp_target_writer_a)
echo 3 > $T/write_var
expect_eq "entry probe under a kretprobe: 3 calls" "3" "$(hits "$id")"
expect_eq "kretprobe on the same function: 3 returns" "3" "$(hits "$rid")"
expect_eq "caller hidden by a kretprobe counts as unknown (0x0)" "3" \
	"$(count_of "$id" ip 0x0000000000000000)"
$HWBP counts "$id" --by caller | grep -q trampoline &&
	t_fail "caller hidden by a kretprobe is never its trampoline" \
		"$($HWBP counts "$id" --by caller)" ||
	t_ok "caller hidden by a kretprobe is never its trampoline"
$HWBP del --all

# --- refusals -----------------------------------------------------------------------
expect_fail "probe: no such function" 1 "no_such_function_hwbp" \
	$HWBP probe no_such_function_hwbp
expect_fail "probe: blacklisted function" 1 "kprobes refused" \
	$HWBP probe do_int3
expect_fail "probe: hwbp's own functions refused" 1 "hwbp" \
	$HWBP probe hwbp_ring_commit
expect_fail "probe: an address is a usage error" 2 "" \
	$HWBP probe 0xffffffff81000000
expect_eq "refused probes left nothing" "" "$($HWBP list)"
check "unload hwbp" unload_hwbp
check "load hwbp max_probes=2" load_hwbp max_probes=2
$HWBP probe vfs_read --count-only > /dev/null
$HWBP probe vfs_write --count-only > /dev/null
expect_fail "probe: too many probes" 1 "probes" $HWBP probe vfs_open --count-only
$HWBP del --all
check "unload hwbp" unload_hwbp
check "load hwbp" load_hwbp

# --- a watch armed by a call, disarmed by another -----------------------------
id=$($HWBP add --on hwbp_target_take:arg1 --until hwbp_target_drop:arg1 -l 8)
echo "5 300" > $T/obj_cycle
# The disarm after drop() is a work item.
nr_cpus_is() {
	[ "$(watch_field "$1" nr_cpus)" = "$2" ]
}
wait_for 10 nr_cpus_is "$id" 0
expect_eq "armed by take(): the 5 writes to the object counted" "5" "$(hits "$id")"
expect_eq "disarmed by drop(): armed nowhere after" "0" "$(watch_field "$id" nr_cpus)"
echo "3 300" > $T/obj_cycle
wait_for 10 nr_cpus_is "$id" 0
expect_eq "armed again by the next object: 3 more" "8" "$(hits "$id")"
echo 4 > $T/write_var
expect_eq "other memory not watched" "8" "$(hits "$id")"
$HWBP del --all
expect_fail "--on with a bad spec" 2 "" $HWBP add --on hwbp_target_take -l 8

check "unload hwbp" unload_hwbp
check "unload hwbp_target" unload_kmod hwbp_target
