// SPDX-License-Identifier: GPL-2.0
/*
 * The watch registry: ids, validation, planning and the life of a watch.
 *
 * A request becomes a watch in three steps: resolve the target (symbol,
 * address, per-CPU instance, process), plan its pieces (aligned 1/2/4/8
 * byte ranges, one debug register each, and for a per-CPU variable which
 * instance each CPU watches), then arm it: on CPUs (cpu.c) or on the
 * threads of a process (proc.c). Every refusal fills a struct hwbp_refusal
 * naming the rule that failed.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/idr.h>
#include <linux/irq_work.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/hw_breakpoint.h>

#include "hwbp.h"
#include "record.h"
#include "rules.h"

unsigned int hwbp_max_watches = 256;
module_param_named(max_watches, hwbp_max_watches, uint, 0444);
MODULE_PARM_DESC(max_watches, "most watches that may exist at once, 1..65536 (default 256)");

#define HWBP_MAX_WATCHES_LIMIT	65536
/* Watches copied out per HWBP_IOC_LIST call at most. */
#define HWBP_LIST_BATCH		64

/*
 * hwbp_watches_lock protects hwbp_watches (id -> struct hwbp_wp), every
 * watch's @state, and the creation and destruction of watches. It is a
 * mutex: arming and disarming sleep. The hit path never takes it, nor do
 * the CPU hotplug callbacks (see cpu.c). Lock order: hwbp_watches_lock,
 * then the CPU hotplug lock (taken inside cpuhp_state_add_instance()).
 */
static DEFINE_MUTEX(hwbp_watches_lock);
static DEFINE_IDR(hwbp_watches);
static u32 hwbp_nr_watches;	/* entries in hwbp_watches */

/* For code elsewhere that needs hwbp_watches_lock held. */
void hwbp_watch_assert_locked(void)
{
	lockdep_assert_held(&hwbp_watches_lock);
}

void hwbp_watch_lock(void)
{
	mutex_lock(&hwbp_watches_lock);
}

void hwbp_watch_unlock(void)
{
	mutex_unlock(&hwbp_watches_lock);
}

int hwbp_watch_init(void)
{
	if (!hwbp_max_watches || hwbp_max_watches > HWBP_MAX_WATCHES_LIMIT) {
		pr_err("max_watches=%u: must be 1..%u\n", hwbp_max_watches,
		       HWBP_MAX_WATCHES_LIMIT);
		return -EINVAL;
	}
	return 0;
}

/*
 * max_hits reached: disarm in process context. The watch may have been
 * deleted meanwhile; only a watch still in the table is stopped here.
 */
static void stop_work(struct work_struct *work)
{
	struct hwbp_wp *wp = container_of(work, struct hwbp_wp, stop_work);

	mutex_lock(&hwbp_watches_lock);
	if (idr_find(&hwbp_watches, wp->id) == wp &&
	    wp->state == HWBP_STATE_ARMED) {
		if (wp->probe)
			hwbp_probe_disarm(wp);
		else if (wp->proc)
			hwbp_proc_stop(wp);
		else
			hwbp_cpu_disarm(wp);
		wp->state = HWBP_STATE_STOPPED;
		pr_info("watch %u: stopped after %llu hits\n", wp->id,
			wp->max_hits);
		hwbp_nl_event(HWBP_EV_STOPPED, wp);
	}
	mutex_unlock(&hwbp_watches_lock);
}

/* Queued from the hit handler (#DB context): defer to a work item. */
static void stop_irq(struct irq_work *work)
{
	struct hwbp_wp *wp = container_of(work, struct hwbp_wp, stop_irq);

	schedule_work(&wp->stop_work);
}

static void wp_free(struct hwbp_wp *wp)
{
	hwbp_probe_free(wp);
	hwbp_rec_free(wp);
	kfree(wp->pieces);
	free_percpu(wp->hits);
	kfree(wp);
}

