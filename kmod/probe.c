// SPDX-License-Identifier: GPL-2.0
/*
 * Probes: how often, by whom and with what is a function called.
 *
 * A probe is a watch whose hits are calls: a kprobe (or a kretprobe, which
 * also sees the return value) whose handler counts in the kernel, exactly
 * and per CPU, and aggregates by caller, task, CPU, and as asked by stack
 * or by an argument's value, with the same tables and rings as data
 * watches (record.h). It shares ids, list, del, hits, counts and clear
 * with them.
 *
 * Handlers run with preemption off; kprobes on ftrace run them with
 * interrupts on, so they are turned off around the recording (each CPU's
 * ring has one producer). kprobes itself refuses to re-enter a probe from
 * an NMI that interrupted one (counted in nmissed). Unregistering waits for
 * handlers in flight.
 */
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stacktrace.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "hwbp.h"
#include "record.h"
#include "rules.h"

static unsigned int hwbp_max_probes = 64;
module_param_named(max_probes, hwbp_max_probes, uint, 0444);
MODULE_PARM_DESC(max_probes, "most probes that may exist at once (default 64)");

/* Probes registered now. */
static atomic_t hwbp_nr_probes = ATOMIC_INIT(0);

/*
 * Where a kretprobe sends the function's return: found once at load,
 * read-only after. A probe's caller that reads as this one is unknown.
 */
static u64 rethook_trampoline;

/**
 * hwbp_probe_init() - find what probes need from kallsyms
 */
void hwbp_probe_init(void)
{
	rethook_trampoline = hwbp_sym_lookup(HWBP_KRETPROBE_TRAMPOLINE);
}

/**
 * struct hwbp_probe - the kprobes side of a probe
 * @kp:		the kprobe (HWBP_TYPE_PROBE)
 * @krp:	the kretprobe (HWBP_TYPE_RETPROBE)
 * @wp:		the watch it belongs to
 * @registered:	@kp or @krp is registered
 * @sym:	the function's name, which kprobes keeps a pointer to
 * @hits:	the watch's per-CPU counters, next to @kp for the counting
 *		handler, which touches nothing else
 */
struct hwbp_probe {
	struct kprobe kp;
	u64 __percpu *hits;
	struct kretprobe krp;
	struct hwbp_wp *wp;
	bool registered;
	char sym[HWBP_SYM_MAX];
};

/**
 * struct probe_call - what the entry of a call leaves for its record
 * @caller:	return address
 * @arg:	the captured argument's value
 * @by_arg:	the value of the argument counted by HWBP_BY_ARG
 * @stack_id:	the call's stack in the stack table, 0 for none
 * @flags:	HWBP_REC_ARG, HWBP_REC_STR
 * @str:	the captured string
 *
 * For a kretprobe it lives in the instance data between entry and return.
 */
struct probe_call {
	u64 caller;
	u64 arg;
	u64 by_arg;
	u32 stack_id;
	u32 flags;
	char str[HWBP_STR_MAX];
};

/*
 * Copy a NUL-terminated string without faulting, page by page: a page is
 * readable whole or not at all, so each chunk is one nofault copy.
 */
static bool copy_str(char *dst, u64 src, bool user)
{
	size_t done = 0, chunk;
	char *nul;
	int err;

	while (done < HWBP_STR_MAX - 1) {
		chunk = min_t(size_t, HWBP_STR_MAX - 1 - done,
			      PAGE_SIZE - ((src + done) & ~PAGE_MASK));
		if (user)
			err = copy_from_user_nofault(dst + done, (void __user *)
						     (unsigned long)(src + done),
						     chunk);
		else
			err = copy_from_kernel_nofault(dst + done, (void *)
						       (unsigned long)
						       (src + done), chunk);
		if (err)
			break;
		nul = memchr(dst + done, '\0', chunk);
		if (nul) {
			/* Nothing past the string leaves the kernel. */
			memset(nul, 0, dst + HWBP_STR_MAX - nul);
			return true;
		}
		done += chunk;
	}
	memset(dst + done, 0, HWBP_STR_MAX - done);
	return done > 0;
}

