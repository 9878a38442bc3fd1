// SPDX-License-Identifier: GPL-2.0
/*
 * Live events over generic netlink: family "hwbp", groups "hits" and
 * "events" (include/uapi/linux/hwbp.h).
 *
 *	#DB / kprobe handler            process context
 *	  rate limit (per watch)
 *	  this CPU's event ring --irq_work--> work: pop every CPU's ring,
 *	  (no netlink here)                  one HWBP_CMD_HIT message each
 *
 * Handlers only fill a per-CPU ring (one producer per CPU, as the record
 * rings) and queue an irq_work; the work, the single consumer, sends. The
 * handlers learn whether anyone listens from hwbp_nl_active, which a
 * delayed work refreshes every 100 ms from genl_has_listeners(): a monitor
 * that just joined may miss the hits of its first 100 ms.
 *
 * Joining a group needs CAP_SYS_ADMIN (HWBP_GENL_ROOT_ONLY in compat.h,
 * checked by genetlink when the socket binds): hits carry kernel addresses.
 */
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "hwbp.h"
#include "record.h"

static unsigned int hwbp_events_per_sec = 1000;
module_param_named(events_per_sec, hwbp_events_per_sec, uint, 0644);
MODULE_PARM_DESC(events_per_sec, "hit messages each watch may send a second (default 1000)");

/* Records waiting per CPU to be sent. */
#define HWBP_NL_QUEUE	256

enum { HWBP_NL_GRP_HITS, HWBP_NL_GRP_EVENTS };

static const struct genl_multicast_group hwbp_nl_grps[] = {
	[HWBP_NL_GRP_HITS]   = { .name = HWBP_GENL_MCGRP_HITS,
				 HWBP_GENL_ROOT_ONLY },
	[HWBP_NL_GRP_EVENTS] = { .name = HWBP_GENL_MCGRP_EVENTS,
				 HWBP_GENL_ROOT_ONLY },
};

static struct genl_family hwbp_nl_family __ro_after_init = {
	.name		= HWBP_GENL_NAME,
	.version	= HWBP_GENL_VERSION,
	.maxattr	= HWBP_A_MAX,
	.module		= THIS_MODULE,
	.mcgrps		= hwbp_nl_grps,
	.n_mcgrps	= ARRAY_SIZE(hwbp_nl_grps),
};

/*
 * hwbp_nl_queue: each CPU's ring of hits to send; filled by that CPU's
 * handlers, emptied by hwbp_nl_work only. hwbp_nl_active: read by the
 * handlers, written by hwbp_nl_poll_work; a stale value only delays.
 */
static struct hwbp_ring **hwbp_nl_queue;
bool hwbp_nl_active;

/*
 * hwbp_nl_nest: this CPU is inside hwbp_nl_hit(). Every watch and probe
 * shares a CPU's queue, and a #DB can interrupt a kprobe handler (or a
 * kprobe fire inside #DB): a nested push is counted as suppressed instead
 * of racing the outer one for the ring's head.
 */
static DEFINE_PER_CPU(int, hwbp_nl_nest);

static void hwbp_nl_send_hits(struct work_struct *work);
static DECLARE_WORK(hwbp_nl_work, hwbp_nl_send_hits);

static void hwbp_nl_kick(struct irq_work *irq)
{
	schedule_work(&hwbp_nl_work);
}

static DEFINE_IRQ_WORK(hwbp_nl_irq, hwbp_nl_kick);

static void hwbp_nl_poll(struct work_struct *work);
static DECLARE_DELAYED_WORK(hwbp_nl_poll_work, hwbp_nl_poll);

static void hwbp_nl_poll(struct work_struct *work)
{
	WRITE_ONCE(hwbp_nl_active,
		   genl_has_listeners(&hwbp_nl_family, &init_net,
				      HWBP_NL_GRP_HITS));
	queue_delayed_work(system_power_efficient_wq, &hwbp_nl_poll_work,
			   HZ / 10);
}