/* Serials of watches: one each, never reused while the module lives. */
static atomic64_t hwbp_serial = ATOMIC64_INIT(0);

static struct hwbp_wp *wp_alloc(void)
{
	struct hwbp_wp *wp = kzalloc(sizeof(*wp), GFP_KERNEL);

	if (!wp)
		return NULL;
	wp->hits = alloc_percpu(u64);
	if (!wp->hits) {
		kfree(wp);
		return NULL;
	}
	wp->arm_why.cpu = -1;
	wp->serial = atomic64_inc_return(&hwbp_serial);
	ratelimit_state_init(&wp->rs, 5 * HZ, 10);
	init_irq_work(&wp->stop_irq, stop_irq);
	INIT_WORK(&wp->stop_work, stop_work);
	return wp;
}

/* The hit path must never trap on memory it touches: keep off our own. */
static bool in_own_module(u64 addr, u32 len)
{
	return within_module(addr, THIS_MODULE) ||
	       within_module(addr + len - 1, THIS_MODULE);
}

static bool cpu_exists(u32 cpu)
{
	return cpu < nr_cpu_ids && cpu_possible(cpu);
}

/* Which CPUs and which per-CPU instance: checks that need no lookup. */
static int check_where(const struct hwbp_watch *req, bool percpu,
		       struct hwbp_refusal *why)
{
	if (req->pid) {
		if (req->target[0]) {
			why->reason = HWBP_R_PROCESS_SYMBOL;
			return -EINVAL;
		}
		if (req->percpu || (req->flags & HWBP_WATCH_CPU)) {
			why->reason = HWBP_R_PROCESS_CPU;
			return -EINVAL;
		}
		return 0;
	}
	if ((req->flags & HWBP_WATCH_CPU) && !cpu_exists(req->cpu)) {
		why->reason = HWBP_R_BAD_CPU;
		why->cpu = req->cpu;
		return -EINVAL;
	}
	if (percpu && req->percpu == HWBP_PERCPU_NONE) {
		why->reason = HWBP_R_PERCPU;
		return -EINVAL;
	}
	if (!percpu && req->percpu != HWBP_PERCPU_NONE) {
		why->reason = HWBP_R_NOT_PERCPU;
		return -EINVAL;
	}
	if (req->percpu == HWBP_PERCPU_CPU && !cpu_exists(req->percpu_cpu)) {
		why->reason = HWBP_R_BAD_CPU;
		why->cpu = req->percpu_cpu;
		return -EINVAL;
	}
	return 0;
}

/* The first possible CPU: its instance stands for all in alignment checks. */
static unsigned int first_cpu(void)
{
	return cpumask_first(cpu_possible_mask);
}

/* The address one instance starts at, for alignment and for the pieces. */
static u64 instance_addr(const struct hwbp_wp *wp, unsigned int cpu)
{
	return (u64)(unsigned long)per_cpu_ptr((void __percpu *)
					       (unsigned long)wp->addr, cpu);
}

