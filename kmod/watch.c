// SPDX-License-Identifier: GPL-2.0
/*
 * The watch registry: ids, arming and disarming breakpoints.
 *
 * A watch is one perf breakpoint event per online CPU, created with
 * perf_event_create_kernel_counter() rather than
 * register_wide_hw_breakpoint() so that a refusal can name the CPU whose
 * debug registers are full.
 */
#include <linux/cpu.h>
#include <linux/hw_breakpoint.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/hw_breakpoint.h>

#include "hwbp.h"
#include "rules.h"

unsigned int hwbp_max_watches = 256;
module_param_named(max_watches, hwbp_max_watches, uint, 0444);
MODULE_PARM_DESC(max_watches, "most watches that may exist at once (default 256)");

/*
 * hwbp_watches_lock protects hwbp_watches (id -> struct hwbp_wp) and the
 * creation and destruction of watches. It is a mutex: arming and disarming
 * sleep. The hit path never takes it.
 */
static DEFINE_MUTEX(hwbp_watches_lock);
static DEFINE_IDR(hwbp_watches);
static u32 hwbp_nr_watches;	/* entries in hwbp_watches */

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

static void disarm(struct hwbp_wp *wp)
{
	struct perf_event **slot;
	int cpu;

	for_each_possible_cpu(cpu) {
		slot = per_cpu_ptr(wp->events, cpu);
		if (*slot) {
			/* Returns once no handler for the event can run. */
			unregister_hw_breakpoint(*slot);
			*slot = NULL;
		}
	}
}

/* Arm @wp on every online CPU; on failure nothing stays armed. */
static int arm(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	struct perf_event_attr attr;
	struct perf_event *bp;
	int cpu, ret = 0;

	hw_breakpoint_init(&attr);
	attr.bp_addr = wp->addr;
	attr.bp_len = wp->len;
	attr.bp_type = hwbp_bp_type(wp->type);

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		bp = perf_event_create_kernel_counter(&attr, cpu, NULL,
						      hwbp_hit, wp);
		if (IS_ERR(bp)) {
			ret = PTR_ERR(bp);
			why->cpu = cpu;
			if (ret == -ENOSPC) {
				why->reason = HWBP_R_NO_SLOT;
				why->arg = HBP_NUM;
			} else {
				why->reason = HWBP_R_KERNEL;
				why->arg = -ret;
			}
			break;
		}
		*per_cpu_ptr(wp->events, cpu) = bp;
	}
	cpus_read_unlock();
	if (ret)
		disarm(wp);
	return ret;
}

static void wp_free(struct hwbp_wp *wp)
{
	if (!wp)
		return;
	free_percpu(wp->events);
	free_percpu(wp->hits);
	kfree(wp);
}

static struct hwbp_wp *wp_alloc(void)
{
	struct hwbp_wp *wp = kzalloc(sizeof(*wp), GFP_KERNEL);

	if (!wp)
		return NULL;
	wp->events = alloc_percpu(struct perf_event *);
	wp->hits = alloc_percpu(u64);
	if (!wp->events || !wp->hits) {
		wp_free(wp);
		return NULL;
	}
	ratelimit_state_init(&wp->rs, 5 * HZ, 10);
	return wp;
}

/* The hit path must never trap on memory it touches: keep off our own. */
static bool in_own_module(u64 addr, u32 len)
{
	return within_module(addr, THIS_MODULE) ||
	       within_module(addr + len - 1, THIS_MODULE);
}

/* Fill wp->addr and wp->len from the request, checking every rule. */
static int resolve(struct hwbp_wp *wp, const struct hwbp_watch *req,
		   struct hwbp_refusal *why)
{
	u64 size = 0, off = 0;
	bool guessed;
	int ret;

	if (req->target[0]) {
		ret = hwbp_sym_resolve(req->target, &wp->addr, &size, &off,
				       why);
		if (ret)
			return ret;
	} else {
		wp->addr = req->addr;
	}
	wp->type = req->type;
	wp->len = req->len;
	if (!wp->len) {
		wp->len = hwbp_default_len(wp->addr, wp->type, sizeof(long),
					   size, off, &guessed);
		if (guessed)
			wp->flags |= HWBP_WATCH_LEN_GUESS;
	}
	why->reason = hwbp_check_access(wp->addr, wp->type, wp->len,
					sizeof(long), &why->arg);
	if (why->reason)
		return -EINVAL;
	if (wp->addr < TASK_SIZE_MAX) {
		why->reason = HWBP_R_USER_ADDR;
		return -EINVAL;
	}
	if (in_own_module(wp->addr, wp->len)) {
		why->reason = HWBP_R_OWN_MEMORY;
		return -EPERM;
	}
	return 0;
}