/**
 * hwbp_nl_hit() - queue a hit for the monitor, if one listens
 * @wp:		the watch or probe
 * @in:		the hit (values as flagged)
 *
 * Context: breakpoint or kprobe handler, interrupts off; lock-free.
 */
void hwbp_nl_hit(struct hwbp_wp *wp, const struct hwbp_hit_in *in)
{
	unsigned long win = READ_ONCE(jiffies) / HZ;
	struct hwbp_record *r;
	struct hwbp_ring *q;

	if (likely(!READ_ONCE(hwbp_nl_active)))
		return;
	/* One-second windows; racing CPUs may both reset: a few extra. */
	if (READ_ONCE(wp->ev_win) != win) {
		WRITE_ONCE(wp->ev_win, win);
		atomic_set(&wp->ev_count, 0);
	}
	if (atomic_inc_return(&wp->ev_count) > READ_ONCE(hwbp_events_per_sec)) {
		atomic64_inc(&wp->ev_suppressed);
		return;
	}
	if (this_cpu_inc_return(hwbp_nl_nest) != 1)
		goto suppressed;
	q = hwbp_nl_queue[in->cpu];
	r = hwbp_ring_reserve(q);
	if (!r)
		goto suppressed;
	memset(r, 0, sizeof(*r));
	r->time_ns = in->now;
	r->ip = in->ip;
	r->addr = in->addr;
	r->before = in->before;
	r->after = in->after;
	r->id = wp->id;
	r->cpu = in->cpu;
	r->pid = in->pid;
	r->tid = in->tid;
	r->len = in->len;
	r->flags = hwbp_hit_flags(wp->type, in);
	memcpy(r->comm, in->comm, sizeof(r->comm));
	/* Internal use of the padding: the count to report with this hit. */
	r->pad = min_t(u64, atomic64_xchg(&wp->ev_suppressed, 0), U32_MAX);
	hwbp_ring_commit(q);
	this_cpu_dec(hwbp_nl_nest);
	irq_work_queue(&hwbp_nl_irq);
	return;

suppressed:
	atomic64_inc(&wp->ev_suppressed);
	this_cpu_dec(hwbp_nl_nest);
}

NOKPROBE_SYMBOL(hwbp_nl_hit);

static int put_hit(struct sk_buff *skb, const struct hwbp_record *r)
{
	char comm[sizeof(r->comm) + 1];

	/* Terminated whatever the slot held. */
	memcpy(comm, r->comm, sizeof(r->comm));
	comm[sizeof(r->comm)] = '\0';
	if (nla_put_u32(skb, HWBP_A_ID, r->id) ||
	    nla_put_u64_64bit(skb, HWBP_A_TIME_NS, r->time_ns, HWBP_A_PAD) ||
	    nla_put_u32(skb, HWBP_A_CPU, r->cpu) ||
	    nla_put_u32(skb, HWBP_A_PID, r->pid) ||
	    nla_put_u32(skb, HWBP_A_TID, r->tid) ||
	    nla_put_string(skb, HWBP_A_COMM, comm) ||
	    nla_put_u64_64bit(skb, HWBP_A_IP, r->ip, HWBP_A_PAD) ||
	    nla_put_u64_64bit(skb, HWBP_A_ADDR, r->addr, HWBP_A_PAD) ||
	    nla_put_u32(skb, HWBP_A_LEN, r->len) ||
	    nla_put_u64_64bit(skb, HWBP_A_BEFORE, r->before, HWBP_A_PAD) ||
	    nla_put_u64_64bit(skb, HWBP_A_AFTER, r->after, HWBP_A_PAD) ||
	    nla_put_u32(skb, HWBP_A_FLAGS, r->flags) ||
	    nla_put_u64_64bit(skb, HWBP_A_SUPPRESSED, r->pad, HWBP_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/* Send one message to @group; nobody listening is not an error. */
static void send(int cmd, unsigned int group, const void *data,
		 int (*put)(struct sk_buff *, const void *))
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &hwbp_nl_family, 0, cmd);
	if (!hdr)
		goto err_free;
	if (put(skb, data))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&hwbp_nl_family, skb, 0, group, GFP_KERNEL);
	return;

err_cancel:
	genlmsg_cancel(skb, hdr);
err_free:
	nlmsg_free(skb);
}

