// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/hitpath.c on the host: aggregate, decide (filters, allow-list),
 * classify and record, with the real ring, stack and aggregation tables
 * (kmod/ring.c, stacktab.c, agg.c) linked in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../kmod/record.h"
/* Twice: the include guard must cover the whole header. */
#include "../../kmod/record.h"

struct fx {
	struct hwbp_rec_ctx c;
	struct hwbp_ring *ring;
	char comm[16];
	u64 kstack[HWBP_STACK_DEPTH];
	u64 ustack[HWBP_STACK_DEPTH];
	struct hwbp_hit_in in;
};

static struct hwbp_agg *agg_new(u32 size)
{
	struct hwbp_agg *a = malloc(hwbp_agg_bytes(size));

	assert_non_null(a);
	hwbp_agg_init(a, size);
	return a;
}

static struct fx *fx_new(u32 ring_size, u32 stacks)
{
	struct fx *f = calloc(1, sizeof(*f));
	u32 i;

	assert_non_null(f);
	f->c.id = 7;
	f->c.type = HWBP_TYPE_W;
	f->c.by_ip = agg_new(64);
	f->c.by_task = agg_new(64);
	if (stacks) {
		f->c.stacks = malloc(hwbp_stacktab_bytes(stacks));
		assert_non_null(f->c.stacks);
		hwbp_stacktab_init(f->c.stacks, stacks);
	}
	f->ring = malloc(hwbp_ring_bytes(ring_size));
	assert_non_null(f->ring);
	memset(f->ring, 0xcc, hwbp_ring_bytes(ring_size));
	hwbp_ring_init(f->ring, ring_size);
	strcpy(f->comm, "insmod");
	for (i = 0; i < HWBP_STACK_DEPTH; i++) {
		f->kstack[i] = 0xffffffff81100000ULL + i * 0x123;
		f->ustack[i] = 0x0000555555554000ULL + i * 0x77;
	}
	f->in.now = 5000000000ULL;
	f->in.ip = 0xffffffff81234568ULL;
	f->in.addr = 0xffffffff82a00010ULL;
	f->in.before = 10;
	f->in.after = 11;
	f->in.cpu = 1;
	f->in.pid = 1234;
	f->in.tid = 1236;
	f->in.len = 4;
	f->in.flags = HWBP_REC_VALUES;
	f->in.comm = f->comm;
	return f;
}

static void fx_free(struct fx *f)
{
	free(f->c.by_ip);
	free(f->c.by_task);
	free(f->c.stacks);
	free(f->ring);
	free(f);
}

static u64 cnt(const atomic64_t *v)
{
	return atomic64_read(v);
}

static u64 agg_count(const struct hwbp_agg *a, u64 key)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < a->size; i++)
		if (a->ent[i].state == HWBP_ENT_READY && a->ent[i].key == key)
			sum += atomic64_read(&a->ent[i].count);
	return sum;
}

static u64 agg_total(const struct hwbp_agg *a)
{
	u64 sum = atomic64_read(&a->overflow);
	u32 i;

	for (i = 0; i < a->size; i++)
		if (a->ent[i].state == HWBP_ENT_READY)
			sum += atomic64_read(&a->ent[i].count);
	return sum;
}

static const struct hwbp_record *last_rec(const struct fx *f)
{
	assert_true(f->ring->head != f->ring->tail);
	return &f->ring->rec[(f->ring->head - 1) & (f->ring->size - 1)];
}

/* ---- hwbp_hit_aggregate() ---- */

static void hit_aggregate__ip_pid_comm__counted(void **state)
{
	struct fx *f = fx_new(8, 0);
	char other[16] = "sshd";

	(void)state;
	hwbp_hit_aggregate(&f->c, &f->in);
	hwbp_hit_aggregate(&f->c, &f->in);
	f->in.ip += 4;
	f->in.pid = 99;
	f->in.comm = other;
	hwbp_hit_aggregate(&f->c, &f->in);
	assert_int_equal(agg_count(f->c.by_ip, 0xffffffff81234568ULL), 2);
	assert_int_equal(agg_count(f->c.by_ip, 0xffffffff8123456cULL), 1);
	/* The task table is keyed by pid (with the comm compared). */
	assert_int_equal(agg_count(f->c.by_task, 1234), 2);
	assert_int_equal(agg_count(f->c.by_task, 99), 1);
	/* Aggregating records nothing and decides nothing. */
	assert_int_equal(f->ring->head, 0);
	assert_int_equal(cnt(&f->c.suppressed) + (cnt(&f->c.seq) - f->c.seq_base), 0);
	fx_free(f);
}

