// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/agg.c on the host: bounded aggregation tables, their overflow
 * counter and comm keys. Included rather than linked, to reach slot_of()
 * and HWBP_PROBES and build collisions on purpose.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../kmod/agg.c"

static struct hwbp_agg *agg_new(u32 size)
{
	struct hwbp_agg *a = malloc(hwbp_agg_bytes(size));

	assert_non_null(a);
	memset(a, 0xcc, hwbp_agg_bytes(size));	/* init must clear */
	hwbp_agg_init(a, size);
	return a;
}

/* Count of @key summed over its entries (0 when absent), and how many. */
static u64 count_of(const struct hwbp_agg *a, u64 key, const char *comm,
		    u32 *entries)
{
	u64 sum = 0;
	u32 i, n = 0;

	for (i = 0; i < a->size; i++) {
		const struct hwbp_agg_ent *e = &a->ent[i];

		if (e->state != HWBP_ENT_READY || e->key != key)
			continue;
		if (comm && memcmp(e->comm, comm, sizeof(e->comm)))
			continue;
		sum += atomic64_read(&e->count);
		n++;
	}
	if (entries)
		*entries = n;
	return sum;
}

static u64 total_of(const struct hwbp_agg *a)
{
	u64 sum = atomic64_read(&a->overflow);
	u32 i;

	for (i = 0; i < a->size; i++)
		if (a->ent[i].state == HWBP_ENT_READY)
			sum += atomic64_read(&a->ent[i].count);
	return sum;
}

static u32 used(const struct hwbp_agg *a)
{
	u32 i, n = 0;

	for (i = 0; i < a->size; i++)
		n += a->ent[i].state == HWBP_ENT_READY;
	return n;
}

static void agg__init__empty(void **state)
{
	struct hwbp_agg *a = agg_new(16);

	(void)state;
	assert_int_equal(a->size, 16);
	assert_int_equal(atomic64_read(&a->overflow), 0);
	assert_int_equal(used(a), 0);
	assert_int_equal(total_of(a), 0);
	free(a);
}

static void agg__one_key__counts_exact(void **state)
{
	struct hwbp_agg *a = agg_new(64);
	u32 i, n;

	(void)state;
	for (i = 0; i < 1000; i++)
		hwbp_agg_add(a, 0xffffffff81234567ULL);
	assert_int_equal(count_of(a, 0xffffffff81234567ULL, NULL, &n), 1000);
	assert_int_equal(n, 1);
	assert_int_equal(used(a), 1);
	assert_int_equal(a->ent[slot_of(0xffffffff81234567ULL, 63)].key,
			 0xffffffff81234567ULL);
	free(a);
}

static void agg__key_zero__counted(void **state)
{
	struct hwbp_agg *a = agg_new(16);
	u32 n;

	(void)state;
	hwbp_agg_add(a, 0);
	hwbp_agg_add(a, 0);
	hwbp_agg_add(a, 1);
	assert_int_equal(count_of(a, 0, NULL, &n), 2);
	assert_int_equal(n, 1);
	assert_int_equal(count_of(a, 1, NULL, NULL), 1);
	assert_int_equal(used(a), 2);
	free(a);
}

static void agg__many_keys__counts_exact(void **state)
{
	struct hwbp_agg *a = agg_new(512);
	u64 k;
	u32 i, n;

	(void)state;
	/* Key k added k times, interleaved: pids 1..200. */
	for (i = 0; i < 200; i++)
		for (k = 1; k <= 200; k++)
			if (i < k)
				hwbp_agg_add(a, k);
	for (k = 1; k <= 200; k++) {
		assert_int_equal(count_of(a, k, NULL, &n), k);
		assert_int_equal(n, 1);
	}
	assert_int_equal(atomic64_read(&a->overflow), 0);
	assert_int_equal(total_of(a), 200 * 201 / 2);
	free(a);
}

static void agg__full__overflow_counted(void **state)
{
	struct hwbp_agg *a = agg_new(8);	/* fewer entries than probes */
	u64 k;

	(void)state;
	for (k = 0; k < 8; k++)
		hwbp_agg_add(a, 1000 + k);
	assert_int_equal(used(a), 8);
	assert_int_equal(atomic64_read(&a->overflow), 0);
	hwbp_agg_add(a, 2000);
	hwbp_agg_add(a, 2001);
	hwbp_agg_add(a, 2000);
	assert_int_equal(atomic64_read(&a->overflow), 3);
	assert_int_equal(count_of(a, 2000, NULL, NULL), 0);
	/* The keys in the table go on counting. */
	for (k = 0; k < 8; k++) {
		hwbp_agg_add(a, 1000 + k);
		assert_int_equal(count_of(a, 1000 + k, NULL, NULL), 2);
	}
	assert_int_equal(atomic64_read(&a->overflow), 3);
	assert_int_equal(total_of(a), 8 * 2 + 3);
	free(a);
}