/* The ranges one CPU arms: a base address per instance, split in pieces. */
static int plan_pieces(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	unsigned int cpu, nr_bases = 1, per_base, n = 0;
	u64 base;

	if (wp->type == HWBP_TYPE_X) {
		per_base = 1;
	} else {
		base = wp->percpu ? instance_addr(wp, first_cpu()) : wp->addr;
		per_base = hwbp_split_range(base, wp->len, NULL, 0);
	}
	if (wp->percpu == HWBP_PERCPU_ALL)
		nr_bases = num_possible_cpus();
	if (per_base * nr_bases > HBP_NUM) {
		why->reason = HWBP_R_TOO_WIDE;
		why->arg = per_base * nr_bases;
		return -ENOSPC;
	}
	wp->nr_pieces = per_base * nr_bases;
	wp->pieces = kcalloc(wp->nr_pieces, sizeof(*wp->pieces), GFP_KERNEL);
	if (!wp->pieces)
		return -ENOMEM;

	switch (wp->percpu) {
	case HWBP_PERCPU_LOCAL:
		/* Offsets: each CPU adds its own per-CPU base (cpu.c). */
		base = wp->addr;
		break;
	case HWBP_PERCPU_CPU:
		base = instance_addr(wp, wp->percpu_cpu);
		break;
	default:
		base = wp->addr;
	}
	if (wp->percpu != HWBP_PERCPU_ALL) {
		if (wp->type == HWBP_TYPE_X) {
			wp->pieces[0].addr = base;
			wp->pieces[0].len = wp->len;
			wp->pieces[0].cpu = -1;
		} else {
			hwbp_split_range(base, wp->len, wp->pieces, per_base);
		}
		return 0;
	}
	for_each_possible_cpu(cpu) {
		hwbp_split_range(instance_addr(wp, cpu), wp->len,
				 wp->pieces + n, per_base);
		n += per_base;
	}
	return 0;
}

/* Kernel watches: keep off user space and off hwbp itself. */
static int check_kernel_pieces(const struct hwbp_wp *wp,
			       struct hwbp_refusal *why)
{
	unsigned int i;
	u64 addr;

	for (i = 0; i < wp->nr_pieces; i++) {
		addr = hwbp_cpu_piece_addr(wp, first_cpu(), i);
		if (addr < TASK_SIZE_MAX) {
			why->reason = HWBP_R_USER_ADDR;
			return -EINVAL;
		}
		if (in_own_module(addr, wp->pieces[i].len)) {
			why->reason = HWBP_R_OWN_MEMORY;
			return -EPERM;
		}
		why->arg = hwbp_unsafe(addr, wp->pieces[i].len, wp->type);
		if (why->arg) {
			why->reason = HWBP_R_UNSAFE;
			return -EPERM;
		}
	}
	return 0;
}

/* Under hwbp_watches_lock, just before arming: see hwbp_module_gone(). */
static int check_going(const struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	bool gone = false;
	unsigned int i;

	if (wp->percpu != HWBP_PERCPU_NONE)
		gone = hwbp_module_gone(wp->addr, wp->len, true);
	for (i = 0; i < wp->nr_pieces && !gone; i++)
		gone = hwbp_module_gone(hwbp_cpu_piece_addr(wp, first_cpu(), i),
					wp->pieces[i].len, false);
	if (gone) {
		why->reason = HWBP_R_UNSAFE;
		why->arg = HWBP_UNSAFE_MODULE_GOING;
		return -EPERM;
	}
	return 0;
}

/* Resolve the target and check every rule; on success the pieces are set. */
/* A probe: the function is resolved by kprobes when it is registered. */
static int prepare_probe(struct hwbp_wp *wp, const struct hwbp_watch *req,
			 struct hwbp_refusal *why)
{
	int ret;

	ret = hwbp_probe_check(req, why);
	if (ret)
		return ret;
	wp->type = req->type;
	wp->flags |= req->flags & ~HWBP_WATCH_DRY_RUN;
	if (req->flags & HWBP_WATCH_DRY_RUN) {
		u64 size, off;
		bool percpu;

		/* Nothing is registered: say at least whether it exists. */
		ret = hwbp_sym_resolve(req->target, &wp->addr, &size, &off,
				       &percpu, why);
		if (ret)
			return ret;
	}
	return hwbp_probe_setup(wp, req, why);
}

/*
 * A watch armed by a call: no address until the call. The length and type
 * are checked now against an address aligned to anything; the real one is
 * checked when the call gives it (hwbp_watch_on_arm()).
 */
static int prepare_on(struct hwbp_wp *wp, const struct hwbp_watch *req,
		      struct hwbp_refusal *why)
{
	int ret;

