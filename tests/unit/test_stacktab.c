// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/stacktab.c on the host: the lock-free stack table. Included rather
 * than linked, to reach stack_hash() and HWBP_PROBES and build collisions
 * on purpose.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../kmod/stacktab.c"

static const char COMM[16] = "bash";
static const char COMM2[16] = "kworker/0:1";

static struct hwbp_stacktab *tab_new(u32 size)
{
	struct hwbp_stacktab *t = malloc(hwbp_stacktab_bytes(size));

	assert_non_null(t);
	memset(t, 0xcc, hwbp_stacktab_bytes(size));	/* init must clear */
	hwbp_stacktab_init(t, size);
	return t;
}

static void stack_of(u64 *ips, u32 nr, u64 seed)
{
	u32 i;

	for (i = 0; i < nr; i++)
		ips[i] = 0xffffffff81000000ULL + seed * 0x10000 + i * 0x40 + 5;
}

static u32 get(struct hwbp_stacktab *t, const u64 *ips, u32 nr, u32 flags)
{
	return hwbp_stack_get(t, ips, nr, flags, 1000, 0, COMM);
}

static struct hwbp_stack_ent *ent(struct hwbp_stacktab *t, u32 id)
{
	assert_true(id >= 1 && id <= t->size);
	return &t->ent[id - 1];
}

static u32 used(const struct hwbp_stacktab *t)
{
	u32 i, n = 0;

	for (i = 0; i < t->size; i++)
		n += t->ent[i].state == HWBP_ENT_READY;
	return n;
}

static void stacktab__init__empty(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u32 i;

	(void)state;
	assert_int_equal(t->size, 64);
	assert_int_equal(atomic64_read(&t->dropped), 0);
	for (i = 0; i < 64; i++) {
		assert_int_equal(t->ent[i].state, HWBP_ENT_EMPTY);
		assert_int_equal(atomic64_read(&t->ent[i].count), 0);
	}
	free(t);
}

static void stacktab__new_stack__gets_id_and_fields(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	struct hwbp_stack_ent *e;
	u64 ips[HWBP_STACK_DEPTH];
	u32 id;

	(void)state;
	stack_of(ips, 7, 1);
	id = hwbp_stack_get(t, ips, 7, 0, 12345, 3, COMM);
	assert_true(id >= 1 && id <= 64);
	e = ent(t, id);
	assert_int_equal(e->state, HWBP_ENT_READY);
	assert_int_equal(e->nr, 7);
	assert_int_equal(e->flags, 0);
	assert_int_equal(atomic64_read(&e->count), 1);
	assert_int_equal(e->first_ns, 12345);
	assert_int_equal(e->last_ns, 12345);
	assert_int_equal(e->last_cpu, 3);
	assert_memory_equal(e->last_comm, COMM, 16);
	assert_memory_equal(e->ips, ips, 7 * sizeof(u64));
	assert_int_equal(e->hash, stack_hash(ips, 7, 0));
	assert_int_equal(id - 1, stack_hash(ips, 7, 0) & 63);	/* home slot */
	assert_int_equal(used(t), 1);
	free(t);
}

static void stacktab__same_stack__same_id_count_2(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	struct hwbp_stack_ent *e;
	u64 ips[HWBP_STACK_DEPTH], copy[HWBP_STACK_DEPTH];
	u32 id;

	(void)state;
	stack_of(ips, 12, 2);
	memcpy(copy, ips, sizeof(ips));
	id = hwbp_stack_get(t, ips, 12, 0, 100, 0, COMM);
	/* Another buffer with the same frames: the same stack. */
	assert_int_equal(hwbp_stack_get(t, copy, 12, 0, 200, 1, COMM2), id);
	e = ent(t, id);
	assert_int_equal(atomic64_read(&e->count), 2);
	assert_int_equal(e->first_ns, 100);
	assert_int_equal(e->last_ns, 200);
	assert_int_equal(e->last_cpu, 1);
	assert_memory_equal(e->last_comm, COMM2, 16);
	assert_int_equal(used(t), 1);
	free(t);
}

