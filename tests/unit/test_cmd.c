// SPDX-License-Identifier: GPL-2.0
/*
 * The commands end to end against a fake module: tool/main.c (its main()
 * renamed hwbp_main) and every tool file, with open(), ioctl() and close()
 * replaced by -Wl,--wrap so that HWBP_IOC_* land in the fake below.
 *
 * The fake keeps the module's input rules (zeroed reserved and output
 * fields, LIST's next_id/total/flags/pad zero), so these tests also check
 * that the tool fills the ABI structs the way the module demands.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "unit.h"
#include "genl_msg.h"		/* libnl: before hwbp.h poisons u32 and co. */
#include "../../kmod/rules.h"	/* the fake splits ranges as the module does */
#include "hwbp.h"

int hwbp_main(int argc, char **argv);

#define FAKE_FD		1000
#define FAKE_MAX	200
#define FAKE_CPUS	512
#define FAKE_PIECES	4096
#define FAKE_REGS	4
#define FAKE_PID	4242
#define FAKE_RECS	1200
#define FAKE_STACKS	80
#define PID_MAX_ADDR	0xffffffff82a1b2c0ULL
#define RUNQUEUES_OFF	0x2c8c0ULL
#define PERCPU_BASE	0xffff888237a00000ULL
#define PERCPU_STRIDE	0x40000ULL
#define VFS_READ_ADDR	0xffffffff81234900ULL
#define OPENAT2_ADDR	0xffffffff81234a00ULL

static struct {
	int open_errno;			/* open() fails with this */
	int info_errno;			/* HWBP_IOC_INFO fails with this */
	int slots_errno;		/* HWBP_IOC_SLOTS fails with this */
	__u32 abi;
	__u32 exec_len;
	__u32 next_id;
	__u32 nr_cpus;			/* possible CPUs */
	bool offline[FAKE_CPUS];
	__u32 others[FAKE_CPUS];	/* registers held by perf, ptrace... */
	struct hwbp_watch w[FAKE_MAX];	/* w[i].id == 0: free */
	__u32 fail_reason;		/* HWBP_IOC_ADD refuses with this */
	int fail_errno;
	__s32 fail_cpu;
	__u64 fail_arg;
	__u32 fail_free;
	bool regs_unlimited;		/* no NO_SLOT, for many watches */
	int list_calls;
	int add_calls;
	int pieces_calls;
	__u32 last_room;		/* nr_pieces of the last ADD */
	int open_fds;
	/* Records, stacks and counts (HITS, STACKS, COUNTS, CLEAR) */
	struct hwbp_record rec[FAKE_RECS];	/* in seq order per watch */
	__u32 rec_appear[FAKE_RECS];	/* visible once list_calls >= this */
	__u64 rec_serial[FAKE_RECS];	/* of that watch only; 0: any */
	__u32 nrec;
	struct hwbp_stack st[FAKE_STACKS];
	__u32 nst;
	__u64 st_dropped;
	struct hwbp_count cnt[8];
	__u32 ncnt;
	__u64 cnt_overflow;
	__u32 cnt_by;			/* the by of the last COUNTS */
	int hits_calls, stacks_calls, counts_calls, clear_calls;
	__u32 clear_id, clear_flags;
	int gone_at_list;		/* delete watch 1 at this LIST call */
	int reuse_at_list;		/* watch 1 becomes reuse_with then */
	struct hwbp_watch reuse_with;	/* a new watch that got id 1 */
	__u64 next_serial;
	int open_fail_after;		/* opens after this many fail ENOENT */
	int opens;
} fake;

static struct hwbp_piece pieces_buf[FAKE_PIECES];

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return false;
	return true;
}

static struct hwbp_watch *find(__u32 id)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX; i++)
		if (fake.w[i].id == id && id)
			return &fake.w[i];
	return NULL;
}

static __u32 count(void)
{
	__u32 i, n = 0;

	for (i = 0; i < FAKE_MAX; i++)
		n += !!fake.w[i].id;
	return n;
}

static __u32 nr_online(void)
{
	__u32 c, n = 0;

	for (c = 0; c < fake.nr_cpus; c++)
		n += !fake.offline[c];
	return n;
}

static __u64 instance(__u32 cpu, __u64 off)
{
	return PERCPU_BASE + cpu * PERCPU_STRIDE + off;
}

/* Pieces of one instance at @addr, with @cpu; appended at @p[*n]. */
static void add_range(struct hwbp_piece *p, __u32 *n, const struct hwbp_watch *w,
		      __u64 addr, __s32 cpu)
{
	static struct hwbp_piece one[HWBP_RANGE_MAX];
	__u32 k, m;

	if (w->type == HWBP_TYPE_X) {
		m = 1;
		one[0] = (struct hwbp_piece){ addr, w->len, -1 };
	} else {
		m = hwbp_split_range(addr, w->len, one, ARRAY_SIZE(one));
	}
	for (k = 0; k < m; k++, (*n)++) {
		if (*n >= FAKE_PIECES)
			continue;
		p[*n] = one[k];
		p[*n].cpu = cpu;
	}
}

/* As the module arms them: the pieces of @w, into pieces_buf. */
static __u32 compute_pieces(const struct hwbp_watch *w)
{
	struct hwbp_piece *p = pieces_buf;
	__u32 n = 0, c;

	/* A probe holds no register; an --on watch none until its call. */
	if (w->type == HWBP_TYPE_PROBE || w->type == HWBP_TYPE_RETPROBE ||
	    (w->on[0] && !w->addr))
		return 0;
	if (w->pid || !w->percpu) {
		add_range(p, &n, w, w->addr,
			  w->flags & HWBP_WATCH_CPU ? (__s32)w->cpu : -1);
		return n;
	}
	for (c = 0; c < fake.nr_cpus; c++) {
		if (fake.offline[c])
			continue;
		switch (w->percpu) {
		case HWBP_PERCPU_LOCAL:
			if (!(w->flags & HWBP_WATCH_CPU) || w->cpu == c)
				add_range(p, &n, w, instance(c, w->addr), c);
			break;
		case HWBP_PERCPU_CPU:
			if (c == 0)
				add_range(p, &n, w,
					  instance(w->percpu_cpu, w->addr),
					  w->flags & HWBP_WATCH_CPU ? (__s32)w->cpu : -1);
			break;
		case HWBP_PERCPU_ALL:
			add_range(p, &n, w, instance(c, w->addr),
				  w->flags & HWBP_WATCH_CPU ? (__s32)w->cpu : -1);
			break;
		}
	}
	return n;
}

/* Registers the stored watches hold on @cpu. */
static __u32 held(__u32 cpu)
{
	__u32 i, n = 0;

	for (i = 0; i < FAKE_MAX; i++) {
		const struct hwbp_watch *w = &fake.w[i];

		if (!w->id || w->pid || w->state != HWBP_STATE_ARMED)
			continue;
		if (!(w->flags & HWBP_WATCH_CPU) || w->cpu == cpu)
			n += w->slots;
	}
	return n;
}

static int refuse(struct hwbp_add *a, __u32 reason, int err, __s32 cpu,
		  __u64 arg)
{
	a->reason = reason;
	a->reason_cpu = cpu;
	a->reason_arg = arg;
	return -err;
}

static int copy_pieces(__u64 uptr, __u32 room, __u32 n)
{
	struct hwbp_piece *dst = (struct hwbp_piece *)(unsigned long)uptr;

	if (!uptr && room)
		return -EFAULT;
	if (dst)
		memcpy(dst, pieces_buf, (n < room ? n : room) * sizeof(*dst));
	return 0;
}

/* Arm @w as the module would: the first free slot, the next id and serial. */
static int fake_store(struct hwbp_watch *w)
{
	struct hwbp_watch *slot;

	for (slot = fake.w; slot < fake.w + FAKE_MAX && slot->id; slot++)
		;
	if (slot == fake.w + FAKE_MAX)
		return -EMFILE;
	w->id = ++fake.next_id;
	w->serial = ++fake.next_serial;
	*slot = *w;
	return 0;
}

/* As the module will: a kprobe on a known function, its inputs checked. */
static int fake_probe(struct hwbp_add *a)
{
	struct hwbp_watch *w = &a->watch;
	char sym[HWBP_SYM_MAX];
	__u64 off;

	if (w->len || w->pid || w->percpu || w->filter || w->allow[0] ||
	    w->on[0] || w->until[0] || (w->flags & HWBP_WATCH_CPU))
		return refuse(a, HWBP_R_RESERVED, EINVAL, -1, 0);
	if (w->probe_by > HWBP_BY_RETVAL || w->arg > HWBP_PROBE_ARGS ||
	    w->arg_kind > HWBP_ARG_USTR || !w->arg != !w->arg_kind ||
	    (w->probe_by == HWBP_BY_ARG) != !!w->by_arg ||
	    w->by_arg > HWBP_PROBE_ARGS ||
	    (w->probe_by == HWBP_BY_RETVAL && w->type != HWBP_TYPE_RETPROBE) ||
	    (w->arg && !(w->flags & HWBP_WATCH_RECORD)))
		return refuse(a, HWBP_R_BAD_ARG, EINVAL, -1, 0);
	if (hwbp_parse_target(w->target, sym, sizeof(sym), &off))
		return refuse(a, HWBP_R_BAD_TARGET, EINVAL, -1, 0);
	if (!strcmp(sym, "vfs_read"))
		w->addr = VFS_READ_ADDR + off;
	else if (!strcmp(sym, "do_sys_openat2"))
		w->addr = OPENAT2_ADDR + off;
	else if (!strcmp(sym, "noinstr_fn"))
		return refuse(a, HWBP_R_NOT_PROBEABLE, EINVAL, -1, EINVAL);
	else
		return refuse(a, HWBP_R_NOT_PROBEABLE, ENOENT, -1, ENOENT);
	w->nr_cpus = nr_online();
	a->nr_pieces = 0;
	if (w->flags & HWBP_WATCH_DRY_RUN) {
		w->state = HWBP_STATE_DRY_RUN;
		return 0;
	}
	return fake_store(w);
}

/* A watch armed by a call: nothing armed, no address, until the call. */
static int fake_on(struct hwbp_add *a)
{
	struct hwbp_watch *w = &a->watch;
	char name[HWBP_ON_MAX];
	__u32 argn;
	__u64 off;

	if (w->target[0] || w->addr || w->pid || w->percpu || !w->len ||
	    w->type == HWBP_TYPE_X)
		return refuse(a, HWBP_R_BAD_ON, EINVAL, -1, 0);
	if (hwbp_parse_on(w->on, name, sizeof(name), &argn, &off, true) ||
	    (w->until[0] && hwbp_parse_on(w->until, name, sizeof(name), &argn,
					  &off, false)))
		return refuse(a, HWBP_R_BAD_ON, EINVAL, -1, 0);
	if (strncmp(w->on, "kmem_cache_free:", 16) && strncmp(w->on, "sk_alloc:", 9))
		return refuse(a, HWBP_R_BAD_ON, ENOENT, -1, 0);
	a->nr_pieces = 0;
	return fake_store(w);
}