/* ---- hwbp_hit_wanted(): filters ---- */

struct filter_case {
	u32 filter;
	u64 filter_value;
	u32 flags;
	u64 before, after;
	bool wanted;
};

static void hit_wanted__filters__table(void **state)
{
	static const struct filter_case cases[] = {
		{ HWBP_FILTER_NONE,    0, HWBP_REC_VALUES, 1, 2, true },
		{ HWBP_FILTER_NONE,    0, HWBP_REC_VALUES, 1, 1, true },
		{ HWBP_FILTER_EQ,      5, HWBP_REC_VALUES, 1, 5, true },
		{ HWBP_FILTER_EQ,      5, HWBP_REC_VALUES, 5, 6, false },
		{ HWBP_FILTER_EQ,      0, HWBP_REC_VALUES, 3, 0, true },
		{ HWBP_FILTER_EQ,      ~0ULL, HWBP_REC_VALUES, 0, ~0ULL, true },
		{ HWBP_FILTER_NE,      5, HWBP_REC_VALUES, 5, 6, true },
		{ HWBP_FILTER_NE,      5, HWBP_REC_VALUES, 1, 5, false },
		{ HWBP_FILTER_NE,      5, HWBP_REC_VALUES, 5, 5, false },
		{ HWBP_FILTER_CHANGED, 0, HWBP_REC_VALUES, 1, 2, true },
		{ HWBP_FILTER_CHANGED, 0, HWBP_REC_VALUES, 2, 2, false },
		{ HWBP_FILTER_CHANGED, 9, HWBP_REC_VALUES, 9, 9, false },
		/* Without values (execute watches) a filter cannot judge. */
		{ HWBP_FILTER_EQ,      5, 0, 0, 0, true },
		{ HWBP_FILTER_NE,      0, 0, 0, 0, true },
		{ HWBP_FILTER_CHANGED, 0, HWBP_REC_USER, 1, 1, true },
		/* An unknown filter records everything. */
		{ 99,                  5, HWBP_REC_VALUES, 1, 2, true },
	};
	u64 suppressed = 0;
	u32 i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fx *f = fx_new(8, 0);

		f->c.filter = cases[i].filter;
		f->c.filter_value = cases[i].filter_value;
		f->in.flags = cases[i].flags;
		f->in.before = cases[i].before;
		f->in.after = cases[i].after;
		if (hwbp_hit_wanted(&f->c, &f->in) != cases[i].wanted)
			fail_msg("case %u: wanted should be %d", i, cases[i].wanted);
		assert_int_equal(cnt(&f->c.suppressed), !cases[i].wanted);
		suppressed += cnt(&f->c.suppressed);
		fx_free(f);
	}
	assert_int_equal(suppressed, 5);
}

static void hit_wanted__suppressed__accumulates(void **state)
{
	struct fx *f = fx_new(8, 0);
	u32 i;

	(void)state;
	f->c.filter = HWBP_FILTER_EQ;
	f->c.filter_value = 0;
	for (i = 0; i < 10; i++) {
		f->in.after = i % 3;
		assert_int_equal(hwbp_hit_wanted(&f->c, &f->in), i % 3 == 0);
	}
	assert_int_equal(cnt(&f->c.suppressed), 6);
	assert_int_equal((cnt(&f->c.seq) - f->c.seq_base) + cnt(&f->c.dropped), 0);
	fx_free(f);
}

/* ---- hwbp_hit_wanted(): allow-list ---- */

