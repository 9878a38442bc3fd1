// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU rings of hit records: one producer (the CPU's breakpoint
 * handler), readers serialised by the caller. See record.h for the rules.
 */
#include "record.h"

size_t hwbp_ring_bytes(u32 size)
{
	return sizeof(struct hwbp_ring) + (size_t)size * sizeof(struct hwbp_record);
}

/**
 * hwbp_ring_init() - make an empty ring
 * @r:		memory of hwbp_ring_bytes(@size) bytes
 * @size:	slots, a power of two
 */
void hwbp_ring_init(struct hwbp_ring *r, u32 size)
{
	r->size = size;
	r->head = 0;
	r->tail = 0;
	r->pad = 0;
}

/**
 * hwbp_ring_reserve() - the slot for the next record, or NULL when full
 * @r: the ring of the CPU running this
 *
 * Producer only. The slot is not visible to readers until
 * hwbp_ring_commit(); a reserved slot not committed is simply reused.
 */
struct hwbp_record *hwbp_ring_reserve(struct hwbp_ring *r)
{
	u32 head = READ_ONCE(r->head);

	/* Pairs with the release in hwbp_ring_reset(): slots are free. */
	if (head - smp_load_acquire(&r->tail) >= r->size)
		return NULL;
	return &r->rec[head & (r->size - 1)];
}

/**
 * hwbp_ring_commit() - publish the reserved record
 * @r: the ring
 *
 * The release orders the record's contents before the new head, which
 * readers load with acquire.
 */
void hwbp_ring_commit(struct hwbp_ring *r)
{
	/* Pairs with the acquire of head in hwbp_rings_read(). */
	smp_store_release(&r->head, READ_ONCE(r->head) + 1);
}

/**
 * hwbp_ring_reset() - drop every record
 * @r: the ring
 *
 * Consumer side: safe while the producer runs (it only frees slots).
 */
void hwbp_ring_reset(struct hwbp_ring *r)
{
	/* Records below head are whole; slots below tail are the producer's. */
	smp_store_release(&r->tail, smp_load_acquire(&r->head));
}

/* First index in [lo, hi) whose record has seq >= @seq; seqs increase. */
static u32 ring_find(const struct hwbp_ring *r, u32 lo, u32 hi, u64 seq)
{
	u32 mid;

	while (lo != hi) {
		mid = lo + (hi - lo) / 2;
		if (r->rec[mid & (r->size - 1)].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * hwbp_rings_read() - merge records from several CPUs' rings in seq order
 * @rings:	the rings, NULL entries skipped
 * @nr:		number of rings (at most 64 are merged per call; pass the
 *		rest in another call)
 * @start_seq:	first seq wanted
 * @out:	receives up to @max records
 * @max:	room in @out
 * @next_seq:	receives the start_seq for the next call
 *
 * Within one ring seqs increase (its producer takes them in order), so a
 * merge of the rings' runs gives seq order. A record whose seq was taken
 * on another CPU just before this read may be committed just after it;
 * readers that follow should re-read a little behind (see struct
 * hwbp_hits).
 *
 * Return: the number of records copied.
 */
u32 hwbp_rings_read(struct hwbp_ring *const *rings, u32 nr, u64 start_seq,
		    struct hwbp_record *out, u32 max, u64 *next_seq)
{
	u32 pos[64], end[64];
	u32 i, n = 0, best;
	u64 seq, best_seq;

	if (nr > 64)
		nr = 64;
	for (i = 0; i < nr; i++) {
		pos[i] = 0;
		end[i] = 0;
		if (!rings[i])
			continue;
		/* Pairs with hwbp_ring_commit(): records below are whole. */
		end[i] = smp_load_acquire(&rings[i]->head);
		pos[i] = ring_find(rings[i], READ_ONCE(rings[i]->tail), end[i],
				   start_seq);
	}
	*next_seq = start_seq;
	while (n < max) {
		best = nr;
		best_seq = 0;
		for (i = 0; i < nr; i++) {
			if (pos[i] == end[i])
				continue;
			seq = rings[i]->rec[pos[i] & (rings[i]->size - 1)].seq;
			if (best == nr || seq < best_seq) {
				best = i;
				best_seq = seq;
			}
		}
		if (best == nr)
			break;
		out[n++] = rings[best]->rec[pos[best]++ & (rings[best]->size - 1)];
		*next_seq = best_seq + 1;
	}
	return n;
}

/**
 * hwbp_ring_pop() - take the oldest records out of a ring
 * @r:		the ring
 * @out:	receives up to @max records
 * @max:	room in @out
 *
 * Consumer side, for rings read once (the netlink event queues): the
 * slots are given back to the producer.
 *
 * Return: the number of records taken.
 */
u32 hwbp_ring_pop(struct hwbp_ring *r, struct hwbp_record *out, u32 max)
{
	/* Pairs with hwbp_ring_commit(): records below head are whole. */
	u32 head = smp_load_acquire(&r->head), tail = READ_ONCE(r->tail);
	u32 n = 0;

	while (tail != head && n < max)
		out[n++] = r->rec[tail++ & (r->size - 1)];
	/* Pairs with hwbp_ring_reserve(): the slots are free again. */
	smp_store_release(&r->tail, tail);
	return n;
}
