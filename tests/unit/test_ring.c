// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/ring.c on the host: per-CPU rings of hit records (reserve, commit,
 * reset, free-running u32 indexes across their wrap) and the merge read by
 * seq, also while producer threads fill the rings.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"
#include "../../kmod/record.h"

/* ---- helpers ---- */

static struct hwbp_ring *ring_new(u32 size)
{
	struct hwbp_ring *r = malloc(hwbp_ring_bytes(size));

	assert_non_null(r);
	/* Garbage in the slots: init must not rely on zeroed memory. */
	memset(r, 0xcc, hwbp_ring_bytes(size));
	hwbp_ring_init(r, size);
	return r;
}

/* Every field of a record derived from its seq and the ring it is in. */
static void fill_rec(struct hwbp_record *rec, u64 seq, u32 ring)
{
	memset(rec, 0, sizeof(*rec));
	rec->seq = seq;
	rec->time_ns = seq * 1000 + 7;
	rec->ip = 0xffffffff81000000ULL + seq * 3;
	rec->addr = ~seq;
	rec->before = seq ^ 0x5a5a5a5a5a5a5a5aULL;
	rec->after = seq + 1;
	rec->id = 3;
	rec->cpu = ring;
	rec->pid = (u32)seq;
	rec->tid = (u32)(seq >> 32) ^ ring;
	rec->len = 8;
	rec->flags = HWBP_REC_VALUES;
	snprintf(rec->comm, sizeof(rec->comm), "c%u", (unsigned int)(seq % 1000));
}

static bool rec_ok(const struct hwbp_record *rec)
{
	struct hwbp_record want;

	fill_rec(&want, rec->seq, rec->cpu);
	return !memcmp(&want, rec, sizeof(want));
}

/* Produce one record with @seq; false when the ring was full. */
static bool put(struct hwbp_ring *r, u64 seq, u32 ring)
{
	struct hwbp_record *rec = hwbp_ring_reserve(r);

	if (!rec)
		return false;
	fill_rec(rec, seq, ring);
	hwbp_ring_commit(r);
	return true;
}

static u32 read1(struct hwbp_ring *r, u64 start, struct hwbp_record *out,
		 u32 max, u64 *next)
{
	struct hwbp_ring *rings[1] = { r };

	return hwbp_rings_read(rings, 1, start, out, max, next);
}

/* ---- single ring ---- */

static void ring__bytes__header_plus_slots(void **state)
{
	(void)state;
	assert_int_equal(hwbp_ring_bytes(0), sizeof(struct hwbp_ring));
	assert_int_equal(hwbp_ring_bytes(4096),
			 sizeof(struct hwbp_ring) + 4096 * sizeof(struct hwbp_record));
}

static void ring__init__empty(void **state)
{
	struct hwbp_ring *r = ring_new(8);
	struct hwbp_record out[8];
	u64 next = 99;

	(void)state;
	assert_int_equal(r->size, 8);
	assert_int_equal(r->head, 0);
	assert_int_equal(r->tail, 0);
	assert_int_equal(r->pad, 0);
	assert_int_equal(read1(r, 0, out, 8, &next), 0);
	assert_int_equal(next, 0);
	assert_int_equal(read1(r, 42, out, 8, &next), 0);
	assert_int_equal(next, 42);
	assert_ptr_equal(hwbp_ring_reserve(r), &r->rec[0]);
	free(r);
}

static void ring__reserve_commit__read_back(void **state)
{
	struct hwbp_ring *r = ring_new(8);
	struct hwbp_record out[8];
	u64 next;
	u64 s;

	(void)state;
	for (s = 1; s <= 3; s++)
		assert_true(put(r, s, 0));
	assert_int_equal(r->head, 3);
	assert_int_equal(read1(r, 0, out, 8, &next), 3);
	assert_int_equal(next, 4);
	for (s = 0; s < 3; s++) {
		assert_int_equal(out[s].seq, s + 1);
		assert_true(rec_ok(&out[s]));
	}
	/* Reading does not consume. */
	assert_int_equal(read1(r, 0, out, 8, &next), 3);
	free(r);
}