/*
 * 17 keys with one home slot: the 17th overflows with 48 entries free.
 * @overflow means "no room within HWBP_PROBES slots", not only "full".
 */
static void agg__cluster_past_probe_limit__overflows_with_room_left(void **state)
{
	struct hwbp_agg *a = agg_new(64);
	u64 keys[HWBP_PROBES + 1], k = 1;
	u32 n = 0, i;

	(void)state;
	while (n < HWBP_PROBES + 1) {
		if (slot_of(k, 63) == 5)
			keys[n++] = k;
		k++;
	}
	for (i = 0; i < HWBP_PROBES; i++)
		hwbp_agg_add(a, keys[i]);
	for (i = 0; i < HWBP_PROBES; i++)
		assert_int_equal(a->ent[5 + i].key, keys[i]);
	hwbp_agg_add(a, keys[HWBP_PROBES]);
	assert_int_equal(atomic64_read(&a->overflow), 1);
	assert_int_equal(used(a), HWBP_PROBES);
	free(a);
}

static void agg__random_keys__entries_plus_overflow_equal_adds(void **state)
{
	struct hwbp_agg *a = agg_new(64);
	u64 x = 88172645463325252ULL;
	u32 i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		hwbp_agg_add(a, x % 300);	/* more keys than entries */
	}
	assert_true(atomic64_read(&a->overflow) > 0);
	assert_int_equal(total_of(a), 20000);
	/* Each key stored once. */
	for (i = 0; i < 300; i++) {
		u32 n;

		count_of(a, i, NULL, &n);
		assert_true(n <= 1);
	}
	free(a);
}

/*
 * Another CPU has claimed @key's home slot and not yet published it: this
 * add skips the busy slot and claims the next one. Two entries for one key
 * (a reader such as HWBP_IOC_COUNTS sees the key twice), the sum exact.
 */
static void agg__home_slot_busy__second_entry_sum_exact(void **state)
{
	struct hwbp_agg *a = agg_new(64);
	u32 home = slot_of(42, 63), n;

	(void)state;
	a->ent[home].state = HWBP_ENT_BUSY;	/* the other CPU, mid-claim */
	hwbp_agg_add(a, 42);
	hwbp_agg_add(a, 42);
	assert_int_equal(a->ent[(home + 1) & 63].key, 42);
	assert_int_equal(atomic64_read(&a->ent[(home + 1) & 63].count), 2);
	a->ent[home].key = 42;			/* the other CPU finishes */
	atomic64_set(&a->ent[home].count, 1);
	a->ent[home].state = HWBP_ENT_READY;
	hwbp_agg_add(a, 42);			/* found at home from now on */
	assert_int_equal(atomic64_read(&a->ent[home].count), 2);
	assert_int_equal(count_of(a, 42, NULL, &n), 4);
	assert_int_equal(n, 2);
	free(a);
}

/* ---- comm keys ---- */

static void comm(char out[16], const char *s)
{
	memset(out, 0, 16);
	memcpy(out, s, strlen(s) < 16 ? strlen(s) : 16);
}

