// SPDX-License-Identifier: GPL-2.0
/*
 * Recording state of a watch: its rings, stack table and aggregation
 * tables, set up before arming, read in batches by the ioctls, reset while
 * the watch is paused, freed after it is disarmed. The tables themselves
 * are in ring.c, stacktab.c and agg.c; the hit path in hit.c and hitpath.c.
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/hw_breakpoint.h>

#include "hwbp.h"
#include "record.h"

unsigned int hwbp_ring_size = 1024;
module_param_named(ring_size, hwbp_ring_size, uint, 0444);
MODULE_PARM_DESC(ring_size, "records kept per CPU per watch, a power of two, 16..1048576 (default 1024)");

static unsigned int hwbp_stack_slots = 1024;
module_param_named(stack_slots, hwbp_stack_slots, uint, 0444);
MODULE_PARM_DESC(stack_slots, "distinct stacks kept per watch, a power of two, 16..65536 (default 1024)");

unsigned int hwbp_agg_slots = 512;
module_param_named(agg_slots, hwbp_agg_slots, uint, 0444);
MODULE_PARM_DESC(agg_slots, "distinct ips, pids and comms counted per watch, a power of two, 16..65536 (default 512)");

static bool pow2_in(unsigned int v, unsigned int lo, unsigned int hi)
{
	return is_power_of_2(v) && v >= lo && v <= hi;
}

int hwbp_rec_init(void)
{
	if (!pow2_in(hwbp_ring_size, 16, 1U << 20) ||
	    !pow2_in(hwbp_stack_slots, 16, 1U << 16) ||
	    !pow2_in(hwbp_agg_slots, 16, 1U << 16)) {
		pr_err("ring_size=%u stack_slots=%u agg_slots=%u: each must be a power of two in its range\n",
		       hwbp_ring_size, hwbp_stack_slots, hwbp_agg_slots);
		return -EINVAL;
	}
	return 0;
}

/* Parse "f1,f2" into the context's allowed ranges. */
static int parse_allow(struct hwbp_rec_ctx *c, const char *allow,
		       struct hwbp_refusal *why)
{
	char name[HWBP_ALLOW_MAX];
	const char *p = allow, *comma;
	size_t n;