/**
 * hwbp_watch_add() - resolve, validate and arm a watch
 * @req:	the request; on success filled with the armed watch
 * @why:	filled with the reason when refused
 *
 * Context: process context, may sleep.
 * Return: 0, or a negative errno with @why saying which rule failed.
 */
int hwbp_watch_add(struct hwbp_watch *req, struct hwbp_refusal *why)
{
	struct hwbp_wp *wp;
	int id, ret;

	wp = wp_alloc();
	if (!wp)
		return -ENOMEM;
	ret = resolve(wp, req, why);
	if (ret)
		goto err_report;
	wp->flags |= req->flags;
	strscpy(wp->target, req->target, sizeof(wp->target));

	mutex_lock(&hwbp_watches_lock);
	id = idr_alloc_cyclic(&hwbp_watches, NULL, 1, hwbp_max_watches + 1,
			      GFP_KERNEL);
	if (id < 0) {
		ret = id == -ENOSPC ? -EMFILE : id;
		why->reason = HWBP_R_TOO_MANY;
		why->arg = hwbp_max_watches;
		goto err_unlock;
	}
	wp->id = id;
	ret = arm(wp, why);
	if (ret) {
		idr_remove(&hwbp_watches, id);
		goto err_unlock;
	}
	/* Visible to list and del only once fully armed. */
	idr_replace(&hwbp_watches, wp, id);
	hwbp_nr_watches++;
	mutex_unlock(&hwbp_watches_lock);

	req->id = wp->id;
	req->addr = wp->addr;
	req->len = wp->len;
	req->type = wp->type;
	req->flags = wp->flags;
	req->hits = 0;
	return 0;

err_unlock:
	mutex_unlock(&hwbp_watches_lock);
err_report:
	/* Let the refusal quote what was checked. */
	if (wp->addr) {
		req->addr = wp->addr;
		req->len = wp->len;
	}
	wp_free(wp);
	return ret;
}

static void wp_destroy(struct hwbp_wp *wp)
{
	disarm(wp);
	wp_free(wp);
}

/**
 * hwbp_watch_del() - disarm and free one watch
 * @id: the watch id
 *
 * Return: 0, or -ENOENT when there is no such watch.
 */
int hwbp_watch_del(u32 id)
{
	struct hwbp_wp *wp;

	mutex_lock(&hwbp_watches_lock);
	wp = idr_find(&hwbp_watches, id);
	if (wp) {
		idr_remove(&hwbp_watches, id);
		hwbp_nr_watches--;
	}
	mutex_unlock(&hwbp_watches_lock);
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

	mutex_lock(&hwbp_watches_lock);
	idr_for_each_entry(&hwbp_watches, wp, id) {
		idr_remove(&hwbp_watches, id);
		hwbp_nr_watches--;
		wp_destroy(wp);
	}
	mutex_unlock(&hwbp_watches_lock);
}

static void fill_watch(struct hwbp_watch *out, const struct hwbp_wp *wp)
{
	memset(out, 0, sizeof(*out));
	out->id = wp->id;
	out->type = wp->type;
	out->len = wp->len;
	out->flags = wp->flags;
	out->addr = wp->addr;
	out->hits = hwbp_hits_total(wp);
	strscpy(out->target, wp->target, sizeof(out->target));
}

/**
 * hwbp_watch_list() - copy a batch of watches to user space
 * @req: batch request, validated by the caller; updated on return
 *
 * Return: 0 or -EFAULT.
 */
int hwbp_watch_list(struct hwbp_list *req)
{
	struct hwbp_watch __user *dst = u64_to_user_ptr(req->watches);
	struct hwbp_watch out;
	struct hwbp_wp *wp;
	u32 n = 0;
	int id = req->start_id, ret = 0;

	mutex_lock(&hwbp_watches_lock);
	req->next_id = 0;
	while ((wp = idr_get_next(&hwbp_watches, &id))) {
		if (n == req->count) {
			req->next_id = id;
			break;
		}
		fill_watch(&out, wp);
		if (copy_to_user(&dst[n], &out, sizeof(out))) {
			ret = -EFAULT;
			break;
		}
		n++;
		id++;
	}
	req->total = hwbp_nr_watches;
	mutex_unlock(&hwbp_watches_lock);
	req->count = n;
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