static void ring__reserve_without_commit__invisible_and_reused(void **state)
{
	struct hwbp_ring *r = ring_new(8);
	struct hwbp_record out[8];
	struct hwbp_record *a, *b;
	u64 next;

	(void)state;
	a = hwbp_ring_reserve(r);
	assert_non_null(a);
	fill_rec(a, 1, 0);
	assert_int_equal(read1(r, 0, out, 8, &next), 0);
	b = hwbp_ring_reserve(r);
	assert_ptr_equal(a, b);
	hwbp_ring_commit(r);
	assert_int_equal(read1(r, 0, out, 8, &next), 1);
	assert_ptr_not_equal(hwbp_ring_reserve(r), a);
	free(r);
}

static void ring__full__refuses_and_keeps_old(void **state)
{
	struct hwbp_ring *r = ring_new(8);
	struct hwbp_record out[16];
	u64 next;
	u32 i;

	(void)state;
	for (i = 1; i <= 8; i++)
		assert_true(put(r, i, 0));
	assert_null(hwbp_ring_reserve(r));
	assert_null(hwbp_ring_reserve(r));
	assert_false(put(r, 9, 0));
	assert_int_equal(r->head, 8);
	assert_int_equal(read1(r, 0, out, 16, &next), 8);
	assert_int_equal(next, 9);
	for (i = 0; i < 8; i++) {
		assert_int_equal(out[i].seq, i + 1);
		assert_true(rec_ok(&out[i]));
	}
	free(r);
}

