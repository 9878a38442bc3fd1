/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hit path's data structures: per-CPU rings of records, the stack
 * table and the aggregation tables. Pure code over caller-provided memory,
 * built into the module and into the host tests and benchmarks.
 *
 * Concurrency model, which every function below relies on:
 * - A ring has one producer, the CPU it belongs to, running in #DB (or
 *   kprobe) context with interrupts off, so producers never nest on a ring.
 *   Consumers (read, reset) are serialised by the caller's mutex.
 * - Tables are filled from every CPU at once, without locks: an entry is
 *   claimed with cmpxchg() on its state, filled, then published with a
 *   release store; readers and lookups skip entries not yet published.
 *   Counts are atomic. An entry's "last seen" fields are written racily
 *   and may mix two hits; counts never do.
 * - Resetting a table requires that no producer runs (the caller pauses
 *   the watch and waits for handlers in flight).
 */
#ifndef HWBP_RECORD_H
#define HWBP_RECORD_H

#include "portable.h"
#include <linux/hwbp.h>

/**
 * struct hwbp_ring - one CPU's records of one watch
 * @size:	slots, a power of two
 * @head:	next slot the producer fills (free-running)
 * @tail:	oldest slot still held (free-running); written by reset only
 * @rec:	the slots
 *
 * Records are never overwritten: a full ring refuses new ones, so a reader
 * may copy any slot between tail and head while the producer runs.
 */
struct hwbp_ring {
	u32 size;
	u32 head;
	u32 tail;
	u32 pad;
	struct hwbp_record rec[];
};

size_t hwbp_ring_bytes(u32 size);
void hwbp_ring_init(struct hwbp_ring *r, u32 size);
struct hwbp_record *hwbp_ring_reserve(struct hwbp_ring *r);
void hwbp_ring_commit(struct hwbp_ring *r);
void hwbp_ring_reset(struct hwbp_ring *r);
u32 hwbp_ring_pop(struct hwbp_ring *r, struct hwbp_record *out, u32 max);
u32 hwbp_rings_read(struct hwbp_ring *const *rings, u32 nr, u64 start_seq,
		    struct hwbp_record *out, u32 max, u64 *next_seq);

/* Stack and aggregation table entry states. */
#define HWBP_ENT_EMPTY	0
#define HWBP_ENT_BUSY	1
#define HWBP_ENT_READY	2

/**
 * struct hwbp_stack_ent - a stack table entry
 * @state:	HWBP_ENT_*
 * @nr:		frames
 * @hash:	hash of the frames and flags
 * @count:	hits with this stack
 * @first_ns:	first seen
 * @last_ns:	last seen (racy)
 * @last_cpu:	CPU of the last hit (racy)
 * @flags:	HWBP_STACK_*
 * @last_comm:	comm of the last hit (racy)
 * @ips:	the frames
 */
struct hwbp_stack_ent {
	u32 state;
	u32 nr;
	u64 hash;
	atomic64_t count;
	u64 first_ns;
	u64 last_ns;
	u32 last_cpu;
	u32 flags;
	char last_comm[16];
	u64 ips[HWBP_STACK_DEPTH];
};

/**
 * struct hwbp_stacktab - a watch's distinct stacks
 * @size:	entries, a power of two
 * @dropped:	stacks that found no room
 * @ent:	the entries; id = index + 1
 */
struct hwbp_stacktab {
	u32 size;
	u32 pad;
	atomic64_t dropped;
	struct hwbp_stack_ent ent[];
};

size_t hwbp_stacktab_bytes(u32 size);
void hwbp_stacktab_init(struct hwbp_stacktab *t, u32 size);
u32 hwbp_stack_get(struct hwbp_stacktab *t, const u64 *ips, u32 nr,
		   u32 flags, u64 now, u32 cpu, const char *comm);

/**
 * struct hwbp_agg_ent - an aggregation table entry
 * @state:	HWBP_ENT_*
 * @pad:	alignment
 * @key:	what is counted: an ip, or a task's pid
 * @count:	hits
 * @comm:	for task tables, the task's comm
 */
struct hwbp_agg_ent {
	u32 state;
	u32 pad;
	u64 key;
	atomic64_t count;
	char comm[16];
};