static int fake_add(struct hwbp_add *a)
{
	struct hwbp_watch *w = &a->watch;
	__u32 r, per, n, c, instances;
	__u64 arg, off;
	char sym[HWBP_SYM_MAX];

	fake.add_calls++;
	fake.last_room = a->nr_pieces;
	/* Out fields, padding and reserved: zero on input. */
	if (w->id || w->hits || w->state || w->slots || w->nr_cpus || w->recorded ||
	    w->dropped || w->suppressed || w->stacks_dropped || w->missed ||
	    w->serial ||
	    a->reason || a->reason_cpu || a->reason_free || a->reason_arg ||
	    !all_zero(w->reserved, sizeof(w->reserved)) ||
	    !all_zero(a->reserved, sizeof(a->reserved)))
		return refuse(a, HWBP_R_RESERVED, EINVAL, -1, 0);
	if (w->flags & ~HWBP_WATCH_IN_FLAGS)
		return refuse(a, HWBP_R_BAD_FLAGS, EINVAL, -1,
			      w->flags & ~HWBP_WATCH_IN_FLAGS);
	/* Inputs that only mean something with their mode: zero without it. */
	if ((w->cpu && !(w->flags & HWBP_WATCH_CPU)) ||
	    (w->percpu_cpu && w->percpu != HWBP_PERCPU_CPU) ||
	    w->percpu > HWBP_PERCPU_ALL || w->pid < 0 || (!a->pieces && a->nr_pieces))
		return refuse(a, HWBP_R_RESERVED, EINVAL, -1, 0);
	if (!(w->flags & HWBP_WATCH_RECORD) &&
	    ((w->flags & HWBP_WATCH_STACK) || w->filter || w->allow[0]))
		return refuse(a, HWBP_R_NEEDS_RECORD, EINVAL, -1, 0);
	if (w->filter > HWBP_FILTER_CHANGED ||
	    (w->filter && w->type == HWBP_TYPE_X))
		return refuse(a, HWBP_R_BAD_FILTER, EINVAL, -1, 0);
	if (fake.fail_reason || fake.fail_errno) {
		a->reason_free = fake.fail_free;
		return refuse(a, fake.fail_reason, fake.fail_errno,
			      fake.fail_cpu, fake.fail_arg);
	}
	if (w->type == HWBP_TYPE_PROBE || w->type == HWBP_TYPE_RETPROBE)
		return fake_probe(a);
	/* Probe inputs are zero on a data watch. */
	if (w->probe_by || w->by_arg || w->arg || w->arg_kind)
		return refuse(a, HWBP_R_BAD_ARG, EINVAL, -1, 0);
	if (w->until[0] && !w->on[0])
		return refuse(a, HWBP_R_BAD_ON, EINVAL, -1, 0);
	if (w->on[0])
		return fake_on(a);

	if (w->pid) {
		if (w->target[0])
			return refuse(a, HWBP_R_PROCESS_SYMBOL, EINVAL, -1, 0);
		if ((w->flags & HWBP_WATCH_CPU) || w->percpu)
			return refuse(a, HWBP_R_PROCESS_CPU, EINVAL, -1, 0);
		if (w->pid != FAKE_PID)
			return refuse(a, HWBP_R_NO_PROCESS, ESRCH, -1, w->pid);
		if (w->addr >= 0x800000000000ULL)
			return refuse(a, HWBP_R_KERNEL_ADDR, EINVAL, -1, 0);
	} else if (w->target[0]) {
		if (hwbp_parse_target(w->target, sym, sizeof(sym), &off))
			return refuse(a, HWBP_R_BAD_TARGET, EINVAL, -1, 0);
		if (!strcmp(sym, "pid_max")) {
			if (w->percpu)
				return refuse(a, HWBP_R_NOT_PERCPU, EINVAL, -1, 0);
			w->addr = PID_MAX_ADDR + off;
		} else if (!strcmp(sym, "runqueues")) {
			if (!w->percpu)
				return refuse(a, HWBP_R_PERCPU, EINVAL, -1, 0);
			w->addr = RUNQUEUES_OFF + off;
		} else {
			return refuse(a, HWBP_R_NO_SYMBOL, ENOENT, -1, 0);
		}
	} else if (w->addr < 0x800000000000ULL) {
		return refuse(a, HWBP_R_USER_ADDR, EINVAL, -1, 0);
	}
	if (w->flags & HWBP_WATCH_CPU) {
		if (w->cpu >= fake.nr_cpus)
			return refuse(a, HWBP_R_BAD_CPU, EINVAL, w->cpu, 0);
		if (fake.offline[w->cpu])
			return refuse(a, HWBP_R_CPU_OFFLINE, ENODEV, w->cpu, 0);
	}
	if (w->percpu == HWBP_PERCPU_CPU) {
		if (w->percpu_cpu >= fake.nr_cpus)
			return refuse(a, HWBP_R_BAD_CPU, EINVAL, w->percpu_cpu, 0);
		if (fake.offline[w->percpu_cpu])
			return refuse(a, HWBP_R_CPU_OFFLINE, ENODEV,
				      w->percpu_cpu, 0);
	}

	if (!w->len)
		w->len = w->type == HWBP_TYPE_X ? fake.exec_len : 4;
	r = hwbp_check_access(w->addr, w->type, w->len, fake.exec_len, &arg);
	if (r)
		return refuse(a, r, EINVAL, -1, arg);

	per = w->type == HWBP_TYPE_X ? 1 : hwbp_split_range(w->addr, w->len,
							   NULL, 0);
	instances = w->percpu == HWBP_PERCPU_ALL ? nr_online() : 1;
	if (per * instances > FAKE_REGS)
		return refuse(a, HWBP_R_TOO_WIDE, EINVAL, -1, per * instances);
	w->slots = per * instances;
	if (!w->pid) {
		for (c = 0; c < fake.nr_cpus; c++) {
			__u32 avail = FAKE_REGS - held(c) - fake.others[c];

			if (fake.offline[c] ||
			    ((w->flags & HWBP_WATCH_CPU) && w->cpu != c))
				continue;
			if (avail < w->slots && !fake.regs_unlimited) {
				a->reason_free = avail;
				w->slots = 0;
				return refuse(a, HWBP_R_NO_SLOT, ENOSPC, c,
					      per * instances);
			}
		}
	}
	w->nr_cpus = w->pid ? 0 : (w->flags & HWBP_WATCH_CPU) ? 1 : nr_online();
	n = compute_pieces(w);
	if (copy_pieces(a->pieces, a->nr_pieces, n))
		return -EFAULT;
	a->nr_pieces = n;

	if (w->flags & HWBP_WATCH_DRY_RUN) {
		w->state = HWBP_STATE_DRY_RUN;
		return 0;
	}
	return fake_store(w);
}

static int fake_pieces(struct hwbp_pieces *p)
{
	struct hwbp_watch *w;
	__u32 n;

	fake.pieces_calls++;
	if (!all_zero(p->reserved, sizeof(p->reserved)))
		return -EINVAL;
	w = find(p->id);
	if (!w)
		return -ENOENT;
	n = compute_pieces(w);
	if (copy_pieces(p->pieces, p->count, n))
		return -EFAULT;
	p->count = n;
	return 0;
}

static int fake_slots(struct hwbp_slots *s)
{
	struct hwbp_cpu_slots *dst = (struct hwbp_cpu_slots *)(unsigned long)s->cpus;
	__u32 c;

	if (fake.slots_errno)
		return -fake.slots_errno;
	if (s->pad || !all_zero(s->reserved, sizeof(s->reserved)))
		return -EINVAL;
	for (c = 0; c < fake.nr_cpus && c < s->count; c++) {
		memset(&dst[c], 0, sizeof(dst[c]));
		dst[c].cpu = c;
		if (fake.offline[c])
			continue;
		dst[c].online = 1;
		dst[c].total = FAKE_REGS;
		dst[c].hwbp = held(c);
		dst[c].free = FAKE_REGS - dst[c].hwbp - fake.others[c];
		if (dst[c].hwbp + fake.others[c] > FAKE_REGS)
			dst[c].free = 0;
	}
	s->count = fake.nr_cpus;
	return 0;
}

static int fake_del(struct hwbp_del *d)
{
	struct hwbp_watch *w;

	if (d->flags & ~HWBP_DEL_ALL || !all_zero(d->reserved, sizeof(d->reserved)))
		return -EINVAL;
	if (d->flags & HWBP_DEL_ALL) {
		if (d->id)
			return -EINVAL;
		memset(fake.w, 0, sizeof(fake.w));
		return 0;
	}
	w = find(d->id);
	if (!w)
		return -ENOENT;
	memset(w, 0, sizeof(*w));
	return 0;
}

/* As kmod/watch.c does it: ids in order, next_id where the batch stopped. */
static int fake_list(struct hwbp_list *l)
{
	struct hwbp_watch *dst = (struct hwbp_watch *)(unsigned long)l->watches;
	__u32 id, n = 0;

	fake.list_calls++;
	if (fake.gone_at_list && fake.list_calls >= fake.gone_at_list && find(1))
		memset(find(1), 0, sizeof(struct hwbp_watch));
	if (fake.reuse_at_list && fake.list_calls == fake.reuse_at_list &&
	    find(1))
		*find(1) = fake.reuse_with;
	if (l->next_id || l->total || l->flags || l->pad ||
	    !all_zero(l->reserved, sizeof(l->reserved)))
		return -EINVAL;
	l->next_id = 0;
	for (id = l->start_id; id <= fake.next_id; id++) {
		struct hwbp_watch *w = find(id);

		if (!w)
			continue;
		if (n == l->count) {
			l->next_id = id;
			break;
		}
		dst[n++] = *w;
	}
	l->total = count();
	l->count = n;
	return 0;
}

/* As kmod/ring.c does it: seq order, from start_seq, what is committed. */
static int fake_hits(struct hwbp_hits *h)
{
	struct hwbp_record *dst = (struct hwbp_record *)(unsigned long)h->records;
	struct hwbp_watch *w;
	__u32 i, n = 0;

	fake.hits_calls++;
	if (!all_zero(h->reserved, sizeof(h->reserved)) || h->next_seq)
		return -EINVAL;
	w = find(h->id);
	if (!w)
		return -ENOENT;
	if (!(w->flags & HWBP_WATCH_RECORD))
		return -EINVAL;
	h->next_seq = h->start_seq;
	for (i = 0; i < fake.nrec && n < h->count; i++) {
		if (fake.rec[i].id != h->id || fake.rec[i].seq < h->start_seq ||
		    fake.rec_appear[i] > (__u32)fake.list_calls ||
		    (fake.rec_serial[i] && fake.rec_serial[i] != w->serial))
			continue;
		dst[n++] = fake.rec[i];
		h->next_seq = fake.rec[i].seq + 1;
	}
	h->count = n;
	return 0;
}

static int fake_stacks(struct hwbp_stacks *q)
{
	struct hwbp_stack *dst = (struct hwbp_stack *)(unsigned long)q->stacks;
	struct hwbp_watch *w;
	__u32 i, n = 0;

	fake.stacks_calls++;
	if (!all_zero(q->reserved, sizeof(q->reserved)) || q->total || q->dropped)
		return -EINVAL;
	w = find(q->id);
	if (!w)
		return -ENOENT;
	for (i = q->start; i < fake.nst && n < q->count; i++)
		dst[n++] = fake.st[i];
	q->count = n;
	q->total = fake.nst;
	q->dropped = fake.st_dropped;
	return 0;
}

static int fake_counts(struct hwbp_counts *c)
{
	struct hwbp_count *dst = (struct hwbp_count *)(unsigned long)c->entries;
	struct hwbp_watch *w;
	__u32 i;

	fake.counts_calls++;
	if (!all_zero(c->reserved, sizeof(c->reserved)) || c->total ||
	    c->overflow || !c->by || c->by > HWBP_BY_RETVAL)
		return -EINVAL;
	w = find(c->id);
	if (!w)
		return -ENOENT;
	/* Probes count every call; watches on memory need records. */
	if (w->type != HWBP_TYPE_PROBE && w->type != HWBP_TYPE_RETPROBE &&
	    (!(w->flags & HWBP_WATCH_RECORD) && c->by != HWBP_BY_CPU))
		return -EINVAL;
	if ((c->by == HWBP_BY_RETVAL && w->type != HWBP_TYPE_RETPROBE) ||
	    (c->by == HWBP_BY_ARG && w->probe_by != HWBP_BY_ARG))
		return -EINVAL;
	fake.cnt_by = c->by;
	for (i = 0; i < fake.ncnt && i < c->count; i++)
		dst[i] = fake.cnt[i];
	c->count = i;
	c->total = fake.ncnt;
	c->overflow = fake.cnt_overflow;
	return 0;
}

static int fake_clear(struct hwbp_clear *c)
{
	struct hwbp_watch *w;

	fake.clear_calls++;
	if (c->flags & ~HWBP_CLEAR_ALL || !all_zero(c->reserved, sizeof(c->reserved)))
		return -EINVAL;
	if (c->flags & HWBP_CLEAR_ALL) {
		if (c->id)
			return -EINVAL;
	} else {
		w = find(c->id);
		if (!w)
			return -ENOENT;
		w->hits = 0;
	}
	fake.clear_id = c->id;
	fake.clear_flags = c->flags;
	fake.nrec = 0;
	return 0;
}

int __wrap_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	fake.opens++;
	if (fake.open_errno ||
	    (fake.open_fail_after && fake.opens > fake.open_fail_after)) {
		errno = fake.open_errno ? fake.open_errno : ENOENT;
		return -1;
	}
	fake.open_fds++;
	return FAKE_FD;
}

int __wrap_close(int fd);
int __real_close(int fd);
int __wrap_close(int fd)
{
	if (fd != FAKE_FD)
		return __real_close(fd);
	fake.open_fds--;
	return 0;
}

