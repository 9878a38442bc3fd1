/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwbp internals shared between the module's files.
 */
#ifndef HWBP_H
#define HWBP_H

#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/ratelimit.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/hwbp.h>

#define HWBP_VERSION	"0.3.0"

struct perf_event;
struct perf_sample_data;
struct pt_regs;
struct pid;
struct hwbp_rec_ctx;
struct hwbp_ring;
struct hwbp_probe;
struct hwbp_on;

/**
 * struct hwbp_refusal - why a request was refused, for the caller to print
 * @reason:	HWBP_R_*
 * @cpu:	CPU the reason is about, or -1
 * @free:	for HWBP_R_NO_SLOT, registers free on @cpu
 * @arg:	number the reason is about
 */
struct hwbp_refusal {
	u32 reason;
	s32 cpu;
	u32 free;
	u64 arg;
};

/**
 * struct hwbp_proc - the process side of a process watch
 * @pid:	the process (thread group), referenced
 * @mm:		its address space when armed, grabbed (mmgrab: the struct,
 *		not the memory) so that the pointer is not reused; where perf
 *		cannot keep a breakpoint to the threads of one image, the hit
 *		path compares it (hwbp_proc_foreign())
 * @nr:		its pid number as the user gave it
 * @events:	one struct hwbp_tev per thread and piece, each inherited by
 *		threads that thread creates later
 * @exit_wait:	on @pid's wait_pidfd queue, woken when the process is dead
 * @exit_work:	releases the events after the exit, in process context
 * @queued:	@exit_wait is on the queue (the watch was armed)
 */
struct hwbp_proc {
	struct pid *pid;
	struct mm_struct *mm;
	pid_t nr;
	struct list_head events;
	struct wait_queue_entry exit_wait;
	struct work_struct exit_work;
	bool queued;
};

/**
 * struct hwbp_wp - one watch
 * @id:		id shown to the user, key in the watch table
 * @serial:	unique for the module's life (ids are reused): see hwbp_watch
 * @type:	HWBP_TYPE_*
 * @len:	bytes watched
 * @flags:	HWBP_WATCH_*
 * @addr:	address as the user sees it: kernel address, user address,
 *		or per-CPU offset for HWBP_PERCPU_LOCAL and HWBP_PERCPU_ALL
 * @target:	the target as the user gave it ("" for a raw address)
 * @cpu:	with HWBP_WATCH_CPU, the one CPU to arm on
 * @percpu:	HWBP_PERCPU_*
 * @percpu_cpu:	with HWBP_PERCPU_CPU, whose instance
 * @state:	HWBP_STATE_*, written under hwbp_watches_lock
 * @nr_pieces:	debug registers the watch takes on each CPU (or thread)
 * @pieces:	what each CPU arms: absolute addresses, except for
 *		HWBP_PERCPU_LOCAL where they are per-CPU offsets
 * @events:	kernel watches: [cpu * nr_pieces + i], NULL where not armed.
 *		Written only by the CPU hotplug callbacks, which the hotplug
 *		core serialises per instance; read racily for counts.
 * @node:	kernel watches: instance of the hwbp CPU hotplug state
 * @arming:	set while the instance is added, so that a failure to arm
 *		fails the add instead of being logged as a missed CPU
 * @arm_why:	why arming on a CPU failed, for the add to report
 * @proc:	process watches: the process and its per-thread events
 * @hits:	per-CPU hit counters; each CPU increments only its own, from
 *		the breakpoint handler with interrupts off, so no lock is needed
 *		and the sum over CPUs is exact
 * @rec:	recording watches: filter, allow-list, tables and counters
 * @rings:	recording watches: each possible CPU's ring of records
 * @shadow:	last value seen of each piece, per CPU for HWBP_PERCPU_LOCAL
 *		(row 0 otherwise): "before" of the next hit. Written by the
 *		handlers with WRITE_ONCE; CPUs hitting shared memory at once
 *		may see each other's value.
 * @paused:	set while HWBP_IOC_CLEAR resets the tables: handlers count
 *		but do not record
 * @filter:	HWBP_FILTER_*, for listing
 * @filter_value: for listing
 * @allow:	the allow-list as given, for listing
 * @max_hits:	disarm after this many hits, 0 for never
 * @taken:	hits so far against @max_hits
 * @stop_irq:	queued by the handler that takes the last allowed hit
 * @stop_work:	disarms the watch in process context
 * @probe:	probes: the kprobe or kretprobe
 * @probe_by:	probes: HWBP_BY_* asked for
 * @by_arg:	probes: the argument counted by HWBP_BY_ARG, 0 for none
 * @arg:	probes: the argument recorded, 0 for none
 * @arg_kind:	probes: HWBP_ARG_*
 * @on:		watches armed by a call: their kprobes and state
 * @on_text:	"func:argN[+off]" as given, for listing
 * @until_text:	"func:argN" as given, for listing
 * @ev_win:	netlink rate limit: the second @ev_count counts in (racy:
 *		two CPUs may both reset it, letting a few more through)
 * @ev_count:	hit messages queued in that second
 * @ev_suppressed: hits not sent since the watch's last message
 * @rs:		ratelimit for HWBP_WATCH_LOG; __ratelimit() only trylocks,
 *		which is safe in #DB context
 *
 * Lifetime: created and destroyed under hwbp_watches_lock. The breakpoint
 * handler reaches the watch only through its perf events' context pointer,
 * and the watch is freed only after every event is released, which waits
 * for handlers in flight.
 */