	while (*p) {
		comma = strchrnul(p, ',');
		n = comma - p;
		if (!n || n >= sizeof(name) || c->nr_allow == HWBP_ALLOW_FUNCS) {
			why->reason = HWBP_R_BAD_ALLOW;
			return -EINVAL;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		if (hwbp_sym_range(name, &c->allow_start[c->nr_allow],
				   &c->allow_end[c->nr_allow])) {
			why->reason = HWBP_R_NO_FUNCTION;
			why->arg = c->nr_allow;
			return -ENOENT;
		}
		c->nr_allow++;
		p = *comma ? comma + 1 : comma;
	}
	return 0;
}

static int check_options(const struct hwbp_watch *req, struct hwbp_refusal *why)
{
	bool record = req->flags & HWBP_WATCH_RECORD;
	bool probe = hwbp_is_probe_type(req->type);

	/* Probes count by stack without recording; watches do not. */
	if (!record && ((!probe && (req->flags & HWBP_WATCH_STACK)) ||
			req->filter || req->allow[0])) {
		why->reason = HWBP_R_NEEDS_RECORD;
		return -EINVAL;
	}
	if (req->filter > HWBP_FILTER_CHANGED ||
	    (req->filter && req->type == HWBP_TYPE_X) ||
	    (req->filter_value && req->filter != HWBP_FILTER_EQ &&
	     req->filter != HWBP_FILTER_NE)) {
		why->reason = HWBP_R_BAD_FILTER;
		return -EINVAL;
	}
	return 0;
}

static int alloc_rings(struct hwbp_wp *wp)
{
	unsigned int cpu;

	wp->rings = kcalloc(nr_cpu_ids, sizeof(*wp->rings), GFP_KERNEL);
	if (!wp->rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		/* Zeroed: a record's str is written only for strings. */
		wp->rings[cpu] = kvzalloc(hwbp_ring_bytes(hwbp_ring_size),
					  GFP_KERNEL);
		if (!wp->rings[cpu])
			return -ENOMEM;
		hwbp_ring_init(wp->rings[cpu], hwbp_ring_size);
	}
	return 0;
}

/*
 * Counts by ip and by task: every recording watch keeps both; a probe that
 * does not record keeps only what its --by asks for (a table lookup per
 * call is most of what a counting probe costs).
 */
static int alloc_aggs(struct hwbp_wp *wp, const struct hwbp_watch *req)
{
	struct hwbp_rec_ctx *c = wp->rec;
	bool all = !hwbp_is_probe_type(wp->type) ||
		   (req->flags & HWBP_WATCH_RECORD);

	if (all || wp->probe_by == HWBP_BY_IP) {
		c->by_ip = kvmalloc(hwbp_agg_bytes(hwbp_agg_slots), GFP_KERNEL);
		if (!c->by_ip)
			return -ENOMEM;
		hwbp_agg_init(c->by_ip, hwbp_agg_slots);
	}
	if (all || wp->probe_by == HWBP_BY_PID ||
	    wp->probe_by == HWBP_BY_COMM) {
		c->by_task = kvmalloc(hwbp_agg_bytes(hwbp_agg_slots),
				      GFP_KERNEL);
		if (!c->by_task)
			return -ENOMEM;
		hwbp_agg_init(c->by_task, hwbp_agg_slots);
	}
	return 0;
}

/**
 * hwbp_rec_setup_probe() - a probe's extra tables: by argument, by return
 * @wp: a probe, after hwbp_rec_setup()
 *
 * Return: 0 or -ENOMEM.
 */
int hwbp_rec_setup_probe(struct hwbp_wp *wp)
{
	struct hwbp_rec_ctx *c = wp->rec;

	if (!c)
		return 0;
	if (wp->by_arg) {
		c->by_arg = kvmalloc(hwbp_agg_bytes(hwbp_agg_slots), GFP_KERNEL);
		if (!c->by_arg)
			return -ENOMEM;
		hwbp_agg_init(c->by_arg, hwbp_agg_slots);
	}
	if (wp->type == HWBP_TYPE_RETPROBE &&
	    (wp->rings || wp->probe_by == HWBP_BY_RETVAL)) {
		c->retval = kcalloc(129, sizeof(*c->retval), GFP_KERNEL);
		if (!c->retval)
			return -ENOMEM;
	}
	return 0;
}

/**
 * hwbp_rec_setup() - validate the recording options and allocate for them
 * @wp:		the watch, pieces planned, not armed
 * @req:	the request
 * @why:	filled when refused
 *
 * Return: 0, or -EINVAL, -ENOENT, -ENOMEM with @why set where it applies.
 */
int hwbp_rec_setup(struct hwbp_wp *wp, const struct hwbp_watch *req,
		   struct hwbp_refusal *why)
{
	struct hwbp_rec_ctx *c;
	int ret;

	ret = check_options(req, why);
	if (ret)
		return ret;
	wp->max_hits = req->max_hits;
	wp->filter = req->filter;
	wp->filter_value = req->filter_value;
	strscpy(wp->allow, req->allow, sizeof(wp->allow));
	/*
	 * A watch aggregates when it records; a probe when it records or
	 * counts by more than the CPU (which the hit counters are).
	 */
	if (!(req->flags & HWBP_WATCH_RECORD) &&
	    (!hwbp_is_probe_type(wp->type) || wp->probe_by == HWBP_BY_CPU))
		return 0;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	wp->rec = c;
	c->id = wp->id;
	c->type = wp->type;
	c->filter = req->filter;
	c->filter_value = req->filter_value;
	ret = parse_allow(c, req->allow, why);
	if (ret)
		return ret;

