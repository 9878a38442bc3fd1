// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregation tables: hits counted by a key (ip, or a task: pid and comm),
 * bounded, filled lock-free from every CPU; see record.h for the rules. A
 * hit that finds no slot within HWBP_PROBES of its home is counted in
 * @overflow, so the entries and the overflow always add up. Two CPUs
 * claiming the same new key at once may store it twice; readers add such
 * entries up.
 */
#include "record.h"

#define HWBP_PROBES	16

size_t hwbp_agg_bytes(u32 size)
{
	return sizeof(struct hwbp_agg) + (size_t)size * sizeof(struct hwbp_agg_ent);
}

/**
 * hwbp_agg_init() - make an empty table
 * @a:		memory of hwbp_agg_bytes(@size) bytes
 * @size:	entries, a power of two
 */
void hwbp_agg_init(struct hwbp_agg *a, u32 size)
{
	memset(a, 0, hwbp_agg_bytes(size));
	a->size = size;
}

static __always_inline u32 slot_of(u64 hash, u32 mask)
{
	hash *= 0x9e3779b97f4a7c15ULL;
	return (hash >> 32) & mask;
}

static __always_inline bool same_comm(const char *a, const char *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;

	return x[0] == y[0] && x[1] == y[1];
}

/*
 * Find or claim the entry for @key (and @comm, when given), starting at the
 * slot @hash picks; NULL when no slot within HWBP_PROBES is free or
 * matching.
 */
static __always_inline struct hwbp_agg_ent *
lookup(struct hwbp_agg *a, u64 key, u64 hash, const char *comm, bool *claimed)
{
	u32 mask = a->size - 1, i = slot_of(hash, mask), probe, st;
	struct hwbp_agg_ent *e;

	*claimed = false;
	for (probe = 0; probe < HWBP_PROBES; probe++, i = (i + 1) & mask) {
		e = &a->ent[i];
		/* Pairs with the release in add(): key and comm are set. */
		st = smp_load_acquire(&e->state);
		if (st == HWBP_ENT_EMPTY &&
		    cmpxchg(&e->state, HWBP_ENT_EMPTY, HWBP_ENT_BUSY) ==
		    HWBP_ENT_EMPTY) {
			*claimed = true;
			return e;
		}
		if (st == HWBP_ENT_EMPTY)	/* lost the race: as above */
			st = smp_load_acquire(&e->state);
		if (st == HWBP_ENT_READY && e->key == key &&
		    (!comm || same_comm(e->comm, comm)))
			return e;
	}
	return NULL;
}

static __always_inline void add(struct hwbp_agg *a, u64 key, u64 hash,
				const char *comm)
{
	struct hwbp_agg_ent *e;
	bool claimed;

	e = lookup(a, key, hash, comm, &claimed);
	if (unlikely(!e)) {
		atomic64_inc(&a->overflow);
		return;
	}
	if (likely(!claimed)) {
		atomic64_inc(&e->count);
		return;
	}
	e->key = key;
	if (comm)
		memcpy(e->comm, comm, sizeof(e->comm));
	atomic64_set(&e->count, 1);
	/* Publish key, comm and count before the entry can be matched. */
	smp_store_release(&e->state, HWBP_ENT_READY);
}

/**
 * hwbp_agg_add() - count one hit for @key
 * @a:		the table
 * @key:	an ip
 *
 * Context: any, NMI included; lock-free.
 */
void hwbp_agg_add(struct hwbp_agg *a, u64 key)
{
	add(a, key, key, NULL);
}

/**
 * hwbp_comm_hash() - mix a comm into a hash
 * @comm: 16 bytes, NUL-padded
 */
u64 hwbp_comm_hash(const char *comm)
{
	u64 w[2];

	memcpy(w, comm, sizeof(w));
	return (w[0] * 0x9e3779b97f4a7c15ULL) ^ (w[1] * 0xc2b2ae3d27d4eb4fULL);
}

/**
 * hwbp_agg_add_task() - count one hit for a task: a pid and its comm
 * @a:		the table
 * @pid:	the process
 * @comm:	16 bytes, NUL-padded
 *
 * One table keyed by both serves the counts by pid and by comm (summed
 * when read): one lookup per hit instead of two.
 *
 * Context: any, NMI included; lock-free.
 */
void hwbp_agg_add_task(struct hwbp_agg *a, u32 pid, const char *comm)
{
	add(a, pid, pid ^ hwbp_comm_hash(comm), comm);
}

/**
 * hwbp_hit_aggregate() - count the hit by ip and by task
 * @c:	the watch's recording context
 * @in:	the hit
 *
 * Every hit of a recording watch is aggregated, also those that will not
 * be recorded, so that the counts cover the legitimate writers too. Here,
 * next to add(), so that the lookups are inlined into it.
 */
void hwbp_hit_aggregate(struct hwbp_rec_ctx *c, const struct hwbp_hit_in *in)
{
	/* A probe keeps only the tables its --by needs; watches both. */
	if (likely(c->by_ip))
		add(c->by_ip, in->ip, in->ip, NULL);
	if (likely(c->by_task))
		add(c->by_task, in->pid, in->pid ^ hwbp_comm_hash(in->comm),
		    in->comm);
}
