// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel watches: one perf breakpoint per CPU and piece, following CPU
 * hotplug.
 *
 * Each watch is an instance of a dynamic CPU hotplug state. Adding the
 * instance runs hwbp_cpu_online() for it on every online CPU; later,
 * hwbp_cpu_online() and hwbp_cpu_offline() run on each CPU that comes or
 * goes. This is what register_wide_hw_breakpoint() lacks: perf takes a
 * CPU's events off it when the CPU goes down and never puts them back, so a
 * wide breakpoint silently stops watching a CPU that went offline and came
 * back. Hit counters are the watch's, not the events', so counts survive.
 *
 * The callbacks of one instance are serialised by the hotplug core (they
 * run with the hotplug lock held, or under cpus_read_lock() when the
 * instance is added or removed), so @events needs no lock of its own. They
 * never take hwbp_watches_lock: adds take that mutex and then the hotplug
 * lock, so the opposite order would deadlock.
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/hw_breakpoint.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <asm/hw_breakpoint.h>

#include "hwbp.h"

static enum cpuhp_state hwbp_cpuhp_state;

/* Registers each CPU's hwbp breakpoints hold; for HWBP_IOC_SLOTS. */
static atomic_t hwbp_held[NR_CPUS];

/* Never armed: the address slot probes reserve a register for. */
static u8 hwbp_probe_dummy __aligned(8);

static int hwbp_bp_type(u32 type)
{
	switch (type) {
	case HWBP_TYPE_W:
		return HW_BREAKPOINT_W;
	case HWBP_TYPE_RW:
		return HW_BREAKPOINT_RW;
	default:
		return HW_BREAKPOINT_X;
	}
}

/**
 * hwbp_cpu_piece_addr() - the address piece @i of @wp has on @cpu
 * @wp:		the watch
 * @cpu:	the CPU arming it
 * @i:		piece index
 *
 * Each CPU watching its own instance of a per-CPU variable arms a
 * different address: per_cpu_ptr() of the offset. Every other kind of
 * watch arms the same addresses everywhere.
 */
u64 hwbp_cpu_piece_addr(const struct hwbp_wp *wp, unsigned int cpu,
			unsigned int i)
{
	u64 addr = wp->pieces[i].addr;

	if (wp->percpu == HWBP_PERCPU_LOCAL)
		return (u64)(unsigned long)per_cpu_ptr((void __percpu *)
						       (unsigned long)addr, cpu);
	return addr;
}

static bool wants_cpu(const struct hwbp_wp *wp, unsigned int cpu)
{
	return !(wp->flags & HWBP_WATCH_CPU) || wp->cpu == cpu;
}

static struct perf_event **cpu_events(struct hwbp_wp *wp, unsigned int cpu)
{
	return &wp->events[cpu * wp->nr_pieces];
}

static void disarm_cpu(struct hwbp_wp *wp, unsigned int cpu)
{
	struct perf_event **ev = cpu_events(wp, cpu);
	unsigned int i;

	for (i = 0; i < wp->nr_pieces; i++) {
		if (!ev[i])
			continue;
		/* Returns once no handler for the event can run. */
		unregister_hw_breakpoint(ev[i]);
		WRITE_ONCE(ev[i], NULL);
		atomic_dec(&hwbp_held[cpu]);
	}
}

static int arm_cpu(struct hwbp_wp *wp, unsigned int cpu)
{
	struct perf_event **ev = cpu_events(wp, cpu);
	struct perf_event_attr attr;
	struct perf_event *bp;
	unsigned int i;

	hw_breakpoint_init(&attr);
	attr.bp_type = hwbp_bp_type(wp->type);
	for (i = 0; i < wp->nr_pieces; i++) {
		attr.bp_addr = hwbp_cpu_piece_addr(wp, cpu, i);
		attr.bp_len = wp->pieces[i].len;
		bp = perf_event_create_kernel_counter(&attr, cpu, NULL,
						      hwbp_hit, wp);
		if (IS_ERR(bp)) {
			disarm_cpu(wp, cpu);
			return PTR_ERR(bp);
		}
		WRITE_ONCE(ev[i], bp);
		atomic_inc(&hwbp_held[cpu]);
	}
	return 0;
}

static int hwbp_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct hwbp_wp *wp = hlist_entry(node, struct hwbp_wp, node);
	int ret;

	if (!wants_cpu(wp, cpu))
		return 0;
	ret = arm_cpu(wp, cpu);
	if (!ret)
		return 0;
	if (wp->arming) {
		wp->arm_why.cpu = cpu;
		if (ret == -ENOSPC) {
			wp->arm_why.reason = HWBP_R_NO_SLOT;
			wp->arm_why.arg = wp->nr_pieces;
		} else {
			wp->arm_why.reason = HWBP_R_KERNEL;
			wp->arm_why.arg = -ret;
		}
		return ret;
	}
	/* Failing here would fail the CPU coming online: log instead. */
	pr_warn("watch %u: cannot arm on CPU %u coming online (error %d): its hits there are missed\n",
		wp->id, cpu, ret);
	return 0;
}

static int hwbp_cpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct hwbp_wp *wp = hlist_entry(node, struct hwbp_wp, node);

	disarm_cpu(wp, cpu);
	return 0;
}