/**
 * struct hwbp_agg - counts by one key
 * @size:	entries, a power of two
 * @overflow:	hits that found the table full
 * @ent:	the entries
 */
struct hwbp_agg {
	u32 size;
	u32 pad;
	atomic64_t overflow;
	struct hwbp_agg_ent ent[];
};

size_t hwbp_agg_bytes(u32 size);
void hwbp_agg_init(struct hwbp_agg *a, u32 size);
void hwbp_agg_add(struct hwbp_agg *a, u64 key);
void hwbp_agg_add_task(struct hwbp_agg *a, u32 pid, const char *comm);
u64 hwbp_comm_hash(const char *comm);

/**
 * struct hwbp_rec_ctx - what a recording watch's hit path needs
 * @id:		the watch id, copied into records
 * @type:	HWBP_TYPE_*
 * @filter:	HWBP_FILTER_*
 * @nr_allow:	functions in the allow-list
 * @filter_value: for HWBP_FILTER_EQ and _NE
 * @allow_start: allowed functions' first byte
 * @allow_end:	allowed functions' end (exclusive)
 * @seq:	last seq handed out: one per recorded hit
 * @seq_base:	@seq at the last reset; hits recorded = seq - seq_base
 *		(one atomic less per hit than a counter of its own)
 * @dropped:	hits not recorded: ring full
 * @suppressed:	hits not recorded: filter or allow-list
 * @stacks:	the stack table, NULL without stacks
 * @by_ip:	counts by ip (for probes: by caller)
 * @by_task:	counts by task (pid and comm), summed by pid or by comm
 *		when read
 * @by_arg:	probes with HWBP_BY_ARG: counts by the argument's value
 * @retval:	retprobes: log2 histogram of return values, index 64 + key
 *		(see HWBP_BY_RETVAL)
 *
 * Set up before the watch is armed, reset only while it is paused.
 */
struct hwbp_rec_ctx {
	u32 id;
	u32 type;
	u32 filter;
	u32 nr_allow;
	u64 filter_value;
	u64 allow_start[HWBP_ALLOW_FUNCS];
	u64 allow_end[HWBP_ALLOW_FUNCS];
	atomic64_t seq;
	u64 seq_base;
	atomic64_t dropped;
	atomic64_t suppressed;
	struct hwbp_stacktab *stacks;
	struct hwbp_agg *by_ip;
	struct hwbp_agg *by_task;
	struct hwbp_agg *by_arg;
	atomic64_t *retval;
};

/**
 * struct hwbp_hit_in - one hit, as the breakpoint handler saw it
 * @now:	time
 * @ip:		instruction pointer reported
 * @addr:	piece that fired
 * @before:	value before (shadow), valid with HWBP_REC_VALUES in @flags
 * @after:	value after
 * @cpu:	CPU
 * @pid:	process
 * @tid:	thread
 * @len:	piece length
 * @flags:	HWBP_REC_VALUES, HWBP_REC_USER
 * @comm:	16 bytes, NUL-padded
 * @kstack:	kernel frames or NULL
 * @nr_kstack:	their number
 * @ustack:	user frames or NULL
 * @nr_ustack:	their number
 * @stack_id:	a kernel stack already in the table (probes that stored it
 *		at function entry), used when @kstack is NULL
 * @str:	a captured string (HWBP_REC_STR in @flags), or NULL
 */
struct hwbp_hit_in {
	u64 now;
	u64 ip;
	u64 addr;
	u64 before;
	u64 after;
	u32 cpu;
	u32 pid;
	u32 tid;
	u32 len;
	u32 flags;
	const char *comm;
	const u64 *kstack;
	u32 nr_kstack;
	const u64 *ustack;
	u32 nr_ustack;
	u32 stack_id;
	const char *str;
};

u16 hwbp_hit_flags(u32 type, const struct hwbp_hit_in *in);
void hwbp_hit_aggregate(struct hwbp_rec_ctx *c, const struct hwbp_hit_in *in);
bool hwbp_hit_wanted(struct hwbp_rec_ctx *c, const struct hwbp_hit_in *in);
bool hwbp_hit_record(struct hwbp_rec_ctx *c, struct hwbp_ring *ring,
		     const struct hwbp_hit_in *in);
int hwbp_retval_bucket(s64 v);

#endif /* HWBP_RECORD_H */