	/* A watch armed by a call plans its pieces later: room for all. */
	if (wp->nr_pieces || wp->on) {
		wp->shadow = kcalloc(nr_cpu_ids * (wp->on ? HBP_NUM :
						   wp->nr_pieces),
				     sizeof(*wp->shadow), GFP_KERNEL);
		if (!wp->shadow)
			return -ENOMEM;
	}
	if (req->flags & HWBP_WATCH_RECORD) {
		ret = alloc_rings(wp);
		if (ret)
			return ret;
	}
	ret = alloc_aggs(wp, req);
	if (ret)
		return ret;
	if (req->flags & HWBP_WATCH_STACK) {
		c->stacks = kvmalloc(hwbp_stacktab_bytes(hwbp_stack_slots),
				     GFP_KERNEL);
		if (!c->stacks)
			return -ENOMEM;
		hwbp_stacktab_init(c->stacks, hwbp_stack_slots);
	}
	return 0;
}

/**
 * hwbp_rec_free() - free what hwbp_rec_setup() allocated
 * @wp: the watch, disarmed (or never armed)
 */
void hwbp_rec_free(struct hwbp_wp *wp)
{
	unsigned int cpu;

	if (wp->rings) {
		for_each_possible_cpu(cpu)
			kvfree(wp->rings[cpu]);
		kfree(wp->rings);
	}
	kfree(wp->shadow);
	if (wp->rec) {
		kvfree(wp->rec->stacks);
		kvfree(wp->rec->by_ip);
		kvfree(wp->rec->by_task);
		kvfree(wp->rec->by_arg);
		kfree(wp->rec->retval);
		kfree(wp->rec);
	}
}

/* The value of @len bytes at @addr, read as the hit path reads it. */
static u64 read_value(struct task_struct *task, u64 addr, u32 len)
{
	u64 v = 0;

	if (task) {
		if (access_process_vm(task, addr, &v, len, 0) != len)
			v = 0;
	} else if (copy_from_kernel_nofault(&v, (void *)(unsigned long)addr,
					    len)) {
		v = 0;
	}
	return v;
}

/**
 * hwbp_rec_shadow_init() - take the "before" values the first hits report
 * @wp:		a recording data watch, about to be armed or just cleared
 * @task:	for a process watch, a task of the process; else NULL
 */
void hwbp_rec_shadow_init(struct hwbp_wp *wp, struct task_struct *task)
{
	unsigned int cpu, i;

	if (!wp->shadow || wp->type == HWBP_TYPE_X)
		return;
	for_each_possible_cpu(cpu) {
		if (wp->percpu != HWBP_PERCPU_LOCAL && cpu)
			break;
		for (i = 0; i < wp->nr_pieces; i++)
			WRITE_ONCE(wp->shadow[cpu * wp->nr_pieces + i],
				   read_value(task, task ? wp->pieces[i].addr :
					      hwbp_cpu_piece_addr(wp, cpu, i),
					      wp->pieces[i].len));
	}
}

/**
 * hwbp_rec_reset() - forget records, stacks and counts
 * @wp: the watch; its handlers must not be recording (paused, and waited
 *	for with synchronize_rcu())
 */
void hwbp_rec_reset(struct hwbp_wp *wp)
{
	struct hwbp_rec_ctx *c = wp->rec;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		u64 *hits = per_cpu_ptr(wp->hits, cpu);

		WRITE_ONCE(*hits, 0);
	}
	atomic64_set(&wp->taken, 0);
	if (!c)
		return;
	if (wp->rings)
		for_each_possible_cpu(cpu)
			hwbp_ring_reset(wp->rings[cpu]);
	if (c->by_arg)
		hwbp_agg_init(c->by_arg, c->by_arg->size);
	if (c->retval)
		for (cpu = 0; cpu < 129; cpu++)
			atomic64_set(&c->retval[cpu], 0);
	if (c->stacks)
		hwbp_stacktab_init(c->stacks, c->stacks->size);
	if (c->by_ip)
		hwbp_agg_init(c->by_ip, c->by_ip->size);
	if (c->by_task)
		hwbp_agg_init(c->by_task, c->by_task->size);
	c->seq_base = atomic64_read(&c->seq);
	atomic64_set(&c->dropped, 0);
	atomic64_set(&c->suppressed, 0);
}

/**
 * hwbp_rec_fill() - the recording fields of a listed watch
 * @out:	the listing, other fields already filled
 * @wp:		the watch
 */
void hwbp_rec_fill(struct hwbp_watch *out, const struct hwbp_wp *wp)
{
	struct hwbp_rec_ctx *c = wp->rec;

	out->filter = wp->filter;
	out->filter_value = wp->filter_value;
	out->max_hits = wp->max_hits;
	strscpy(out->allow, wp->allow, sizeof(out->allow));
	if (!c)
		return;
	out->recorded = atomic64_read(&c->seq) - c->seq_base;
	out->dropped = atomic64_read(&c->dropped);
	out->suppressed = atomic64_read(&c->suppressed);
	out->stacks_dropped = c->stacks ? atomic64_read(&c->stacks->dropped) : 0;
}