/**
 * hwbp_cpu_arm() - arm a kernel watch on its CPUs, now and when they return
 * @wp:		the watch, with its pieces set
 * @why:	filled when a CPU cannot arm it
 *
 * Context: process context, may sleep; called with hwbp_watches_lock held.
 * Return: 0, or a negative errno with nothing armed.
 */
int hwbp_cpu_arm(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	int ret;

	wp->events = kvcalloc(nr_cpu_ids * wp->nr_pieces, sizeof(*wp->events),
			      GFP_KERNEL);
	if (!wp->events)
		return -ENOMEM;
	wp->arming = true;
	ret = cpuhp_state_add_instance(hwbp_cpuhp_state, &wp->node);
	wp->arming = false;
	if (ret) {
		*why = wp->arm_why;
		if (!why->reason) {
			/* Refused before our callback ran. */
			why->reason = HWBP_R_KERNEL;
			why->arg = -ret;
		}
		if (why->reason == HWBP_R_NO_SLOT) {
			cpus_read_lock();
			if (cpu_online(why->cpu))
				why->free = hwbp_cpu_free_slots(why->cpu);
			cpus_read_unlock();
		}
		kvfree(wp->events);
		wp->events = NULL;
	}
	return ret;
}

/**
 * hwbp_cpu_disarm() - release a kernel watch's breakpoints on every CPU
 * @wp: the watch
 *
 * Waits for hit handlers in flight. No-op for a watch never armed.
 */
void hwbp_cpu_disarm(struct hwbp_wp *wp)
{
	if (!wp->events)
		return;
	cpuhp_state_remove_instance(hwbp_cpuhp_state, &wp->node);
	kvfree(wp->events);
	wp->events = NULL;
}

/**
 * hwbp_cpu_nr_armed() - on how many CPUs a kernel watch is armed now
 * @wp: the watch
 */
u32 hwbp_cpu_nr_armed(const struct hwbp_wp *wp)
{
	unsigned int cpu;
	u32 n = 0;

	if (!wp->events)
		return 0;
	for_each_possible_cpu(cpu)
		if (READ_ONCE(wp->events[cpu * wp->nr_pieces]))
			n++;
	return n;
}

/**
 * hwbp_cpu_held() - debug registers hwbp's kernel watches hold on @cpu
 * @cpu: the CPU
 */
u32 hwbp_cpu_held(unsigned int cpu)
{
	return atomic_read(&hwbp_held[cpu]);
}

static void probe_nop(struct perf_event *bp, struct perf_sample_data *data,
		      struct pt_regs *regs)
{
}

/**
 * hwbp_cpu_free_slots() - how many debug registers perf would grant on @cpu
 * @cpu: an online CPU
 *
 * perf keeps its slot accounting to itself, and perf, ptrace, gdb and kgdb
 * all draw from it. Ask it: reserve disabled breakpoints (never installed,
 * so they never fire) until it says no, then give them back. For those few
 * microseconds the CPU looks full to everyone: a task-bound breakpoint
 * reserved meanwhile (a debugger's watchpoint, or inheritance when a
 * watched process creates a thread) may fail. So this runs only when a
 * user asks: hwbp info, a dry run, or to explain a refusal.
 *
 * Context: process context; call with hwbp_watches_lock held so that the
 * probe does not starve an add of hwbp's own.
 */
u32 hwbp_cpu_free_slots(unsigned int cpu)
{
	struct perf_event *bp[HBP_NUM];
	struct perf_event_attr attr;
	u32 n, free;

	hw_breakpoint_init(&attr);
	attr.bp_addr = (unsigned long)&hwbp_probe_dummy;
	attr.bp_len = HW_BREAKPOINT_LEN_1;
	attr.bp_type = HW_BREAKPOINT_W;
	attr.disabled = 1;
	for (n = 0; n < HBP_NUM; n++) {
		bp[n] = perf_event_create_kernel_counter(&attr, cpu, NULL,
							 probe_nop, NULL);
		if (IS_ERR(bp[n]))
			break;
	}
	free = n;
	while (n--)
		unregister_hw_breakpoint(bp[n]);
	return free;
}

/**
 * hwbp_cpu_check_free() - would every CPU the watch wants grant it?
 * @wp:		the watch, pieces set, not armed
 * @why:	filled with the first CPU short of registers
 *
 * For a dry run: the same question a real add asks, without arming.
 * Return: 0 or -ENOSPC.
 */
int hwbp_cpu_check_free(const struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	unsigned int cpu;
	u32 free;
	int ret = 0;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (!wants_cpu(wp, cpu))
			continue;
		free = hwbp_cpu_free_slots(cpu);
		if (free < wp->nr_pieces) {
			why->reason = HWBP_R_NO_SLOT;
			why->cpu = cpu;
			why->arg = wp->nr_pieces;
			why->free = free;
			ret = -ENOSPC;
			break;
		}
	}
	cpus_read_unlock();
	return ret;
}

int hwbp_cpu_init(void)
{
	int ret;

	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "hwbp:online",
				      hwbp_cpu_online, hwbp_cpu_offline);
	if (ret < 0)
		return ret;
	hwbp_cpuhp_state = ret;
	return 0;
}

/* Every watch must be gone: a multi state cannot go with instances left. */
void hwbp_cpu_exit(void)
{
	cpuhp_remove_multi_state(hwbp_cpuhp_state);
}