	if (!req->on[0] || req->target[0] || req->addr || req->pid ||
	    req->percpu || (req->flags & HWBP_WATCH_CPU)) {
		why->reason = HWBP_R_BAD_ON;
		return -EINVAL;
	}
	if (req->type == HWBP_TYPE_X || !req->len) {
		why->reason = req->len ? HWBP_R_BAD_TYPE : HWBP_R_BAD_LEN;
		why->arg = req->len ? req->type : 0;
		return -EINVAL;
	}
	why->reason = hwbp_check_access(0, req->type, req->len, sizeof(long),
					&why->arg);
	if (why->reason)
		return -EINVAL;
	wp->type = req->type;
	wp->len = req->len;
	wp->flags |= req->flags & ~HWBP_WATCH_DRY_RUN;
	ret = hwbp_on_setup(wp, req, why);
	if (ret)
		return ret;
	return hwbp_rec_setup(wp, req, why);
}

/**
 * hwbp_watch_on_arm() - arm a call-driven watch on the object a call gave
 * @wp:		the watch
 * @addr:	the object's address (plus the offset asked for)
 *
 * Context: process context, hwbp_watches_lock held.
 * Return: 0, or a negative errno (the refusal is logged, ratelimited).
 */
int hwbp_watch_on_arm(struct hwbp_wp *wp, u64 addr)
{
	struct hwbp_refusal why = { .cpu = -1 };
	int ret;

	lockdep_assert_held(&hwbp_watches_lock);
	kfree(wp->pieces);
	wp->pieces = NULL;
	wp->nr_pieces = 0;
	wp->addr = addr;
	ret = -EINVAL;
	why.reason = hwbp_check_access(addr, wp->type, wp->len, sizeof(long),
				       &why.arg);
	if (why.reason)
		goto refused;
	ret = plan_pieces(wp, &why);
	if (!ret)
		ret = check_kernel_pieces(wp, &why);
	if (!ret)
		ret = check_going(wp, &why);
	if (!ret) {
		hwbp_rec_shadow_init(wp, NULL);
		ret = hwbp_cpu_arm(wp, &why);
	}
	if (!ret)
		return 0;
refused:
	pr_warn_ratelimited("watch %u: cannot arm on 0x%llx (reason %u, error %d)\n",
			    wp->id, addr, why.reason, ret);
	return ret;
}

static int prepare(struct hwbp_wp *wp, const struct hwbp_watch *req,
		   struct hwbp_refusal *why)
{
	u64 size = 0, off = 0;
	bool percpu = false, guessed;
	int ret;

	if (hwbp_is_probe_type(req->type))
		return prepare_probe(wp, req, why);
	if (req->probe_by || req->by_arg || req->arg || req->arg_kind) {
		why->reason = HWBP_R_BAD_ARG;
		return -EINVAL;
	}
	if (req->on[0] || req->until[0])
		return prepare_on(wp, req, why);
	if (req->target[0]) {
		ret = hwbp_sym_resolve(req->target, &wp->addr, &size, &off,
				       &percpu, why);
		if (ret)
			return ret;
	} else {
		wp->addr = req->addr;
	}
	ret = check_where(req, percpu, why);
	if (ret)
		return ret;
	wp->type = req->type;
	wp->percpu = req->percpu;
	wp->percpu_cpu = req->percpu_cpu;
	wp->cpu = req->cpu;
	wp->flags |= req->flags & ~HWBP_WATCH_DRY_RUN;
	wp->len = req->len;
	if (!wp->len) {
		wp->len = hwbp_default_len(wp->addr, wp->type, sizeof(long),
					   size, off, &guessed);
		if (guessed)
			wp->flags |= HWBP_WATCH_LEN_GUESS;
	}
	why->reason = hwbp_check_access(percpu ? instance_addr(wp, first_cpu()) :
					wp->addr, wp->type, wp->len,
					sizeof(long), &why->arg);
	if (why->reason)
		return -EINVAL;
	ret = plan_pieces(wp, why);
	if (ret)
		return ret;
	if (req->pid)
		ret = hwbp_proc_prepare(wp, req->pid, why);
	else
		ret = check_kernel_pieces(wp, why);
	if (ret)
		return ret;
	return hwbp_rec_setup(wp, req, why);
}

