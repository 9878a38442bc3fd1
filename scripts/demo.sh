#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot the guest, run tests/vm/demo.sh (an investigation of who
# writes vm.max_map_count) and print what the user would have seen on the guest's
# terminal. Fails when the investigation found nothing or the kernel log
# shows a problem, like any in-guest test.
set -u
cd "$(dirname "$0")/.." || exit 1

echo "demo: booting $(scripts/kernel.sh) under QEMU (TCG), about 15 s..."
out=$(scripts/vm.sh demo 2>&1)
rc=$?
echo
tr -d '\r' <build/vm/console.log | sed -n 's/^DEMO|//p'
echo
if [ $rc -ne 0 ]; then
	echo "$out"
	echo "demo: FAILED (console log: build/vm/console.log)" >&2
	exit 1
fi
echo "demo: ok ($(echo "$out" | tail -1))"