static void stacktab__user_flag__different_id(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u64 ips[HWBP_STACK_DEPTH];
	u32 k, u;

	(void)state;
	stack_of(ips, 5, 3);
	k = get(t, ips, 5, 0);
	u = get(t, ips, 5, HWBP_STACK_USER);
	assert_int_not_equal(k, 0);
	assert_int_not_equal(u, 0);
	assert_int_not_equal(k, u);
	assert_int_equal(ent(t, u)->flags, HWBP_STACK_USER);
	assert_int_equal(ent(t, k)->flags, 0);
	assert_int_equal(get(t, ips, 5, HWBP_STACK_USER), u);
	assert_int_equal(get(t, ips, 5, 0), k);
	assert_int_equal(atomic64_read(&ent(t, u)->count), 2);
	assert_int_equal(atomic64_read(&ent(t, k)->count), 2);
	free(t);
}

static void stacktab__different_nr__different_id(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u64 ips[HWBP_STACK_DEPTH];
	u32 ids[HWBP_STACK_DEPTH + 1], i, j;

	(void)state;
	stack_of(ips, HWBP_STACK_DEPTH, 4);
	/* Every prefix of one stack, from 1 frame to the deepest. */
	for (i = 1; i <= HWBP_STACK_DEPTH; i++) {
		ids[i] = get(t, ips, i, 0);
		assert_int_not_equal(ids[i], 0);
		assert_int_equal(ent(t, ids[i])->nr, i);
		for (j = 1; j < i; j++)
			assert_int_not_equal(ids[i], ids[j]);
	}
	for (i = 1; i <= HWBP_STACK_DEPTH; i++)
		assert_int_equal(get(t, ips, i, 0), ids[i]);
	assert_int_equal(used(t), HWBP_STACK_DEPTH);
	free(t);
}

static void stacktab__one_frame_differs__different_id(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u64 ips[HWBP_STACK_DEPTH];
	u32 a, b;

	(void)state;
	stack_of(ips, 16, 5);
	a = get(t, ips, 16, 0);
	ips[15] ^= 1;	/* outermost frame only */
	b = get(t, ips, 16, 0);
	assert_int_not_equal(a, b);
	assert_int_equal(atomic64_read(&ent(t, a)->count), 1);
	assert_int_equal(atomic64_read(&ent(t, b)->count), 1);
	free(t);
}

/* Stacks of one frame whose hash lands on home slot @slot of a @size table. */
static u32 colliders(u64 (*out)[1], u32 n, u32 size, u32 slot, u64 seed)
{
	u64 ip = 0xffffffff81000000ULL + seed;
	u32 found = 0;

	while (found < n) {
		if ((stack_hash(&ip, 1, 0) & (size - 1)) == slot)
			out[found++][0] = ip;
		ip += 1;
	}
	return found;
}

static void stacktab__same_home_slot__linear_probe_then_dropped(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u64 st[HWBP_PROBES + 1][1];
	u32 i, id;

	(void)state;
	colliders(st, HWBP_PROBES + 1, 64, 10, 0);
	for (i = 0; i < HWBP_PROBES; i++) {
		id = get(t, st[i], 1, 0);
		assert_int_equal(id, 10 + i + 1);
	}
	/* The 17th stack with that home slot: no room within the probe limit,
	 * although the table has 48 free entries. */
	assert_int_equal(get(t, st[HWBP_PROBES], 1, 0), 0);
	assert_int_equal(atomic64_read(&t->dropped), 1);
	assert_int_equal(get(t, st[HWBP_PROBES], 1, 0), 0);
	assert_int_equal(atomic64_read(&t->dropped), 2);
	/* Those stored are all still found, the last one after 16 probes. */
	for (i = 0; i < HWBP_PROBES; i++)
		assert_int_equal(get(t, st[i], 1, 0), 10 + i + 1);
	assert_int_equal(used(t), HWBP_PROBES);
	free(t);
}