/**
 * hwbp_rec_hits() - copy records with seq >= @start, oldest first
 * @wp:		a recording watch, kept alive by the caller
 * @start:	first seq wanted
 * @out:	receives up to *@count records
 * @count:	in: room; out: records copied
 * @next:	receives the start for the next batch
 *
 * Return: 0, or -EINVAL for a watch that does not record.
 */
int hwbp_rec_hits(struct hwbp_wp *wp, u64 start, struct hwbp_record *out,
		  u32 *count, u64 *next)
{
	if (!wp->rings)
		return -EINVAL;
	*count = hwbp_rings_read(wp->rings, nr_cpu_ids, start, out, *count,
				 next);
	return 0;
}

static int cmp_stack(const void *a, const void *b)
{
	const struct hwbp_stack *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->stack_id < y->stack_id ? -1 : x->stack_id > y->stack_id;
}

/**
 * hwbp_rec_stacks() - the watch's stacks, most hits first
 * @wp:		a recording watch, kept alive by the caller
 * @req:	total and dropped are filled
 * @out:	receives a kvmalloc'd array of req->total stacks (or NULL)
 *
 * Return: 0, -EINVAL (no stacks kept) or -ENOMEM.
 */
int hwbp_rec_stacks(struct hwbp_wp *wp, struct hwbp_stacks *req,
		    struct hwbp_stack **out)
{
	struct hwbp_stacktab *t = wp->rec ? wp->rec->stacks : NULL;
	struct hwbp_stack_ent *e;
	struct hwbp_stack *s;
	u32 i, n = 0;

	*out = NULL;
	req->total = 0;
	if (!t)
		return -EINVAL;
	req->dropped = atomic64_read(&t->dropped);
	s = kvcalloc(t->size, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < t->size; i++) {
		e = &t->ent[i];
		/* Pairs with the publishing release: the entry is whole. */
		if (smp_load_acquire(&e->state) != HWBP_ENT_READY)
			continue;
		s[n].stack_id = i + 1;
		s[n].nr = e->nr;
		s[n].count = atomic64_read(&e->count);
		s[n].first_ns = e->first_ns;
		s[n].last_ns = READ_ONCE(e->last_ns);
		s[n].last_cpu = READ_ONCE(e->last_cpu);
		s[n].flags = e->flags;
		memcpy(s[n].last_comm, e->last_comm, sizeof(s[n].last_comm));
		s[n].last_comm[sizeof(s[n].last_comm) - 1] = '\0';
		memcpy(s[n].ips, e->ips, e->nr * sizeof(*e->ips));
		n++;
	}
	sort(s, n, sizeof(*s), cmp_stack, NULL);
	req->total = n;
	*out = s;
	return 0;
}

