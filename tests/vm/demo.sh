#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: an investigation as an on-call engineer would run it.
#
# The story: pid_max keeps changing on this machine and nobody admits to
# it. Watch it, let the machine run, and ask hwbp who wrote it, from where,
# and how often. The culprit (a copy of tests/vm/bin/poke named
# "pid-tuner") rewrites pid_max every 200 ms; a busy variable (jiffies) and
# an execute watch show the other kinds of watch.
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

say "Someone keeps changing pid_max. Who, from where, how often?"
say ""
run insmod /hwbp.ko
run hwbp info
say ""
say "Watch writes to pid_max, logging each hit with a stack:"
run hwbp add --log pid_max
id=$(hwbp list | awk '$3 ~ /pid_max/ || $6 == "pid_max" { print $1 }' | head -1)

# The culprit, started somewhere else on the machine.
cp /tests/bin/poke /tmp/pid-tuner
/tmp/pid-tuner /proc/sys/kernel/pid_max 65536 5 200 &
culprit=$!
say ""
say "Meanwhile, how busy are jiffies, and how often is vfs_write called?"
run hwbp add -l 8 jiffies
run hwbp add -t x vfs_write
wait $culprit
sleep 1

say ""
run hwbp list
say ""
say "Who wrote pid_max? (one log line per hit)"
dmesg | sed -n 's/.*\(hwbp: watch '"$id"' .*\)/\1/p' |
	while IFS= read -r l; do say "  $l"; done
say ""
say "Writers by task:"
dmesg | sed -n 's/.*hwbp: watch '"$id"' .* by \([^ ]*\) at .*/\1/p' |
	sort | uniq -c | sort -rn | while IFS= read -r l; do say "  $l"; done
say ""
say "The stack of the first hit (from the kernel log):"
dmesg | awk -v id="$id" '
	index($0, "hwbp: watch " id " ") { inhit = 1; next }
	inhit && /<TASK>/ { intask = 1; next }
	inhit && intask && (/<\/TASK>/ || /RIP: 0033/) { exit }
	inhit && intask && !/ \? / { sub(/^\[[^]]*\] */, ""); print }' |
	while IFS= read -r l; do say "    $l"; done
say ""
run hwbp del --all
run rmmod hwbp

# The demo is also a test: the investigation must have found the culprit.
n=$(dmesg | grep -c "hwbp: watch $id pid_max .* by pid-tuner\[")
expect_eq "demo found 5 writes by pid-tuner" 5 "$n"