struct hwbp_wp {
	u32 id;
	u64 serial;
	u32 type;
	u32 len;
	u32 flags;
	u64 addr;
	char target[HWBP_TARGET_MAX];
	u32 cpu;
	u32 percpu;
	u32 percpu_cpu;
	u32 state;
	u32 nr_pieces;
	struct hwbp_piece *pieces;
	struct perf_event **events;
	struct hlist_node node;
	bool arming;
	struct hwbp_refusal arm_why;
	struct hwbp_proc *proc;
	u64 __percpu *hits;
	struct hwbp_rec_ctx *rec;
	struct hwbp_ring **rings;
	u64 *shadow;
	bool paused;
	u32 filter;
	u64 filter_value;
	char allow[HWBP_ALLOW_MAX];
	u64 max_hits;
	atomic64_t taken;
	struct irq_work stop_irq;
	struct work_struct stop_work;
	struct hwbp_probe *probe;
	u32 probe_by;
	u32 by_arg;
	u32 arg;
	u32 arg_kind;
	struct hwbp_on *on;
	char on_text[HWBP_ON_MAX];
	char until_text[HWBP_ON_MAX];
	unsigned long ev_win;
	atomic_t ev_count;
	atomic64_t ev_suppressed;
	struct ratelimit_state rs;
};

/* sym.c */
int hwbp_sym_init(void);
int hwbp_sym_resolve(const char *target, u64 *addr, u64 *size, u64 *off,
		     bool *percpu, struct hwbp_refusal *why);
unsigned long hwbp_sym_lookup(const char *name);
int hwbp_sym_range(const char *name, u64 *start, u64 *end);

/* hit.c */
void hwbp_hit_init(void);
u32 hwbp_stack_regs(struct pt_regs *regs, u64 *ips);
void hwbp_hit(struct perf_event *bp, struct perf_sample_data *data,
	      struct pt_regs *regs);
u64 hwbp_hits_total(const struct hwbp_wp *wp);

/* rec.c: recording state of a watch, and its batch reads */
extern unsigned int hwbp_ring_size;
extern unsigned int hwbp_agg_slots;
int hwbp_rec_init(void);
int hwbp_rec_setup_probe(struct hwbp_wp *wp);
int hwbp_rec_setup(struct hwbp_wp *wp, const struct hwbp_watch *req,
		   struct hwbp_refusal *why);
void hwbp_rec_free(struct hwbp_wp *wp);
void hwbp_rec_shadow_init(struct hwbp_wp *wp, struct task_struct *task);
void hwbp_rec_reset(struct hwbp_wp *wp);
void hwbp_rec_fill(struct hwbp_watch *out, const struct hwbp_wp *wp);
int hwbp_rec_hits(struct hwbp_wp *wp, u64 start, struct hwbp_record *out,
		  u32 *count, u64 *next);
int hwbp_rec_stacks(struct hwbp_wp *wp, struct hwbp_stacks *req,
		    struct hwbp_stack **out);
int hwbp_rec_counts(struct hwbp_wp *wp, struct hwbp_counts *req,
		    struct hwbp_count **out);

/* cpu.c: kernel watches, one breakpoint per CPU and piece */
int hwbp_cpu_init(void);
void hwbp_cpu_exit(void);
u64 hwbp_cpu_piece_addr(const struct hwbp_wp *wp, unsigned int cpu,
			unsigned int i);