int __wrap_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct hwbp_info *info;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	assert_int_equal(fd, FAKE_FD);

	switch (req) {
	case HWBP_IOC_INFO:
		if (fake.info_errno) {
			ret = -fake.info_errno;
			break;
		}
		info = arg;
		memset(info, 0, sizeof(*info));
		info->abi_version = fake.abi;
		info->slots_per_cpu = 4;
		info->exec_len = fake.exec_len;
		info->nr_cpu_ids = fake.nr_cpus;
		info->nr_online = nr_online();
		info->nr_watches = count();
		info->max_watches = FAKE_MAX;
		strcpy(info->version, "0.1.0-fake");
		ret = 0;
		break;
	case HWBP_IOC_ADD:
		ret = fake_add(arg);
		break;
	case HWBP_IOC_DEL:
		ret = fake_del(arg);
		break;
	case HWBP_IOC_LIST:
		ret = fake_list(arg);
		break;
	case HWBP_IOC_PIECES:
		ret = fake_pieces(arg);
		break;
	case HWBP_IOC_SLOTS:
		ret = fake_slots(arg);
		break;
	case HWBP_IOC_HITS:
		ret = fake_hits(arg);
		break;
	case HWBP_IOC_STACKS:
		ret = fake_stacks(arg);
		break;
	case HWBP_IOC_COUNTS:
		ret = fake_counts(arg);
		break;
	case HWBP_IOC_CLEAR:
		ret = fake_clear(arg);
		break;
	default:
		ret = -ENOTTY;
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

/* ---- running the tool ---- */

static char out[262144], err[65536];

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run "hwbp ARGS..." (NULL-terminated); stdout and stderr land in out/err. */
static int run(const char *arg0, ...)
{
	char *argv[32];
	FILE *fo = tmpfile(), *fe = tmpfile();
	int argc = 1, saved_out, saved_err, ret;
	const char *a;
	va_list ap;

	assert_non_null(fo);
	assert_non_null(fe);
	argv[0] = "hwbp";
	va_start(ap, arg0);
	for (a = arg0; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	ret = hwbp_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(fo, out, sizeof(out));
	slurp(fe, err, sizeof(err));
	assert_int_equal(fake.open_fds, 0);	/* every open is closed */
	return ret;
}

static int reset(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.abi = HWBP_ABI_VERSION;
	fake.exec_len = 8;
	fake.nr_cpus = 2;
	hwbp_json = false;
	return 0;
}

static void add__symbol__prints_id_alone(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_string_equal(err, "");
	assert_int_equal(fake.w[0].type, HWBP_TYPE_W);
	assert_int_equal(fake.w[0].len, 4);
	assert_int_equal(run("add", "pid_max", "--log", "-l", "8", NULL), 0);
	assert_string_equal(out, "2\n");
	assert_int_equal(fake.w[1].flags, HWBP_WATCH_LOG | HWBP_WATCH_RECORD);
	assert_int_equal(fake.w[1].len, 8);
}

static void add__type_r__arms_rw_and_notes_it(void **state)
{
	(void)state;
	assert_int_equal(run("add", "-t", "r", "pid_max", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_string_equal(err,
		"hwbp: note: x86 cannot trap reads alone; watching reads and writes (rw)\n");
	assert_int_equal(fake.w[0].type, HWBP_TYPE_RW);
}

static void add__exec_without_len__uses_info_exec_len(void **state)
{
	(void)state;
	fake.exec_len = 8;
	assert_int_equal(run("add", "-t", "x", "0xffffffff81000003", NULL), 0);
	assert_int_equal(fake.w[0].len, 8);
	assert_int_equal(fake.w[0].type, HWBP_TYPE_X);
	assert_true(fake.w[0].addr == 0xffffffff81000003ULL);
	assert_string_equal(fake.w[0].target, "");
}

static void add__json__armed_watch_object(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", "--json", NULL), 0);
	assert_string_equal(out,
		"{\"id\":1,\"target\":\"pid_max\",\"addr\":\"0xffffffff82a1b2c0\","
		"\"type\":\"w\",\"len\":4,\"hits\":0,\"flags\":[\"record\"],\"where\":\"all\","
		"\"state\":\"armed\",\"slots\":1,\"nr_cpus\":2,\"cpu\":null,"
		"\"percpu\":null,\"pid\":null,"
		"\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null,\"pieces\":[{\"cpu\":null,\"addr\":\"0xffffffff82a1b2c0\",\"len\":4}]}\n");
	assert_int_equal(run("-j", "add", "pid_max", NULL), 0);
	assert_non_null(strstr(out, "\"id\":2"));
}

static void add__no_symbol__sentence_exit_1(void **state)
{
	(void)state;
	assert_int_equal(run("add", "nosuch", NULL), 1);
	assert_string_equal(out, "");
	assert_string_equal(err, "hwbp: no kernel symbol 'nosuch' (check /proc/kallsyms)\n");
}

static void add__no_slot__names_cpu(void **state)
{
	(void)state;
	fake.others[1] = 3;
	assert_int_equal(run("add", "-l", "16", "pid_max", NULL), 1);
	assert_string_equal(err,
		"hwbp: CPU 1 has 1 free debug register and this watch needs 2 (the others are held by hwbp watches or by perf, ptrace, gdb, kgdb; see hwbp info): delete a watch or narrow the range\n");
	assert_int_equal(count(), 0);
}

static void add__usage_error__device_never_opened(void **state)
{
	(void)state;
	fake.open_errno = ENOENT;
	assert_int_equal(run("add", "-l", "0", "pid_max", NULL), 2);
	assert_int_equal(run("add", "-l", "4097", "pid_max", NULL), 2);
	assert_int_equal(run("add", "-p", "4242", "pid_max", NULL), 2);
	assert_int_equal(run("add", "-p", "4242", "--cpu", "1", "0x1000", NULL), 2);
	assert_int_equal(run("add", "-p", "4242", "--percpu", "all", "0x1000", NULL), 2);
	assert_int_equal(run("add", "--percpu", "some", "runqueues", NULL), 2);
	assert_int_equal(run("add", "--cpu", "-1", "pid_max", NULL), 2);
	assert_int_equal(fake.add_calls, 0);
	assert_int_equal(run("add", "-t", "x", "-l", "4", "pid_max", NULL), 2);
	assert_null(strstr(err, "not loaded"));
}

static void list__none__prints_nothing(void **state)
{
	(void)state;
	assert_int_equal(run("list", NULL), 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	assert_int_equal(run("list", "--json", NULL), 0);
	assert_string_equal(out, "[]\n");
}

static void list__watches__table(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", "--log", NULL), 0);
	assert_int_equal(run("add", "-t", "x", "0xffffffff81000000", NULL), 0);
	assert_int_equal(run("add", "-t", "rw", "-l", "8", "pid_max+8", NULL), 0);
	fake.w[0].hits = 12;
	fake.w[2].flags |= HWBP_WATCH_PARAM;
	assert_int_equal(run("list", NULL), 0);
	assert_string_equal(out,
		"ID  TYPE  LEN  REGS  ADDRESS             WHERE  STATE    HITS  TARGET     FLAGS\n"
		" 1  w       4     1  0xffffffff82a1b2c0  all    armed      12  pid_max    log,record\n"
		" 2  x       8     1  0xffffffff81000000  all    armed       0  -          record\n"
		" 3  rw      8     1  0xffffffff82a1b2c8  all    armed       0  pid_max+8  param,record\n");
}

static void list__json__array(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "0xffffffff81000000", "-l", "1", NULL), 0);
	assert_int_equal(run("-j", "list", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":1,\"target\":\"pid_max\",\"addr\":\"0xffffffff82a1b2c0\",\"type\":\"w\",\"len\":4,\"hits\":0,\"flags\":[\"record\"],"
		"\"where\":\"all\",\"state\":\"armed\",\"slots\":1,\"nr_cpus\":2,\"cpu\":null,\"percpu\":null,\"pid\":null,"
		"\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null},"
		"{\"id\":2,\"target\":null,\"addr\":\"0xffffffff81000000\",\"type\":\"w\",\"len\":1,\"hits\":0,\"flags\":[\"record\"],"
		"\"where\":\"all\",\"state\":\"armed\",\"slots\":1,\"nr_cpus\":2,\"cpu\":null,\"percpu\":null,\"pid\":null,"
		"\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}]\n");
}

static void list__more_than_a_batch__all_in_id_order(void **state)
{
	char id[16];
	unsigned int i;
	const char *line;

	(void)state;
	fake.regs_unlimited = true;
	for (i = 0; i < 150; i++)
		assert_int_equal(run("add", "pid_max", NULL), 0);
	/* Holes in the ids, across batch boundaries. */
	assert_int_equal(run("del", "2", "64", "65", "130", NULL), 0);
	fake.list_calls = 0;
	assert_int_equal(run("list", NULL), 0);
	assert_int_equal(fake.list_calls, 3);
	line = strchr(out, '\n') + 1;
	for (i = 1; i <= 150; i++) {
		if (i == 2 || i == 64 || i == 65 || i == 130)
			continue;
		snprintf(id, sizeof(id), "%3u  w", i);
		assert_memory_equal(line, id, strlen(id));
		line = strchr(line, '\n') + 1;
	}
	assert_string_equal(line, "");
}

static void del__existing__gone(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "1", NULL), 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	assert_int_equal(count(), 0);
}

static void del__some_missing__deletes_rest_reports_each(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "7", "1", "9", NULL), 1);
	assert_string_equal(err,
		"hwbp: no watch with id 7 (see hwbp list)\n"
		"hwbp: no watch with id 9 (see hwbp list)\n");
	assert_null(find(1));
	assert_non_null(find(2));
}

static void del__bad_id_among_good__nothing_deleted(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "1", "abc", NULL), 2);
	assert_non_null(find(1));
}

static void del__all__every_watch(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "--all", NULL), 0);
	assert_int_equal(count(), 0);
}

static void info__text__every_field(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("info", NULL), 0);
	assert_string_equal(out,
		"module version:   0.1.0-fake\n"
		"tool version:     " HWBP_TOOL_VERSION "\n"
		"ABI version:      5 (tool 5)\n"
		"CPUs:             2 online, 2 possible\n"
		"debug registers:  4 per CPU\n"
		"watches:          1 of 200 in use\n"
		"execute length:   8 bytes\n"
		"\n"
		"CPU  ONLINE  REGISTERS  HWBP  FREE  OTHERS\n"
		"  0  yes             4     1     3       0\n"
		"  1  yes             4     1     3       0\n");
}

static void info__json__object(void **state)
{
	(void)state;
	assert_int_equal(run("info", "-j", NULL), 0);
	assert_string_equal(out,
		"{\"version\":\"0.1.0-fake\",\"tool_version\":\"" HWBP_TOOL_VERSION "\","
		"\"abi_version\":5,\"tool_abi_version\":5,\"cpus_online\":2,"
		"\"cpus_possible\":2,\"slots_per_cpu\":4,\"watches\":0,"
		"\"max_watches\":200,\"exec_len\":8,\"cpus\":["
		"{\"cpu\":0,\"online\":true,\"total\":4,\"hwbp\":0,\"free\":4,\"others\":0},"
		"{\"cpu\":1,\"online\":true,\"total\":4,\"hwbp\":0,\"free\":4,\"others\":0}]}\n");
}

static void info__abi_mismatch__shown_then_exit_1(void **state)
{
	(void)state;
	fake.abi = 99;
	assert_int_equal(run("info", NULL), 1);
	assert_non_null(strstr(out, "ABI version:      99 (tool 5)"));
	assert_string_equal(err,
		"hwbp: the hwbp module speaks ABI 99 and this tool ABI 5: use the tool built with the module\n");
}

static void abi_mismatch__other_commands__refused(void **state)
{
	(void)state;
	fake.abi = 99;
	assert_int_equal(run("list", NULL), 1);
	assert_int_equal(fake.list_calls, 0);
	assert_int_equal(run("add", "pid_max", NULL), 1);
	assert_int_equal(count(), 0);
	assert_non_null(strstr(err, "speaks ABI 99"));
}

static void open__eacces__needs_root(void **state)
{
	(void)state;
	fake.open_errno = EACCES;
	assert_int_equal(run("list", NULL), 1);
	assert_string_equal(err,
		"hwbp: permission denied on /dev/hwbp: hwbp needs root (CAP_SYS_ADMIN)\n");
}

static void info_enotty__versions_differ(void **state)
{
	(void)state;
	fake.info_errno = ENOTTY;
	assert_int_equal(run("info", NULL), 1);
	assert_string_equal(err,
		"hwbp: /dev/hwbp does not speak this ABI: tool and module versions differ\n");
}

/* hwbp --version: the tool's, and the loaded module's from HWBP_IOC_INFO. */
static void version__loaded__tool_and_module(void **state)
{
	(void)state;
	assert_int_equal(run("--version", NULL), 0);
	assert_string_equal(out,
		"hwbp " HWBP_TOOL_VERSION " (ABI 5)\n"
		"module: 0.1.0-fake (ABI 5)\n");
	assert_string_equal(err, "");
	assert_int_equal(fake.opens, 1);
	/* -j before or after -V */
	assert_int_equal(run("-V", "-j", NULL), 0);
	assert_string_equal(out,
		"{\"tool_version\":\"" HWBP_TOOL_VERSION "\",\"tool_abi_version\":5,"
		"\"module\":\"loaded\",\"version\":\"0.1.0-fake\",\"abi_version\":5,"
		"\"why\":null}\n");
	assert_string_equal(err, "");
}

static void version__not_loaded__says_so_exit_0(void **state)
{
	(void)state;
	fake.open_errno = ENOENT;
	assert_int_equal(run("--version", NULL), 0);
	assert_string_equal(out,
		"hwbp " HWBP_TOOL_VERSION " (ABI 5)\n"
		"module: not loaded (no /dev/hwbp)\n");
	assert_string_equal(err, "");
	fake.open_errno = ENXIO;
	assert_int_equal(run("--json", "--version", NULL), 0);
	assert_string_equal(out,
		"{\"tool_version\":\"" HWBP_TOOL_VERSION "\",\"tool_abi_version\":5,"
		"\"module\":\"not loaded\",\"version\":null,\"abi_version\":null,"
		"\"why\":\"/dev/hwbp has no driver behind it\"}\n");
	assert_string_equal(err, "");
}

/* Not root: the module's version is unknown, the tool's still the answer. */
static void version__eacces__unknown_exit_0(void **state)
{
	(void)state;
	fake.open_errno = EACCES;
	assert_int_equal(run("-V", NULL), 0);
	assert_string_equal(out,
		"hwbp " HWBP_TOOL_VERSION " (ABI 5)\n"
		"module: unknown (permission denied on /dev/hwbp: hwbp needs root (CAP_SYS_ADMIN))\n");
	assert_string_equal(err, "");
}

static void version__abi_mismatch__both_versions_exit_1(void **state)
{
	(void)state;
	fake.abi = 99;
	assert_int_equal(run("--version", NULL), 1);
	assert_string_equal(out,
		"hwbp " HWBP_TOOL_VERSION " (ABI 5)\n"
		"module: 0.1.0-fake (ABI 99)\n");
	assert_string_equal(err,
		"hwbp: the hwbp module (0.1.0-fake) speaks ABI 99 and this tool ("
		HWBP_TOOL_VERSION ") ABI 5: use the tool built with the module, "
		"or load the module built with this tool\n");
	assert_int_equal(fake.list_calls, 0);
	assert_int_equal(run("-j", "-V", NULL), 1);
	assert_non_null(strstr(out, "\"module\":\"loaded\",\"version\":\"0.1.0-fake\",\"abi_version\":99,"));
	assert_non_null(strstr(err, "speaks ABI 99"));
}

/* A device that does not answer HWBP_IOC_INFO: not a module we can speak to. */
static void version__enotty__exit_1(void **state)
{
	(void)state;
	fake.info_errno = ENOTTY;
	assert_int_equal(run("--version", NULL), 1);
	assert_string_equal(out, "hwbp " HWBP_TOOL_VERSION " (ABI 5)\n");
	assert_string_equal(err,
		"hwbp: /dev/hwbp does not speak this ABI: tool and module versions differ\n");
	assert_int_equal(run("--version", "--json", NULL), 1);
	assert_string_equal(out, "");
}

static void add__dry_run__text_nothing_armed(void **state)
{
	(void)state;
	assert_int_equal(run("add", "--dry-run", "-l", "40", "0xffffffff82a1b2c0", NULL), 1);
	assert_string_equal(err,
		"hwbp: a 40-byte range needs 5 debug registers on each CPU; x86 has 4: watch a narrower range\n");
	assert_int_equal(run("add", "--dry-run", "-l", "12", "pid_max+4", NULL), 0);
	assert_string_equal(out,
		"dry run: nothing was armed\n"
		"target:     pid_max+4\n"
		"address:    0xffffffff82a1b2c4\n"
		"type:       w\n"
		"length:     12 bytes\n"
		"where:      all (2 CPUs online)\n"
		"registers:  2 per CPU\n"
		"pieces:     2\n"
		"  CPU  ADDRESS             LEN\n"
		"  all  0xffffffff82a1b2c4  4\n"
		"  all  0xffffffff82a1b2c8  8\n");
	assert_string_equal(err, "");
	assert_int_equal(count(), 0);
	assert_int_equal(fake.next_id, 0);
}

