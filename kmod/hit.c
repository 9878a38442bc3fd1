// SPDX-License-Identifier: GPL-2.0
/*
 * The hit path: what runs when a debug register fires.
 *
 * hwbp_hit() is a perf overflow handler called from the #DB exception,
 * which the kernel treats like an NMI: no sleeping, no allocation, no
 * ordinary locks. It touches only the watch it was registered with and that
 * watch's per-CPU counter.
 */
#include <linux/perf_event.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "hwbp.h"

/**
 * hwbp_hit() - count one hit, and log it when the watch asks for that
 * @bp:		the breakpoint that fired; its context is the struct hwbp_wp
 * @data:	perf sample data (unused)
 * @regs:	registers at the trap; for data watches ip is the instruction
 *		after the access, since x86 data breakpoints are traps
 */
void hwbp_hit(struct perf_event *bp, struct perf_sample_data *data,
	      struct pt_regs *regs)
{
	struct hwbp_wp *wp = bp->overflow_handler_context;

	this_cpu_inc(*wp->hits);

	if (!(wp->flags & HWBP_WATCH_LOG) || !__ratelimit(&wp->rs))
		return;
	pr_info("watch %u %s%s0x%llx hit on CPU %d by %s[%d] at %pS\n",
		wp->id, wp->target, wp->target[0] ? " " : "", wp->addr,
		smp_processor_id(), current->comm, task_pid_nr(current),
		(void *)instruction_pointer(regs));
	dump_stack();
}

/**
 * hwbp_hits_total() - the exact hit count of a watch
 * @wp: the watch
 *
 * Each CPU's counter is a naturally aligned u64 written only by that CPU,
 * so reading it is atomic on 64-bit; the sum is exact for the hits that
 * completed before the read.
 */
u64 hwbp_hits_total(const struct hwbp_wp *wp)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(wp->hits, cpu));
	return sum;
}