/**
 * hwbp_watch_fill_pieces() - where a watch's debug registers point
 * @wp:		the watch
 * @out:	receives up to @max pieces; may be NULL
 * @max:	room in @out
 *
 * One entry per piece, for every CPU when the addresses differ per CPU
 * (each CPU watching its own per-CPU instance), else with cpu -1 (or the
 * one CPU of a HWBP_WATCH_CPU watch).
 *
 * Return: the number of pieces, which may be more than @max.
 */
u32 hwbp_watch_fill_pieces(const struct hwbp_wp *wp, struct hwbp_piece *out,
			   u32 max)
{
	unsigned int cpu, i;
	u32 n = 0;

	if (wp->percpu != HWBP_PERCPU_LOCAL) {
		for (i = 0; i < wp->nr_pieces; i++, n++) {
			if (!out || n >= max)
				continue;
			out[n] = wp->pieces[i];
			out[n].cpu = wp->flags & HWBP_WATCH_CPU ? wp->cpu : -1;
		}
		return n;
	}
	for_each_possible_cpu(cpu) {
		if ((wp->flags & HWBP_WATCH_CPU) && cpu != wp->cpu)
			continue;
		for (i = 0; i < wp->nr_pieces; i++, n++) {
			if (!out || n >= max)
				continue;
			out[n].addr = hwbp_cpu_piece_addr(wp, cpu, i);
			out[n].len = wp->pieces[i].len;
			out[n].cpu = cpu;
		}
	}
	return n;
}

static void fill_watch(struct hwbp_watch *out, const struct hwbp_wp *wp)
{
	memset(out, 0, sizeof(*out));
	out->id = wp->id;
	out->serial = wp->serial;
	out->type = wp->type;
	out->len = wp->len;
	out->flags = wp->flags;
	out->addr = wp->addr;
	out->hits = hwbp_hits_total(wp);
	strscpy(out->target, wp->target, sizeof(out->target));
	hwbp_rec_fill(out, wp);
	out->cpu = wp->cpu;
	out->percpu = wp->percpu;
	out->percpu_cpu = wp->percpu_cpu;
	out->pid = wp->proc ? wp->proc->nr : 0;
	out->state = wp->state;
	out->slots = wp->nr_pieces;
	if (wp->proc || wp->probe)
		out->nr_cpus = 0;
	else if (wp->state == HWBP_STATE_DRY_RUN)	/* an --on one: none yet */
		out->nr_cpus = wp->on ? 0 : wp->flags & HWBP_WATCH_CPU ? 1 :
			       num_online_cpus();
	else
		out->nr_cpus = hwbp_cpu_nr_armed(wp);
	out->probe_by = wp->probe_by;
	out->by_arg = wp->by_arg;
	out->arg = wp->arg;
	out->arg_kind = wp->arg_kind;
	out->missed = wp->on ? hwbp_on_ignored(wp) : hwbp_probe_missed(wp);
	strscpy(out->on, wp->on_text, sizeof(out->on));
	strscpy(out->until, wp->until_text, sizeof(out->until));
}

/* Dry run: would the CPUs grant the registers? Nothing is armed. */
static int dry_run(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	int ret = 0;

	wp->state = HWBP_STATE_DRY_RUN;
	if (!wp->proc && !wp->probe && !wp->on) {
		mutex_lock(&hwbp_watches_lock);
		ret = hwbp_cpu_check_free(wp, why);
		mutex_unlock(&hwbp_watches_lock);
	}
	return ret;
}