static void hit_wanted__allow_list__ip_minus_1_inside(void **state)
{
	static const struct { u64 ip; bool wanted; } cases[] = {
		{ 0x1000, true },	/* ip - 1 before the first function */
		{ 0x1001, false },	/* access by the first byte */
		{ 0x1080, false },
		{ 0x1100, false },	/* access by the last byte, ip at end */
		{ 0x1101, true },	/* ip - 1 == end: outside */
		{ 0x2000, true },
		{ 0x2001, false },	/* second function */
		{ 0x2010, false },
		{ 0x2011, true },
		{ 0x3001, true },	/* third entry beyond nr_allow */
		{ 0, true },		/* no wrap below zero */
		{ 1, true },
	};
	struct fx *f = fx_new(8, 0);
	u64 suppressed = 0;
	u32 i;

	(void)state;
	f->c.nr_allow = 2;
	f->c.allow_start[0] = 0x1000;
	f->c.allow_end[0] = 0x1100;
	f->c.allow_start[1] = 0x2000;
	f->c.allow_end[1] = 0x2010;
	f->c.allow_start[2] = 0x3000;	/* not counted in nr_allow */
	f->c.allow_end[2] = 0x3100;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f->in.ip = cases[i].ip;
		if (hwbp_hit_wanted(&f->c, &f->in) != cases[i].wanted)
			fail_msg("ip %#llx: wanted should be %d",
				 (unsigned long long)cases[i].ip, cases[i].wanted);
		suppressed += !cases[i].wanted;
		assert_int_equal(cnt(&f->c.suppressed), suppressed);
	}
	fx_free(f);
}

static void hit_wanted__allow_list_full__last_entry_used(void **state)
{
	struct fx *f = fx_new(8, 0);
	u32 i;

	(void)state;
	f->c.nr_allow = HWBP_ALLOW_FUNCS;
	for (i = 0; i < HWBP_ALLOW_FUNCS; i++) {
		f->c.allow_start[i] = 0x10000 * (i + 1);
		f->c.allow_end[i] = 0x10000 * (i + 1) + 0x40;
	}
	f->in.ip = 0x10000 * HWBP_ALLOW_FUNCS + 0x20;
	assert_false(hwbp_hit_wanted(&f->c, &f->in));
	f->in.ip = 0x10000 * HWBP_ALLOW_FUNCS + 0x41;
	assert_true(hwbp_hit_wanted(&f->c, &f->in));
	fx_free(f);
}

static void hit_wanted__allow_list_and_filter__either_suppresses_once(void **state)
{
	struct fx *f = fx_new(8, 0);

	(void)state;
	f->c.nr_allow = 1;
	f->c.allow_start[0] = 0x1000;
	f->c.allow_end[0] = 0x1100;
	f->c.filter = HWBP_FILTER_CHANGED;
	f->in.ip = 0x1010;
	f->in.before = f->in.after = 3;	/* both say no: counted once */
	assert_false(hwbp_hit_wanted(&f->c, &f->in));
	assert_int_equal(cnt(&f->c.suppressed), 1);
	f->in.ip = 0x5000;
	assert_false(hwbp_hit_wanted(&f->c, &f->in));	/* filter alone */
	f->in.after = 4;
	assert_true(hwbp_hit_wanted(&f->c, &f->in));
	f->in.ip = 0x1010;
	assert_false(hwbp_hit_wanted(&f->c, &f->in));	/* allow-list alone */
	assert_int_equal(cnt(&f->c.suppressed), 3);
	fx_free(f);
}

/* ---- hwbp_hit_record() ---- */

static void hit_record__fields__copied(void **state)
{
	struct fx *f = fx_new(8, 0);
	const struct hwbp_record *r;

	(void)state;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	r = last_rec(f);
	assert_int_equal(r->seq, 1);
	assert_int_equal(r->time_ns, f->in.now);
	assert_int_equal(r->ip, f->in.ip);
	assert_int_equal(r->addr, f->in.addr);
	assert_int_equal(r->before, 10);
	assert_int_equal(r->after, 11);
	assert_int_equal(r->id, 7);
	assert_int_equal(r->cpu, 1);
	assert_int_equal(r->pid, 1234);
	assert_int_equal(r->tid, 1236);
	assert_int_equal(r->stack_id, 0);
	assert_int_equal(r->ustack_id, 0);
	assert_int_equal(r->len, 4);
	assert_int_equal(r->flags, HWBP_REC_VALUES | HWBP_REC_WRITE);
	assert_memory_equal(r->comm, "insmod\0\0\0\0\0\0\0\0\0", 16);
	assert_int_equal(r->pad, 0);	/* the slot was 0xcc */
	assert_int_equal((cnt(&f->c.seq) - f->c.seq_base), 1);
	assert_int_equal(cnt(&f->c.seq), 1);

	f->in.after = 12;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	assert_int_equal(last_rec(f)->seq, 2);
	assert_int_equal(last_rec(f)->after, 12);
	assert_int_equal((cnt(&f->c.seq) - f->c.seq_base), 2);
	fx_free(f);
}