static void ring__reset__frees_space(void **state)
{
	struct hwbp_ring *r = ring_new(4);
	struct hwbp_record out[8];
	u64 next;
	u32 i;

	(void)state;
	for (i = 1; i <= 4; i++)
		assert_true(put(r, i, 0));
	assert_null(hwbp_ring_reserve(r));
	hwbp_ring_reset(r);
	assert_int_equal(r->tail, r->head);
	assert_int_equal(read1(r, 0, out, 8, &next), 0);
	for (i = 5; i <= 8; i++)
		assert_true(put(r, i, 0));
	assert_null(hwbp_ring_reserve(r));
	assert_int_equal(read1(r, 0, out, 8, &next), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(out[i].seq, i + 5);
	free(r);
}

static void ring__reset_partly_full__frees_everything(void **state)
{
	struct hwbp_ring *r = ring_new(8);
	struct hwbp_record out[8];
	u64 next;
	u32 i;

	(void)state;
	for (i = 1; i <= 3; i++)
		assert_true(put(r, i, 0));
	hwbp_ring_reset(r);
	for (i = 4; i <= 11; i++)
		assert_true(put(r, i, 0));
	assert_false(put(r, 12, 0));
	assert_int_equal(read1(r, 0, out, 8, &next), 8);
	assert_int_equal(out[0].seq, 4);
	assert_int_equal(out[7].seq, 11);
	free(r);
}

/* Fill, check, reset, many times over: head and tail run far past size. */
static void cycles(struct hwbp_ring *r, u32 size, u32 rounds, u32 per_round)
{
	struct hwbp_record out[64];
	u64 seq = 1, first, next;
	u32 round, i, n;

	for (round = 0; round < rounds; round++) {
		first = seq;
		for (i = 0; i < per_round; i++)
			assert_true(put(r, seq++, 0));
		if (per_round == size)
			assert_null(hwbp_ring_reserve(r));
		n = read1(r, 0, out, 64, &next);
		assert_int_equal(n, per_round);
		assert_int_equal(next, seq);
		for (i = 0; i < n; i++) {
			assert_int_equal(out[i].seq, first + i);
			assert_true(rec_ok(&out[i]));
		}
		/* start_seq in the middle: binary search over wrapped slots. */
		if (per_round > 2) {
			n = read1(r, first + 2, out, 64, &next);
			assert_int_equal(n, per_round - 2);
			assert_int_equal(out[0].seq, first + 2);
		}
		hwbp_ring_reset(r);
	}
}

static void ring__many_cycles__wraps_slots(void **state)
{
	struct hwbp_ring *r = ring_new(8);

	(void)state;
	cycles(r, 8, 1000, 8);	/* full every time */
	cycles(r, 8, 1000, 5);	/* never aligned to the size */
	cycles(r, 8, 1000, 3);
	free(r);
}

static void ring__head_near_u32_max__wraps_indexes(void **state)
{
	struct hwbp_ring *r = ring_new(8);

	(void)state;
	r->head = r->tail = UINT32_MAX - 5;
	cycles(r, 8, 10, 8);
	assert_true(r->head < 100);	/* went across 2^32 */

	r->head = r->tail = UINT32_MAX - 2;
	cycles(r, 8, 10, 5);

	r->head = r->tail = UINT32_MAX;
	cycles(r, 8, 3, 8);
	free(r);
}

static void ring__full_across_u32_wrap__refuses(void **state)
{
	struct hwbp_ring *r = ring_new(8);
	struct hwbp_record out[8];
	u64 next;
	u32 i;

	(void)state;
	r->head = r->tail = UINT32_MAX - 3;	/* 4 before, 4 after the wrap */
	for (i = 1; i <= 8; i++)
		assert_true(put(r, i, 0));
	assert_int_equal(r->head, 4);
	assert_null(hwbp_ring_reserve(r));
	for (i = 1; i <= 8; i++) {
		assert_int_equal(read1(r, i, out, 8, &next), 9 - i);
		assert_int_equal(out[0].seq, i);
		assert_int_equal(next, 9);
	}
	free(r);
}

/* ---- hwbp_rings_read(): the merge ---- */

/* Three rings, seqs 1..30 dealt round-robin-ish with runs. */
static void deal(struct hwbp_ring **rings, u32 nr, u64 nseq)
{
	u64 s;

	for (s = 1; s <= nseq; s++) {
		u32 i = (u32)((s * 7 / 3) % nr);

		assert_true(put(rings[i], s, i));
	}
}

static void rings_read__three_rings__merged_by_seq(void **state)
{
	struct hwbp_ring *rings[3] = { ring_new(16), ring_new(16), ring_new(16) };
	struct hwbp_record out[64];
	u64 next;
	u32 n, i;

	(void)state;
	deal(rings, 3, 30);
	n = hwbp_rings_read(rings, 3, 0, out, 64, &next);
	assert_int_equal(n, 30);
	assert_int_equal(next, 31);
	for (i = 0; i < n; i++) {
		assert_int_equal(out[i].seq, i + 1);
		assert_true(rec_ok(&out[i]));
		assert_int_equal(out[i].cpu, (u32)(((i + 1) * 7 / 3) % 3));
	}
	for (i = 0; i < 3; i++)
		free(rings[i]);
}

static void rings_read__start_seq__skips_older(void **state)
{
	struct hwbp_ring *rings[3] = { ring_new(16), ring_new(16), ring_new(16) };
	struct hwbp_record out[64];
	u64 next, start;
	u32 n, i;

	(void)state;
	deal(rings, 3, 30);
	for (start = 0; start <= 32; start++) {
		u64 first = start ? start : 1;

		n = hwbp_rings_read(rings, 3, start, out, 64, &next);
		assert_int_equal(n, first <= 30 ? 31 - first : 0);
		for (i = 0; i < n; i++)
			assert_int_equal(out[i].seq, first + i);
		assert_int_equal(next, n ? 31 : start);
	}
	for (i = 0; i < 3; i++)
		free(rings[i]);
}

static void rings_read__max__pages_with_next_seq(void **state)
{
	struct hwbp_ring *rings[3] = { ring_new(16), ring_new(16), ring_new(16) };
	struct hwbp_record out[4];
	u64 next, start = 0, want = 1;
	u32 n, i, calls = 0;

	(void)state;
	deal(rings, 3, 30);
	do {
		n = hwbp_rings_read(rings, 3, start, out, 4, &next);
		assert_true(n <= 4);
		for (i = 0; i < n; i++)
			assert_int_equal(out[i].seq, want++);
		if (n)
			assert_int_equal(next, out[n - 1].seq + 1);
		start = next;
		calls++;
	} while (n);
	assert_int_equal(want, 31);
	assert_int_equal(calls, 9);	/* 7 full pages, 2 of 2, then empty */
	assert_int_equal(start, 31);
	/* max 0: nothing copied, next_seq is start_seq. */
	assert_int_equal(hwbp_rings_read(rings, 3, 5, out, 0, &next), 0);
	assert_int_equal(next, 5);
	for (i = 0; i < 3; i++)
		free(rings[i]);
}

static void rings_read__null_rings__skipped(void **state)
{
	struct hwbp_ring *a = ring_new(8), *b = ring_new(8);
	struct hwbp_ring *rings[5] = { NULL, a, NULL, b, NULL };
	struct hwbp_record out[16];
	u64 next;
	u32 n;

	(void)state;
	assert_true(put(a, 1, 1));
	assert_true(put(b, 2, 3));
	assert_true(put(a, 3, 1));
	n = hwbp_rings_read(rings, 5, 0, out, 16, &next);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].seq, 1);
	assert_int_equal(out[1].seq, 2);
	assert_int_equal(out[2].seq, 3);
	assert_int_equal(next, 4);
	rings[1] = rings[3] = NULL;
	assert_int_equal(hwbp_rings_read(rings, 5, 0, out, 16, &next), 0);
	assert_int_equal(next, 0);
	free(a);
	free(b);
}