static void entry(struct hwbp_wp *wp, struct pt_regs *regs,
		  struct probe_call *call)
{
	struct hwbp_rec_ctx *c = wp->rec;
	u64 ips[HWBP_STACK_DEPTH];
	char comm[TASK_COMM_LEN];
	u32 nr;

	/* At the entry, the stack pointer points at the return address. */
	call->caller = regs_get_kernel_stack_nth(regs, 0);
	/* Unless a kretprobe on the same function ran first and hid it. */
	if (call->caller == rethook_trampoline)
		call->caller = 0;
	call->flags = 0;
	call->stack_id = 0;
	call->arg = 0;
	call->by_arg = 0;
	if (wp->arg) {
		call->arg = regs_get_kernel_argument(regs, wp->arg - 1);
		call->flags |= HWBP_REC_ARG;
		if (wp->arg_kind == HWBP_ARG_STR || wp->arg_kind == HWBP_ARG_USTR) {
			memset(call->str, 0, sizeof(call->str));
			if (copy_str(call->str, call->arg,
				     wp->arg_kind == HWBP_ARG_USTR))
				call->flags |= HWBP_REC_STR;
		}
	}
	if (wp->by_arg)
		call->by_arg = regs_get_kernel_argument(regs, wp->by_arg - 1);
	if (c && c->stacks && !READ_ONCE(wp->paused)) {
		nr = hwbp_stack_regs(regs, ips);
		memcpy(comm, current->comm, sizeof(comm));
		call->stack_id = hwbp_stack_get(c->stacks, ips, nr, 0,
						sched_clock(),
						smp_processor_id(), comm);
	}
}

/* Count one call, exactly; false when past max_hits (not counted). */
static bool count(struct hwbp_wp *wp)
{
	if (unlikely(wp->max_hits)) {
		s64 n = atomic64_inc_return(&wp->taken);

		if (n > wp->max_hits)
			return false;
		if (n == wp->max_hits)
			irq_work_queue(&wp->stop_irq);
	}
	this_cpu_inc(*wp->hits);
	return true;
}

/* Aggregate, record and send one call, already counted. Interrupts off. */
static void account(struct hwbp_wp *wp, const struct probe_call *call,
		    bool ret, u64 retval)
{
	struct hwbp_rec_ctx *c = wp->rec;
	bool listen = READ_ONCE(hwbp_nl_active);
	unsigned int cpu = smp_processor_id();
	char comm[TASK_COMM_LEN];
	struct hwbp_hit_in in = {
		.ip = call->caller,
		.addr = wp->addr,
		.before = call->arg,
		.after = retval,
		.cpu = cpu,
		.pid = task_tgid_nr(current),
		.tid = task_pid_nr(current),
		.flags = call->flags | (ret ? HWBP_REC_RET : 0),
		.comm = comm,
		.stack_id = call->stack_id,
		.str = call->str,
	};

	if ((!c && !listen) || (c && READ_ONCE(wp->paused)))
		return;
	/* Time is for records and messages only: counting needs no clock. */
	if (wp->rings || listen)
		in.now = sched_clock();
	memcpy(comm, current->comm, sizeof(comm));
	hwbp_nl_hit(wp, &in);
	if (!c)
		return;
	hwbp_hit_aggregate(c, &in);
	if (c->by_arg)
		hwbp_agg_add(c->by_arg, call->by_arg);
	if (ret && c->retval)
		atomic64_inc(&c->retval[64 + hwbp_retval_bucket((s64)retval)]);
	if (wp->rings)
		hwbp_hit_record(c, wp->rings[cpu], &in);
}

static int kp_pre(struct kprobe *kp, struct pt_regs *regs);

/*
 * A probe that only counts, by CPU, without max_hits: the whole handler,
 * unless a monitor listens.
 */
static int kp_count(struct kprobe *kp, struct pt_regs *regs)
{
	if (unlikely(READ_ONCE(hwbp_nl_active)))
		return kp_pre(kp, regs);
	this_cpu_inc(*container_of(kp, struct hwbp_probe, kp)->hits);
	return 0;
}

