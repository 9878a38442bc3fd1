# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC1091,SC2016
#
# Guest sanity, no module needed: if these fail, every other test file's
# failures say more about the VM than about hwbp. Checks that busybox and
# the mounts /init makes are there, that the kernel exports what hwbp
# relies on (kallsyms with data symbols, debugfs, hw_breakpoint perf PMU),
# that the CPUs vm.sh asked for are online, and that runas really drops
# root (permission tests depend on it).
. /tests/lib.sh

check busybox busybox true
expect_eq uname-matches-kernel "$(uname -r)" "$(uname -r | grep -E '^[0-9]+\.[0-9]+')"
check proc-mounted grep -q '^proc /proc proc' /proc/mounts
check devtmpfs-mounted grep -q '^devtmpfs /dev devtmpfs' /proc/mounts
check debugfs-mounted grep -q ' /sys/kernel/debug debugfs' /proc/mounts
check tmp-writable sh -c 'echo x >/tmp/smoke && [ "$(cat /tmp/smoke)" = x ]'

# KALLSYMS_ALL: data symbols such as panic_timeout are listed (and, as root
# with kptr_restrict=0, with real addresses).
check kallsyms-data grep -qE '^[0-9a-f]+ [dDbB] panic_timeout$' /proc/kallsyms
check kallsyms-addresses sh -c '! grep -qE "^0+ [dDbB] panic_timeout$" /proc/kallsyms'
# pid_max, the kernel's data_breakpoint sample's example, is a global int up
# to 6.13. From 6.14 ("pid: allow pid_max to be set per pid namespace") it
# is a member of struct pid_namespace, init_pid_ns.pid_max, and kallsyms
# has no pid_max: 10-skeleton and the demo take that into account.
if kernel_at_least 6 14; then
	check kallsyms-no-pid_max-from-6.14 sh -c '! grep -qE " pid_max$" /proc/kallsyms'
	check kallsyms-init_pid_ns grep -qE '^[0-9a-f]+ [dDbBT] init_pid_ns$' /proc/kallsyms
else
	check kallsyms-pid_max grep -qE '^[0-9a-f]+ [dDbB] pid_max$' /proc/kallsyms
fi
check hw-breakpoint-pmu test -d /sys/bus/event_source/devices/breakpoint
check kprobes-enabled test -r /sys/kernel/debug/kprobes/list

# The CPUs asked for (vm.sh --smp) are all online and numbered 0..N-1.
n=$(nproc)
expect_eq cpus-online "0$([ "$n" -gt 1 ] && echo "-$((n - 1))")" \
	"$(cat /sys/devices/system/cpu/online)"
diag "$n CPUs online"

check insmod-present command -v insmod
check nobody-in-passwd grep -q '^nobody:x:65534:65534:' /etc/passwd
expect_eq runas-uid 65534 "$(as_nobody id -u)"
expect_eq runas-gid 65534 "$(as_nobody id -g)"
expect_eq runas-groups 65534 "$(as_nobody id -G)"
expect_fail runas-cannot-write-root nz 'Permission denied' \
	as_nobody sh -c 'echo x >/root/nope'
expect_fail runas-bad-uid 125 'bad uid' runas x 0 true
expect_eq still-root 0 "$(id -u)"

# kmsg_mark / kmsg_since_mark see exactly what was logged in between.
kmsg_mark
echo "<6>hwbp-smoke: one" >/dev/kmsg
echo "<6>hwbp-smoke: two" >/dev/kmsg
expect_eq kmsg-since-mark 2 "$(kmsg_since_mark | grep -c 'hwbp-smoke: ')"
kmsg_mark
expect_eq kmsg-new-mark 0 "$(kmsg_since_mark | grep -c 'hwbp-smoke: ')"
