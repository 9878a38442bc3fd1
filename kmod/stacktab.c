// SPDX-License-Identifier: GPL-2.0
/*
 * The stack table: each distinct stack of a watch stored once, with its
 * count, found again by hash. Open addressing, filled lock-free from every
 * CPU's breakpoint handler; see record.h for the rules.
 */
#include "record.h"

/* Slots tried before a stack counts as not stored. */
#define HWBP_PROBES	16

size_t hwbp_stacktab_bytes(u32 size)
{
	return sizeof(struct hwbp_stacktab) +
	       (size_t)size * sizeof(struct hwbp_stack_ent);
}

/**
 * hwbp_stacktab_init() - make an empty table
 * @t:		memory of hwbp_stacktab_bytes(@size) bytes, zeroed
 * @size:	entries, a power of two
 */
void hwbp_stacktab_init(struct hwbp_stacktab *t, u32 size)
{
	memset(t, 0, hwbp_stacktab_bytes(size));
	t->size = size;
}

static u64 stack_hash(const u64 *ips, u32 nr, u32 flags)
{
	u64 h = 0x9e3779b97f4a7c15ULL ^ ((u64)nr << 32 | flags);
	u32 i;

	for (i = 0; i < nr; i++)
		h = (h ^ ips[i]) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

/* Frame by frame: cheaper than memcmp() for a few dozen words. */
static bool same_stack(const struct hwbp_stack_ent *e, u64 h, const u64 *ips,
		       u32 nr, u32 flags)
{
	u32 i;

	if (e->hash != h || e->nr != nr || e->flags != flags)
		return false;
	for (i = 0; i < nr; i++)
		if (e->ips[i] != ips[i])
			return false;
	return true;
}

static void fill(struct hwbp_stack_ent *e, u64 h, const u64 *ips, u32 nr,
		 u32 flags, u64 now, u32 cpu, const char *comm)
{
	e->hash = h;
	e->nr = nr;
	e->flags = flags;
	memcpy(e->ips, ips, nr * sizeof(*ips));
	e->first_ns = now;
	e->last_ns = now;
	e->last_cpu = cpu;
	memcpy(e->last_comm, comm, sizeof(e->last_comm));
	atomic64_set(&e->count, 1);
}

static void seen(struct hwbp_stack_ent *e, u64 now, u32 cpu, const char *comm)
{
	atomic64_inc(&e->count);
	WRITE_ONCE(e->last_ns, now);
	WRITE_ONCE(e->last_cpu, cpu);
	memcpy(e->last_comm, comm, sizeof(e->last_comm));
}

/**
 * hwbp_stack_get() - count one hit of a stack, storing it if it is new
 * @t:		the table
 * @ips:	frames, innermost first, at most HWBP_STACK_DEPTH
 * @nr:		number of frames
 * @flags:	HWBP_STACK_* (part of the key)
 * @now:	time of the hit
 * @cpu:	CPU of the hit
 * @comm:	16 bytes, NUL-padded
 *
 * Context: any, NMI included; lock-free.
 * Return: the stack's id (index + 1), or 0 when the table had no room.
 */
u32 hwbp_stack_get(struct hwbp_stacktab *t, const u64 *ips, u32 nr,
		   u32 flags, u64 now, u32 cpu, const char *comm)
{
	u32 mask = t->size - 1, i, probe, st;
	struct hwbp_stack_ent *e;
	u64 h;

	if (nr > HWBP_STACK_DEPTH)
		nr = HWBP_STACK_DEPTH;
	h = stack_hash(ips, nr, flags);
	i = h & mask;
	for (probe = 0; probe < HWBP_PROBES; probe++, i = (i + 1) & mask) {
		e = &t->ent[i];
		/* Pairs with the release below: a READY entry is whole. */
		st = smp_load_acquire(&e->state);
		if (st == HWBP_ENT_EMPTY &&
		    cmpxchg(&e->state, HWBP_ENT_EMPTY, HWBP_ENT_BUSY) ==
		    HWBP_ENT_EMPTY) {
			fill(e, h, ips, nr, flags, now, cpu, comm);
			/* Publish the frames before they can be matched. */
			smp_store_release(&e->state, HWBP_ENT_READY);
			return i + 1;
		}
		/* Lost the race for an empty slot: look at what won it. */
		if (st == HWBP_ENT_EMPTY)	/* as above */
			st = smp_load_acquire(&e->state);
		/* A slot still being filled is skipped, rarely a duplicate. */
		if (st == HWBP_ENT_READY && same_stack(e, h, ips, nr, flags)) {
			seen(e, now, cpu, comm);
			return i + 1;
		}
	}
	atomic64_inc(&t->dropped);
	return 0;
}