static void rings_read__reset_ring__contributes_nothing(void **state)
{
	struct hwbp_ring *rings[2] = { ring_new(8), ring_new(8) };
	struct hwbp_record out[16];
	u64 next;

	(void)state;
	deal(rings, 2, 10);
	hwbp_ring_reset(rings[0]);
	assert_int_equal(hwbp_rings_read(rings, 2, 0, out, 16, &next),
			 rings[1]->head);
	free(rings[0]);
	free(rings[1]);
}

static void rings_read__more_than_64__first_64_merged(void **state)
{
	struct hwbp_ring *rings[65];
	struct hwbp_record out[128];
	u64 next;
	u32 i;

	(void)state;
	for (i = 0; i < 65; i++) {
		rings[i] = ring_new(2);
		assert_true(put(rings[i], i + 1, i));
	}
	assert_int_equal(hwbp_rings_read(rings, 65, 0, out, 128, &next), 64);
	assert_int_equal(out[63].seq, 64);
	assert_int_equal(next, 65);
	/* The rest in another call. */
	assert_int_equal(hwbp_rings_read(rings + 64, 1, next, out, 128, &next), 1);
	assert_int_equal(out[0].seq, 65);
	for (i = 0; i < 65; i++)
		free(rings[i]);
}

/* ---- producers and a reader at once ---- */

#define MT_RINGS	4
#define MT_PER_PROD	200000
#define MT_SECONDS	2

struct mt {
	struct hwbp_ring *rings[MT_RINGS];
	u64 seq;		/* the watch's seq: atomic */
	int stop;		/* producers done, or time up */
	int started;
	int done;		/* producers finished */
	u64 produced[MT_RINGS];
	u64 full[MT_RINGS];
	/* The reader's findings (cmocka asserts only in the main thread). */
	u64 reads, got, bad_order, bad_rec, bad_start;
};

struct prod {
	struct mt *mt;
	u32 ring;
};