static void add__dry_run_percpu_local__json_with_pieces(void **state)
{
	(void)state;
	assert_int_equal(run("add", "--dry-run", "--json", "--percpu", "local",
			     "runqueues+0x10", "-l", "8", NULL), 0);
	assert_string_equal(out,
		"{\"id\":0,\"target\":\"runqueues+0x10\",\"addr\":\"0x000000000002c8d0\",\"type\":\"w\",\"len\":8,"
		"\"hits\":0,\"flags\":[\"record\"],\"where\":\"percpu:local\",\"state\":\"dry-run\",\"slots\":1,\"nr_cpus\":2,"
		"\"cpu\":null,\"percpu\":\"local\",\"pid\":null,"
		"\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null,\"pieces\":["
		"{\"cpu\":0,\"addr\":\"0xffff888237a2c8d0\",\"len\":8},"
		"{\"cpu\":1,\"addr\":\"0xffff888237a6c8d0\",\"len\":8}]}\n");
	assert_int_equal(count(), 0);
}

static void add__dry_run_many_cpus__retried_with_room(void **state)
{
	(void)state;
	fake.nr_cpus = 300;
	assert_int_equal(run("add", "--dry-run", "--percpu", "local",
			     "runqueues", NULL), 0);
	assert_int_equal(fake.add_calls, 2);
	assert_int_equal(fake.last_room, 300);
	assert_non_null(strstr(out, "pieces:     300\n"));
	assert_non_null(strstr(out, "  cpu299  0xffff88823c4ec8c0  4\n"));
}

static void add__armed_many_pieces__read_back_not_added_twice(void **state)
{
	(void)state;
	fake.nr_cpus = 300;
	assert_int_equal(run("add", "--json", "--percpu", "local", "runqueues",
			     NULL), 0);
	assert_int_equal(fake.add_calls, 1);
	assert_int_equal(fake.pieces_calls, 1);
	assert_int_equal(count(), 1);
	assert_non_null(strstr(out, "{\"cpu\":299,\"addr\":\"0xffff88823c4ec8c0\",\"len\":4}]}"));
}

static void add__percpu_refusals__sentences(void **state)
{
	(void)state;
	assert_int_equal(run("add", "runqueues", NULL), 1);
	assert_string_equal(err,
		"hwbp: 'runqueues' is a per-CPU variable: its symbol value is an offset, not an address; choose --percpu local (each CPU its own), --percpu N (CPU N's, from every CPU) or --percpu all\n");
	assert_int_equal(run("add", "--percpu", "local", "pid_max", NULL), 1);
	assert_string_equal(err, "hwbp: 'pid_max' is not a per-CPU variable: drop --percpu\n");
	fake.nr_cpus = 8;
	assert_int_equal(run("add", "--percpu", "all", "runqueues", NULL), 1);
	assert_string_equal(err,
		"hwbp: --percpu all watches every CPU's instance from every CPU: that needs 8 debug registers on each CPU; x86 has 4: choose --percpu local or --percpu N\n");
	assert_int_equal(run("add", "--percpu", "9", "runqueues", NULL), 1);
	assert_string_equal(err,
		"hwbp: there is no CPU 9 on this machine (hwbp info lists the CPUs): give --percpu another CPU number\n");
	assert_int_equal(count(), 0);
}

static void add__cpu__armed_on_one_cpu(void **state)
{
	(void)state;
	fake.offline[1] = true;
	assert_int_equal(run("add", "--cpu", "1", "pid_max", NULL), 1);
	assert_string_equal(err,
		"hwbp: CPU 1 is offline: bring it online (echo 1 > /sys/devices/system/cpu/cpu1/online) or give --cpu another CPU\n");
	assert_int_equal(run("add", "--cpu", "5", "pid_max", NULL), 1);
	assert_non_null(strstr(err, "there is no CPU 5"));
	assert_int_equal(run("add", "--cpu", "0", "pid_max", NULL), 0);
	assert_int_equal(fake.w[0].flags, HWBP_WATCH_CPU | HWBP_WATCH_RECORD);
	assert_int_equal(fake.w[0].cpu, 0);
	assert_int_equal(fake.w[0].nr_cpus, 1);
}

static void add__pid__process_watch_and_refusals(void **state)
{
	(void)state;
	assert_int_equal(run("add", "-p", "123", "0x7ffd1000", NULL), 1);
	assert_string_equal(err, "hwbp: no process with pid 123\n");
	assert_int_equal(run("add", "-p", "4242", "0xffffffff81000000", NULL), 1);
	assert_string_equal(err,
		"hwbp: 0xffffffff81000000 is a kernel address: -p watches user memory of the process\n");
	assert_int_equal(run("add", "--pid", "4242", "-t", "rw", "-l", "8",
			     "0x7ffd1000", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_int_equal(fake.w[0].pid, 4242);
	assert_int_equal(fake.w[0].nr_cpus, 0);
	/* Without a module reason, the errno's own sentence. */
	fake.fail_errno = ESRCH;
	assert_int_equal(run("add", "-p", "4243", "0x7ffd1000", NULL), 1);
	assert_string_equal(err,
		"hwbp: no such process: check the pid given to -p (ps lists them)\n");
}

static void list__where_state_regs__table_and_verbose(void **state)
{
	(void)state;
	fake.regs_unlimited = true;
	assert_int_equal(run("add", "-l", "12", "pid_max+4", NULL), 0);
	assert_int_equal(run("add", "--percpu", "local", "runqueues+0x10", "-l", "8", NULL), 0);
	assert_int_equal(run("add", "--cpu", "1", "--percpu", "0", "runqueues", NULL), 0);
	assert_int_equal(run("add", "-p", "4242", "0x7ffd1000", NULL), 0);
	fake.w[3].state = HWBP_STATE_EXITED;
	fake.w[3].hits = 7;
	assert_int_equal(run("list", NULL), 0);
	assert_string_equal(out,
		"ID  TYPE  LEN  REGS  ADDRESS             WHERE         STATE    HITS  TARGET          FLAGS\n"
		" 1  w      12     2  0xffffffff82a1b2c4  all           armed       0  pid_max+4       record\n"
		" 2  w       8     1  0x000000000002c8d0  percpu:local  armed       0  runqueues+0x10  record\n"
		" 3  w       4     1  0x000000000002c8c0  cpu1          armed       0  runqueues       record\n"
		" 4  w       4     1  0x000000007ffd1000  pid:4242      exited      7  -               record\n");
	assert_int_equal(run("list", "-v", NULL), 0);
	assert_string_equal(out,
		"ID  TYPE  LEN  REGS  ADDRESS             WHERE         STATE    HITS  TARGET          FLAGS\n"
		" 1  w      12     2  0xffffffff82a1b2c4  all           armed       0  pid_max+4       record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0\n"
		"      all  0xffffffff82a1b2c4  4\n"
		"      all  0xffffffff82a1b2c8  8\n"
		" 2  w       8     1  0x000000000002c8d0  percpu:local  armed       0  runqueues+0x10  record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0\n"
		"      cpu0  0xffff888237a2c8d0  8\n"
		"      cpu1  0xffff888237a6c8d0  8\n"
		" 3  w       4     1  0x000000000002c8c0  cpu1          armed       0  runqueues       record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0\n"
		"      cpu1  0xffff888237a2c8c0  4\n"
		" 4  w       4     1  0x000000007ffd1000  pid:4242      exited      7  -               record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0\n"
		"      all  0x000000007ffd1000  4\n");
	assert_int_equal(run("list", "-v", "--json", NULL), 0);
	assert_non_null(strstr(out,
		"\"where\":\"cpu1\",\"state\":\"armed\",\"slots\":1,\"nr_cpus\":1,\"cpu\":1,\"percpu\":0,\"pid\":null,"
		"\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null,\"pieces\":[{\"cpu\":1,\"addr\":\"0xffff888237a2c8c0\",\"len\":4}]}"));
	assert_non_null(strstr(out, "\"where\":\"pid:4242\",\"state\":\"exited\""));
	assert_non_null(strstr(out, "\"pid\":4242,\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null,\"pieces\":[{\"cpu\":null,"));
}

static void info__offline_cpu_and_others__table(void **state)
{
	(void)state;
	fake.nr_cpus = 3;
	fake.offline[1] = true;
	fake.others[2] = 2;
	assert_int_equal(run("add", "-l", "16", "pid_max", NULL), 0);
	assert_int_equal(run("info", NULL), 0);
	assert_non_null(strstr(out,
		"CPUs:             2 online, 3 possible\n"));
	assert_non_null(strstr(out,
		"\n"
		"CPU  ONLINE  REGISTERS  HWBP  FREE  OTHERS\n"
		"  0  yes             4     2     2       0\n"
		"  1  no              -     -     -       -\n"
		"  2  yes             4     2     0       2\n"));
	fake.slots_errno = EIO;
	assert_int_equal(run("info", NULL), 1);
	assert_non_null(strstr(err, "cannot read the debug registers of each CPU"));
}

/* The fake itself refuses what the module refuses: the other tests rely on it. */
static void fake__out_fields_and_unknown_flags__refused(void **state)
{
	struct hwbp_piece *p;
	struct hwbp_add add;
	size_t n;

	(void)state;
	memset(&add, 0, sizeof(add));
	strcpy(add.watch.target, "pid_max");
	add.watch.type = HWBP_TYPE_W;
	add.watch.state = 1;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	assert_int_equal(add.reason, HWBP_R_RESERVED);
	add.reason = 0;
	add.reason_cpu = 0;
	add.watch.state = 0;
	add.watch.slots = 1;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	memset(&add.watch.state, 0, sizeof(add.watch) - offsetof(struct hwbp_watch, state));
	add.watch.flags = 1U << 20;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	assert_int_equal(add.reason, HWBP_R_BAD_FLAGS);
	assert_true(add.reason_arg == 1U << 20);
	add.watch.flags = 0;
	add.watch.cpu = 1;	/* without HWBP_WATCH_CPU */
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	add.watch.cpu = 0;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), 0);
	assert_int_equal(n, 1);
	free(p);
}


/* ---- hits, stacks, counts, clear ---- */

static char kallsyms_path[] = "/tmp/hwbp-cmd-kallsyms-XXXXXX";

static const char kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81234500 T do_proc_dointvec_minmax_conv\n"
	"ffffffff81234580 T proc_sys_call_handler\n"
	"ffffffff81234820 T vfs_write\n"
	"ffffffff81234900 T vfs_read\n"
	"ffffffff81234a00 T do_sys_openat2\n"
	"ffffffff81234b00 T ksys_read\n"
	"ffffffff82a1b2c0 D pid_max\n"
	"ffffffffc0a01000 t target_poke\t[hwbp_target]\n"
	"ffffffffc0a02000 t target_end\t[hwbp_target]\n";

#define IP_CONV		0xffffffff81234534ULL	/* conv+0x34/0x80 */
#define IP_HANDLER	0xffffffff812345b0ULL	/* handler+0x30/0x2a0 */
#define IP_POKE		0xffffffffc0a01010ULL

static struct hwbp_record *add_rec(__u32 id, __u64 seq, __u64 t, __u64 ip,
				   __u64 before, __u64 after, __u16 flags)
{
	struct hwbp_record *r = &fake.rec[fake.nrec++];

	memset(r, 0, sizeof(*r));
	r->id = id;
	r->seq = seq;
	r->time_ns = t;
	r->ip = ip;
	r->addr = PID_MAX_ADDR;
	r->before = before;
	r->after = after;
	r->cpu = 1;
	r->pid = 118;
	r->tid = 119;
	r->len = 4;
	r->flags = flags;
	strcpy(r->comm, "tuner");
	return r;
}

#define VW	(HWBP_REC_VALUES | HWBP_REC_WRITE)

static void hits__text__one_line_each_and_drops_on_stderr(void **state)
{
	struct hwbp_record *r;

	(void)state;
	assert_int_equal(run("add", "--stack", "pid_max", NULL), 0);
	r = add_rec(1, 1, 12345678901ULL, IP_CONV, 50000, 60000, VW);
	r->stack_id = 3;
	add_rec(1, 2, 12400000000ULL, IP_HANDLER, 60000, 60000,
		HWBP_REC_VALUES | HWBP_REC_SAME);
	r = add_rec(1, 3, 13000000000ULL, IP_POKE, 0, 0, 0);
	r->cpu = 0;
	strcpy(r->comm, "kworker/0:1 x");
	r = add_rec(1, 4, 13500000000ULL, 0x7f0012345678ULL, 1, 2,
		    VW | HWBP_REC_USER);
	r->ustack_id = 9;
	fake.w[0].dropped = 12;
	fake.w[0].suppressed = 3;
	assert_int_equal(run("hits", NULL), 0);
	assert_string_equal(out,
		"12.345678 cpu1 tuner[118/119] w1 0xffffffff82a1b2c0 do_proc_dointvec_minmax_conv+0x34/0x80 4: 50000 -> 60000 write stack=3\n"
		"12.400000 cpu1 tuner[118/119] w1 0xffffffff82a1b2c0 proc_sys_call_handler+0x30/0x2a0 4: 60000 -> 60000 read-or-same\n"
		"13.000000 cpu0 kworker/0:1?x[118/119] w1 0xffffffff82a1b2c0 target_poke+0x10/0x1000 [hwbp_target] 4: - -> - -\n"
		"13.500000 cpu1 tuner[118/119] w1 0xffffffff82a1b2c0 0x7f0012345678 4: 1 -> 2 write ustack=9 user\n");
	assert_string_equal(err,
		"hwbp: watch 1: 12 hits not recorded (its ring on some CPU was full); 3 suppressed (filter/allow-list)\n");
	assert_int_equal(run("hits", "1", "--hex", NULL), 0);
	assert_non_null(strstr(out, " 4: 0xc350 -> 0xea60 write stack=3\n"));
	fake.w[0].dropped = 0;
	assert_int_equal(run("hits", "1", NULL), 0);
	assert_string_equal(err, "hwbp: watch 1: 3 hits suppressed (filter/allow-list)\n");
}