static int check_cpu_online(const struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	if ((wp->flags & HWBP_WATCH_CPU) && !cpu_online(wp->cpu)) {
		why->reason = HWBP_R_CPU_OFFLINE;
		why->cpu = wp->cpu;
		return -ENODEV;
	}
	return 0;
}

/*
 * Free a watch already out of the table. Disarming waits for handlers in
 * flight; after it no handler can queue the stop work, which is then
 * waited for (it does nothing for a watch out of the table).
 */
static void wp_destroy(struct hwbp_wp *wp)
{
	hwbp_on_destroy(wp);
	if (wp->probe)
		hwbp_probe_disarm(wp);
	else if (wp->proc)
		hwbp_proc_destroy(wp);
	else
		hwbp_cpu_disarm(wp);
	irq_work_sync(&wp->stop_irq);
	cancel_work_sync(&wp->stop_work);
	/* After disarming: no hit of this watch follows the message. */
	hwbp_nl_event(HWBP_EV_DISARMED, wp);
	wp_free(wp);
}

/**
 * hwbp_watch_add() - resolve, validate and arm a watch
 * @req:	the request; on success filled with the armed watch
 * @pieces:	receives up to *@nr_pieces pieces; may be NULL
 * @nr_pieces:	in: room in @pieces; out: the watch's number of pieces
 * @why:	filled with the reason when refused
 *
 * Context: process context, may sleep; takes hwbp_watches_lock.
 * Return: 0, or a negative errno with @why saying which rule failed.
 */
int hwbp_watch_add(struct hwbp_watch *req, struct hwbp_piece *pieces,
		   u32 *nr_pieces, struct hwbp_refusal *why)
{
	struct hwbp_wp *wp;
	int id, ret;

	u32 room = *nr_pieces;

	*nr_pieces = 0;
	wp = wp_alloc();
	if (!wp)
		return -ENOMEM;
	strscpy(wp->target, req->target, sizeof(wp->target));
	ret = prepare(wp, req, why);
	if (ret)
		goto err_report;
	*nr_pieces = hwbp_watch_fill_pieces(wp, pieces, room);
	ret = check_cpu_online(wp, why);
	if (ret)
		goto err_report;
	if (req->flags & HWBP_WATCH_DRY_RUN) {
		ret = dry_run(wp, why);
		fill_watch(req, wp);
		goto err_free;
	}

	mutex_lock(&hwbp_watches_lock);
	id = idr_alloc_cyclic(&hwbp_watches, NULL, 1, hwbp_max_watches + 1,
			      GFP_KERNEL);
	if (id < 0) {
		ret = id;
		if (id == -ENOSPC) {
			ret = -EMFILE;
			why->reason = HWBP_R_TOO_MANY;
			why->arg = hwbp_max_watches;
		}
		goto err_unlock;
	}
	wp->id = id;
	if (wp->rec)
		wp->rec->id = id;
	if (wp->probe) {
		ret = hwbp_probe_arm(wp, why);
	} else if (wp->on) {
		ret = hwbp_on_arm(wp, why);
	} else if (wp->proc) {
		ret = hwbp_proc_arm(wp, why);
	} else {
		ret = check_going(wp, why);
		if (!ret) {
			hwbp_rec_shadow_init(wp, NULL);
			ret = hwbp_cpu_arm(wp, why);
		}
	}
	if (ret) {
		idr_remove(&hwbp_watches, id);
		goto err_unlock;
	}
	/* Visible to list and del only once fully armed. */
	idr_replace(&hwbp_watches, wp, id);
	hwbp_nr_watches++;
	fill_watch(req, wp);
	hwbp_nl_event(HWBP_EV_ARMED, wp);
	mutex_unlock(&hwbp_watches_lock);
	return 0;

err_unlock:
	mutex_unlock(&hwbp_watches_lock);
err_report:
	/* Let the refusal quote what was checked. */
	if (wp->addr) {
		req->addr = wp->addr;
		req->len = wp->len;
	}
err_free:
	if (wp->proc)
		hwbp_proc_destroy(wp);
	if (wp->probe)
		hwbp_probe_disarm(wp);
	/* Its kprobes may have fired before they were unregistered. */
	hwbp_on_destroy(wp);
	hwbp_cpu_disarm(wp);
	irq_work_sync(&wp->stop_irq);
	cancel_work_sync(&wp->stop_work);
	wp_free(wp);
	return ret;
}