static void stacktab__probe_at_end__wraps_to_start(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u64 st[3][1];
	u32 i;

	(void)state;
	colliders(st, 3, 64, 63, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(get(t, st[i], 1, 0), (63 + i) % 64 + 1);
	free(t);
}

static void stacktab__full__returns_0_and_counts_dropped(void **state)
{
	struct hwbp_stacktab *t = tab_new(8);	/* fewer entries than probes */
	u64 ips[HWBP_STACK_DEPTH];
	u32 ids[8], i, j;

	(void)state;
	for (i = 0; i < 8; i++) {
		stack_of(ips, 3, 100 + i);
		ids[i] = get(t, ips, 3, 0);
		assert_int_not_equal(ids[i], 0);
		for (j = 0; j < i; j++)
			assert_int_not_equal(ids[i], ids[j]);
	}
	assert_int_equal(used(t), 8);
	for (i = 0; i < 5; i++) {
		stack_of(ips, 3, 200 + i);
		assert_int_equal(get(t, ips, 3, 0), 0);
	}
	assert_int_equal(atomic64_read(&t->dropped), 5);
	/* Full, but the stored stacks are still counted. */
	for (i = 0; i < 8; i++) {
		stack_of(ips, 3, 100 + i);
		assert_int_equal(get(t, ips, 3, 0), ids[i]);
		assert_int_equal(atomic64_read(&ent(t, ids[i])->count), 2);
	}
	assert_int_equal(atomic64_read(&t->dropped), 5);
	free(t);
}

static void stacktab__size_1__one_stack(void **state)
{
	struct hwbp_stacktab *t = tab_new(1);
	u64 a[1] = { 1 }, b[1] = { 2 };

	(void)state;
	assert_int_equal(get(t, a, 1, 0), 1);
	assert_int_equal(get(t, b, 1, 0), 0);
	assert_int_equal(get(t, a, 1, 0), 1);
	assert_int_equal(atomic64_read(&t->ent[0].count), 2);
	assert_int_equal(atomic64_read(&t->dropped), 1);
	free(t);
}

static void stacktab__deepest_stack__stored_whole(void **state)
{
	struct hwbp_stacktab *t = tab_new(16);
	u64 ips[HWBP_STACK_DEPTH];
	u32 id;

	(void)state;
	stack_of(ips, HWBP_STACK_DEPTH, 9);
	id = get(t, ips, HWBP_STACK_DEPTH, 0);
	assert_memory_equal(ent(t, id)->ips, ips, sizeof(ips));
	free(t);
}

/*
 * The documented rare duplicate, made on purpose: the stack's home slot is
 * being filled by another CPU (BUSY), so this CPU stores it again in the
 * next slot. Both entries count; later lookups find the first one.
 */
static void stacktab__home_slot_busy__duplicate_stored(void **state)
{
	struct hwbp_stacktab *t = tab_new(64);
	u64 ips[HWBP_STACK_DEPTH];
	u32 home, id;

	(void)state;
	stack_of(ips, 4, 77);
	home = stack_hash(ips, 4, 0) & 63;
	t->ent[home].state = HWBP_ENT_BUSY;
	id = get(t, ips, 4, 0);
	assert_int_equal(id, ((home + 1) & 63) + 1);
	fill(&t->ent[home], stack_hash(ips, 4, 0), ips, 4, 0, 1, 0, COMM);
	t->ent[home].state = HWBP_ENT_READY;
	assert_int_equal(get(t, ips, 4, 0), home + 1);
	assert_int_equal(atomic64_read(&t->ent[home].count), 2);
	assert_int_equal(atomic64_read(&t->ent[id - 1].count), 1);
	assert_int_equal(used(t), 2);
	free(t);
}

/* ---- many threads, few stacks ---- */

#define MT_THREADS	8
#define MT_STACKS	5
#define MT_CALLS	2000	/* per thread per round */
#define MT_ROUNDS	60

struct mt {
	struct hwbp_stacktab *t;
	u64 ips[MT_STACKS][HWBP_STACK_DEPTH];
	u32 nr[MT_STACKS];
	u32 flags[MT_STACKS];
	int go;
	int ready;
	u64 calls[MT_THREADS][MT_STACKS];
	u64 bad_id[MT_THREADS];
};

struct worker {
	struct mt *mt;
	u32 n;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	struct mt *mt = w->mt;
	char comm[16] = "worker-0";
	u32 i, s, id;

	comm[7] = (char)('0' + w->n);
	__atomic_add_fetch(&mt->ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&mt->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (i = 0; i < MT_CALLS; i++) {
		s = (i + w->n) % MT_STACKS;
		id = hwbp_stack_get(mt->t, mt->ips[s], mt->nr[s], mt->flags[s],
				    1000 + i, w->n, comm);
		mt->calls[w->n][s]++;
		/* The id must name an entry holding exactly this stack. */
		if (!id || id > mt->t->size ||
		    !same_stack(&mt->t->ent[id - 1],
				stack_hash(mt->ips[s], mt->nr[s], mt->flags[s]),
				mt->ips[s], mt->nr[s], mt->flags[s]))
			mt->bad_id[w->n]++;
	}
	return NULL;
}

static void stacktab__concurrent_few_stacks__counts_sum_exactly(void **state)
{
	static struct mt mt;
	struct worker w[MT_THREADS];
	pthread_t th[MT_THREADS];
	u64 dups = 0, total_calls = 0;
	u32 round, i, s;

	(void)state;
	for (round = 0; round < MT_ROUNDS; round++) {
		u64 sum[MT_STACKS] = { 0 }, want[MT_STACKS] = { 0 };
		u32 entries[MT_STACKS] = { 0 };

		memset(&mt, 0, sizeof(mt));
		mt.t = tab_new(64);
		for (s = 0; s < MT_STACKS; s++) {
			mt.nr[s] = 16;
			stack_of(mt.ips[s], 16, s / 2);	/* pairs differ only by flags */
			mt.flags[s] = s & 1 ? HWBP_STACK_USER : 0;
		}
		mt.nr[MT_STACKS - 1] = 15;
		for (i = 0; i < MT_THREADS; i++) {
			w[i].mt = &mt;
			w[i].n = i;
			assert_int_equal(pthread_create(&th[i], NULL, worker, &w[i]), 0);
		}
		while (__atomic_load_n(&mt.ready, __ATOMIC_SEQ_CST) < MT_THREADS)
			sched_yield();
		__atomic_store_n(&mt.go, 1, __ATOMIC_RELEASE);
		for (i = 0; i < MT_THREADS; i++)
			assert_int_equal(pthread_join(th[i], NULL), 0);

		for (i = 0; i < MT_THREADS; i++) {
			assert_int_equal(mt.bad_id[i], 0);
			for (s = 0; s < MT_STACKS; s++)
				want[s] += mt.calls[i][s];
		}
		/* Every stored entry is one of the stacks; sums exact. */
		for (i = 0; i < mt.t->size; i++) {
			struct hwbp_stack_ent *e = &mt.t->ent[i];
			bool found = false;

			if (e->state == HWBP_ENT_EMPTY)
				continue;
			assert_int_equal(e->state, HWBP_ENT_READY);
			for (s = 0; s < MT_STACKS; s++) {
				if (!same_stack(e, stack_hash(mt.ips[s], mt.nr[s],
							      mt.flags[s]),
						mt.ips[s], mt.nr[s], mt.flags[s]))
					continue;
				found = true;
				sum[s] += atomic64_read(&e->count);
				entries[s]++;
			}
			assert_true(found);
			/* last_* racy but each from some hit of this round. */
			assert_true(e->last_cpu < MT_THREADS);
			assert_true(e->first_ns >= 1000 && e->first_ns < 1000 + MT_CALLS);
			assert_true(e->last_ns >= 1000 && e->last_ns < 1000 + MT_CALLS);
			assert_memory_equal(e->last_comm, "worker-", 7);
			assert_true(e->last_comm[7] >= '0' &&
				    e->last_comm[7] < '0' + MT_THREADS);
			assert_int_equal(e->last_comm[8], 0);
		}
		for (s = 0; s < MT_STACKS; s++) {
			assert_int_equal(sum[s], want[s]);
			assert_true(entries[s] >= 1);
			dups += entries[s] - 1;
			total_calls += want[s];
		}
		assert_int_equal(atomic64_read(&mt.t->dropped), 0);
		free(mt.t);
	}
	assert_int_equal(total_calls, (u64)MT_ROUNDS * MT_THREADS * MT_CALLS);
	print_message("stacktab: %u rounds, %llu calls, %llu duplicate entries "
		      "(two threads inserting one new stack at once)\n",
		      MT_ROUNDS, (unsigned long long)total_calls,
		      (unsigned long long)dups);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stacktab__init__empty),
		cmocka_unit_test(stacktab__new_stack__gets_id_and_fields),
		cmocka_unit_test(stacktab__same_stack__same_id_count_2),
		cmocka_unit_test(stacktab__user_flag__different_id),
		cmocka_unit_test(stacktab__different_nr__different_id),
		cmocka_unit_test(stacktab__one_frame_differs__different_id),
		cmocka_unit_test(stacktab__same_home_slot__linear_probe_then_dropped),
		cmocka_unit_test(stacktab__probe_at_end__wraps_to_start),
		cmocka_unit_test(stacktab__full__returns_0_and_counts_dropped),
		cmocka_unit_test(stacktab__size_1__one_stack),
		cmocka_unit_test(stacktab__deepest_stack__stored_whole),
		cmocka_unit_test(stacktab__home_slot_busy__duplicate_stored),
		cmocka_unit_test(stacktab__concurrent_few_stacks__counts_sum_exactly),
	};

	return cmocka_run_group_tests_name("stacktab", tests, NULL, NULL);
}