static void agg__task__counted_by_pid_and_comm(void **state)
{
	struct hwbp_agg *a = agg_new(16);
	char c1[16], c2[16];
	u32 n;

	(void)state;
	comm(c1, "bash");
	comm(c2, "sshd");
	hwbp_agg_add_task(a, 7, c1);
	hwbp_agg_add_task(a, 7, c2);
	hwbp_agg_add_task(a, 7, c1);
	assert_int_equal(count_of(a, 7, c1, &n), 2);
	assert_int_equal(n, 1);
	assert_int_equal(count_of(a, 7, c2, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(used(a), 2);
	free(a);
}

static void agg__comm_differing_in_last_bytes__distinct(void **state)
{
	struct hwbp_agg *a = agg_new(16);
	char c1[16], c2[16];

	(void)state;
	comm(c1, "kworker/0:1H-kb");
	comm(c2, "kworker/0:1H-ka");
	assert_int_not_equal(hwbp_comm_hash(c1), hwbp_comm_hash(c2));
	hwbp_agg_add_task(a, 7, c1);
	hwbp_agg_add_task(a, 7, c2);
	assert_int_equal(used(a), 2);
	free(a);
}

/* Inverse of an odd number modulo 2^64 (Newton). */
static u64 inverse(u64 m)
{
	u64 x = m;
	int i;

	for (i = 0; i < 6; i++)
		x *= 2 - m * x;
	return x;
}

static void agg__comm_hash_collision__whole_comm_compared(void **state)
{
	struct hwbp_agg *a = agg_new(16);
	const u64 A = 0x9e3779b97f4a7c15ULL, B = 0xc2b2ae3d27d4eb4fULL;
	char c1[16], c2[16];
	u64 w1[2], w2[2];
	u32 n;

	(void)state;
	assert_int_equal(A * inverse(A), 1);
	comm(c1, "systemd-journal");
	memcpy(w1, c1, 16);
	/* c2: a different second word, first word chosen to collide. */
	w2[1] = w1[1] ^ 0x0100000000000000ULL;
	w2[0] = (w1[0] * A ^ w1[1] * B ^ w2[1] * B) * inverse(A);
	memcpy(c2, w2, 16);
	assert_memory_not_equal(c1, c2, 16);
	assert_int_equal(hwbp_comm_hash(c1), hwbp_comm_hash(c2));

	hwbp_agg_add_task(a, 7, c1);
	hwbp_agg_add_task(a, 7, c2);
	hwbp_agg_add_task(a, 7, c2);
	assert_int_equal(count_of(a, 7, c1, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(count_of(a, 7, c2, &n), 2);
	assert_int_equal(n, 1);
	assert_int_equal(used(a), 2);
	free(a);
}

static void agg__comm_hash__nul_padding_matters(void **state)
{
	char c1[16], c2[16];

	(void)state;
	comm(c1, "a");
	comm(c2, "a");
	c2[9] = 'x';	/* not NUL-padded: not the same comm key */
	assert_int_not_equal(hwbp_comm_hash(c1), hwbp_comm_hash(c2));
}

/* ---- threads ---- */

#define MT_THREADS	8
#define MT_ADDS		100000
#define MT_KEYS		32

struct mt {
	struct hwbp_agg *a;
	u32 keys;
	int go;
	u64 adds[MT_THREADS][MT_KEYS];
};

struct worker {
	struct mt *mt;
	u32 n;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	struct mt *mt = w->mt;
	u32 i, k;

	while (!__atomic_load_n(&mt->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (i = 0; i < MT_ADDS; i++) {
		k = (i * 7 + w->n) % mt->keys;
		hwbp_agg_add(mt->a, k);	/* key 0 among them */
		mt->adds[w->n][k]++;
	}
	return NULL;
}

static void run_threads(struct mt *mt)
{
	struct worker w[MT_THREADS];
	pthread_t th[MT_THREADS];
	u32 i;

	for (i = 0; i < MT_THREADS; i++) {
		w[i].mt = mt;
		w[i].n = i;
		assert_int_equal(pthread_create(&th[i], NULL, worker, &w[i]), 0);
	}
	__atomic_store_n(&mt->go, 1, __ATOMIC_RELEASE);
	for (i = 0; i < MT_THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
}

static void agg__concurrent_room__per_key_sums_exact(void **state)
{
	static struct mt mt;
	u32 round, k, i, n, dups = 0;

	(void)state;
	for (round = 0; round < 10; round++) {
		memset(&mt, 0, sizeof(mt));
		mt.a = agg_new(512);
		mt.keys = MT_KEYS;
		run_threads(&mt);
		for (k = 0; k < MT_KEYS; k++) {
			u64 want = 0;

			for (i = 0; i < MT_THREADS; i++)
				want += mt.adds[i][k];
			assert_int_equal(count_of(mt.a, k, NULL, &n), want);
			assert_true(n >= 1);
			dups += n - 1;
		}
		assert_int_equal(atomic64_read(&mt.a->overflow), 0);
		assert_int_equal(total_of(mt.a), (u64)MT_THREADS * MT_ADDS);
		free(mt.a);
	}
	print_message("agg: %u duplicate entries (two CPUs claiming one new key)\n",
		      dups);
}

static void agg__concurrent_overflowing__entries_plus_overflow_exact(void **state)
{
	static struct mt mt;

	(void)state;
	memset(&mt, 0, sizeof(mt));
	mt.a = agg_new(16);
	mt.keys = MT_KEYS;	/* twice the entries */
	run_threads(&mt);
	assert_true(atomic64_read(&mt.a->overflow) > 0);
	assert_int_equal(used(mt.a), 16);
	assert_int_equal(total_of(mt.a), (u64)MT_THREADS * MT_ADDS);
	free(mt.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agg__init__empty),
		cmocka_unit_test(agg__one_key__counts_exact),
		cmocka_unit_test(agg__key_zero__counted),
		cmocka_unit_test(agg__many_keys__counts_exact),
		cmocka_unit_test(agg__full__overflow_counted),
		cmocka_unit_test(agg__cluster_past_probe_limit__overflows_with_room_left),
		cmocka_unit_test(agg__random_keys__entries_plus_overflow_equal_adds),
		cmocka_unit_test(agg__home_slot_busy__second_entry_sum_exact),
		cmocka_unit_test(agg__task__counted_by_pid_and_comm),
		cmocka_unit_test(agg__comm_differing_in_last_bytes__distinct),
		cmocka_unit_test(agg__comm_hash_collision__whole_comm_compared),
		cmocka_unit_test(agg__comm_hash__nul_padding_matters),
		cmocka_unit_test(agg__concurrent_room__per_key_sums_exact),
		cmocka_unit_test(agg__concurrent_overflowing__entries_plus_overflow_exact),
	};

	return cmocka_run_group_tests_name("agg", tests, NULL, NULL);
}