/* Take watch @id out of the table; NULL when there is none. */
static struct hwbp_wp *unlink_watch(u32 id)
{
	struct hwbp_wp *wp;

	mutex_lock(&hwbp_watches_lock);
	wp = id <= INT_MAX ? idr_find(&hwbp_watches, id) : NULL;
	if (wp) {
		idr_remove(&hwbp_watches, id);
		hwbp_nr_watches--;
	}
	mutex_unlock(&hwbp_watches_lock);
	return wp;
}

/**
 * hwbp_watch_del() - disarm and free one watch
 * @id: the watch id
 *
 * Disarming happens outside hwbp_watches_lock: a process watch waits for
 * its exit work, which takes the lock.
 *
 * Return: 0, or -ENOENT when there is no such watch.
 */
int hwbp_watch_del(u32 id)
{
	struct hwbp_wp *wp = unlink_watch(id);

	if (!wp)
		return -ENOENT;
	wp_destroy(wp);
	return 0;
}

/**
 * hwbp_watch_del_all() - disarm and free every watch
 */
void hwbp_watch_del_all(void)
{
	struct hwbp_wp *wp;
	int id;

	for (;;) {
		id = 0;
		mutex_lock(&hwbp_watches_lock);
		wp = idr_get_next(&hwbp_watches, &id);
		if (wp) {
			idr_remove(&hwbp_watches, id);
			hwbp_nr_watches--;
		}
		mutex_unlock(&hwbp_watches_lock);
		if (!wp)
			break;
		wp_destroy(wp);
	}
}

/**
 * hwbp_watch_list() - copy a batch of watches to user space
 * @req: batch request, validated by the caller; updated on return
 *
 * The batch is gathered under the lock and copied out after it, so that a
 * slow page fault on the user's buffer does not stall every other caller.
 *
 * Return: 0, -ENOMEM or -EFAULT.
 */
int hwbp_watch_list(struct hwbp_list *req)
{
	struct hwbp_watch __user *dst = u64_to_user_ptr(req->watches);
	u32 room = min_t(u32, req->count, HWBP_LIST_BATCH), n = 0;
	unsigned long id = req->start_id;
	struct hwbp_watch *buf;
	struct hwbp_wp *wp;
	int ret = 0;

	buf = kcalloc(max_t(u32, room, 1), sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&hwbp_watches_lock);
	req->next_id = 0;
	while ((wp = idr_get_next_ul(&hwbp_watches, &id))) {
		if (n == room) {
			req->next_id = id;
			break;
		}
		fill_watch(&buf[n++], wp);
		id++;
	}
	req->total = hwbp_nr_watches;
	mutex_unlock(&hwbp_watches_lock);
	if (n && copy_to_user(dst, buf, n * sizeof(*buf)))
		ret = -EFAULT;
	req->count = n;
	kfree(buf);
	return ret;
}

/**
 * hwbp_watch_pieces() - where watch @id is armed
 * @id:		the watch
 * @pieces:	receives up to *@count pieces
 * @count:	in: room; out: pieces the watch has
 *
 * Return: 0 or -ENOENT.
 */
int hwbp_watch_pieces(u32 id, struct hwbp_piece *pieces, u32 *count)
{
	struct hwbp_wp *wp;
	int ret = 0;

	mutex_lock(&hwbp_watches_lock);
	wp = id <= INT_MAX ? idr_find(&hwbp_watches, id) : NULL;
	if (wp)
		*count = hwbp_watch_fill_pieces(wp, pieces, *count);
	else
		ret = -ENOENT;
	mutex_unlock(&hwbp_watches_lock);
	return ret;
}

