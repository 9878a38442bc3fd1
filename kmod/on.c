// SPDX-License-Identifier: GPL-2.0
/*
 * Watches armed by a call: "when FUNC is called, watch the memory its
 * argument points to; stop when FUNC2 is called with that address".
 *
 * Registering a breakpoint may sleep and a kprobe handler may not, so the
 * handlers only move a small state machine and queue work; the work arms
 * or disarms in process context:
 *
 *	IDLE --on(addr)--> PENDING --work: armed--> ARMED
 *	PENDING, ARMED --until(same addr)--> DISARMING --work--> IDLE
 *
 * The window: accesses between the call and the work arming the watch are
 * missed (and so are those between the disarming call and the work, which
 * can catch a kfree()'s own write into the object). One object at a time:
 * calls while not IDLE are counted as ignored. Known: a disarming call
 * that read the address of one object and lost the race to a re-arming
 * for the next may disarm the next (an ABA on the address).
 */
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "hwbp.h"
#include "rules.h"

enum { ON_IDLE, ON_CLAIMED, ON_PENDING, ON_ARMED, ON_DISARMING };

/**
 * struct hwbp_on - the call-driven side of a watch
 * @wp:		the watch
 * @on_kp:	kprobe on the arming function
 * @until_kp:	kprobe on the disarming function (registered with @until)
 * @on_arg:	argument of the arming call that points at the object
 * @until_arg:	argument of the disarming call to compare with it
 * @off:	added to the pointer
 * @state:	ON_*, moved by the handlers with cmpxchg and by the work
 * @addr:	the object (plus @off): written by the arming handler while
 *		it owns the state (ON_CLAIMED), read after an acquire of it
 * @ignored:	arming calls while not idle
 * @irq:	queued by the handlers, which may run in any context
 * @work:	arms and disarms, under hwbp_watches_lock
 * @on_sym:	the arming function's name (kprobes keeps the pointer)
 * @until_sym:	the disarming function's name
 */
struct hwbp_on {
	struct hwbp_wp *wp;
	struct kprobe on_kp;
	struct kprobe until_kp;
	u32 on_arg;
	u32 until_arg;
	u64 off;
	atomic_t state;
	u64 addr;
	atomic64_t ignored;
	struct irq_work irq;
	struct work_struct work;
	char on_sym[HWBP_SYM_MAX];
	char until_sym[HWBP_SYM_MAX];
};

static int on_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct hwbp_on *o = container_of(kp, struct hwbp_on, on_kp);
	unsigned long flags;

	/*
	 * Interrupts off while the state is ON_CLAIMED: a disarming call from
	 * an interrupt here would find neither PENDING nor ARMED.
	 */
	local_irq_save(flags);
	if (atomic_cmpxchg(&o->state, ON_IDLE, ON_CLAIMED) != ON_IDLE) {
		atomic64_inc(&o->ignored);
		goto out;
	}
	WRITE_ONCE(o->addr, regs_get_kernel_argument(regs, o->on_arg - 1) +
		   o->off);
	/* Pairs with the acquire in until_pre(): @addr is set. */
	atomic_set_release(&o->state, ON_PENDING);
	irq_work_queue(&o->irq);
out:
	local_irq_restore(flags);
	return 0;
}

static int until_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct hwbp_on *o = container_of(kp, struct hwbp_on, until_kp);
	int st = atomic_read_acquire(&o->state);
	u64 arg;

	if (st != ON_PENDING && st != ON_ARMED)
		return 0;
	arg = regs_get_kernel_argument(regs, o->until_arg - 1);
	if (arg + o->off != READ_ONCE(o->addr))
		return 0;
	if (atomic_cmpxchg(&o->state, st, ON_DISARMING) == st)
		irq_work_queue(&o->irq);
	return 0;
}

static void on_irq(struct irq_work *irq)
{
	struct hwbp_on *o = container_of(irq, struct hwbp_on, irq);

	schedule_work(&o->work);
}

static void on_work(struct work_struct *work)
{
	struct hwbp_on *o = container_of(work, struct hwbp_on, work);
	struct hwbp_wp *wp = o->wp;

	hwbp_watch_lock();
	/* Only a watch still in the table: not one being freed. */
	if (hwbp_watch_find(wp->id) != wp) {
		hwbp_watch_unlock();
		return;
	}
	switch (atomic_read(&o->state)) {
	case ON_PENDING:
		if (wp->state != HWBP_STATE_ARMED ||
		    hwbp_watch_on_arm(wp, READ_ONCE(o->addr))) {
			wp->addr = 0;
			atomic_set(&o->state, ON_IDLE);
			break;
		}
		/* The disarming call may have come while arming. */
		if (atomic_cmpxchg(&o->state, ON_PENDING, ON_ARMED) !=
		    ON_PENDING) {
			hwbp_cpu_disarm(wp);
			wp->addr = 0;
			atomic_set(&o->state, ON_IDLE);
		}
		break;
	case ON_DISARMING:
		hwbp_cpu_disarm(wp);
		/* Listed as waiting again: no address. */
		wp->addr = 0;
		atomic_set(&o->state, ON_IDLE);
		break;
	}
	hwbp_watch_unlock();
}