static void hits__json__array_of_objects(void **state)
{
	struct hwbp_record *r;

	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	r = add_rec(1, 1, 12345678901ULL, IP_CONV, 50000, 60000, VW);
	r->stack_id = 3;
	add_rec(1, 2, 13000000000ULL, 0xffffffff80000000ULL, 0, 0, 0);
	assert_int_equal(run("hits", "--json", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":1,\"seq\":1,\"time_ns\":12345678901,\"cpu\":1,\"pid\":118,\"tid\":119,\"comm\":\"tuner\","
		"\"addr\":\"0xffffffff82a1b2c0\",\"ip\":\"0xffffffff81234534\",\"sym\":\"do_proc_dointvec_minmax_conv+0x34/0x80\","
		"\"len\":4,\"before\":50000,\"after\":60000,\"kind\":\"write\",\"user\":false,\"stack_id\":3,\"ustack_id\":null,\"arg\":null,\"str\":null,\"ret\":null},"
		"{\"id\":1,\"seq\":2,\"time_ns\":13000000000,\"cpu\":1,\"pid\":118,\"tid\":119,\"comm\":\"tuner\","
		"\"addr\":\"0xffffffff82a1b2c0\",\"ip\":\"0xffffffff80000000\",\"sym\":\"0xffffffff80000000\","
		"\"len\":4,\"before\":null,\"after\":null,\"kind\":null,\"user\":false,\"stack_id\":null,\"ustack_id\":null,\"arg\":null,\"str\":null,\"ret\":null}]\n");
	assert_string_equal(err, "");
	fake.nrec = 0;
	assert_int_equal(run("-j", "hits", "1", NULL), 0);
	assert_string_equal(out, "[]\n");
}

static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void hits__many__paged_in_batches_and_n_first(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	for (i = 1; i <= 600; i++)
		add_rec(1, i, 1000000000ULL * i, IP_CONV, i - 1, i, VW);
	assert_int_equal(run("hits", NULL), 0);
	assert_int_equal(lines(out), 600);
	assert_int_equal(fake.hits_calls, 3);	/* 256 + 256 + 88 */
	assert_non_null(strstr(out, "\n600.000000 cpu1 "));
	fake.hits_calls = 0;
	assert_int_equal(run("hits", "-n", "5", NULL), 0);
	assert_int_equal(lines(out), 5);
	assert_int_equal(fake.hits_calls, 1);
	assert_memory_equal(out, "1.000000 ", 9);
	assert_non_null(strstr(out, "\n5.000000 cpu1 "));
	assert_int_equal(run("hits", "--count", "700", NULL), 0);
	assert_int_equal(lines(out), 600);
}

static void hits__every_watch__merged_by_time(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "--count-only", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max+4", NULL), 0);
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	add_rec(1, 2, 3000000000ULL, IP_CONV, 1, 2, VW);
	add_rec(3, 1, 2000000000ULL, IP_HANDLER, 0, 1, VW);
	fake.w[2].dropped = 1;
	assert_int_equal(run("hits", NULL), 0);
	assert_int_equal(lines(out), 3);
	assert_non_null(strstr(out,
		"1.000000 cpu1 tuner[118/119] w1 "));
	assert_non_null(strstr(out,
		" 4: 0 -> 1 write\n2.000000 cpu1 tuner[118/119] w3 "));
	assert_non_null(strstr(out,
		" 4: 0 -> 1 write\n3.000000 cpu1 tuner[118/119] w1 "));
	assert_string_equal(err,
		"hwbp: watch 3: 1 hit not recorded (its ring on some CPU was full)\n");
}

static void hits__refusals__sentences(void **state)
{
	(void)state;
	assert_int_equal(run("add", "--count-only", "pid_max", NULL), 0);
	assert_int_equal(run("hits", "1", NULL), 1);
	assert_string_equal(err,
		"hwbp: watch 1 records no hits (it counts only: added with --count-only, or by the module's ksym= parameter): hwbp list shows its count\n");
	assert_int_equal(run("hits", "9", NULL), 1);
	assert_string_equal(err, "hwbp: no watch with id 9 (see hwbp list)\n");
	assert_int_equal(fake.hits_calls, 0);
	fake.open_errno = ENOENT;
	assert_int_equal(run("hits", "-n", "x", NULL), 2);
	assert_int_equal(run("hits", "1", "2", NULL), 2);
	assert_int_equal(run("hits", "-f", "0", NULL), 2);
}

static void hits__follow__late_commit_once_and_stop_when_deleted(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	fake.list_calls = 0;
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	add_rec(1, 2, 2000000000ULL, IP_CONV, 1, 2, VW);
	/* seq 3 was taken first but committed after seq 4 was read. */
	add_rec(1, 3, 3000000000ULL, IP_CONV, 2, 3, VW);
	fake.rec_appear[2] = 3;
	add_rec(1, 4, 4000000000ULL, IP_CONV, 3, 4, VW);
	add_rec(1, 5, 5000000000ULL, IP_CONV, 4, 5, VW);
	fake.rec_appear[4] = 4;
	fake.gone_at_list = 6;
	assert_int_equal(run("hits", "-f", "1", NULL), 0);
	assert_int_equal(lines(out), 5);
	assert_non_null(strstr(out, " 4: 0 -> 1 write\n2.000000 "));
	assert_non_null(strstr(out, " 4: 1 -> 2 write\n4.000000 "));
	assert_non_null(strstr(out, " 4: 3 -> 4 write\n3.000000 "));
	assert_non_null(strstr(out, " 4: 2 -> 3 write\n5.000000 "));
	assert_string_equal(err, "hwbp: note: watch 1 no longer exists; stopping\n");
	/* -n ends a follow too; JSON is then one object a line. */
	reset(NULL);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	add_rec(1, 2, 2000000000ULL, IP_CONV, 1, 2, VW);
	fake.rec_appear[1] = 3;
	assert_int_equal(run("hits", "-f", "-n", "2", "--json", NULL), 0);
	assert_int_equal(lines(out), 2);
	assert_memory_equal(out, "{\"id\":1,\"seq\":1,", 16);
	assert_non_null(strstr(out, "}\n{\"id\":1,\"seq\":2,"));
}

/*
 * Ids are reused: a follower of every watch tells the new watch by its
 * serial, reads it from its first record, and skips one that does not
 * record, rather than failing on it.
 */
static void hits__follow__reused_id__new_watch_read_from_start(void **state)
{
	struct hwbp_record *r;

	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	add_rec(1, 2, 2000000000ULL, IP_CONV, 1, 2, VW);
	fake.rec_serial[0] = fake.rec_serial[1] = 1;
	/* Watch 1 deleted, and its id given to a new watch (serial 9). */
	fake.reuse_with = *find(1);
	fake.reuse_with.serial = 9;
	fake.reuse_at_list = 3;
	r = add_rec(1, 1, 3000000000ULL, IP_CONV, 7, 8, VW);
	fake.rec_serial[fake.nrec - 1] = 9;
	fake.rec_appear[fake.nrec - 1] = 3;
	r = add_rec(1, 2, 4000000000ULL, IP_CONV, 8, 9, VW);
	fake.rec_serial[fake.nrec - 1] = 9;
	fake.rec_appear[fake.nrec - 1] = 3;
	(void)r;
	fake.open_fail_after = 10;	/* a follower that misses them ends */
	assert_int_equal(run("hits", "-f", "-n", "4", NULL), 0);
	assert_int_equal(lines(out), 4);
	assert_non_null(strstr(out, " 4: 7 -> 8 write\n4.000000 "));
	assert_string_equal(err, "");

	/* The new watch counts only: nothing to read, no failure. */
	reset(NULL);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max+4", NULL), 0);
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	fake.rec_serial[0] = 1;
	fake.reuse_with = *find(1);
	fake.reuse_with.serial = 9;
	fake.reuse_with.flags &= ~HWBP_WATCH_RECORD;
	fake.reuse_at_list = 3;
	add_rec(2, 1, 5000000000ULL, IP_CONV, 0, 1, VW);
	fake.rec_appear[fake.nrec - 1] = 4;
	fake.open_fail_after = 10;
	assert_int_equal(run("hits", "-f", "-n", "2", NULL), 0);
	assert_int_equal(lines(out), 2);
	assert_non_null(strstr(out, "5.000000 cpu1 tuner[118/119] w2 "));
	assert_string_equal(err, "");
}

static void hits__follow__module_gone__exit_1(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	fake.gone_at_list = 0;
	/* The follower opens the device per poll; make the second open fail. */
	fake.open_fail_after = 2;
	assert_int_equal(run("hits", "-f", NULL), 1);
	assert_int_equal(lines(out), 1);
	assert_string_equal(err,
		"hwbp: /dev/hwbp not found: the hwbp module is not loaded (insmod kmod/hwbp.ko)\n");
}

static struct hwbp_stack *add_stack(__u32 sid, __u64 count, __u32 flags)
{
	struct hwbp_stack *st = &fake.st[fake.nst++];

	memset(st, 0, sizeof(*st));
	st->stack_id = sid;
	st->count = count;
	st->first_ns = 12300000000ULL;
	st->last_ns = 14500000000ULL;
	st->last_cpu = 1;
	st->flags = flags;
	strcpy(st->last_comm, "cat");
	return st;
}

static void stacks__text__most_first_frames_named(void **state)
{
	struct hwbp_stack *st;

	(void)state;
	assert_int_equal(run("add", "--stack", "pid_max", NULL), 0);
	st = add_stack(4, 2, HWBP_STACK_USER);
	st->nr = 2;
	st->ips[0] = 0x7f0012345678ULL;
	st->ips[1] = 0x55550000abcdULL;
	st = add_stack(3, 57, 0);
	st->nr = 2;
	st->ips[0] = IP_CONV;
	st->ips[1] = IP_HANDLER;
	fake.st_dropped = 5;
	assert_int_equal(run("stacks", NULL), 0);
	assert_string_equal(out,
		"watch 1 stack 3: 57 hits, first 12.300000 s, last 14.500000 s, last on cpu1 by cat\n"
		"    do_proc_dointvec_minmax_conv+0x34/0x80\n"
		"    proc_sys_call_handler+0x30/0x2a0\n"
		"\n"
		"watch 1 stack 4 [user]: 2 hits, first 12.300000 s, last 14.500000 s, last on cpu1 by cat\n"
		"    0x7f0012345678\n"
		"    0x55550000abcd\n");
	assert_string_equal(err,
		"hwbp: watch 1: 5 stacks not stored (the stack table was full)\n");
	assert_int_equal(run("stacks", "1", "--json", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":1,\"stacks_dropped\":5,\"stacks\":["
		"{\"stack_id\":3,\"user\":false,\"count\":57,\"first_ns\":12300000000,\"last_ns\":14500000000,"
		"\"last_cpu\":1,\"last_comm\":\"cat\",\"frames\":["
		"{\"ip\":\"0xffffffff81234534\",\"sym\":\"do_proc_dointvec_minmax_conv+0x34/0x80\"},"
		"{\"ip\":\"0xffffffff812345b0\",\"sym\":\"proc_sys_call_handler+0x30/0x2a0\"}]},"
		"{\"stack_id\":4,\"user\":true,\"count\":2,\"first_ns\":12300000000,\"last_ns\":14500000000,"
		"\"last_cpu\":1,\"last_comm\":\"cat\",\"frames\":["
		"{\"ip\":\"0x00007f0012345678\",\"sym\":\"0x7f0012345678\"},"
		"{\"ip\":\"0x000055550000abcd\",\"sym\":\"0x55550000abcd\"}]}]}]\n");
}

static void stacks__many__paged_and_refusals(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(run("add", "--stack", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	for (i = 1; i <= 70; i++)
		add_stack(i, i, 0)->nr = 0;
	assert_int_equal(run("stacks", NULL), 0);
	assert_int_equal(fake.stacks_calls, 2);	/* 64 + 6; watch 2 has none */
	assert_int_equal(lines(out), 70 + 69);
	assert_memory_equal(out, "watch 1 stack 70: 70 hits,", 26);
	assert_int_equal(run("stacks", "2", NULL), 1);
	assert_string_equal(err, "hwbp: watch 2 keeps no stacks: add it with --stack\n");
	assert_int_equal(run("stacks", "7", NULL), 1);
	assert_string_equal(err, "hwbp: no watch with id 7 (see hwbp list)\n");
}

static void add_count(__u64 key, __u64 count, const char *comm)
{
	struct hwbp_count *c = &fake.cnt[fake.ncnt++];

	memset(c, 0, sizeof(*c));
	c->key = key;
	c->count = count;
	if (comm)
		strcpy(c->comm, comm);
}

static void counts__by_ip_stack_comm__table_and_overflow(void **state)
{
	struct hwbp_stack *st;

	(void)state;
	assert_int_equal(run("add", "--stack", "pid_max", NULL), 0);
	add_count(IP_HANDLER, 19, NULL);
	add_count(IP_CONV, 57, NULL);
	fake.cnt_overflow = 24;
	assert_int_equal(run("counts", "1", "--by", "ip", NULL), 0);
	assert_int_equal(fake.cnt_by, HWBP_BY_IP);
	assert_string_equal(out,
		"COUNT  PERCENT  KEY\n"
		"   57    57.0%  do_proc_dointvec_minmax_conv+0x34/0x80\n"
		"   19    19.0%  proc_sys_call_handler+0x30/0x2a0\n"
		"   24    24.0%  (table full)\n");
	assert_int_equal(run("counts", "1", "--by", "ip", "--json", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":1,\"by\":\"ip\",\"overflow\":24,\"entries\":["
		"{\"key\":\"0xffffffff81234534\",\"sym\":\"do_proc_dointvec_minmax_conv+0x34/0x80\",\"count\":57},"
		"{\"key\":\"0xffffffff812345b0\",\"sym\":\"proc_sys_call_handler+0x30/0x2a0\",\"count\":19}]}]\n");

	fake.ncnt = 0;
	fake.cnt_overflow = 0;
	add_count(3, 3, NULL);
	add_count(5, 1, NULL);
	st = add_stack(3, 3, 0);
	st->nr = 1;
	st->ips[0] = IP_CONV;
	hwbp_json = false;	/* one process per run, in real life */
	assert_int_equal(run("counts", "--by", "stack", NULL), 0);
	assert_string_equal(out,
		"watch 1 (pid_max):\n"
		"COUNT  PERCENT  KEY\n"
		"    3    75.0%  stack 3 (do_proc_dointvec_minmax_conv+0x34/0x80)\n"
		"    1    25.0%  stack 5\n");

	fake.ncnt = 0;
	add_count(0x1234, 2, "cat");
	assert_int_equal(run("counts", "1", "--by", "comm", "-j", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":1,\"by\":\"comm\",\"overflow\":0,\"entries\":[{\"key\":\"cat\",\"count\":2}]}]\n");
}

static void counts__every_watch__headers_count_only_by_cpu(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "--count-only", "0xffffffff81000000", NULL), 0);
	add_count(0, 3, NULL);
	add_count(1, 1, NULL);
	assert_int_equal(run("counts", "--by", "cpu", NULL), 0);
	assert_string_equal(out,
		"watch 1 (pid_max):\n"
		"COUNT  PERCENT  KEY\n"
		"    3    75.0%  cpu0\n"
		"    1    25.0%  cpu1\n"
		"\n"
		"watch 2 (0xffffffff81000000):\n"
		"COUNT  PERCENT  KEY\n"
		"    3    75.0%  cpu0\n"
		"    1    25.0%  cpu1\n");
	/* Only --by cpu for a watch that records nothing. */
	fake.counts_calls = 0;
	assert_int_equal(run("counts", "--by", "pid", NULL), 0);
	assert_int_equal(fake.counts_calls, 1);
	assert_int_equal(run("counts", "2", "--by", "pid", NULL), 1);
	assert_string_equal(err,
		"hwbp: watch 2 records nothing (it was added with --count-only): only --by cpu counts its hits\n");
	/* Only probes have a default --by. */
	assert_int_equal(run("counts", "1", NULL), 2);
	assert_string_equal(err,
		"hwbp: watch 1 watches memory: counts needs --by ip, stack, pid, comm or cpu (only probes have a default)\n");
	assert_int_equal(run("counts", NULL), 2);
	assert_string_equal(err,
		"hwbp: counts needs --by ip, stack, pid, comm or cpu for watches on memory (only probes have a default; see hwbp counts --help)\n");
	assert_int_equal(run("counts", "2", "--by", "retval", NULL), 1);
	assert_string_equal(err,
		"hwbp: watch 2 has no return values to count: add a return probe with hwbp probe --ret\n");
	fake.open_errno = ENOENT;
	assert_int_equal(run("counts", "--by", "tid", NULL), 2);
}

static void clear__one_or_all(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	add_rec(1, 1, 1000000000ULL, IP_CONV, 0, 1, VW);
	fake.w[0].hits = 5;
	assert_int_equal(run("clear", "1", NULL), 0);
	assert_string_equal(out, "");
	assert_int_equal(fake.clear_id, 1);
	assert_int_equal(fake.clear_flags, 0);
	assert_int_equal(fake.w[0].hits, 0);
	assert_int_equal(run("hits", NULL), 0);
	assert_string_equal(out, "");
	assert_int_equal(run("clear", NULL), 0);
	assert_int_equal(fake.clear_id, 0);
	assert_int_equal(fake.clear_flags, HWBP_CLEAR_ALL);
	assert_int_equal(run("clear", "4", NULL), 1);
	assert_string_equal(err, "hwbp: no watch with id 4 (see hwbp list)\n");
	assert_int_equal(run("clear", "1", "2", NULL), 2);
}

static void add__recording_options__reach_the_module(void **state)
{
	(void)state;
	assert_int_equal(run("add", "--stack", "--if-value", "!=0x10",
			     "--allow", "vfs_write,do_sys_open", "--oneshot",
			     "pid_max", NULL), 0);
	assert_int_equal(fake.w[0].flags, HWBP_WATCH_RECORD | HWBP_WATCH_STACK);
	assert_int_equal(fake.w[0].filter, HWBP_FILTER_NE);
	assert_int_equal(fake.w[0].filter_value, 0x10);
	assert_int_equal(fake.w[0].max_hits, 1);
	assert_string_equal(fake.w[0].allow, "vfs_write,do_sys_open");
	assert_int_equal(run("add", "--count-only", "--max-hits", "100", "pid_max", NULL), 0);
	assert_int_equal(fake.w[1].flags, 0);
	assert_int_equal(fake.w[1].max_hits, 100);
	assert_int_equal(run("add", "--changed", "pid_max", NULL), 0);
	assert_int_equal(fake.w[2].filter, HWBP_FILTER_CHANGED);
	fake.w[0].state = HWBP_STATE_STOPPED;
	fake.w[0].hits = 1;
	fake.w[0].recorded = 1;
	fake.w[2].suppressed = 4;
	fake.w[2].stacks_dropped = 2;
	assert_int_equal(run("list", "-v", NULL), 0);
	assert_string_equal(out,
		"ID  TYPE  LEN  REGS  ADDRESS             WHERE  STATE    HITS  TARGET   FLAGS\n"
		" 1  w       4     1  0xffffffff82a1b2c0  all    stopped     1  pid_max  record,stack\n"
		"      recorded 1, dropped 0, suppressed 0, stacks dropped 0, filter !=16, allow vfs_write,do_sys_open, max hits 1\n"
		"      all  0xffffffff82a1b2c0  4\n"
		" 2  w       4     1  0xffffffff82a1b2c0  all    armed       0  pid_max  -\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0, max hits 100\n"
		"      all  0xffffffff82a1b2c0  4\n"
		" 3  w       4     1  0xffffffff82a1b2c0  all    armed       0  pid_max  record\n"
		"      recorded 0, dropped 0, suppressed 4, stacks dropped 2, filter changed\n"
		"      all  0xffffffff82a1b2c0  4\n");
	assert_int_equal(run("list", "--json", NULL), 0);
	assert_non_null(strstr(out,
		"\"flags\":[\"record\",\"stack\"],\"where\":\"all\",\"state\":\"stopped\","));
	assert_non_null(strstr(out,
		"\"pid\":null,\"filter\":\"!=16\",\"max_hits\":1,\"allow\":\"vfs_write,do_sys_open\","
		"\"recorded\":1,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}"));
	assert_non_null(strstr(out, "\"filter\":\"changed\",\"max_hits\":null,\"allow\":null,"));
}

static void add__no_function__names_the_entry(void **state)
{
	(void)state;
	fake.fail_reason = HWBP_R_NO_FUNCTION;
	fake.fail_errno = ENOENT;
	fake.fail_arg = 1;
	assert_int_equal(run("add", "--allow", "vfs_write,no_such_fn", "pid_max", NULL), 1);
	assert_string_equal(err,
		"hwbp: no kernel function 'no_such_fn' in the allow-list (check /proc/kallsyms)\n");
}


/* ---- probes and watches armed by a call ---- */

static void probe__add__fields_reach_the_module(void **state)
{
	(void)state;
	assert_int_equal(run("probe", "vfs_read", "--arg", "2:ustr", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_string_equal(err, "");
	assert_int_equal(fake.w[0].type, HWBP_TYPE_PROBE);
	assert_string_equal(fake.w[0].target, "vfs_read");
	assert_int_equal(fake.w[0].flags, HWBP_WATCH_RECORD);
	assert_int_equal(fake.w[0].probe_by, HWBP_BY_COMM);
	assert_int_equal(fake.w[0].arg, 2);
	assert_int_equal(fake.w[0].arg_kind, HWBP_ARG_USTR);
	assert_int_equal(run("probe", "--ret", "do_sys_openat2", "--by", "retval", NULL), 0);
	assert_string_equal(out, "2\n");
	assert_int_equal(fake.w[1].type, HWBP_TYPE_RETPROBE);
	assert_int_equal(fake.w[1].probe_by, HWBP_BY_RETVAL);
	assert_int_equal(run("probe", "vfs_read", "--by", "arg3", "--count-only", NULL), 0);
	assert_int_equal(fake.w[2].flags, 0);
	assert_int_equal(fake.w[2].probe_by, HWBP_BY_ARG);
	assert_int_equal(fake.w[2].by_arg, 3);
	assert_int_equal(run("probe", "vfs_read+4", "--by", "stack", NULL), 0);
	assert_int_equal(fake.w[3].flags, HWBP_WATCH_RECORD | HWBP_WATCH_STACK);
	assert_int_equal(fake.w[3].probe_by, HWBP_BY_STACK);
	assert_int_equal(run("probe", "vfs_read", "--by", "caller", "-j", NULL), 0);
	assert_string_equal(out,
		"{\"id\":5,\"target\":\"vfs_read\",\"addr\":\"0xffffffff81234900\",\"type\":\"probe\","
		"\"len\":0,\"hits\":0,\"flags\":[\"record\"],\"where\":\"call\",\"state\":\"armed\","
		"\"slots\":0,\"nr_cpus\":2,\"cpu\":null,\"percpu\":null,\"pid\":null,\"filter\":null,"
		"\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,"
		"\"stacks_dropped\":0,\"probe_by\":\"caller\",\"by_arg\":null,\"arg\":null,"
		"\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}\n");
}

static void probe__refusals__sentences(void **state)
{
	(void)state;
	assert_int_equal(run("probe", "no_such_fn", NULL), 1);
	assert_string_equal(err,
		"hwbp: no function 'no_such_fn' to probe: check /proc/kallsyms; it may have been inlined into its callers\n");
	assert_int_equal(run("probe", "noinstr_fn", NULL), 1);
	assert_string_equal(err,
		"hwbp: kprobes refused 'noinstr_fn' (Invalid argument): it may be on the kprobe blacklist (/sys/kernel/debug/kprobes/blacklist), marked noinstr/__kprobes, or not kernel text\n");
	fake.fail_reason = HWBP_R_TOO_MANY_PROBES;
	fake.fail_errno = EMFILE;
	fake.fail_arg = 64;
	assert_int_equal(run("probe", "vfs_read", NULL), 1);
	assert_string_equal(err,
		"hwbp: all 64 probes are in use: delete a probe with hwbp del\n");
	/* Usage errors never open the device. */
	fake.opens = 0;
	assert_int_equal(run("probe", "vfs_read", "--arg", "2:ustr", "--count-only", NULL), 2);
	assert_int_equal(run("probe", "0xffffffff81234900", NULL), 2);
	assert_int_equal(run("probe", NULL), 2);
	assert_int_equal(run("probe", "a", "b", NULL), 2);
	assert_string_equal(err,
		"hwbp: what is 'b'? probe takes one FUNC (see hwbp probe --help)\n");
	assert_int_equal(fake.opens, 0);
	assert_int_equal(fake.add_calls, 3);
}

static void add__on_until__reaches_module_then_waiting_in_list(void **state)
{
	(void)state;
	assert_int_equal(run("add", "--on", "sk_alloc:arg1+0x10", "--until",
			     "kmem_cache_free:arg2", "-l", "4", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_string_equal(fake.w[0].on, "sk_alloc:arg1+0x10");
	assert_string_equal(fake.w[0].until, "kmem_cache_free:arg2");
	assert_string_equal(fake.w[0].target, "");
	assert_int_equal(fake.w[0].len, 4);
	assert_int_equal(run("add", "--on", "nosuch:arg1", "-l", "4", NULL), 1);
	assert_string_equal(err,
		"hwbp: the module refused --on 'nosuch:arg1': expected FUNC:argN[+OFF] with N from 1 to 6 and a function /proc/kallsyms lists\n");
	assert_int_equal(run("probe", "vfs_read", "--arg", "2:ustr", NULL), 0);
	assert_int_equal(run("probe", "--ret", "do_sys_openat2", NULL), 0);
	fake.w[1].missed = 3;
	fake.w[1].hits = 1234;
	assert_int_equal(run("list", "-v", NULL), 0);
	assert_string_equal(out,
		"ID  TYPE      LEN  REGS  ADDRESS             WHERE        STATE    HITS  TARGET          FLAGS\n"
		" 1  w           4     0  -                   on:sk_alloc  waiting     0  -               record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0, on sk_alloc:arg1+0x10 until kmem_cache_free:arg2\n"
		" 2  probe       -     -  0xffffffff81234900  call         armed    1234  vfs_read        record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0, by comm, arg 2:ustr, missed 3\n"
		" 3  retprobe    -     -  0xffffffff81234a00  call         armed       0  do_sys_openat2  record\n"
		"      recorded 0, dropped 0, suppressed 0, stacks dropped 0, by comm, missed 0\n");
	assert_int_equal(run("list", "-j", NULL), 0);
	assert_non_null(strstr(out,
		"\"addr\":\"0x0000000000000000\",\"type\":\"w\",\"len\":4,\"hits\":0,\"flags\":[\"record\"],"
		"\"where\":\"on:sk_alloc\",\"state\":\"waiting\","));
	assert_non_null(strstr(out,
		"\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,"
		"\"on\":\"sk_alloc:arg1+0x10\",\"until\":\"kmem_cache_free:arg2\"}"));
	assert_non_null(strstr(out,
		"\"type\":\"probe\",\"len\":0,\"hits\":1234,"));
	assert_non_null(strstr(out,
		"\"probe_by\":\"comm\",\"by_arg\":null,\"arg\":2,\"arg_kind\":\"ustr\",\"missed\":3,"
		"\"on\":null,\"until\":null}"));
	/* Armed: the address, WHERE as any watch. */
	fake.w[0].addr = 0xffff888100000010ULL;
	hwbp_json = false;	/* one process per run, in real life */
	assert_int_equal(run("list", NULL), 0);
	assert_non_null(strstr(out,
		" 1  w           4     0  0xffff888100000010  all    armed       0  -               record\n"));
	/* del, clear take probe ids as any. */
	assert_int_equal(run("clear", "2", NULL), 0);
	assert_int_equal(run("del", "2", "3", NULL), 0);
	assert_int_equal(count(), 1);
}

#define IP_KSYS_READ	0xffffffff81234b6aULL	/* ksys_read+0x6a */

static void probe__hits__caller_arg_string_and_ret(void **state)
{
	struct hwbp_record *r;

	(void)state;
	assert_int_equal(run("probe", "vfs_read", "--arg", "2:ustr", NULL), 0);
	assert_int_equal(run("probe", "--ret", "vfs_read", "--arg", "3", NULL), 0);
	r = add_rec(1, 1, 12345678901ULL, IP_KSYS_READ, 0x7ffd1000, 0,
		    HWBP_REC_ARG | HWBP_REC_STR);
	r->addr = VFS_READ_ADDR;
	r->len = 0;
	strcpy(r->str, "he said \"hi\"\n\x01");
	r->stack_id = 2;
	r = add_rec(1, 2, 12400000000ULL, IP_KSYS_READ, 0x7ffd2000, 0,
		    HWBP_REC_ARG);	/* the string could not be read */
	r->addr = VFS_READ_ADDR;
	r = add_rec(2, 1, 12500000000ULL, IP_KSYS_READ, 4096, (__u64)-14,
		    HWBP_REC_ARG | HWBP_REC_RET);
	r->addr = VFS_READ_ADDR;
	r = add_rec(1, 3, 12600000000ULL, IP_KSYS_READ, 0x7ffd3000, 0,
		    HWBP_REC_ARG | HWBP_REC_STR);
	r->addr = VFS_READ_ADDR;
	memset(r->str, 'a', sizeof(r->str));	/* full, and no NUL */
	assert_int_equal(run("hits", NULL), 0);
	assert_string_equal(out,
		"12.345678 cpu1 tuner[118/119] p1 vfs_read caller=ksys_read+0x6a/0x17e67c0 arg2=\"he said \\\"hi\\\"\\n\\x01\" stack=2\n"
		"12.400000 cpu1 tuner[118/119] p1 vfs_read caller=ksys_read+0x6a/0x17e67c0 arg2=0x7ffd2000\n"
		"12.500000 cpu1 tuner[118/119] p2 vfs_read caller=ksys_read+0x6a/0x17e67c0 arg3=4096 ret=-14\n"
		"12.600000 cpu1 tuner[118/119] p1 vfs_read caller=ksys_read+0x6a/0x17e67c0 arg2=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"...\n");
	assert_int_equal(run("hits", "2", "--json", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":2,\"seq\":1,\"time_ns\":12500000000,\"cpu\":1,\"pid\":118,\"tid\":119,\"comm\":\"tuner\","
		"\"addr\":\"0xffffffff81234900\",\"ip\":\"0xffffffff81234b6a\",\"sym\":\"ksys_read+0x6a/0x17e67c0\","
		"\"len\":4,\"before\":null,\"after\":null,\"kind\":null,\"user\":false,\"stack_id\":null,\"ustack_id\":null,"
		"\"arg\":4096,\"str\":null,\"ret\":-14}]\n");
	assert_int_equal(run("hits", "1", "-j", "-n", "1", NULL), 0);
	assert_non_null(strstr(out,
		"\"arg\":2147291136,\"str\":\"he said \\\"hi\\\"\\n\\u0001\",\"ret\":null}]\n"));
}

static void probe__counts__default_by_and_retval_histogram(void **state)
{
	(void)state;
	assert_int_equal(run("probe", "vfs_read", NULL), 0);
	assert_int_equal(run("probe", "--ret", "do_sys_openat2", "--by", "retval", "--count-only", NULL), 0);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	add_count(0x1234, 5, "cat");
	assert_int_equal(run("counts", "1", NULL), 0);
	assert_int_equal(fake.cnt_by, HWBP_BY_COMM);
	assert_string_equal(out,
		"COUNT  PERCENT  KEY\n"
		"    5   100.0%  cat\n");
	fake.ncnt = 0;
	add_count(11, 1, NULL);			/* [1K, 2K) */
	add_count((__u64)-4, 3, NULL);		/* -[8, 16): -14 */
	add_count(0, 2, NULL);
	add_count(3, 6, NULL);			/* [4, 8) */
	assert_int_equal(run("counts", "2", NULL), 0);
	assert_int_equal(fake.cnt_by, HWBP_BY_RETVAL);
	assert_string_equal(out,
		"RETVAL      COUNT  DISTRIBUTION\n"
		"-[8, 16)        3  |@@@@@@@@@@@@@@@@@@@@                    |\n"
		"-[4, 8)         0  |                                        |\n"
		"-[2, 4)         0  |                                        |\n"
		"-[1, 2)         0  |                                        |\n"
		"0               2  |@@@@@@@@@@@@@                           |\n"
		"[1, 2)          0  |                                        |\n"
		"[2, 4)          0  |                                        |\n"
		"[4, 8)          6  |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[8, 16)         0  |                                        |\n"
		"[16, 32)        0  |                                        |\n"
		"[32, 64)        0  |                                        |\n"
		"[64, 128)       0  |                                        |\n"
		"[128, 256)      0  |                                        |\n"
		"[256, 512)      0  |                                        |\n"
		"[512, 1K)       0  |                                        |\n"
		"[1K, 2K)        1  |@@@@@@@                                 |\n");
	assert_int_equal(run("counts", "2", "--by", "retval", "-j", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":2,\"by\":\"retval\",\"overflow\":0,\"entries\":["
		"{\"key\":-4,\"range\":\"-[8, 16)\",\"count\":3},"
		"{\"key\":0,\"range\":\"0\",\"count\":2},"
		"{\"key\":3,\"range\":\"[4, 8)\",\"count\":6},"
		"{\"key\":11,\"range\":\"[1K, 2K)\",\"count\":1}]}]\n");
	/* Without ID or --by: the probes, each by its own --by. */
	hwbp_json = false;
	fake.ncnt = 0;
	add_count(IP_KSYS_READ, 7, NULL);
	assert_int_equal(run("counts", NULL), 0);
	assert_non_null(strstr(out, "watch 1 (vfs_read):\nCOUNT  PERCENT  KEY\n"));
	assert_non_null(strstr(out, "\nwatch 2 (do_sys_openat2):\nRETVAL"));
	assert_null(strstr(out, "pid_max"));
	assert_int_equal(run("counts", "1", "--by", "caller", NULL), 0);
	assert_int_equal(fake.cnt_by, HWBP_BY_IP);
	assert_string_equal(out,
		"COUNT  PERCENT  KEY\n"
		"    7   100.0%  ksys_read+0x6a/0x17e67c0\n");
	assert_int_equal(run("counts", "1", "--by", "arg", NULL), 1);
	assert_string_equal(err,
		"hwbp: watch 1 counts no argument: add a probe with hwbp probe FUNC --by argN\n");
}

/* The fake refuses non-zero out fields of probes too: missed, reserved. */
static void fake__probe_out_fields__refused(void **state)
{
	struct hwbp_piece *p = NULL;
	struct hwbp_add add;
	size_t n;

	(void)state;
	memset(&add, 0, sizeof(add));
	strcpy(add.watch.target, "vfs_read");
	add.watch.type = HWBP_TYPE_PROBE;
	add.watch.missed = 1;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	assert_int_equal(add.reason, HWBP_R_RESERVED);
	memset(&add, 0, sizeof(add));
	strcpy(add.watch.target, "vfs_read");
	add.watch.type = HWBP_TYPE_PROBE;
	add.watch.reserved[2] = 1;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	assert_int_equal(add.reason, HWBP_R_RESERVED);
	add.watch.reserved[2] = 0;
	add.reason = 0;
	add.reason_cpu = 0;
	add.watch.serial = 7;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	assert_int_equal(add.reason, HWBP_R_RESERVED);
	add.watch.serial = 0;
	add.reason = 0;
	add.reason_cpu = 0;
	add.watch.arg = 7;
	add.watch.arg_kind = HWBP_ARG_U64;
	add.watch.flags = HWBP_WATCH_RECORD;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), -EINVAL);
	assert_int_equal(add.reason, HWBP_R_BAD_ARG);
	add.reason = 0;
	add.reason_cpu = 0;
	add.reason_arg = 0;
	add.watch.arg = 2;
	assert_int_equal(hwbp_dev_add(FAKE_FD, &add, &p, &n), 0);
	assert_int_equal(n, 0);
	free(p);
}

#define T(f)	cmocka_unit_test_setup(f, reset)


/* ---- hwbp monitor, against a fake generic netlink ---- */

#define FAKE_GRP_HITS	7
#define FAKE_GRP_EVENTS	8
#define NL_QUEUE	32

/*
 * The libnl calls that reach the kernel, wrapped: the family and groups
 * resolve (or fail) as told. The queue is what the module sends, in
 * order: each message goes to the socket that joined its group (hits,
 * or events; a queued error to the hits socket), and only the next one
 * in the queue can be read, as the module sends a change only after the
 * hits before it. nl_recvmsgs_default() hands it to the callback monitor
 * set, or says "again" to the other socket; poll() marks the socket it is
 * for (monitor polls hits first, events second), and when the queue is
 * empty sends SIGINT, as a user would.
 */
static struct {
	int connect_err, family_err, group_err, join_err;
	int joined[4];
	struct nl_sock *joined_sk[4];
	int njoined;
	nl_recvmsg_msg_cb_t cb;
	void *arg;
	struct nl_msg *q[NL_QUEUE];
	int grp[NL_QUEUE];		/* FAKE_GRP_* it is sent to */
	int recv_err[NL_QUEUE];		/* returned instead of a message */
	void (*before[NL_QUEUE])(void);	/* called before delivering */
	int nq, next;
	int polls;
} fnl;

/* The group socket @sk joined; 0 if none. */
static int fake_group_of(struct nl_sock *sk)
{
	int i;

	for (i = 0; i < fnl.njoined; i++)
		if (fnl.joined_sk[i] == sk)
			return fnl.joined[i];
	return 0;
}

int __wrap_genl_connect(struct nl_sock *sk);
int __wrap_genl_connect(struct nl_sock *sk)
{
	(void)sk;
	return fnl.connect_err;
}

int __wrap_genl_ctrl_resolve(struct nl_sock *sk, const char *name);
int __wrap_genl_ctrl_resolve(struct nl_sock *sk, const char *name)
{
	(void)sk;
	assert_string_equal(name, HWBP_GENL_NAME);
	return fnl.family_err ? fnl.family_err : TEST_FAMILY;
}

int __wrap_genl_ctrl_resolve_grp(struct nl_sock *sk, const char *family,
				 const char *grp);
int __wrap_genl_ctrl_resolve_grp(struct nl_sock *sk, const char *family,
				 const char *grp)
{
	(void)sk;
	assert_string_equal(family, HWBP_GENL_NAME);
	if (fnl.group_err)
		return fnl.group_err;
	if (!strcmp(grp, HWBP_GENL_MCGRP_HITS))
		return FAKE_GRP_HITS;
	assert_string_equal(grp, HWBP_GENL_MCGRP_EVENTS);
	return FAKE_GRP_EVENTS;
}

int __wrap_nl_socket_add_memberships(struct nl_sock *sk, int group, ...);
int __wrap_nl_socket_add_memberships(struct nl_sock *sk, int group, ...)
{
	va_list ap;

	if (fnl.join_err)
		return fnl.join_err;
	va_start(ap, group);
	for (; group && fnl.njoined < 4; group = va_arg(ap, int)) {
		fnl.joined_sk[fnl.njoined] = sk;
		fnl.joined[fnl.njoined++] = group;
	}
	va_end(ap);
	return 0;
}

int __wrap_nl_socket_modify_cb(struct nl_sock *sk, enum nl_cb_type type,
			       enum nl_cb_kind kind, nl_recvmsg_msg_cb_t func,
			       void *arg);
int __wrap_nl_socket_modify_cb(struct nl_sock *sk, enum nl_cb_type type,
			       enum nl_cb_kind kind, nl_recvmsg_msg_cb_t func,
			       void *arg)
{
	(void)sk;
	assert_int_equal(type, NL_CB_VALID);
	assert_int_equal(kind, NL_CB_CUSTOM);
	fnl.cb = func;
	fnl.arg = arg;
	return 0;
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	nfds_t i;

	assert_true(timeout > 0);	/* never blocks the signal check */
	assert_int_equal(n, 2);
	fnl.polls++;
	if (fnl.next < fnl.nq) {
		for (i = 0; i < n; i++)
			fds[i].revents = (fnl.grp[fnl.next] == FAKE_GRP_HITS) ==
					 (i == 0) ? POLLIN : 0;
		return 1;
	}
	raise(SIGINT);
	errno = EINTR;
	return -1;
}

int __wrap_nl_recvmsgs_default(struct nl_sock *sk);
int __wrap_nl_recvmsgs_default(struct nl_sock *sk)
{
	int i = fnl.next;

	if (i >= fnl.nq || fnl.grp[i] != fake_group_of(sk))
		return -NLE_AGAIN;
	fnl.next++;
	if (fnl.before[i])
		fnl.before[i]();
	if (fnl.recv_err[i])
		return fnl.recv_err[i];
	assert_non_null(fnl.cb);
	fnl.cb(fnl.q[i], fnl.arg);
	nlmsg_free(fnl.q[i]);
	fnl.q[i] = NULL;
	return 1;
}

static void nl_queue(struct nl_msg *m)
{
	assert_true(fnl.nq < NL_QUEUE);
	fnl.grp[fnl.nq] = genlmsg_hdr(nlmsg_hdr(m))->cmd == HWBP_CMD_HIT ?
			  FAKE_GRP_HITS : FAKE_GRP_EVENTS;
	fnl.q[fnl.nq++] = m;
}

static void nl_queue_err(int e)
{
	assert_true(fnl.nq < NL_QUEUE);
	fnl.grp[fnl.nq] = FAKE_GRP_HITS;
	fnl.recv_err[fnl.nq++] = e;
}

/* What the monitor did not read: freed, so that valgrind stays quiet. */
static void nl_drain(void)
{
	int i;

	for (i = 0; i < fnl.nq; i++)
		if (fnl.q[i])
			nlmsg_free(fnl.q[i]);
	memset(&fnl, 0, sizeof(fnl));
}

static struct hwbp_record mon_rec(__u32 id, __u64 t, __u64 ip, __u16 flags)
{
	struct hwbp_record r = {
		.id = id, .time_ns = t, .ip = ip, .cpu = 1, .pid = 118,
		.tid = 119, .len = 4, .flags = flags, .comm = "tuner",
		.addr = PID_MAX_ADDR,
	};

	return r;
}

static struct hwbp_watch hidden;

/* Watch 2 appears in the module's list (as if just added). */
static void show_hidden(void)
{
	fake.w[1] = hidden;
}

static void monitor__hits_and_changes__lines_as_hits_prints_them(void **state)
{
	struct hwbp_record r;

	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("probe", "vfs_read", "--arg", "2:ustr", NULL), 0);
	/* Watch 2 is armed after the monitor started: known from ARMED on. */
	hidden = fake.w[1];
	memset(&fake.w[1], 0, sizeof(fake.w[1]));

	r = mon_rec(1, 12345678901ULL, IP_CONV, HWBP_REC_VALUES | HWBP_REC_WRITE);
	r.before = 50000;
	r.after = 60000;
	r.seq = 4;
	nl_queue(hit_msg(&r, 0));
	nl_queue(hit_msg(&r, 120));
	nl_queue(event_msg(HWBP_EV_ARMED, 2, "vfs_read"));
	fnl.before[fnl.nq - 1] = show_hidden;
	r = mon_rec(2, 12400000000ULL, IP_KSYS_READ, HWBP_REC_ARG | HWBP_REC_STR);
	r.addr = VFS_READ_ADDR;
	r.before = 0x7ffd1000;
	nl_queue(hit_msg(&r, 0));
	r.flags = 0;		/* a probe without --arg: only the cache knows */
	nl_queue(hit_msg(&r, 1));
	nl_queue(event_msg(HWBP_EV_STOPPED, 1, "pid_max"));
	nl_queue(event_msg(HWBP_EV_EXITED, 3, "0x7ffd1000"));
	nl_queue(event_msg(HWBP_EV_DISARMED, 2, "vfs_read"));
	nl_queue(event_msg(HWBP_EV_UNLOADING, 0, NULL));
	nl_queue(event_msg(HWBP_EV_ARMED, 9, "never_read"));
	assert_int_equal(run("monitor", NULL), 0);
	assert_string_equal(out,
		"12.345678 cpu1 tuner[118/119] w1 0xffffffff82a1b2c0 do_proc_dointvec_minmax_conv+0x34/0x80 4: 50000 -> 60000 write\n"
		"# watch 1: 120 hits not shown (rate limit)\n"
		"12.345678 cpu1 tuner[118/119] w1 0xffffffff82a1b2c0 do_proc_dointvec_minmax_conv+0x34/0x80 4: 50000 -> 60000 write\n"
		"# watch 2 (vfs_read): armed\n"
		"12.400000 cpu1 tuner[118/119] p2 vfs_read caller=ksys_read+0x6a/0x17e67c0 arg2=0x7ffd1000\n"
		"# watch 2: 1 hit not shown (rate limit)\n"
		"12.400000 cpu1 tuner[118/119] p2 vfs_read caller=ksys_read+0x6a/0x17e67c0\n"
		"# watch 1 (pid_max): stopped\n"
		"# watch 3 (0x7ffd1000): process exited\n"
		"# watch 2 (vfs_read): disarmed\n");
	assert_string_equal(err, "hwbp: the hwbp module is unloading; monitor ends\n");
	/* One socket a group: hits cannot crowd out changes. */
	assert_int_equal(fnl.njoined, 2);
	assert_int_equal(fnl.joined[0], FAKE_GRP_EVENTS);
	assert_int_equal(fnl.joined[1], FAKE_GRP_HITS);
	assert_ptr_not_equal(fnl.joined_sk[0], fnl.joined_sk[1]);
	assert_int_equal(fnl.next, fnl.nq - 1);	/* nothing read after UNLOADING */
	nl_drain();
}

static void monitor__id_and_count__only_that_watch_n_hits(void **state)
{
	struct hwbp_record r;

	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "-t", "rw", "pid_max", NULL), 0);
	r = mon_rec(1, 1000000000ULL, IP_CONV, 0);
	nl_queue(hit_msg(&r, 0));
	nl_queue(event_msg(HWBP_EV_STOPPED, 1, "pid_max"));
	r.id = 2;
	nl_queue(hit_msg(&r, 3));
	nl_queue(event_msg(HWBP_EV_STOPPED, 2, "pid_max"));
	r.time_ns = 2000000000ULL;
	nl_queue(hit_msg(&r, 0));
	nl_queue(hit_msg(&r, 0));
	assert_int_equal(run("monitor", "2", "-n", "2", NULL), 0);
	assert_string_equal(out,
		"# watch 2: 3 hits not shown (rate limit)\n"
		"1.000000 cpu1 tuner[118/119] w2 0xffffffff82a1b2c0 do_proc_dointvec_minmax_conv+0x34/0x80 4: - -> - -\n"
		"# watch 2 (pid_max): stopped\n"
		"2.000000 cpu1 tuner[118/119] w2 0xffffffff82a1b2c0 do_proc_dointvec_minmax_conv+0x34/0x80 4: - -> - -\n");
	assert_string_equal(err, "");
	assert_int_equal(fnl.next, 5);	/* stopped at the 2nd hit line */
	nl_drain();
}

static void monitor__json__one_object_a_line(void **state)
{
	struct hwbp_record r;

	(void)state;
	nl_queue(event_msg(HWBP_EV_ARMED, 1, "pid_max"));
	r = mon_rec(1, 1000000000ULL, IP_CONV, HWBP_REC_VALUES | HWBP_REC_SAME);
	r.before = r.after = 7;
	nl_queue(hit_msg(&r, 2));
	nl_queue(event_msg(HWBP_EV_UNLOADING, 0, NULL));
	assert_int_equal(run("-j", "monitor", NULL), 0);
	assert_string_equal(out,
		"{\"event\":\"armed\",\"id\":1,\"target\":\"pid_max\"}\n"
		"{\"event\":\"hit\",\"id\":1,\"seq\":0,\"time_ns\":1000000000,\"cpu\":1,\"pid\":118,\"tid\":119,"
		"\"comm\":\"tuner\",\"addr\":\"0xffffffff82a1b2c0\",\"ip\":\"0xffffffff81234534\","
		"\"sym\":\"do_proc_dointvec_minmax_conv+0x34/0x80\",\"len\":4,\"before\":7,\"after\":7,"
		"\"kind\":\"read-or-same\",\"user\":false,\"stack_id\":null,\"ustack_id\":null,"
		"\"arg\":null,\"str\":null,\"ret\":null,\"suppressed\":2}\n"
		"{\"event\":\"unloading\",\"id\":0,\"target\":null}\n");
	assert_string_equal(err, "hwbp: the hwbp module is unloading; monitor ends\n");
	nl_drain();
}

static void monitor__no_device__probe_hit_worded_as_data(void **state)
{
	struct hwbp_record r;

	(void)state;
	fake.open_errno = EACCES;
	r = mon_rec(5, 1000000000ULL, IP_KSYS_READ, 0);
	r.addr = VFS_READ_ADDR;
	nl_queue(hit_msg(&r, 0));
	assert_int_equal(run("monitor", NULL), 0);	/* SIGINT: exit 0 */
	assert_string_equal(out,
		"1.000000 cpu1 tuner[118/119] w5 0xffffffff81234900 ksys_read+0x6a/0x17e67c0 4: - -> - -\n");
	assert_string_equal(err, "");
	nl_drain();
}

static void monitor__setup_errors__sentences_exit_1(void **state)
{
	(void)state;
	fnl.family_err = -NLE_OBJ_NOTFOUND;
	assert_int_equal(run("monitor", NULL), 1);
	assert_string_equal(err,
		"hwbp: the hwbp netlink family is not registered: the hwbp module is not loaded (insmod kmod/hwbp.ko)\n");
	nl_drain();
	fnl.join_err = -NLE_PERM;
	assert_int_equal(run("monitor", "--json", NULL), 1);
	assert_string_equal(err,
		"hwbp: permission denied joining the hwbp event groups: hwbp needs root (CAP_SYS_ADMIN)\n");
	nl_drain();
	fnl.group_err = -NLE_OBJ_NOTFOUND;
	assert_int_equal(run("monitor", NULL), 1);
	assert_string_equal(err,
		"hwbp: the hwbp netlink family has no groups 'hits' and 'events': tool and module versions differ\n");
	nl_drain();
	fnl.connect_err = -NLE_NOMEM;
	assert_int_equal(run("monitor", NULL), 1);
	assert_string_equal(err, "hwbp: cannot open a generic netlink socket: Out of memory\n");
	nl_drain();
	assert_string_equal(out, "");
	/* Misuse: the socket is never opened. */
	fnl.family_err = -NLE_OBJ_NOTFOUND;
	assert_int_equal(run("monitor", "abc", NULL), 2);
	assert_int_equal(run("monitor", "1", "2", NULL), 2);
	assert_int_equal(run("monitor", "-n", "0", NULL), 2);
	assert_int_equal(run("monitor", "--frob", NULL), 2);
	assert_int_equal(fnl.polls, 0);
	nl_drain();
}

static void monitor__read_errors__overflow_noted_others_fatal(void **state)
{
	struct hwbp_record r = mon_rec(1, 1000000000ULL, IP_CONV, 0);
	struct nl_msg *m;

	(void)state;
	nl_queue_err(-NLE_AGAIN);
	nl_queue_err(-NLE_NOMEM);	/* ENOBUFS: go on */
	nl_queue(hit_msg(&r, 0));
	/* Malformed: counted, skipped */
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_HIT, 1);
	nl_queue(m);
	/* Another family's message: skipped silently */
	m = event_msg(HWBP_EV_ARMED, 4, "x");
	nlmsg_hdr(m)->nlmsg_type = TEST_FAMILY + 1;
	nl_queue(m);
	nl_queue_err(-NLE_MSG_TRUNC);
	nl_queue(hit_msg(&r, 0));
	assert_int_equal(run("monitor", NULL), 1);
	assert_string_equal(out,
		"1.000000 cpu1 tuner[118/119] w1 0xffffffff82a1b2c0 do_proc_dointvec_minmax_conv+0x34/0x80 4: - -> - -\n");
	assert_string_equal(err,
		"hwbp: note: hits came faster than they were read: some were lost\n"
		"hwbp: cannot read hwbp events: Kernel reported truncated message\n"
		"hwbp: note: 1 malformed hwbp message skipped: tool and module versions may differ\n");
	nl_drain();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add__symbol__prints_id_alone),
		T(add__type_r__arms_rw_and_notes_it),
		T(add__exec_without_len__uses_info_exec_len),
		T(add__json__armed_watch_object),
		T(add__no_symbol__sentence_exit_1),
		T(add__no_slot__names_cpu),
		T(add__usage_error__device_never_opened),
		T(add__dry_run__text_nothing_armed),
		T(add__dry_run_percpu_local__json_with_pieces),
		T(add__dry_run_many_cpus__retried_with_room),
		T(add__armed_many_pieces__read_back_not_added_twice),
		T(add__percpu_refusals__sentences),
		T(add__cpu__armed_on_one_cpu),
		T(add__pid__process_watch_and_refusals),
		T(list__where_state_regs__table_and_verbose),
		T(info__offline_cpu_and_others__table),
		T(fake__out_fields_and_unknown_flags__refused),
		T(list__none__prints_nothing),
		T(list__watches__table),
		T(list__json__array),
		T(list__more_than_a_batch__all_in_id_order),
		T(del__existing__gone),
		T(del__some_missing__deletes_rest_reports_each),
		T(del__bad_id_among_good__nothing_deleted),
		T(del__all__every_watch),
		T(info__text__every_field),
		T(info__json__object),
		T(info__abi_mismatch__shown_then_exit_1),
		T(abi_mismatch__other_commands__refused),
		T(open__eacces__needs_root),
		T(info_enotty__versions_differ),
		T(version__loaded__tool_and_module),
		T(version__not_loaded__says_so_exit_0),
		T(version__eacces__unknown_exit_0),
		T(version__abi_mismatch__both_versions_exit_1),
		T(version__enotty__exit_1),
		T(hits__text__one_line_each_and_drops_on_stderr),
		T(hits__json__array_of_objects),
		T(hits__many__paged_in_batches_and_n_first),
		T(hits__every_watch__merged_by_time),
		T(hits__refusals__sentences),
		T(hits__follow__late_commit_once_and_stop_when_deleted),
		T(hits__follow__reused_id__new_watch_read_from_start),
		T(hits__follow__module_gone__exit_1),
		T(stacks__text__most_first_frames_named),
		T(stacks__many__paged_and_refusals),
		T(counts__by_ip_stack_comm__table_and_overflow),
		T(counts__every_watch__headers_count_only_by_cpu),
		T(clear__one_or_all),
		T(add__recording_options__reach_the_module),
		T(probe__add__fields_reach_the_module),
		T(probe__refusals__sentences),
		T(add__on_until__reaches_module_then_waiting_in_list),
		T(probe__hits__caller_arg_string_and_ret),
		T(probe__counts__default_by_and_retval_histogram),
		T(fake__probe_out_fields__refused),
		T(add__no_function__names_the_entry),
		T(monitor__hits_and_changes__lines_as_hits_prints_them),
		T(monitor__id_and_count__only_that_watch_n_hits),
		T(monitor__json__one_object_a_line),
		T(monitor__no_device__probe_hit_worded_as_data),
		T(monitor__setup_errors__sentences_exit_1),
		T(monitor__read_errors__overflow_noted_others_fatal),
	};
	FILE *f;
	int fd, ret;

	/* The fake device, whatever the environment says. */
	unsetenv(HWBP_DEVICE_ENV);
	/* A fake kallsyms, so that names do not depend on the host. */
	fd = mkstemp(kallsyms_path);
	if (fd < 0)
		return 1;
	f = fdopen(fd, "w");
	if (!f)
		return 1;
	fputs(kallsyms, f);
	fclose(f);
	setenv(HWBP_KALLSYMS_ENV, kallsyms_path, 1);
	ret = cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
	unlink(kallsyms_path);
	return ret;
}