static int put_hit_cb(struct sk_buff *skb, const void *data)
{
	return put_hit(skb, data);
}

/* The consumer of every CPU's queue: pop and send. */
static void hwbp_nl_send_hits(struct work_struct *work)
{
	struct hwbp_record batch[8];
	unsigned int cpu;
	u32 n, i;

	for_each_possible_cpu(cpu) {
		while ((n = hwbp_ring_pop(hwbp_nl_queue[cpu], batch,
					  ARRAY_SIZE(batch)))) {
			for (i = 0; i < n; i++)
				send(HWBP_CMD_HIT, HWBP_NL_GRP_HITS, &batch[i],
				     put_hit_cb);
			cond_resched();
		}
	}
}

struct ev {
	u32 event;
	u32 id;
	const char *target;
};

static int put_event(struct sk_buff *skb, const void *data)
{
	const struct ev *e = data;

	if (nla_put_u32(skb, HWBP_A_EVENT, e->event) ||
	    nla_put_u32(skb, HWBP_A_ID, e->id) ||
	    nla_put_string(skb, HWBP_A_TARGET, e->target))
		return -EMSGSIZE;
	return 0;
}

/**
 * hwbp_nl_event() - tell the events group about a watch's life
 * @event:	HWBP_EV_*
 * @wp:		the watch, or NULL (HWBP_EV_UNLOADING)
 *
 * Context: process context.
 */
void hwbp_nl_event(u32 event, const struct hwbp_wp *wp)
{
	struct ev e = {
		.event = event,
		.id = wp ? wp->id : 0,
		.target = wp ? wp->target : "",
	};

	if (!hwbp_nl_queue)
		return;
	/* Hits already queued go first: none of a watch after "disarmed". */
	irq_work_sync(&hwbp_nl_irq);
	flush_work(&hwbp_nl_work);
	send(HWBP_CMD_EVENT, HWBP_NL_GRP_EVENTS, &e, put_event);
}

int hwbp_nl_init(void)
{
	unsigned int cpu;
	int ret;

	hwbp_nl_queue = kcalloc(nr_cpu_ids, sizeof(*hwbp_nl_queue),
				GFP_KERNEL);
	if (!hwbp_nl_queue)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		hwbp_nl_queue[cpu] = kvzalloc(hwbp_ring_bytes(HWBP_NL_QUEUE),
					      GFP_KERNEL);
		if (!hwbp_nl_queue[cpu]) {
			ret = -ENOMEM;
			goto err_free;
		}
		hwbp_ring_init(hwbp_nl_queue[cpu], HWBP_NL_QUEUE);
	}
	ret = genl_register_family(&hwbp_nl_family);
	if (ret)
		goto err_free;
	queue_delayed_work(system_power_efficient_wq, &hwbp_nl_poll_work, 0);
	return 0;

err_free:
	for_each_possible_cpu(cpu)
		kvfree(hwbp_nl_queue[cpu]);
	kfree(hwbp_nl_queue);
	hwbp_nl_queue = NULL;
	return ret;
}

/*
 * After every watch is gone (no handler can queue): say so, stop polling,
 * send what is queued, then unregister the family.
 */
void hwbp_nl_exit(void)
{
	unsigned int cpu;

	/* The poll re-queues itself: cancel it before clearing its flag. */
	cancel_delayed_work_sync(&hwbp_nl_poll_work);
	WRITE_ONCE(hwbp_nl_active, false);
	irq_work_sync(&hwbp_nl_irq);
	flush_work(&hwbp_nl_work);
	hwbp_nl_event(HWBP_EV_UNLOADING, NULL);
	genl_unregister_family(&hwbp_nl_family);
	for_each_possible_cpu(cpu)
		kvfree(hwbp_nl_queue[cpu]);
	kfree(hwbp_nl_queue);
	hwbp_nl_queue = NULL;
}