static int kp_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct hwbp_probe *p = container_of(kp, struct hwbp_probe, kp);
	struct probe_call call = { };
	unsigned long flags;

	/* Past max_hits: nothing, not even a stack. */
	if (!count(p->wp))
		return 0;
	/* Counting alone (--by cpu, no records): the per-CPU counter. */
	if (!p->wp->rec && !READ_ONCE(hwbp_nl_active))
		return 0;
	local_irq_save(flags);
	entry(p->wp, regs, &call);
	account(p->wp, &call, false, 0);
	local_irq_restore(flags);
	return 0;
}

static int krp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hwbp_probe *p = container_of(hwbp_kretprobe_of(ri),
					    struct hwbp_probe, krp);

	entry(p->wp, regs, (struct probe_call *)ri->data);
	return 0;
}

static int krp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hwbp_probe *p = container_of(hwbp_kretprobe_of(ri),
					    struct hwbp_probe, krp);
	unsigned long flags;

	if (!count(p->wp))
		return 0;
	local_irq_save(flags);
	account(p->wp, (struct probe_call *)ri->data, true,
		regs_return_value(regs));
	local_irq_restore(flags);
	return 0;
}

/* HWBP_BY_ARG and by_arg come together. */
static bool by_arg_mismatch(const struct hwbp_watch *req)
{
	bool by = req->probe_by == HWBP_BY_ARG;

	return by != !!req->by_arg;
}

/* HWBP_BY_STACK and HWBP_WATCH_STACK come together. */
static bool by_stack_mismatch(const struct hwbp_watch *req)
{
	bool by = req->probe_by == HWBP_BY_STACK;

	return by != !!(req->flags & HWBP_WATCH_STACK);
}

/**
 * hwbp_probe_check() - the rules of a probe request, before anything exists
 * @req:	the request
 * @why:	filled when refused
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_probe_check(const struct hwbp_watch *req, struct hwbp_refusal *why)
{
	bool ret = req->type == HWBP_TYPE_RETPROBE;

	if (!req->target[0] || req->pid || req->percpu ||
	    (req->flags & HWBP_WATCH_CPU) || req->len || req->on[0] ||
	    req->until[0]) {
		why->reason = HWBP_R_BAD_TARGET;
		return -EINVAL;
	}
	if (req->filter || req->allow[0]) {
		why->reason = HWBP_R_BAD_FILTER;
		return -EINVAL;
	}
	/* Past the entry, arguments and the return address are gone. */
	if (strchr(req->target, '+') &&
	    (req->arg || req->by_arg || req->probe_by == HWBP_BY_IP ||
	     ret)) {
		why->reason = HWBP_R_BAD_ARG;
		return -EINVAL;
	}
	if (req->arg > HWBP_PROBE_ARGS || req->by_arg > HWBP_PROBE_ARGS ||
	    req->arg_kind > HWBP_ARG_USTR || !req->arg != !req->arg_kind ||
	    (req->arg && !(req->flags & HWBP_WATCH_RECORD)) ||
	    req->probe_by > HWBP_BY_RETVAL ||
	    (req->probe_by == HWBP_BY_RETVAL && !ret) ||
	    by_arg_mismatch(req) || by_stack_mismatch(req)) {
		why->reason = HWBP_R_BAD_ARG;
		return -EINVAL;
	}
	return 0;
}

/**
 * hwbp_probe_setup() - the probe's state and its counting tables
 * @wp:		the watch, type, target and options set
 * @req:	the request
 * @why:	filled when refused
 *
 * Every probe aggregates (by caller, task and CPU); its rings exist only
 * with HWBP_WATCH_RECORD.
 *
 * Return: 0, -ENOMEM, or what hwbp_rec_setup() returns.
 */
int hwbp_probe_setup(struct hwbp_wp *wp, const struct hwbp_watch *req,
		     struct hwbp_refusal *why)
{
	struct hwbp_probe *p;
	int ret;

