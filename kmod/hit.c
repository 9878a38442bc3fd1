// SPDX-License-Identifier: GPL-2.0
/*
 * The hit path: what runs when a debug register fires.
 *
 * hwbp_hit() is a perf overflow handler called from the #DB exception,
 * which the kernel treats like an NMI: no sleeping, no allocation, no
 * ordinary locks. A #DB from kernel mode clears DR7 on entry, and for one
 * from user mode hwbp_hit() does, so nothing here can trap again.
 * It touches only the watch it was registered with: its per-CPU counter,
 * this CPU's ring, the lock-free tables (record.h), and an irq_work to
 * stop the watch after its last allowed hit. Values are read with the
 * nofault accessors; stacks with the unwinder, which is NMI-safe; time
 * with sched_clock(): NMI-safe and a TSC read scaled, where local_clock()
 * would add a per-CPU correction when the TSC is unstable (under QEMU's
 * TCG that correction alone cost a tenth of a hit).
 */
#include <linux/irq_work.h>
#include <linux/perf_event.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/sched/clock.h>
#include <linux/uaccess.h>
#include <asm/debugreg.h>

#include "compat.h"
#include "hwbp.h"
#include "record.h"

typedef unsigned int (*save_regs_t)(struct pt_regs *regs, unsigned long *store,
				    unsigned int size, unsigned int skipnr);
typedef unsigned int (*save_user_t)(unsigned long *store, unsigned int size);

/* Unexported walkers, looked up at load; read-only afterwards. */
static save_regs_t save_regs;
static save_user_t save_user;

/**
 * hwbp_hit_init() - find the stack walkers that start from saved registers
 */
void hwbp_hit_init(void)
{
	save_regs = (save_regs_t)hwbp_sym_lookup("stack_trace_save_regs");
	save_user = (save_user_t)hwbp_sym_lookup("stack_trace_save_user");
}

/**
 * hwbp_stack_regs() - the kernel stack at @regs, innermost first
 * @regs:	registers of the context (an interrupted one, or a probed call)
 * @ips:	receives up to HWBP_STACK_DEPTH frames
 *
 * Context: any, NMI included.
 * Return: the number of frames.
 */
u32 hwbp_stack_regs(struct pt_regs *regs, u64 *ips)
{
	unsigned long *store = (unsigned long *)ips;
	unsigned int n, i;

	if (save_regs)
		return save_regs(regs, store, HWBP_STACK_DEPTH, 0);
	/* Walk from here, then drop the frames of the #DB handling. */
	n = stack_trace_save(store, HWBP_STACK_DEPTH, 0);
	for (i = 0; i < n; i++)
		if (store[i] == instruction_pointer(regs))
			break;
	if (i == n)
		return n;
	memmove(store, store + i, (n - i) * sizeof(*store));
	return n - i;
}

static u32 piece_index(const struct hwbp_wp *wp, unsigned int cpu, u64 addr)
{
	u32 i;

	if (wp->nr_pieces == 1)
		return 0;
	for (i = 0; i < wp->nr_pieces; i++)
		if (hwbp_cpu_piece_addr(wp, cpu, i) == addr ||
		    wp->pieces[i].addr == addr)
			return i;
	return 0;
}

/* After-value from memory, before-value from the shadow copy. */
static void read_values(struct hwbp_wp *wp, unsigned int cpu,
			struct hwbp_hit_in *in)
{
	u32 row = wp->percpu == HWBP_PERCPU_LOCAL ? cpu : 0;
	u64 *shadow = &wp->shadow[row * wp->nr_pieces +
				  piece_index(wp, cpu, in->addr)];
	u64 v = 0;

	/*
	 * The watched memory may be gone by the time its breakpoint fires: an
	 * --on object freed before the disarming work ran (kfree() itself
	 * writes it), vmalloc memory unmapped, a KFENCE object protected. A
	 * plain load would oops in #DB context, or make KASAN report hwbp;
	 * the nofault copy is neither instrumented nor fatal. No values then.
	 */
	if (in->addr >= TASK_SIZE_MAX) {
		if (copy_from_kernel_nofault(&v, (const void *)(unsigned long)
					     in->addr, in->len))
			return;
	} else if (copy_from_user_nofault(&v, (void __user *)
					  (unsigned long)in->addr, in->len)) {
		return;
	}
	in->before = READ_ONCE(*shadow);
	in->after = v;
	in->flags |= HWBP_REC_VALUES;
	WRITE_ONCE(*shadow, v);
}

