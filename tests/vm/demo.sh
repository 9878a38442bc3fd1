#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: an investigation as an on-call engineer would run it.
#
# The story: vm.max_map_count keeps changing on this machine and nobody
# admits to it. Watch it, let the machine run, and ask hwbp who wrote it,
# from where, with which values and how often. Two tasks write it:
# "sysctl-apply" once (the legitimate configuration) and "map-tuner" every
# 200 ms (the culprit); both are copies of tests/vm/bin/poke.
#
# The variable is sysctl_max_map_count, an int, on every kernel of the
# matrix. (The demo used to watch pid_max, the data_breakpoint sample's
# example; from 6.14 that is init_pid_ns.pid_max, a struct member, with no
# symbol of its own.) Its length is given, 4, because kallsyms' size for
# it (the distance to the next symbol) varies with the kernel: the demo
# shows the same everywhere. A busy variable (jiffies) and an execute
# watch (vfs_write) show the other kinds of watch.
#
# Lines starting "DEMO|" are what scripts/demo.sh shows; the assertions at
# the end make the demo fail loudly if the investigation finds nothing.
. /tests/lib.sh

say() {
	echo "DEMO|$*"
}

# run CMD...: show the command as typed, then its output
run() {
	say "# $*"
	"$@" 2>&1 | while IFS= read -r l; do say "$l"; done
}

say "Someone keeps changing vm.max_map_count. Who, from where, how often?"
say ""
run insmod /hwbp.ko
run hwbp info
say ""
say "Watch writes to it (sysctl_max_map_count, an int), with stacks:"
run hwbp add --stack -l 4 sysctl_max_map_count
id=1

cp /tests/bin/poke /tmp/sysctl-apply
cp /tests/bin/poke /tmp/map-tuner
/tmp/sysctl-apply /proc/sys/vm/max_map_count 65530 1
/tmp/map-tuner /proc/sys/vm/max_map_count 262144 5 200 &
culprit=$!
say ""
say "Meanwhile: how busy is jiffies, and who calls vfs_write?"
run hwbp add --count-only -l 8 jiffies
run hwbp add -t x vfs_write
wait $culprit
sleep 1

say ""
run hwbp list
say ""
say "Every write to vm.max_map_count, with the values it stored:"
run hwbp hits $id
say ""
run hwbp counts $id --by comm
say ""
run hwbp stacks $id
say ""
say "jiffies is written by the timer tick, on every CPU:"
run hwbp counts 2 --by cpu
say ""
say "and vfs_write is called by:"
run hwbp counts 3 --by comm
# The demo is also a test: the investigation must have found the culprit.
expect_eq "demo found 5 writes by map-tuner" 5 "$(hwbp hits $id | grep -c 'map-tuner\[')"
expect_eq "demo found 1 write by sysctl-apply" 1 "$(hwbp hits $id | grep -c 'sysctl-apply\[')"

say ""
run hwbp del --all
run rmmod hwbp
