// SPDX-License-Identifier: GPL-2.0
/*
 * The recording half of the hit path, free of kernel state: decide and
 * record (aggregation is in agg.c, where its lookups inline). hit.c gathers
 * a struct hwbp_hit_in in #DB context and calls these; the host benchmark
 * (tests/bench) calls them the same way to count their instructions with
 * callgrind.
 */
#include "record.h"

/* Data watches trap after the access: ip - 1 is the access's last byte. */
static bool allowed(const struct hwbp_rec_ctx *c, u64 ip)
{
	u32 i;

	for (i = 0; i < c->nr_allow; i++)
		if (ip > c->allow_start[i] && ip - 1 < c->allow_end[i])
			return true;
	return false;
}

static bool filter_match(const struct hwbp_rec_ctx *c,
			 const struct hwbp_hit_in *in)
{
	if (!(in->flags & HWBP_REC_VALUES))
		return true;
	switch (c->filter) {
	case HWBP_FILTER_EQ:
		return in->after == c->filter_value;
	case HWBP_FILTER_NE:
		return in->after != c->filter_value;
	case HWBP_FILTER_CHANGED:
		return in->after != in->before;
	default:
		return true;
	}
}

/**
 * hwbp_hit_wanted() - is this hit to be recorded?
 * @c:	the watch's recording context
 * @in:	the hit (stacks not needed yet)
 *
 * A hit from an allowed function, or whose value does not pass the
 * filter, is counted as suppressed. Called before capturing stacks, which
 * cost far more than this.
 *
 * Return: true to go on with hwbp_hit_record().
 */
bool hwbp_hit_wanted(struct hwbp_rec_ctx *c, const struct hwbp_hit_in *in)
{
	/* The common watch: no allow-list, no filter. */
	if (likely(!c->nr_allow && c->filter == HWBP_FILTER_NONE))
		return true;
	if ((c->nr_allow && allowed(c, in->ip)) || !filter_match(c, in)) {
		atomic64_inc(&c->suppressed);
		return false;
	}
	return true;
}

/**
 * hwbp_hit_flags() - a hit's HWBP_REC_* flags, its kind included
 * @type:	the watch's HWBP_TYPE_*
 * @in:		the hit
 *
 * With values: a changed value is a write; an unchanged one, on a
 * read-write watch, a read or a write of the same value. The record and
 * the monitor's message say the same.
 */
u16 hwbp_hit_flags(u32 type, const struct hwbp_hit_in *in)
{
	u16 flags = in->flags & (HWBP_REC_VALUES | HWBP_REC_USER |
				 HWBP_REC_ARG | HWBP_REC_STR | HWBP_REC_RET);

	if (!(in->flags & HWBP_REC_VALUES))
		return flags;
	if (in->after != in->before)
		flags |= HWBP_REC_WRITE;
	else if (type == HWBP_TYPE_RW)
		flags |= HWBP_REC_SAME;
	return flags;
}

/**
 * hwbp_hit_record() - write the hit's record into this CPU's ring
 * @c:		the watch's recording context
 * @ring:	the ring of the CPU running this
 * @in:		the hit, stacks included
 *
 * Return: true if recorded, false if the ring was full (counted).
 */
bool hwbp_hit_record(struct hwbp_rec_ctx *c, struct hwbp_ring *ring,
		     const struct hwbp_hit_in *in)
{
	struct hwbp_record *r = hwbp_ring_reserve(ring);

	if (unlikely(!r)) {
		atomic64_inc(&c->dropped);
		return false;
	}
	r->seq = atomic64_inc_return(&c->seq);
	r->time_ns = in->now;
	r->ip = in->ip;
	r->addr = in->addr;
	r->before = in->before;
	r->after = in->after;
	r->id = c->id;
	r->cpu = in->cpu;
	r->pid = in->pid;
	r->tid = in->tid;
	r->stack_id = in->stack_id;
	r->ustack_id = 0;
	if (c->stacks && in->nr_kstack)
		r->stack_id = hwbp_stack_get(c->stacks, in->kstack,
					     in->nr_kstack, 0, in->now,
					     in->cpu, in->comm);
	if (c->stacks && in->nr_ustack)
		r->ustack_id = hwbp_stack_get(c->stacks, in->ustack,
					      in->nr_ustack, HWBP_STACK_USER,
					      in->now, in->cpu, in->comm);
	r->len = in->len;
	r->flags = hwbp_hit_flags(c->type, in);
	memcpy(r->comm, in->comm, sizeof(r->comm));
	r->pad = 0;
	if (unlikely(in->flags & HWBP_REC_STR))
		memcpy(r->str, in->str, sizeof(r->str));
	hwbp_ring_commit(ring);
	return true;
}

/**
 * hwbp_retval_bucket() - the log2 histogram bucket of a return value
 * @v: the value, signed (errors are negative)
 *
 * 0 for 0; k for v in [2^(k-1), 2^k); -k for -v in that range.
 *
 * Return: -64..64.
 */
int hwbp_retval_bucket(s64 v)
{
	u64 m = v < 0 ? -(u64)v : (u64)v;
	int k = 0;

	while (m) {
		k++;
		m >>= 1;
	}
	return v < 0 ? -k : k;
}
