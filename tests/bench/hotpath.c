// SPDX-License-Identifier: GPL-2.0
/*
 * The hit path's cost in instructions, for callgrind: the same code the
 * module runs (kmod/ring.c, stacktab.c, agg.c, hitpath.c), set up as a
 * recording watch is (ring 4096, stack table 1024, aggregation tables
 * 512), driven by a steady stream of hits.
 *
 *   hotpath SCENARIO [N]
 *
 * runs SCENARIO N times (default 100000). Each scenario's measured work is
 * one call of a function named bench_SCENARIO, so that
 *
 *   valgrind --tool=callgrind --toggle-collect=bench_SCENARIO hotpath SCENARIO
 *
 * counts exactly that work; Ir / N is the cost of one hit. Everything else
 * (setup, emptying the ring when it is full, checks) is outside it.
 * scripts/bench-host.sh runs it and compares with the targets.
 *
 * Scenarios:
 *   record	a recorded hit of a watch without stacks: hwbp_hit_aggregate()
 *		+ hwbp_hit_wanted() + hwbp_hit_record()
 *   stack	hwbp_stack_get() of a 16-frame stack already in the table
 *   record_stack  (no target) a recorded hit with a 16-frame kernel stack
 *		already in the table
 *
 * memcmp() is the kernel's own (lib/string.c, word at a time, which x86_64
 * kernels use), not glibc's vector one, so that comparing stacks costs
 * what it costs in the module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/record.h"

#define RING_SIZE	4096
#define STACK_SLOTS	1024
#define AGG_SLOTS	512
#define FRAMES		16
#define NR_STACKS	200	/* stacks in the table before measuring */
#define NR_HOT		8	/* of which the hits cycle through */

/*
 * lib/string.c's memcmp() of Linux 6.1 with
 * CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS, replacing glibc's for the kmod
 * code (hotpath.c is built with -fno-builtin, so this stays a loop).
 */
int memcmp(const void *cs, const void *ct, size_t count)
{
	const unsigned char *su1, *su2;
	int res = 0;

	if (count >= sizeof(unsigned long)) {
		const unsigned long *u1 = cs;
		const unsigned long *u2 = ct;

		do {
			if (*u1 != *u2)
				break;
			u1++;
			u2++;
			count -= sizeof(unsigned long);
		} while (count >= sizeof(unsigned long));
		cs = u1;
		ct = u2;
	}
	for (su1 = cs, su2 = ct; 0 < count; ++su1, ++su2, count--) {
		res = *su1 - *su2;
		if (res)
			break;
	}
	return res;
}

static struct hwbp_rec_ctx ctx;
static struct hwbp_ring *ring;
static u64 stacks[NR_STACKS][FRAMES];
static char comms[4][16] = { "bash", "systemd", "kworker/1:2", "sshd" };

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		perror("calloc");
		exit(2);
	}
	return p;
}

static struct hwbp_agg *agg_new(void)
{
	struct hwbp_agg *a = zalloc(hwbp_agg_bytes(AGG_SLOTS));

	hwbp_agg_init(a, AGG_SLOTS);
	return a;
}

static void setup(bool with_stacks)
{
	u32 i, j;

	memset(&ctx, 0, sizeof(ctx));
	ctx.id = 1;
	ctx.type = HWBP_TYPE_W;
	ctx.filter = HWBP_FILTER_NONE;
	ctx.by_ip = agg_new();
	ctx.by_task = agg_new();
	ring = zalloc(hwbp_ring_bytes(RING_SIZE));
	hwbp_ring_init(ring, RING_SIZE);
	for (i = 0; i < NR_STACKS; i++)
		for (j = 0; j < FRAMES; j++)
			stacks[i][j] = 0xffffffff81000000ULL +
				       (u64)(i * 7919 + j * 104729) * 16 + 3;
	if (with_stacks) {
		ctx.stacks = zalloc(hwbp_stacktab_bytes(STACK_SLOTS));
		hwbp_stacktab_init(ctx.stacks, STACK_SLOTS);
		for (i = 0; i < NR_STACKS; i++)
			if (!hwbp_stack_get(ctx.stacks, stacks[i], FRAMES, 0,
					    1, 0, comms[0])) {
				fprintf(stderr, "hotpath: setup: stack %u not stored\n", i);
				exit(2);
			}
	}
}