	wp->probe_by = req->probe_by ? req->probe_by : HWBP_BY_COMM;
	wp->by_arg = req->by_arg;
	wp->arg = req->arg;
	wp->arg_kind = req->arg_kind;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->wp = wp;
	wp->probe = p;
	ret = hwbp_rec_setup(wp, req, why);
	if (ret)
		return ret;
	return hwbp_rec_setup_probe(wp);
}

static void fill_kprobe(struct kprobe *kp, const char *name, u64 off)
{
	kp->symbol_name = name;
	kp->offset = off;
}

/**
 * hwbp_probe_arm() - register the kprobe or kretprobe
 * @wp:		the watch, set up
 * @why:	filled when kprobes refuse
 *
 * Context: process context, hwbp_watches_lock held.
 * Return: 0 or a negative errno.
 */
int hwbp_probe_arm(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	struct hwbp_probe *p = wp->probe;
	char name[HWBP_SYM_MAX];
	u64 off;
	int ret;

	/* Adds are serialised by hwbp_watches_lock: check, then count. */
	if (atomic_read(&hwbp_nr_probes) >= hwbp_max_probes) {
		why->reason = HWBP_R_TOO_MANY_PROBES;
		why->arg = hwbp_max_probes;
		return -EMFILE;
	}
	why->reason = hwbp_parse_target(wp->target, name, sizeof(name), &off);
	if (why->reason)
		return -EINVAL;
	strscpy(p->sym, name, sizeof(p->sym));
	if (wp->type == HWBP_TYPE_RETPROBE) {
		fill_kprobe(&p->krp.kp, p->sym, off);
		p->krp.entry_handler = krp_entry;
		p->krp.handler = krp_ret;
		p->krp.data_size = sizeof(struct probe_call);
		p->krp.maxactive = 0;	/* kprobes' default per CPU */
		ret = register_kretprobe(&p->krp);
		wp->addr = (unsigned long)p->krp.kp.addr;
	} else {
		fill_kprobe(&p->kp, p->sym, off);
		p->hits = wp->hits;
		p->kp.pre_handler = !wp->rec && !wp->max_hits ? kp_count :
				    kp_pre;
		ret = register_kprobe(&p->kp);
		wp->addr = (unsigned long)p->kp.addr;
	}
	if (ret) {
		wp->addr = 0;
		why->reason = ret == -ENOENT ? HWBP_R_NO_SYMBOL :
			      HWBP_R_NOT_PROBEABLE;
		why->arg = -ret;
		return ret;
	}
	/* hwbp's own functions run inside its handlers: never probe them. */
	if (within_module(wp->addr, THIS_MODULE)) {
		if (wp->type == HWBP_TYPE_RETPROBE)
			unregister_kretprobe(&p->krp);
		else
			unregister_kprobe(&p->kp);
		wp->addr = 0;
		why->reason = HWBP_R_OWN_MEMORY;
		return -EPERM;
	}
	p->registered = true;
	atomic_inc(&hwbp_nr_probes);
	return 0;
}

/**
 * hwbp_probe_disarm() - unregister; waits for handlers in flight
 * @wp: the probe
 *
 * Context: process context; hwbp_watches_lock held or the watch out of
 * the table.
 */
void hwbp_probe_disarm(struct hwbp_wp *wp)
{
	struct hwbp_probe *p = wp->probe;

	if (!p || !p->registered)
		return;
	if (wp->type == HWBP_TYPE_RETPROBE)
		unregister_kretprobe(&p->krp);
	else
		unregister_kprobe(&p->kp);
	p->registered = false;
	atomic_dec(&hwbp_nr_probes);
}

/**
 * hwbp_probe_free() - free the probe side
 * @wp: the watch, disarmed
 */
void hwbp_probe_free(struct hwbp_wp *wp)
{
	kfree(wp->probe);
	wp->probe = NULL;
}

/**
 * hwbp_probe_missed() - calls kprobes could not hand to the probe
 * @wp: the probe
 */
u64 hwbp_probe_missed(const struct hwbp_wp *wp)
{
	const struct hwbp_probe *p = wp->probe;

	if (!p)
		return 0;
	return wp->type == HWBP_TYPE_RETPROBE ?
	       p->krp.kp.nmissed + p->krp.nmissed : p->kp.nmissed;
}