struct classify_case {
	u32 type;
	u32 in_flags;
	u64 before, after;
	u16 flags;
};

static void hit_record__classify__table(void **state)
{
	static const struct classify_case cases[] = {
		{ HWBP_TYPE_W,  HWBP_REC_VALUES, 1, 2, HWBP_REC_VALUES | HWBP_REC_WRITE },
		{ HWBP_TYPE_RW, HWBP_REC_VALUES, 1, 2, HWBP_REC_VALUES | HWBP_REC_WRITE },
		{ HWBP_TYPE_RW, HWBP_REC_VALUES, 2, 2, HWBP_REC_VALUES | HWBP_REC_SAME },
		/* w, unchanged: a same-value write: neither WRITE nor SAME. */
		{ HWBP_TYPE_W,  HWBP_REC_VALUES, 2, 2, HWBP_REC_VALUES },
		/* No values: nothing to compare (execute watches). */
		{ HWBP_TYPE_X,  0, 0, 0, 0 },
		{ HWBP_TYPE_RW, 0, 1, 2, 0 },
		{ HWBP_TYPE_X,  HWBP_REC_USER, 0, 0, HWBP_REC_USER },
		{ HWBP_TYPE_RW, HWBP_REC_VALUES | HWBP_REC_USER, 3, 3,
		  HWBP_REC_VALUES | HWBP_REC_USER | HWBP_REC_SAME },
		{ HWBP_TYPE_W,  HWBP_REC_VALUES | HWBP_REC_USER, 3, 4,
		  HWBP_REC_VALUES | HWBP_REC_USER | HWBP_REC_WRITE },
		/* Output-only bits and unknown bits in the input are not copied. */
		{ HWBP_TYPE_W,  HWBP_REC_VALUES | HWBP_REC_WRITE | HWBP_REC_SAME |
				(1U << 9), 5, 5, HWBP_REC_VALUES },
		{ HWBP_TYPE_W,  HWBP_REC_WRITE | (1U << 15), 5, 6, 0 },
	};
	u32 i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fx *f = fx_new(8, 0);

		f->c.type = cases[i].type;
		f->in.flags = cases[i].in_flags;
		f->in.before = cases[i].before;
		f->in.after = cases[i].after;
		assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
		if (last_rec(f)->flags != cases[i].flags)
			fail_msg("case %u: flags %#x, want %#x", i,
				 last_rec(f)->flags, cases[i].flags);
		fx_free(f);
	}
}

static void hit_record__stacks__ids_set(void **state)
{
	struct fx *f = fx_new(8, 64);
	const struct hwbp_record *r;
	const struct hwbp_stack_ent *k, *u;
	u32 kid, uid;

	(void)state;
	f->in.kstack = f->kstack;
	f->in.nr_kstack = 12;
	f->in.ustack = f->ustack;
	f->in.nr_ustack = 5;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	r = last_rec(f);
	kid = r->stack_id;
	uid = r->ustack_id;
	assert_int_not_equal(kid, 0);
	assert_int_not_equal(uid, 0);
	assert_int_not_equal(kid, uid);
	k = &f->c.stacks->ent[kid - 1];
	u = &f->c.stacks->ent[uid - 1];
	assert_int_equal(k->nr, 12);
	assert_int_equal(k->flags, 0);
	assert_memory_equal(k->ips, f->kstack, 12 * sizeof(u64));
	assert_int_equal(u->nr, 5);
	assert_int_equal(u->flags, HWBP_STACK_USER);
	assert_memory_equal(u->ips, f->ustack, 5 * sizeof(u64));
	assert_int_equal(k->first_ns, f->in.now);
	assert_int_equal(k->last_cpu, 1);
	assert_memory_equal(k->last_comm, f->comm, 16);

	/* The same stacks again: the same ids, counted twice. */
	f->in.now += 1000;
	f->in.cpu = 0;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	r = last_rec(f);
	assert_int_equal(r->stack_id, kid);
	assert_int_equal(r->ustack_id, uid);
	assert_int_equal(atomic64_read(&k->count), 2);
	assert_int_equal(atomic64_read(&u->count), 2);
	assert_int_equal(k->last_ns, f->in.now);
	assert_int_equal(k->last_cpu, 0);

	/* A kernel-only hit: no user stack id. */
	f->in.nr_ustack = 0;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	assert_int_equal(last_rec(f)->stack_id, kid);
	assert_int_equal(last_rec(f)->ustack_id, 0);
	assert_int_equal(atomic64_read(&k->count), 3);
	fx_free(f);
}