static void *producer(void *arg)
{
	struct prod *p = arg;
	struct mt *mt = p->mt;
	struct hwbp_ring *r = mt->rings[p->ring];
	struct hwbp_record *rec;
	u64 n = 0, seq;

	while (!__atomic_load_n(&mt->started, __ATOMIC_ACQUIRE))
		sched_yield();
	while (n < MT_PER_PROD && !__atomic_load_n(&mt->stop, __ATOMIC_RELAXED)) {
		rec = hwbp_ring_reserve(r);
		if (!rec) {
			mt->full[p->ring]++;
			sched_yield();
			continue;
		}
		/* Like hwbp_hit_record(): seq taken after the reserve. */
		seq = __atomic_add_fetch(&mt->seq, 1, __ATOMIC_SEQ_CST);
		fill_rec(rec, seq, p->ring);
		hwbp_ring_commit(r);
		n++;
	}
	mt->produced[p->ring] = n;
	__atomic_add_fetch(&mt->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *reader(void *arg)
{
	struct mt *mt = arg;
	static struct hwbp_record out[256];
	u64 start = 0, next, last = 0;
	u32 n, i, j, round = 0;

	while (!__atomic_load_n(&mt->started, __ATOMIC_ACQUIRE))
		sched_yield();
	for (;;) {
		int done = __atomic_load_n(&mt->stop, __ATOMIC_ACQUIRE);

		n = hwbp_rings_read(mt->rings, MT_RINGS, start, out, 256, &next);
		mt->reads++;
		mt->got += n;
		for (i = 0; i < n; i++) {
			if (!rec_ok(&out[i]))
				mt->bad_rec++;
			if (out[i].seq < start)
				mt->bad_start++;
			if (i && out[i].seq <= out[i - 1].seq)
				mt->bad_order++;
			if (i == 0 && out[i].seq <= last && last)
				mt->bad_order++;
		}
		if (n) {
			last = out[n - 1].seq;
			if (next != last + 1)
				mt->bad_order++;
		}
		start = next;
		/* Consumer side: make room now and then, serialised with reads. */
		if (++round % 4 == 0)
			for (j = 0; j < MT_RINGS; j++)
				hwbp_ring_reset(mt->rings[j]);
		if (done && !n)
			break;
	}
	return NULL;
}

static void rings_read__concurrent_producers__ordered_and_whole(void **state)
{
	static struct mt mt;
	struct prod prods[MT_RINGS];
	pthread_t pt[MT_RINGS], rt;
	struct timespec t0, t;
	u64 total = 0;
	u32 i;

	(void)state;
	memset(&mt, 0, sizeof(mt));
	for (i = 0; i < MT_RINGS; i++)
		mt.rings[i] = ring_new(64);
	for (i = 0; i < MT_RINGS; i++) {
		prods[i].mt = &mt;
		prods[i].ring = i;
		assert_int_equal(pthread_create(&pt[i], NULL, producer, &prods[i]), 0);
	}
	assert_int_equal(pthread_create(&rt, NULL, reader, &mt), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	__atomic_store_n(&mt.started, 1, __ATOMIC_RELEASE);
	/* Bounded time: stop the producers after MT_SECONDS. */
	while (__atomic_load_n(&mt.done, __ATOMIC_ACQUIRE) < MT_RINGS) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= MT_SECONDS)
			break;
	}
	__atomic_store_n(&mt.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < MT_RINGS; i++)
		assert_int_equal(pthread_join(pt[i], NULL), 0);
	__atomic_store_n(&mt.stop, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(rt, NULL), 0);
	for (i = 0; i < MT_RINGS; i++) {
		total += mt.produced[i];
		free(mt.rings[i]);
	}
	print_message("rings_read: %llu records produced, %llu read in %llu reads\n",
		      (unsigned long long)total, (unsigned long long)mt.got,
		      (unsigned long long)mt.reads);
	assert_int_equal(total, mt.seq);
	assert_true(mt.got > 0);
	assert_true(mt.got <= total);
	assert_int_equal(mt.bad_rec, 0);
	assert_int_equal(mt.bad_order, 0);
	assert_int_equal(mt.bad_start, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ring__bytes__header_plus_slots),
		cmocka_unit_test(ring__init__empty),
		cmocka_unit_test(ring__reserve_commit__read_back),
		cmocka_unit_test(ring__reserve_without_commit__invisible_and_reused),
		cmocka_unit_test(ring__full__refuses_and_keeps_old),
		cmocka_unit_test(ring__reset__frees_space),
		cmocka_unit_test(ring__reset_partly_full__frees_everything),
		cmocka_unit_test(ring__many_cycles__wraps_slots),
		cmocka_unit_test(ring__head_near_u32_max__wraps_indexes),
		cmocka_unit_test(ring__full_across_u32_wrap__refuses),
		cmocka_unit_test(rings_read__three_rings__merged_by_seq),
		cmocka_unit_test(rings_read__start_seq__skips_older),
		cmocka_unit_test(rings_read__max__pages_with_next_seq),
		cmocka_unit_test(rings_read__null_rings__skipped),
		cmocka_unit_test(rings_read__reset_ring__contributes_nothing),
		cmocka_unit_test(rings_read__more_than_64__first_64_merged),
		cmocka_unit_test(rings_read__concurrent_producers__ordered_and_whole),
	};

	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