int hwbp_cpu_arm(struct hwbp_wp *wp, struct hwbp_refusal *why);
void hwbp_cpu_disarm(struct hwbp_wp *wp);
int hwbp_cpu_check_free(const struct hwbp_wp *wp, struct hwbp_refusal *why);
u32 hwbp_cpu_nr_armed(const struct hwbp_wp *wp);
u32 hwbp_cpu_free_slots(unsigned int cpu);
u32 hwbp_cpu_held(unsigned int cpu);

/* proc.c: process watches, one breakpoint per thread and piece */
void hwbp_proc_init(void);
int hwbp_proc_prepare(struct hwbp_wp *wp, pid_t nr, struct hwbp_refusal *why);
int hwbp_proc_arm(struct hwbp_wp *wp, struct hwbp_refusal *why);
void hwbp_proc_stop(struct hwbp_wp *wp);
bool hwbp_proc_foreign(const struct hwbp_proc *proc);
void hwbp_proc_destroy(struct hwbp_wp *wp);

/* probe.c: kprobes and kretprobes that count calls */
void hwbp_probe_init(void);
int hwbp_probe_check(const struct hwbp_watch *req, struct hwbp_refusal *why);
int hwbp_probe_setup(struct hwbp_wp *wp, const struct hwbp_watch *req,
		     struct hwbp_refusal *why);
int hwbp_probe_arm(struct hwbp_wp *wp, struct hwbp_refusal *why);
void hwbp_probe_disarm(struct hwbp_wp *wp);
void hwbp_probe_free(struct hwbp_wp *wp);
u64 hwbp_probe_missed(const struct hwbp_wp *wp);

/* on.c: watches armed by a call */
struct module;
int hwbp_on_setup(struct hwbp_wp *wp, const struct hwbp_watch *req,
		  struct hwbp_refusal *why);
int hwbp_on_arm(struct hwbp_wp *wp, struct hwbp_refusal *why);
void hwbp_on_destroy(struct hwbp_wp *wp);
u64 hwbp_on_ignored(const struct hwbp_wp *wp);
bool hwbp_on_in_module(const struct hwbp_wp *wp, const struct module *mod,
		       bool init);
void hwbp_on_drop_object(struct hwbp_wp *wp);

static inline bool hwbp_is_probe_type(u32 type)
{
	return type == HWBP_TYPE_PROBE || type == HWBP_TYPE_RETPROBE;
}

/* watch.c */
extern unsigned int hwbp_max_watches;
int hwbp_watch_init(void);
int hwbp_watch_add(struct hwbp_watch *req, struct hwbp_piece *pieces,
		   u32 *nr_pieces, struct hwbp_refusal *why);
int hwbp_watch_del(u32 id);
void hwbp_watch_del_all(void);
int hwbp_watch_list(struct hwbp_list *req);
int hwbp_watch_pieces(u32 id, struct hwbp_piece *pieces, u32 *count);
u32 hwbp_watch_count(void);
void hwbp_watch_lock(void);
void hwbp_watch_assert_locked(void);
void hwbp_watch_unlock(void);
u32 hwbp_watch_fill_pieces(const struct hwbp_wp *wp, struct hwbp_piece *out,
			   u32 max);
struct hwbp_wp *hwbp_watch_find(u32 id);
int hwbp_watch_clear(u32 id);
void hwbp_watch_clear_all(void);
u32 hwbp_watch_task_slots(void);
int hwbp_watch_on_arm(struct hwbp_wp *wp, u64 addr);
struct hwbp_wp *hwbp_watch_next(int *id);

/* unsafe.c: places no breakpoint may go; module memory going away */
void hwbp_unsafe_init(void);
u32 hwbp_unsafe(u64 addr, u32 len, u32 type);
bool hwbp_module_gone(u64 addr, u32 len, bool percpu);
int hwbp_unsafe_notifier_init(void);
void hwbp_unsafe_notifier_exit(void);

/* netlink.c: live events */
struct hwbp_hit_in;
extern bool hwbp_nl_active;
int hwbp_nl_init(void);
void hwbp_nl_exit(void);
void hwbp_nl_hit(struct hwbp_wp *wp, const struct hwbp_hit_in *in);
void hwbp_nl_event(u32 event, const struct hwbp_wp *wp);

/* dev.c */
int hwbp_dev_init(void);
void hwbp_dev_exit(void);

#endif /* HWBP_H */