static int cmp_count(const void *a, const void *b)
{
	const struct hwbp_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Add @count to @key's row of @c[0..*n), making the row if it is new. */
static void tally(struct hwbp_count *c, u32 *n, u64 key, const char *comm,
		  u64 count)
{
	u32 i;

	for (i = 0; i < *n; i++)
		if (c[i].key == key &&
		    (!comm || !memcmp(c[i].comm, comm, sizeof(c[i].comm))))
			break;
	if (i == *n) {
		c[i].key = key;
		if (comm) {
			memcpy(c[i].comm, comm, sizeof(c[i].comm));
			c[i].comm[sizeof(c[i].comm) - 1] = '\0';
		}
		(*n)++;
	}
	c[i].count += count;
}

/*
 * Rows from an aggregation table. The task table is keyed by pid and comm
 * together: by pid, entries are summed per pid; by comm, per comm (with the
 * comm's hash as key). Duplicate entries of one key (two CPUs claiming it
 * at once) are summed too.
 */
static u32 from_agg(struct hwbp_agg *a, struct hwbp_count *c, u32 by)
{
	struct hwbp_agg_ent *e;
	u32 i, n = 0;

	for (i = 0; i < a->size; i++) {
		e = &a->ent[i];
		/* Pairs with the publishing release: the entry is whole. */
		if (smp_load_acquire(&e->state) != HWBP_ENT_READY)
			continue;
		if (by == HWBP_BY_COMM)
			tally(c, &n, hwbp_comm_hash(e->comm), e->comm,
			      atomic64_read(&e->count));
		else
			tally(c, &n, e->key, NULL, atomic64_read(&e->count));
	}
	return n;
}

static u32 from_stacks(struct hwbp_stacktab *t, struct hwbp_count *c)
{
	struct hwbp_stack_ent *e;
	u32 i, n = 0;

	for (i = 0; i < t->size; i++) {
		e = &t->ent[i];
		/* Pairs with the publishing release: the entry is whole. */
		if (smp_load_acquire(&e->state) != HWBP_ENT_READY ||
		    e->flags & HWBP_STACK_USER)
			continue;
		c[n].key = i + 1;
		c[n].count = atomic64_read(&e->count);
		n++;
	}
	return n;
}

/* Non-empty histogram buckets; the key is the signed bucket, as a u64. */
static u32 from_retval(struct hwbp_rec_ctx *rc, struct hwbp_count *c)
{
	u32 i, n = 0;
	u64 v;

	for (i = 0; i < 129; i++) {
		v = atomic64_read(&rc->retval[i]);
		if (!v)
			continue;
		c[n].key = (u64)(s64)((int)i - 64);
		c[n].count = v;
		n++;
	}
	return n;
}

static u32 from_cpus(struct hwbp_wp *wp, struct hwbp_count *c)
{
	unsigned int cpu;
	u32 n = 0;
	u64 v;

	for_each_possible_cpu(cpu) {
		v = READ_ONCE(*per_cpu_ptr(wp->hits, cpu));
		if (!v)
			continue;
		c[n].key = cpu;
		c[n].count = v;
		n++;
	}
	return n;
}

/**
 * hwbp_rec_counts() - the watch's counts by one key, most hits first
 * @wp:		the watch, kept alive by the caller
 * @req:	by is read; total and overflow are filled
 * @out:	receives a kvmalloc'd array of req->total counts (or NULL)
 *
 * Return: 0, -EINVAL (unknown key, or nothing kept by it) or -ENOMEM.
 */
int hwbp_rec_counts(struct hwbp_wp *wp, struct hwbp_counts *req,
		    struct hwbp_count **out)
{
	struct hwbp_rec_ctx *c = wp->rec;
	struct hwbp_agg *a = NULL;
	struct hwbp_count *v;
	u32 room;

	*out = NULL;
	req->total = 0;
	req->overflow = 0;
	switch (req->by) {
	case HWBP_BY_CPU:
		room = nr_cpu_ids;
		break;
	case HWBP_BY_IP:
	case HWBP_BY_PID:
	case HWBP_BY_COMM:
		if (!c)
			return -EINVAL;
		a = req->by == HWBP_BY_IP ? c->by_ip : c->by_task;
		if (!a)
			return -EINVAL;
		room = a->size;
		req->overflow = atomic64_read(&a->overflow);
		break;
	case HWBP_BY_ARG:
		if (!c || !c->by_arg)
			return -EINVAL;
		a = c->by_arg;
		room = a->size;
		req->overflow = atomic64_read(&a->overflow);
		break;
	case HWBP_BY_RETVAL:
		if (!c || !c->retval)
			return -EINVAL;
		room = 129;
		break;
	case HWBP_BY_STACK:
		if (!c || !c->stacks)
			return -EINVAL;
		room = c->stacks->size;
		req->overflow = atomic64_read(&c->stacks->dropped);
		break;
	default:
		return -EINVAL;
	}
	v = kvcalloc(room, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	if (req->by == HWBP_BY_CPU)
		req->total = from_cpus(wp, v);
	else if (req->by == HWBP_BY_RETVAL)
		req->total = from_retval(c, v);
	else if (req->by == HWBP_BY_STACK)
		req->total = from_stacks(c->stacks, v);
	else
		req->total = from_agg(a, v, req->by);
	sort(v, req->total, sizeof(*v), cmp_count, NULL);
	*out = v;
	return 0;
}