/* What every hit says of itself; @comm (TASK_COMM_LEN) backs in->comm. */
static void hit_in_init(struct hwbp_hit_in *in, struct perf_event *bp,
			struct pt_regs *regs, char *comm)
{
	*in = (struct hwbp_hit_in) {
		.now = sched_clock(),
		.ip = instruction_pointer(regs),
		.addr = bp->attr.bp_addr,
		.len = bp->attr.bp_len,
		.cpu = smp_processor_id(),
		.pid = task_tgid_nr(current),
		.tid = task_pid_nr(current),
		.flags = user_mode(regs) ? HWBP_REC_USER : 0,
		.comm = comm,
	};
	/* comm is NUL-padded (strscpy_pad); tables compare all 16 bytes. */
	memcpy(comm, current->comm, TASK_COMM_LEN);
}

static void record(struct hwbp_wp *wp, struct perf_event *bp,
		   struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	u64 kst[HWBP_STACK_DEPTH], ust[HWBP_STACK_DEPTH];
	char comm[TASK_COMM_LEN];
	struct hwbp_hit_in in;

	hit_in_init(&in, bp, regs, comm);
	if (wp->type != HWBP_TYPE_X)
		read_values(wp, cpu, &in);
	hwbp_hit_aggregate(wp->rec, &in);
	hwbp_nl_hit(wp, &in);
	if (!hwbp_hit_wanted(wp->rec, &in))
		return;
	if (wp->rec->stacks) {
		if (!user_mode(regs)) {
			in.kstack = kst;
			in.nr_kstack = hwbp_stack_regs(regs, kst);
		}
		if (wp->proc && save_user) {
			in.ustack = ust;
			in.nr_ustack = save_user((unsigned long *)ust,
						 HWBP_STACK_DEPTH);
		}
	}
	hwbp_hit_record(wp->rec, wp->rings[cpu], &in);
}

/* A hit of a watch that does not record, for a monitor that listens. */
static void notify(struct hwbp_wp *wp, struct perf_event *bp,
		   struct pt_regs *regs)
{
	char comm[TASK_COMM_LEN];
	struct hwbp_hit_in in;

	hit_in_init(&in, bp, regs, comm);
	hwbp_nl_hit(wp, &in);
}

static void log_hit(struct hwbp_wp *wp, struct pt_regs *regs)
{
	if (!__ratelimit(&wp->rs))
		return;
	pr_info("watch %u %s%s0x%llx hit on CPU %d by %s[%d] at %pS\n",
		wp->id, wp->target, wp->target[0] ? " " : "", wp->addr,
		smp_processor_id(), current->comm, task_pid_nr(current),
		(void *)instruction_pointer(regs));
	dump_stack();
}

/**
 * hwbp_hit() - count one hit; record and log it as the watch asks
 * @bp:		the breakpoint that fired; its context is the struct hwbp_wp
 * @data:	perf sample data (unused)
 * @regs:	registers at the trap; for data watches ip is the instruction
 *		after the access, since x86 data breakpoints are traps
 */
void hwbp_hit(struct perf_event *bp, struct perf_sample_data *data,
	      struct pt_regs *regs)
{
	struct hwbp_wp *wp = bp->overflow_handler_context;
	unsigned long dr7 = 0;

	/*
	 * A copy in a child or a new image, where perf keeps those (5.10):
	 * compiled out where perf keeps a breakpoint to the process.
	 */
	if (!HWBP_HAVE_PERF_THREAD_INHERIT && wp->proc &&
	    hwbp_proc_foreign(wp->proc))
		return;
	if (unlikely(wp->max_hits)) {
		s64 n = atomic64_inc_return(&wp->taken);

		/* Hits in flight while the watch is being stopped: ignored. */
		if (n > wp->max_hits)
			return;
		if (n == wp->max_hits)
			irq_work_queue(&wp->stop_irq);
	}
	this_cpu_inc(*wp->hits);
	if (wp->rec && likely(!READ_ONCE(wp->paused))) {
		/*
		 * A #DB from user mode runs with the breakpoints still armed
		 * (only the kernel-mode path clears DR7): reading the watched
		 * user memory or the user stack would trap again and count a
		 * hit of our own. Disarm this CPU's registers meanwhile.
		 */
		if (user_mode(regs))
			dr7 = local_db_save();
		record(wp, bp, regs);
		if (user_mode(regs))
			local_db_restore(dr7);
	} else if (unlikely(READ_ONCE(hwbp_nl_active))) {
		/* As for record(): no trap of our own from user-mode hits. */
		if (user_mode(regs))
			dr7 = local_db_save();
		notify(wp, bp, regs);
		if (user_mode(regs))
			local_db_restore(dr7);
	}
	if (wp->flags & HWBP_WATCH_LOG)
		log_hit(wp, regs);
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