/**
 * hwbp_on_setup() - parse on/until and make the call-driven side
 * @wp:		a data watch (type and length set)
 * @req:	the request
 * @why:	filled when refused
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int hwbp_on_setup(struct hwbp_wp *wp, const struct hwbp_watch *req,
		  struct hwbp_refusal *why)
{
	struct hwbp_on *o;
	u64 off;

	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	wp->on = o;
	o->wp = wp;
	init_irq_work(&o->irq, on_irq);
	INIT_WORK(&o->work, on_work);
	why->reason = hwbp_parse_on(req->on, o->on_sym, sizeof(o->on_sym),
				    &o->on_arg, &o->off, true);
	if (!why->reason && req->until[0])
		why->reason = hwbp_parse_on(req->until, o->until_sym,
					    sizeof(o->until_sym),
					    &o->until_arg, &off, false);
	if (why->reason)
		return -EINVAL;
	strscpy(wp->on_text, req->on, sizeof(wp->on_text));
	strscpy(wp->until_text, req->until, sizeof(wp->until_text));
	return 0;
}

static int reg(struct kprobe *kp, const char *sym,
	       int (*pre)(struct kprobe *, struct pt_regs *),
	       struct hwbp_refusal *why)
{
	int ret;

	kp->symbol_name = sym;
	kp->pre_handler = pre;
	ret = register_kprobe(kp);
	if (!ret && within_module((unsigned long)kp->addr, THIS_MODULE)) {
		/* hwbp's own functions run inside its handlers. */
		unregister_kprobe(kp);
		ret = -EPERM;
	}
	if (ret) {
		why->reason = HWBP_R_BAD_ON;
		why->arg = -ret;
		kp->addr = NULL;
	}
	return ret;
}

/**
 * hwbp_on_arm() - register the kprobes that drive the watch
 * @wp:		the watch, set up
 * @why:	filled when kprobes refuse
 *
 * Context: process context, hwbp_watches_lock held.
 * Return: 0 or a negative errno.
 */
int hwbp_on_arm(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	struct hwbp_on *o = wp->on;
	int ret;

	ret = reg(&o->on_kp, o->on_sym, on_pre, why);
	if (ret || !o->until_sym[0])
		return ret;
	ret = reg(&o->until_kp, o->until_sym, until_pre, why);
	if (ret) {
		unregister_kprobe(&o->on_kp);
		o->on_kp.addr = NULL;
	}
	return ret;
}

/**
 * hwbp_on_destroy() - stop following calls and free the call-driven side
 * @wp: the watch, out of the watch table
 *
 * Unregistering waits for the handlers; then nothing queues the work,
 * which is waited for (it takes hwbp_watches_lock: call this without it).
 * The caller disarms the breakpoints afterwards.
 */
void hwbp_on_destroy(struct hwbp_wp *wp)
{
	struct hwbp_on *o = wp->on;

	if (!o)
		return;
	if (o->on_kp.addr)
		unregister_kprobe(&o->on_kp);
	if (o->until_kp.addr)
		unregister_kprobe(&o->until_kp);
	irq_work_sync(&o->irq);
	cancel_work_sync(&o->work);
	kfree(o);
	wp->on = NULL;
}

/**
 * hwbp_on_in_module() - does the watch follow calls of a function in @mod?
 * @wp:		the watch
 * @mod:	a module
 * @init:	only in @mod's __init code
 */
bool hwbp_on_in_module(const struct hwbp_wp *wp, const struct module *mod,
		       bool init)
{
	bool (*in)(unsigned long addr, const struct module *mod) =
		init ? within_module_init : within_module;
	const struct hwbp_on *o = wp->on;

	return o && (in((unsigned long)o->on_kp.addr, mod) ||
		     in((unsigned long)o->until_kp.addr, mod));
}

/**
 * hwbp_on_drop_object() - the armed object's memory is going away
 * @wp: the watch, armed on an object
 *
 * The breakpoints go and the watch waits for its next arming call, as
 * after the disarming one. A disarming call racing with this finds the
 * state changed (its work then disarms nothing); an arming call coming
 * after it arms the next object.
 *
 * Context: hwbp_watches_lock held.
 */
void hwbp_on_drop_object(struct hwbp_wp *wp)
{
	hwbp_cpu_disarm(wp);
	wp->addr = 0;
	atomic_cmpxchg(&wp->on->state, ON_ARMED, ON_IDLE);
}

/**
 * hwbp_on_ignored() - arming calls that came while busy with an object
 * @wp: the watch
 */
u64 hwbp_on_ignored(const struct hwbp_wp *wp)
{
	return wp->on ? atomic64_read(&wp->on->ignored) : 0;
}