/**
 * hwbp_watch_count() - how many watches exist
 */
u32 hwbp_watch_count(void)
{
	u32 n;

	mutex_lock(&hwbp_watches_lock);
	n = hwbp_nr_watches;
	mutex_unlock(&hwbp_watches_lock);
	return n;
}

/**
 * hwbp_watch_find() - the watch with id @id, or NULL
 * @id: the id
 *
 * Context: hwbp_watches_lock held; the watch stays valid until it is
 * dropped.
 */
struct hwbp_wp *hwbp_watch_find(u32 id)
{
	lockdep_assert_held(&hwbp_watches_lock);
	return id <= INT_MAX ? idr_find(&hwbp_watches, id) : NULL;
}

/**
 * hwbp_watch_next() - the watch in the table with the lowest id >= *@id
 * @id: where to start; set to the id found
 *
 * Context: hwbp_watches_lock held.
 * Return: the watch, or NULL when there is none.
 */
struct hwbp_wp *hwbp_watch_next(int *id)
{
	lockdep_assert_held(&hwbp_watches_lock);
	return idr_get_next(&hwbp_watches, id);
}

/*
 * Reset a watch's counts and records. Recording is paused and every
 * handler that may have started before is waited for (synchronize_rcu()
 * waits for NMI-like handlers too), so the tables are reset with no
 * producer running; hits meanwhile are counted, not recorded.
 */
static void clear_one(struct hwbp_wp *wp)
{
	struct task_struct *task = NULL;

	WRITE_ONCE(wp->paused, true);
	synchronize_rcu();
	hwbp_rec_reset(wp);
	if (wp->proc)
		task = get_pid_task(wp->proc->pid, PIDTYPE_PID);
	if (!wp->proc || task)
		hwbp_rec_shadow_init(wp, task);
	if (task)
		put_task_struct(task);
	WRITE_ONCE(wp->paused, false);
}

/**
 * hwbp_watch_clear() - forget one watch's records, stacks and counts
 * @id: the watch
 *
 * Return: 0 or -ENOENT.
 */
int hwbp_watch_clear(u32 id)
{
	struct hwbp_wp *wp;
	int ret = 0;

	mutex_lock(&hwbp_watches_lock);
	wp = hwbp_watch_find(id);
	if (wp)
		clear_one(wp);
	else
		ret = -ENOENT;
	mutex_unlock(&hwbp_watches_lock);
	return ret;
}

/**
 * hwbp_watch_clear_all() - forget every watch's records, stacks and counts
 */
void hwbp_watch_clear_all(void)
{
	struct hwbp_wp *wp;
	int id;

	mutex_lock(&hwbp_watches_lock);
	idr_for_each_entry(&hwbp_watches, wp, id)
		clear_one(wp);
	mutex_unlock(&hwbp_watches_lock);
}

/**
 * hwbp_watch_task_slots() - registers hwbp's process watches take per CPU
 *
 * perf reserves task-bound breakpoints for the task that has the most, on
 * every CPU: the pieces of the watches on each process are added up, and
 * the largest sum is what they cost.
 */
u32 hwbp_watch_task_slots(void)
{
	struct hwbp_wp *wp, *other;
	int id, oid;
	u32 most = 0, sum;

	lockdep_assert_held(&hwbp_watches_lock);
	idr_for_each_entry(&hwbp_watches, wp, id) {
		if (!wp->proc || wp->state != HWBP_STATE_ARMED)
			continue;
		sum = 0;
		idr_for_each_entry(&hwbp_watches, other, oid)
			if (other->proc && other->state == HWBP_STATE_ARMED &&
			    other->proc->pid == wp->proc->pid)
				sum += other->nr_pieces;
		most = max(most, sum);
	}
	return most;
}