static void hit_record__no_stack_table__ids_zero(void **state)
{
	struct fx *f = fx_new(8, 0);

	(void)state;
	f->in.kstack = f->kstack;
	f->in.nr_kstack = 4;
	f->in.ustack = f->ustack;
	f->in.nr_ustack = 4;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	assert_int_equal(last_rec(f)->stack_id, 0);
	assert_int_equal(last_rec(f)->ustack_id, 0);
	fx_free(f);
}

static void hit_record__stack_table_full__id_zero_dropped_counted(void **state)
{
	struct fx *f = fx_new(8, 1);

	(void)state;
	f->in.kstack = f->kstack;
	f->in.nr_kstack = 4;
	f->in.ustack = f->ustack;
	f->in.nr_ustack = 4;
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	assert_int_equal(last_rec(f)->stack_id, 1);
	assert_int_equal(last_rec(f)->ustack_id, 0);	/* no room */
	assert_int_equal(atomic64_read(&f->c.stacks->dropped), 1);
	/* Still recorded: a stack that finds no room does not drop the hit. */
	assert_int_equal((cnt(&f->c.seq) - f->c.seq_base), 1);
	fx_free(f);
}

static void hit_record__ring_full__dropped_counted(void **state)
{
	struct fx *f = fx_new(4, 64);
	struct hwbp_ring *rings[1];
	struct hwbp_record out[8];
	u64 next;
	u32 i;

	(void)state;
	f->in.kstack = f->kstack;
	f->in.nr_kstack = 3;
	for (i = 0; i < 4; i++)
		assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	for (i = 0; i < 3; i++)
		assert_false(hwbp_hit_record(&f->c, f->ring, &f->in));
	assert_int_equal((cnt(&f->c.seq) - f->c.seq_base), 4);
	assert_int_equal(cnt(&f->c.dropped), 3);
	/* A dropped hit takes no seq and stores no stack. */
	assert_int_equal(cnt(&f->c.seq), 4);
	assert_int_equal(atomic64_read(&f->c.stacks->ent[last_rec(f)->stack_id - 1].count), 4);
	rings[0] = f->ring;
	assert_int_equal(hwbp_rings_read(rings, 1, 0, out, 8, &next), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(out[i].seq, i + 1);
	hwbp_ring_reset(f->ring);
	assert_true(hwbp_hit_record(&f->c, f->ring, &f->in));
	assert_int_equal(last_rec(f)->seq, 5);
	fx_free(f);
}

/* ---- the whole path, as hit.c runs it ---- */

static void hit_path__run__hits_equal_recorded_dropped_suppressed(void **state)
{
	struct fx *f = fx_new(64, 32);
	struct hwbp_ring *rings[1];
	struct hwbp_record out[64];
	u64 hits = 0, seen = 0, start = 0, next, x = 12345, last_seq = 0;
	char comms[3][16] = { "a", "bb", "ccc" };
	u32 i, n, j;

	(void)state;
	rings[0] = f->ring;
	f->c.type = HWBP_TYPE_RW;
	f->c.filter = HWBP_FILTER_NE;
	f->c.filter_value = 0;
	f->c.nr_allow = 1;
	f->c.allow_start[0] = 0x4000;
	f->c.allow_end[0] = 0x4100;
	f->in.kstack = f->kstack;
	for (i = 0; i < 20000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		f->in.ip = 0x3f00 + ((x >> 20) & 0x3ff);
		f->in.pid = 100 + ((x >> 40) & 127);	/* overflows by_task */
		f->in.comm = comms[(x >> 50) % 3];
		f->in.before = f->in.after;
		f->in.after = (x >> 33) & 3;
		f->in.nr_kstack = 1 + ((x >> 36) & 7);
		hits++;
		hwbp_hit_aggregate(&f->c, &f->in);
		if (hwbp_hit_wanted(&f->c, &f->in))
			hwbp_hit_record(&f->c, f->ring, &f->in);
		/* A reader now and then, which sometimes clears. */
		if ((x >> 10) % 50 == 0) {
			n = hwbp_rings_read(rings, 1, start, out, 64, &next);
			for (j = 0; j < n; j++) {
				assert_true(out[j].seq > last_seq);
				last_seq = out[j].seq;
				assert_int_not_equal(out[j].after, 0);
				assert_false(out[j].ip > 0x4000 &&
					     out[j].ip - 1 < 0x4100);
				assert_int_not_equal(out[j].stack_id, 0);
			}
			seen += n;
			start = next;
			if ((x >> 11) & 1)
				hwbp_ring_reset(f->ring);
		}
	}
	print_message("hit_path: %llu hits: %llu recorded, %llu dropped, %llu suppressed\n",
		      (unsigned long long)hits,
		      (unsigned long long)(cnt(&f->c.seq) - f->c.seq_base),
		      (unsigned long long)cnt(&f->c.dropped),
		      (unsigned long long)cnt(&f->c.suppressed));
	assert_int_equal((cnt(&f->c.seq) - f->c.seq_base) + cnt(&f->c.dropped) +
			 cnt(&f->c.suppressed), hits);
	assert_true((cnt(&f->c.seq) - f->c.seq_base) > 0);
	assert_true(cnt(&f->c.dropped) > 0);
	assert_true(cnt(&f->c.suppressed) > 0);
	assert_int_equal(cnt(&f->c.seq), (cnt(&f->c.seq) - f->c.seq_base));
	assert_true(seen <= (cnt(&f->c.seq) - f->c.seq_base));
	/* Every hit aggregated, in an entry or in the overflow. */
	assert_int_equal(agg_total(f->c.by_ip), hits);
	assert_int_equal(agg_total(f->c.by_task), hits);
	assert_true(atomic64_read(&f->c.by_task->overflow) > 0);
	fx_free(f);
}

/* ---- record.h itself ---- */

/* ---- hwbp_retval_bucket() ---- */

static void retval_bucket__log2_signed(void **state)
{
	(void)state;
	assert_int_equal(hwbp_retval_bucket(0), 0);
	assert_int_equal(hwbp_retval_bucket(1), 1);
	assert_int_equal(hwbp_retval_bucket(2), 2);
	assert_int_equal(hwbp_retval_bucket(3), 2);
	assert_int_equal(hwbp_retval_bucket(8), 4);
	assert_int_equal(hwbp_retval_bucket(15), 4);
	assert_int_equal(hwbp_retval_bucket(16), 5);
	assert_int_equal(hwbp_retval_bucket(-1), -1);
	assert_int_equal(hwbp_retval_bucket(-14), -4);	/* -EFAULT */
	assert_int_equal(hwbp_retval_bucket(INT64_MAX), 63);
	assert_int_equal(hwbp_retval_bucket(INT64_MIN), -64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retval_bucket__log2_signed),
		cmocka_unit_test(hit_aggregate__ip_pid_comm__counted),
		cmocka_unit_test(hit_wanted__filters__table),
		cmocka_unit_test(hit_wanted__suppressed__accumulates),
		cmocka_unit_test(hit_wanted__allow_list__ip_minus_1_inside),
		cmocka_unit_test(hit_wanted__allow_list_full__last_entry_used),
		cmocka_unit_test(hit_wanted__allow_list_and_filter__either_suppresses_once),
		cmocka_unit_test(hit_record__fields__copied),
		cmocka_unit_test(hit_record__classify__table),
		cmocka_unit_test(hit_record__stacks__ids_set),
		cmocka_unit_test(hit_record__no_stack_table__ids_zero),
		cmocka_unit_test(hit_record__stack_table_full__id_zero_dropped_counted),
		cmocka_unit_test(hit_record__ring_full__dropped_counted),
		cmocka_unit_test(hit_path__run__hits_equal_recorded_dropped_suppressed),
	};

	return cmocka_run_group_tests_name("hitpath", tests, NULL, NULL);
}