/* Hit number @n: a few writers (ip, pid, comm), values changing. */
static void make_hit(struct hwbp_hit_in *in, u64 n)
{
	memset(in, 0, sizeof(*in));
	in->now = 1000000000ULL + n * 1000;
	in->ip = 0xffffffff81234500ULL + (n % NR_HOT) * 0x40;
	in->addr = 0xffffffff82a01230ULL;
	in->before = n;
	in->after = n + 1;
	in->cpu = 0;
	in->pid = 100 + (u32)(n % 4);
	in->tid = in->pid;
	in->len = 8;
	in->flags = HWBP_REC_VALUES;
	in->comm = comms[n % 4];
}

/* ---- measured: one call, one hit ---- */

__attribute__((noipa)) bool bench_record(struct hwbp_rec_ctx *c,
					    struct hwbp_ring *r,
					    const struct hwbp_hit_in *in)
{
	hwbp_hit_aggregate(c, in);
	if (!hwbp_hit_wanted(c, in))
		return false;
	return hwbp_hit_record(c, r, in);
}

__attribute__((noipa)) u32 bench_stack(struct hwbp_stacktab *t,
					  const u64 *ips, u64 now,
					  const char *comm)
{
	return hwbp_stack_get(t, ips, FRAMES, 0, now, 0, comm);
}

__attribute__((noipa)) bool bench_record_stack(struct hwbp_rec_ctx *c,
						  struct hwbp_ring *r,
						  const struct hwbp_hit_in *in)
{
	hwbp_hit_aggregate(c, in);
	if (!hwbp_hit_wanted(c, in))
		return false;
	return hwbp_hit_record(c, r, in);
}

/* ---- drivers ---- */

/* Keep room in the ring, outside the measured function. */
static void make_room(void)
{
	if (ring->head - ring->tail >= ring->size)
		hwbp_ring_reset(ring);
}

static int run_record(u64 n)
{
	struct hwbp_hit_in in;
	u64 i, ok = 0;

	setup(false);
	for (i = 0; i < n; i++) {
		make_hit(&in, i);
		make_room();
		ok += bench_record(&ctx, ring, &in);
	}
	if (ok != n || (u64)atomic64_read(&ctx.seq) - ctx.seq_base != n) {
		fprintf(stderr, "hotpath: record: %llu of %llu recorded\n",
			(unsigned long long)ok, (unsigned long long)n);
		return 1;
	}
	return 0;
}

static int run_stack(u64 n)
{
	u64 i, bad = 0;
	u32 id;

	setup(true);
	for (i = 0; i < n; i++) {
		id = bench_stack(ctx.stacks, stacks[i % NR_HOT], i, comms[i % 4]);
		bad += !id || memcmp(ctx.stacks->ent[id - 1].ips,
				     stacks[i % NR_HOT], sizeof(stacks[0]));
	}
	if (bad || atomic64_read(&ctx.stacks->dropped)) {
		fprintf(stderr, "hotpath: stack: %llu lookups wrong\n",
			(unsigned long long)bad);
		return 1;
	}
	return 0;
}

static int run_record_stack(u64 n)
{
	struct hwbp_hit_in in;
	u64 i, ok = 0;

	setup(true);
	for (i = 0; i < n; i++) {
		make_hit(&in, i);
		in.kstack = stacks[i % NR_HOT];
		in.nr_kstack = FRAMES;
		make_room();
		ok += bench_record_stack(&ctx, ring, &in);
	}
	if (ok != n || atomic64_read(&ctx.stacks->dropped)) {
		fprintf(stderr, "hotpath: record_stack: %llu of %llu recorded\n",
			(unsigned long long)ok, (unsigned long long)n);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	u64 n = 100000;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: hotpath record|stack|record_stack [N]\n");
		return 2;
	}
	if (argc == 3)
		n = strtoull(argv[2], NULL, 0);
	if (!strcmp(argv[1], "record"))
		return run_record(n);
	if (!strcmp(argv[1], "stack"))
		return run_stack(n);
	if (!strcmp(argv[1], "record_stack"))
		return run_record_stack(n);
	fprintf(stderr, "hotpath: unknown scenario %s\n", argv[1]);
	return 2;
}
