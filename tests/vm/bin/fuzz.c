// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz [-s SEED] [-n CALLS] [-t SECONDS] [-j THREADS] [-f FIRST] [-x] [-l FILE]
 *      [-M RAW,ADD] [-D N]
 *
 * An ABI fuzzer for /dev/hwbp and the "hwbp" generic netlink family, run in
 * the guest as root (tests/vm/60-fuzz.sh). It stops after CALLS ioctls in
 * all (default 150000) or SECONDS (default 40), whichever comes first, and
 * prints the count and the rate. The kernel log is the oracle (the runner
 * fails on any WARNING, BUG or Oops); the fuzzer itself checks only what
 * never may fail (INFO, LIST and DEL --all with good arguments) and exits 1
 * if one did, 0 otherwise.
 *
 *   THREADS fuzz threads	each on its own fd; thread k draws from its own
 *				generator, seeded by SEED and FIRST + k
 *   an opener			opens and closes /dev/hwbp, asks INFO between
 *   a toucher			makes the watched memory get touched: hwbp_target's
 *				triggers, pid_max, and this process's own memory
 *   a netlink thread		genetlink sockets: garbage, random messages to
 *				the hwbp family, group joins and leaves
 *
 * -x leaves the three helpers out: `fuzz -s SEED -j 1 -f K -x` replays
 * fuzz thread K's stream of calls alone (the kernel's answers, and so what
 * follows from them, can still differ).
 *
 * Before each call, each thread writes what it is about to do into its line
 * of FILE (default /tmp/fuzz.last, a shared mapping, so it survives the
 * fuzzer being killed): after a hang or an oops, that file names the call.
 *
 * What is thrown: valid HWBP_IOC_* numbers and random _IOC numbers; buffers
 * of random bytes, zeros or 0xcc; argument pointers NULL, unmapped, kernel,
 * non-canonical, a read-only page, and structs that straddle a writable and
 * a read-only or unmapped page, so that copy_from_user or copy_to_user
 * faults in the middle of the struct. Then structure-aware calls: valid
 * adds with one field mutated, and the read calls with random counts, ids,
 * starts and flags. Watches are added only on memory whose watching cannot
 * hurt (hwbp_target's variables, pid_max and the like, jiffies for writes
 * only) and probes only on a few harmless functions; every few calls a
 * thread deletes all watches, so that debug registers do not run out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../../include/uapi/linux/hwbp.h"

#define MAX_THREADS	16
#define LAST_LINE	384
#define SCRATCH_SIZE	(1U << 20)
#define ARG_PAGES	5
#define LIVE_IDS	16
#define JOURNAL		12	/* lines of added watches per fuzz thread */
#define T_DIR		"/sys/kernel/debug/hwbp_target/"
/* Helper threads pause this long between steps. */
#define HELPER_PAUSE_US	300

static unsigned long long seed = 1;
static unsigned long max_calls = 150000;
static double max_secs = 40;
static int nthreads = 4;
static int first_thread;
static int extras = 1;
/* -M RAW,ADD: percent of unstructured calls and of adds; -D: DEL --all
 * every this many calls of a thread. The defaults favour throughput; more
 * adds and deletes (-M 25,20 -D 48) stress the add/delete paths harder. */
static unsigned int pct_raw = 37, pct_add = 8, delall_every = 200;
static const char *last_path = "/tmp/fuzz.last";
/* (nthreads + 3) lines of LAST_LINE bytes, then JOURNAL per fuzz thread */
static char *last_map;
static size_t last_size;
static size_t page;

static volatile int stop;
/* Set by each thread as it returns: one that did not was killed in the
 * kernel (an oops kills the thread that made the call, not the process). */
static int finished[MAX_THREADS + 3];
static unsigned long total_calls;	/* atomics via __atomic builtins */
static unsigned long n_ok, n_added, n_opens, n_nl_sent, n_nl_groups,
		     n_touches, n_anomalies;
static unsigned long errno_hist[256];

/* Addresses of hwbp_target's variables, from its debugfs "addrs". */
static uint64_t t_var, t_obj;
/* hwbp's own .data, and where kernel text starts. */
static uint64_t hwbp_data, ktext = 0xffffffff81000000ULL;

/* A variable and a function of ours, for process watches; the toucher
 * writes and calls them. */
static volatile uint64_t user_var[4] __attribute__((aligned(64)));
static __attribute__((noinline)) void user_fn(void)
{
	__asm__ volatile("" ::: "memory");
	user_var[1]++;
}

/* --- random numbers: xorshift64*, one generator per thread ------------- */

struct rng {
	uint64_t s;
};

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

/* below(r, n): 0..n-1 */
static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)((rnd(r) >> 32) % n) : 0;
}

static int chance(struct rng *r, int pct)
{
	return below(r, 100) < (uint32_t)pct;
}

#define PICK(r, arr) ((arr)[below((r), sizeof(arr) / sizeof((arr)[0]))])

/* An "interesting" number: edges more often than uniform values. */
static uint64_t inum(struct rng *r)
{
	static const uint64_t edges[] = {
		0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 31, 32, 63, 64, 127, 128, 255,
		256, 4095, 4096, 4097, 65535, 65536, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL,
		0x8000000000000000ULL, 0xfffffffffffffffeULL,
		0xffffffffffffffffULL,
	};

	switch (below(r, 4)) {
	case 0:
		return PICK(r, edges);
	case 1:
		return below(r, 64);
	case 2:
		return (uint32_t)rnd(r);
	default:
		return rnd(r);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void inc(unsigned long *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

/* note(slot, fmt...): what thread slot is doing now, for the post-mortem. */
static void note(int slot, const char *fmt, ...)
{
	char *line = last_map + slot * LAST_LINE;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, LAST_LINE - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n > LAST_LINE - 2)
		n = LAST_LINE - 2;
	memset(line + n, ' ', LAST_LINE - 1 - n);
	line[LAST_LINE - 1] = '\n';
}

static void anomaly(const char *fmt, ...)
{
	va_list ap;

	inc(&n_anomalies);
	va_start(ap, fmt);
	fprintf(stderr, "fuzz: ANOMALY: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* --- memory: argument pages with faults in the middle ------------------ */

/*
 * Each fuzz thread has
 *	arg:	[0] RW  [1] RO  [2] none  [3] RW  [4] none
 *		pages 0, 1 and 3 are a memfd's pages 0, 1, 2; alias maps the
 *		same three pages writable, so the read-only page has content
 *	scratch: SCRATCH_SIZE bytes RW then a page of none: where the
 *		module writes arrays (never where the fuzzer keeps state)
 */
struct mem {
	char *arg;
	char *alias;
	char *scratch;
};

static int mem_init(struct mem *m)
{
	int fd = memfd_create("fuzz", 0);
	char *p;

	if (fd < 0 || ftruncate(fd, 3 * page))
		return -1;
	m->arg = mmap(NULL, ARG_PAGES * page, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m->alias = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0);
	if (m->arg == MAP_FAILED || m->alias == MAP_FAILED)
		return -1;
	if (mmap(m->arg, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 fd, 0) == MAP_FAILED ||
	    mmap(m->arg + page, page, PROT_READ, MAP_SHARED | MAP_FIXED, fd,
		 page) == MAP_FAILED ||
	    mmap(m->arg + 3 * page, page, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, 2 * page) == MAP_FAILED)
		return -1;
	close(fd);
	p = mmap(NULL, SCRATCH_SIZE + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + SCRATCH_SIZE, page, PROT_NONE))
		return -1;
	m->scratch = p;
	return 0;
}

/* Where an argument struct goes. */
enum {
	P_GOOD,		/* page 0, room to spare */
	P_NULL,
	P_LOW,		/* 0x1000: unmapped user */
	P_KERNEL,	/* kernel text */
	P_NONCANON,
	P_RO,		/* read-only page: copy_to_user faults */
	P_RW_RO,	/* straddles RW | RO: copy_to_user faults mid-struct */
	P_RO_NONE,	/* straddles RO | none: copy_from_user faults mid-struct */
	P_RW_NONE,	/* straddles RW | none (page 3): both fault mid-struct */
	P_TOP,		/* -4096 */
	P_MISALIGNED,	/* page 0 + 1 */
	P_COUNT
};

static const char *const p_names[P_COUNT] = {
	"good", "null", "0x1000", "kernel", "noncanon", "ro", "rw|ro",
	"ro|none", "rw|none", "top", "misaligned",
};

/*
 * place(m, kind, src, n, r): copy the n bytes of src to where kind says
 * (what of them lies in mapped memory) and return the user pointer.
 */
static uint64_t place(struct mem *m, int kind, const void *src, size_t n,
		      struct rng *r)
{
	size_t k, off;

	switch (kind) {
	case P_NULL:
		return 0;
	case P_LOW:
		return 0x1000;
	case P_KERNEL:
		return chance(r, 50) ? ktext : 0xffff888000000000ULL;
	case P_NONCANON:
		return chance(r, 50) ? 0x8000000000000000ULL :
				       0xdead000000000100ULL;
	case P_TOP:
		return 0xfffffffffffff000ULL;
	case P_RO:
		off = page;
		break;
	case P_RW_RO:
	case P_RO_NONE:
	case P_RW_NONE:
		k = n > 1 ? 1 + below(r, n - 1) : 1;	/* bytes before the edge */
		off = (kind == P_RW_RO ? page : kind == P_RO_NONE ?
		       2 * page : 4 * page) - k;
		break;
	case P_MISALIGNED:
		off = 1 + below(r, 7);
		break;
	default:
		off = 64 * below(r, 4);
		break;
	}
	/* Write through the alias; page 3 is the memfd's page 2. */
	if (off >= 3 * page) {
		k = n < 4 * page - off ? n : 4 * page - off;
		memcpy(m->alias + off - page, src, k);
	} else {
		k = n < 2 * page - off ? n : 2 * page - off;
		memcpy(m->alias + off, src, k);
	}
	return (uint64_t)(uintptr_t)(m->arg + off);
}

static int arg_kind(struct rng *r)
{
	return chance(r, 70) ? P_GOOD : (int)below(r, P_COUNT);
}

/*
 * out_ptr(m, r, item): a pointer for an array the module fills. Mostly the
 * scratch area; sometimes near its guard page (a fault mid-array), the
 * read-only page, or nothing mapped.
 */
static uint64_t out_ptr(struct mem *m, struct rng *r, size_t item)
{
	uint64_t end = (uint64_t)(uintptr_t)(m->scratch + SCRATCH_SIZE);

	if (chance(r, 75))
		return (uint64_t)(uintptr_t)m->scratch + 8 * below(r, 4);
	switch (below(r, 9)) {
	case 0:
		return 0;
	case 1:
		return 0x1000;
	case 2:
		return ktext;
	case 3:
		return 0x8000000000000000ULL;
	case 4:
		return (uint64_t)(uintptr_t)(m->arg + page);	/* RO */
	case 5:
		return (uint64_t)(uintptr_t)(m->arg + 2 * page);	/* none */
	case 6:
		return end - 1 - below(r, 2 * item);
	case 7:
		return end - item * (1 + below(r, 3));
	default:
		return (uint64_t)(uintptr_t)m->scratch + 1;
	}
}

/* --- what may be watched ------------------------------------------------ */

/* Data targets for w and rw watches: harmless to trap on. */
static const char *const data_syms[] = {
	"hwbp_target_var", "hwbp_target_obj", "hwbp_target_obj+8",
	"hwbp_target_obj+0x10", "hwbp_target_obj+24", "hwbp_target_var+4",
	"hwbp_target_bench", "pid_max", "pid_max_min", "pid_max_max",
};

/* Functions for execute watches and probes. */
static const char *const func_syms[] = {
	"vfs_read", "hwbp_target_writer_a", "hwbp_target_writer_b",
	"hwbp_target_take", "hwbp_target_drop", "hwbp_target_bench_fn",
};

/* Targets that must be refused (or resolve to the lists above). */
static const char *const bad_syms[] = {
	"no_such_symbol_hwbp", "1abc", "pid_max+", "pid_max+0xzz", "+8",
	"pid_max+-1", "pid_max++4", "pid_max+0xffffffffffffffff",
	"pid_max+18446744073709551615", "hwbp_target_var+1",
	"hwbp_target_var+0x3", "hwbp_target_pcpu", "runqueues", " pid_max",
	"pid_max ", "pid_max\n", "hwbp_target_var+0x", "0x1000", "jiffies+1",
	"hwbp_watch_add", "hwbp_ioctl", "vfs_read+1", "%s%s%n", "..",
	"pid_max+99999999999999999999999",
};

static const char *const on_strs[] = {
	"hwbp_target_take:arg1", "hwbp_target_take:arg1+8",
	"hwbp_target_take:arg1+0x10", "hwbp_target_take:arg0",
	"hwbp_target_take:arg7", "hwbp_target_take:arg1+",
	"hwbp_target_take:arg1+0xffffffffffffffff", "hwbp_target_take",
	"hwbp_target_take:", ":arg1", "no_such_fn:arg1", "hwbp_target_take:argx",
	"hwbp_target_take:arg1+1",
};

static const char *const until_strs[] = {
	"hwbp_target_drop:arg1", "hwbp_target_drop:arg2",
	"hwbp_target_drop:arg1+8", "no_such_fn:arg1", "hwbp_target_drop",
	"hwbp_target_drop:arg9",
};

static const char *const allow_strs[] = {
	"hwbp_target_writer_a", "hwbp_target_writer_b",
	"hwbp_target_writer_a,hwbp_target_writer_b", "vfs_read,,",
	",", "no_such_fn", "a,b,c,d,e,f,g,h,i", "vfs_read,vfs_read,vfs_read",
	"hwbp_target_writer_a,", " hwbp_target_writer_a",
};

static void fill_junk(struct rng *r, char *s, size_t n)
{
	size_t i, len;

	switch (below(r, 5)) {
	case 0:		/* no NUL at all */
		for (i = 0; i < n; i++)
			s[i] = 'a' + below(r, 26);
		break;
	case 1:		/* random bytes */
		for (i = 0; i < n; i++)
			s[i] = (char)rnd(r);
		break;
	case 2:		/* NUL-terminated, then garbage after the NUL */
		memset(s, 0, n);
		strcpy(s, "pid_max");
		for (i = 9; i < n; i += 1 + below(r, 16))
			s[i] = 'x';
		break;
	case 3:		/* the longest string that fits, n - 1 bytes */
		memset(s, 0, n);
		memset(s, 'p', n - 1);
		break;
	default:	/* printable junk of random length */
		memset(s, 0, n);
		len = below(r, n);
		for (i = 0; i < len; i++)
			s[i] = 33 + below(r, 94);
		break;
	}
}

static void set_str(char *dst, size_t n, const char *s)
{
	memset(dst, 0, n);
	strncpy(dst, s, n - 1);
}

/* --- the fuzz threads -------------------------------------------------- */

struct fz {
	int slot;		/* line in the last-call file */
	int fd;
	struct rng r;
	struct mem m;
	uint32_t live[LIVE_IDS];
	unsigned long iter;
};

static const unsigned int valid_cmds[] = {
	HWBP_IOC_INFO, HWBP_IOC_ADD, HWBP_IOC_DEL, HWBP_IOC_LIST,
	HWBP_IOC_PIECES, HWBP_IOC_SLOTS, HWBP_IOC_HITS, HWBP_IOC_STACKS,
	HWBP_IOC_COUNTS, HWBP_IOC_CLEAR,
};

/* Where the time goes: calls and ns by command (10: others, 11: DEL-ALL). */
#define NSTAT	12
static const char *const stat_names[NSTAT] = {
	"INFO", "ADD", "DEL", "LIST", "PIECES", "SLOTS", "HITS", "STACKS",
	"COUNTS", "CLEAR", "other", "DEL-ALL",
};
static unsigned long stat_calls[NSTAT], stat_ns[NSTAT];

static int stat_index(unsigned int cmd, const char *what)
{
	unsigned int i;

	if (!strcmp(what, "DEL-ALL"))
		return 11;
	for (i = 0; i < sizeof(valid_cmds) / sizeof(valid_cmds[0]); i++)
		if (cmd == valid_cmds[i])
			return i;
	return 10;
}

/* do_ioctl: one counted call; returns the result, errno as the kernel set. */
static long do_ioctl(struct fz *f, unsigned int cmd, uint64_t arg,
		     const char *what, const char *ptr)
{
	int e, si = stat_index(cmd, what);
	double t;
	long ret;

	note(f->slot, "T%d i=%lu %s cmd=0x%08x arg=0x%llx (%s)",
	     first_thread + f->slot, f->iter, what, cmd,
	     (unsigned long long)arg, ptr);
	t = now();
	ret = ioctl(f->fd, cmd, (unsigned long)arg);
	e = errno;
	__atomic_fetch_add(&stat_ns[si], (unsigned long)((now() - t) * 1e9),
			   __ATOMIC_RELAXED);
	inc(&stat_calls[si]);
	inc(&total_calls);
	if (ret == 0)
		inc(&n_ok);
	else
		inc(&errno_hist[e & 255]);
	errno = e;
	return ret;
}

static uint32_t pick_id(struct fz *f)
{
	uint32_t id;

	switch (below(&f->r, 6)) {
	case 0:
	case 1:
	case 2:
		id = f->live[below(&f->r, LIVE_IDS)];
		if (id)
			return id;
		/* fall through */
	case 3:
		return 1 + below(&f->r, 8);
	case 4:
		return below(&f->r, 300);
	default:
		return (uint32_t)inum(&f->r);
	}
}

static void remember(struct fz *f, uint32_t id)
{
	f->live[below(&f->r, LIVE_IDS)] = id;
}

/* A valid add request of some kind, before mutation. */
static void base_add(struct fz *f, struct hwbp_add *a)
{
	struct rng *r = &f->r;
	struct hwbp_watch *w = &a->watch;
	static const uint32_t lens[] = { 0, 1, 2, 4, 8, 8, 16, 32 };
	uint32_t rec = chance(r, 50) ? HWBP_WATCH_RECORD : 0;

	memset(a, 0, sizeof(*a));
	w->flags = rec;
	if (rec && chance(r, 40))
		w->flags |= HWBP_WATCH_STACK;
	if (chance(r, 15))
		w->flags |= HWBP_WATCH_DRY_RUN;
	if (chance(r, 1))
		w->flags |= HWBP_WATCH_LOG;	/* a stack in the log per hit */
	switch (below(r, 10)) {
	case 0:
	case 1:		/* a data symbol */
		set_str(w->target, sizeof(w->target), PICK(r, data_syms));
		w->type = chance(r, 50) ? HWBP_TYPE_W : HWBP_TYPE_RW;
		w->len = PICK(r, lens);
		break;
	case 2:		/* jiffies: writes only, the timer writes it */
		set_str(w->target, sizeof(w->target), "jiffies");
		w->type = HWBP_TYPE_W;
		w->len = chance(r, 50) ? 8 : 0;
		break;
	case 3:		/* an address in hwbp_target */
		w->addr = chance(r, 40) ? t_var : t_obj + 8 * below(r, 4);
		if (chance(r, 10))
			w->addr += below(r, 8);	/* misaligned */
		w->type = chance(r, 50) ? HWBP_TYPE_W : HWBP_TYPE_RW;
		w->len = PICK(r, lens);
		break;
	case 4:		/* a per-CPU variable */
		set_str(w->target, sizeof(w->target), chance(r, 50) ?
			"hwbp_target_pcpu" : "hwbp_target_pcpu16");
		w->type = HWBP_TYPE_W;
		w->len = chance(r, 50) ? 8 : 0;
		w->percpu = 1 + below(r, 3);
		if (w->percpu == HWBP_PERCPU_CPU)
			w->percpu_cpu = below(r, 3);
		break;
	case 5:		/* execute */
		set_str(w->target, sizeof(w->target), PICK(r, func_syms));
		w->type = HWBP_TYPE_X;
		w->len = chance(r, 50) ? 8 : 0;
		break;
	case 6:
	case 7:		/* a probe */
		set_str(w->target, sizeof(w->target), PICK(r, func_syms));
		w->type = chance(r, 60) ? HWBP_TYPE_PROBE : HWBP_TYPE_RETPROBE;
		w->probe_by = chance(r, 50) ? 0 : 1 + below(r, 7);
		if (w->probe_by == HWBP_BY_ARG)
			w->by_arg = 1 + below(r, 6);
		if (chance(r, 50)) {
			w->arg = 1 + below(r, 6);
			w->arg_kind = 1 + below(r, 3);
		}
		break;
	case 8:		/* armed by calls */
		set_str(w->on, sizeof(w->on), chance(r, 70) ?
			"hwbp_target_take:arg1" : "hwbp_target_take:arg1+8");
		if (chance(r, 70))
			set_str(w->until, sizeof(w->until),
				"hwbp_target_drop:arg1");
		w->type = HWBP_TYPE_W;
		w->len = 8;
		break;
	default:	/* this process's memory */
		w->pid = getpid();
		if (chance(r, 30)) {
			w->type = HWBP_TYPE_X;
			w->addr = (uint64_t)(uintptr_t)user_fn;
		} else {
			w->type = chance(r, 50) ? HWBP_TYPE_W : HWBP_TYPE_RW;
			w->addr = (uint64_t)(uintptr_t)&user_var[below(r, 4)];
			w->len = 8;
		}
		break;
	}
	if (chance(r, 20)) {
		w->flags |= HWBP_WATCH_CPU;
		w->cpu = below(r, 2);
	}
	if (rec && w->type <= HWBP_TYPE_RW && chance(r, 20)) {
		w->filter = 1 + below(r, 3);
		w->filter_value = below(r, 4);
	}
	if (rec && chance(r, 10))
		set_str(w->allow, sizeof(w->allow), PICK(r, allow_strs));
	if (chance(r, 15))
		w->max_hits = 1 + below(r, 5);
	if (chance(r, 60)) {
		a->pieces = out_ptr(&f->m, r, sizeof(struct hwbp_piece));
		a->nr_pieces = chance(r, 80) ? below(r, 16) :
					       (uint32_t)inum(r);
		if (!a->pieces && chance(r, 70))
			a->nr_pieces = 0;
	}
}

/* Change one field of a valid request. */
static const char *mutate_add(struct fz *f, struct hwbp_add *a)
{
	struct rng *r = &f->r;
	struct hwbp_watch *w = &a->watch;
	uint64_t *u64s, pieces;

	switch (below(r, 20)) {
	case 0:
		w->type = chance(r, 70) ? below(r, 9) : (uint32_t)inum(r);
		/* jiffies read constantly: never a read watch on it */
		if (!strcmp(w->target, "jiffies") &&
		    (w->type == HWBP_TYPE_R || w->type == HWBP_TYPE_RW))
			w->type = HWBP_TYPE_W;
		return "type";
	case 1:
		w->len = chance(r, 70) ? below(r, 9001) : (uint32_t)inum(r);
		return "len";
	case 2:
		w->flags ^= chance(r, 70) ? 1U << below(r, 32) :
					    (uint32_t)inum(r);
		return "flags";
	case 3:		/* an output or reserved field */
		switch (below(r, 12)) {
		case 0: w->id = 1 + below(r, 5); break;
		case 1: w->hits = inum(r) | 1; break;
		case 2: w->state = 1 + below(r, 4); break;
		case 3: w->slots = 1; break;
		case 4: w->nr_cpus = 1; break;
		case 5: w->recorded = 1; break;
		case 6: w->missed = 1; break;
		case 7: w->reserved[below(r, 4)] = inum(r) | 1; break;
		case 8: a->reserved[below(r, 2)] = inum(r) | 1; break;
		case 9: a->reason = 1 + below(r, __HWBP_R_MAX); break;
		case 10: a->reason_cpu = -1; break;
		default: a->reason_arg = inum(r) | 1; break;
		}
		return "out/reserved";
	case 4:
		w->cpu = chance(r, 60) ? below(r, 5) : (uint32_t)inum(r);
		if (chance(r, 50))
			w->flags ^= HWBP_WATCH_CPU;
		return "cpu";
	case 5:
		w->percpu = below(r, 6);
		w->percpu_cpu = chance(r, 50) ? below(r, 4) :
						(uint32_t)inum(r);
		return "percpu";
	case 6:
		w->pid = (int32_t)PICK(r, ((const uint32_t[]){ 0, 1, 2,
				99999, 0x7fffffff, 0x80000000, 0xffffffff,
				(uint32_t)getpid() }));
		if (w->pid == getpid() && !w->addr && chance(r, 50))
			w->addr = (uint64_t)(uintptr_t)&user_var[0];
		return "pid";
	case 7:
	case 8:
		if (chance(r, 50))
			fill_junk(r, w->target, sizeof(w->target));
		else
			set_str(w->target, sizeof(w->target), PICK(r, bad_syms));
		return "target";
	case 9:
		w->addr = PICK(r, ((const uint64_t[]){ 0x1000, 0,
			0x7ffffffff000ULL, 0x8000000000000000ULL,
			0xffffffffffffffffULL, 0xfffffffffffffff8ULL, ktext,
			hwbp_data, hwbp_data + 64, t_var + 1, t_var + 4,
			t_obj + 31, t_var - 8 }));
		return "addr";
	case 10:
		w->filter = below(r, 7);
		w->filter_value = inum(r);
		return "filter";
	case 11:
		if (chance(r, 50))
			fill_junk(r, w->allow, sizeof(w->allow));
		else
			set_str(w->allow, sizeof(w->allow), PICK(r, allow_strs));
		return "allow";
	case 12:
		if (chance(r, 30))
			fill_junk(r, w->on, sizeof(w->on));
		else
			set_str(w->on, sizeof(w->on), PICK(r, on_strs));
		return "on";
	case 13:
		if (chance(r, 30))
			fill_junk(r, w->until, sizeof(w->until));
		else
			set_str(w->until, sizeof(w->until), PICK(r, until_strs));
		return "until";
	case 14:
		switch (below(r, 4)) {
		case 0: w->probe_by = below(r, 10); break;
		case 1: w->by_arg = below(r, 9); break;
		case 2: w->arg = below(r, 9); break;
		default: w->arg_kind = below(r, 6); break;
		}
		return "probe";
	case 15:
		w->max_hits = inum(r);
		return "max_hits";
	case 16:
		a->pieces = out_ptr(&f->m, r, sizeof(struct hwbp_piece));
		a->nr_pieces = (uint32_t)inum(r);
		return "pieces";
	case 17:	/* a random u64 of the struct gets a bit flipped */
		pieces = a->pieces;
		u64s = (uint64_t *)a;
		u64s[below(r, sizeof(*a) / 8)] ^= 1ULL << below(r, 64);
		/* the module writes there: never into our own memory */
		a->pieces = pieces;
		/* but never turn a jiffies watch into a read watch */
		if (!strcmp(w->target, "jiffies"))
			w->type = HWBP_TYPE_W;
		if (!strcmp(w->target, "jiffies") || w->target[0])
			return "bitflip";
		/* an address watch: keep it in hwbp_target, or refused */
		if (!w->pid && w->addr && !w->on[0] &&
		    !(w->addr >= t_var && w->addr < t_var + 8) &&
		    !(w->addr >= t_obj && w->addr < t_obj + 32) &&
		    w->addr >= 0xffff800000000000ULL)
			w->addr = t_var;
		return "bitflip";
	case 18:	/* pieces pointing at the request itself */
		a->pieces = 0;	/* set by the caller when placed */
		a->nr_pieces = 1 + below(r, 8);
		return "pieces=self";
	default:
		return "none";
	}
}

/* journal(f, a): keep the request of a successful add in the last-call
 * file: the watches alive at a hang are among them. */
static unsigned int journal_next[MAX_THREADS];

static void journal(struct fz *f, const struct hwbp_add *a)
{
	const struct hwbp_watch *w = &a->watch;
	int line = nthreads + 3 + f->slot * JOURNAL +
		   journal_next[f->slot]++ % JOURNAL;

	note(line, "T%d i=%lu added id=%u type=%u len=%u flags=0x%x addr=0x%llx target='%.40s' cpu=%u percpu=%u/%u pid=%d on='%.30s' until='%.30s' probe_by=%u arg=%u/%u filter=%u max_hits=%llu",
	     first_thread + f->slot, f->iter, w->id, w->type, w->len,
	     w->flags, (unsigned long long)w->addr, w->target, w->cpu,
	     w->percpu, w->percpu_cpu, w->pid, w->on, w->until, w->probe_by,
	     w->arg, w->arg_kind, w->filter,
	     (unsigned long long)w->max_hits);
}

static void op_add(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_add a;
	const char *mut = "none";
	char what[64];
	uint64_t p;
	int kind = arg_kind(r);
	long ret;

	base_add(f, &a);
	if (chance(r, 70))
		mut = mutate_add(f, &a);
	if (!strcmp(mut, "pieces=self") && kind == P_GOOD)
		a.pieces = (uint64_t)(uintptr_t)(f->m.arg + 64 * 4);
	snprintf(what, sizeof(what), "ADD mut=%s", mut);
	p = place(&f->m, kind, &a, sizeof(a), r);
	ret = do_ioctl(f, HWBP_IOC_ADD, p, what, p_names[kind]);
	if (ret == 0 && kind == P_GOOD) {
		const struct hwbp_add *out = (const void *)(uintptr_t)p;

		inc(&n_added);
		if (out->watch.id) {
			remember(f, out->watch.id);
			journal(f, out);
		}
	}
}

static void op_del(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_del d;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&d, 0, sizeof(d));
	if (chance(r, 10)) {
		d.flags = HWBP_DEL_ALL;
		if (chance(r, 30))
			d.id = pick_id(f);
	} else {
		d.id = pick_id(f);
	}
	if (chance(r, 10))
		d.flags |= 1U << below(r, 32);
	if (chance(r, 5))
		d.reserved[below(r, 2)] = inum(r) | 1;
	p = place(&f->m, kind, &d, sizeof(d), r);
	do_ioctl(f, HWBP_IOC_DEL, p, "DEL", p_names[kind]);
}

static void del_all(struct fz *f)
{
	struct hwbp_del d = { .flags = HWBP_DEL_ALL };
	uint64_t p = place(&f->m, P_GOOD, &d, sizeof(d), &f->r);

	if (do_ioctl(f, HWBP_IOC_DEL, p, "DEL-ALL", "good"))
		anomaly("DEL --all failed: %s", strerror(errno));
	memset(f->live, 0, sizeof(f->live));
}

static void op_info(struct fz *f)
{
	struct hwbp_info in;
	int kind = arg_kind(&f->r);
	uint64_t p;
	long ret;

	memset(&in, 0xcc, sizeof(in));
	p = place(&f->m, kind, &in, sizeof(in), &f->r);
	ret = do_ioctl(f, HWBP_IOC_INFO, p, "INFO", p_names[kind]);
	if (kind == P_GOOD) {
		const struct hwbp_info *o = (const void *)(uintptr_t)p;

		if (ret || o->abi_version != HWBP_ABI_VERSION ||
		    o->slots_per_cpu != 4 || o->pad || o->reserved[0])
			anomaly("INFO: ret %ld (%s), abi %u slots %u",
				ret, strerror(errno), o->abi_version,
				o->slots_per_cpu);
	}
}

static void op_list(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_list l;
	int kind = arg_kind(r);
	int sane = kind == P_GOOD;
	uint64_t p;
	long ret;

	memset(&l, 0, sizeof(l));
	if (chance(r, 80)) {
		l.watches = (uint64_t)(uintptr_t)f->m.scratch;
		l.count = below(r, 20);
	} else {
		l.watches = out_ptr(&f->m, r, sizeof(struct hwbp_watch));
		l.count = (uint32_t)inum(r);
		sane = 0;
	}
	l.start_id = chance(r, 70) ? below(r, 10) : (uint32_t)inum(r);
	if (l.start_id > 0x7fffffff)
		sane = 0;
	if (chance(r, 15)) {
		sane = 0;
		switch (below(r, 5)) {
		case 0: l.next_id = 1; break;
		case 1: l.total = 1; break;
		case 2: l.flags = 1U << below(r, 32); break;
		case 3: l.pad = 1; break;
		default: l.reserved[below(r, 2)] = 1; break;
		}
	}
	p = place(&f->m, kind, &l, sizeof(l), r);
	ret = do_ioctl(f, HWBP_IOC_LIST, p, "LIST", p_names[kind]);
	if (sane) {
		const struct hwbp_list *o = (const void *)(uintptr_t)p;

		if (ret)
			anomaly("LIST count %u start %u: %s", l.count,
				l.start_id, strerror(errno));
		else if (o->count > l.count || o->count > o->total + 256)
			anomaly("LIST: %u entries for room %u (total %u)",
				o->count, l.count, o->total);
	}
}

static void op_pieces(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_pieces q;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&q, 0, sizeof(q));
	q.id = pick_id(f);
	q.count = chance(r, 70) ? below(r, 12) : (uint32_t)inum(r);
	q.pieces = out_ptr(&f->m, r, sizeof(struct hwbp_piece));
	if (chance(r, 5))
		q.reserved[below(r, 2)] = 1;
	p = place(&f->m, kind, &q, sizeof(q), r);
	do_ioctl(f, HWBP_IOC_PIECES, p, "PIECES", p_names[kind]);
}

static void op_slots(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_slots s;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&s, 0, sizeof(s));
	s.count = chance(r, 70) ? below(r, 8) : (uint32_t)inum(r);
	s.cpus = out_ptr(&f->m, r, sizeof(struct hwbp_cpu_slots));
	if (chance(r, 5))
		s.pad = 1;
	if (chance(r, 5))
		s.reserved[below(r, 2)] = 1;
	p = place(&f->m, kind, &s, sizeof(s), r);
	do_ioctl(f, HWBP_IOC_SLOTS, p, "SLOTS", p_names[kind]);
}

static void op_hits(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_hits h;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&h, 0, sizeof(h));
	h.id = pick_id(f);
	h.count = chance(r, 70) ? below(r, 300) : (uint32_t)inum(r);
	h.start_seq = chance(r, 60) ? below(r, 4) : inum(r);
	h.records = out_ptr(&f->m, r, sizeof(struct hwbp_record));
	if (chance(r, 5))
		h.next_seq = inum(r) | 1;
	if (chance(r, 5))
		h.reserved[below(r, 2)] = 1;
	p = place(&f->m, kind, &h, sizeof(h), r);
	do_ioctl(f, HWBP_IOC_HITS, p, "HITS", p_names[kind]);
}

static void op_stacks(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_stacks s;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&s, 0, sizeof(s));
	s.id = pick_id(f);
	s.count = chance(r, 70) ? below(r, 40) : (uint32_t)inum(r);
	s.start = chance(r, 70) ? below(r, 4) : (uint32_t)inum(r);
	s.stacks = out_ptr(&f->m, r, sizeof(struct hwbp_stack));
	if (chance(r, 5))
		s.total = 1;
	if (chance(r, 5))
		s.dropped = 1;
	if (chance(r, 5))
		s.reserved[below(r, 2)] = 1;
	p = place(&f->m, kind, &s, sizeof(s), r);
	do_ioctl(f, HWBP_IOC_STACKS, p, "STACKS", p_names[kind]);
}

static void op_counts(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_counts c;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&c, 0, sizeof(c));
	c.id = pick_id(f);
	c.by = chance(r, 80) ? below(r, 9) : (uint32_t)inum(r);
	c.count = chance(r, 70) ? below(r, 64) : (uint32_t)inum(r);
	c.entries = out_ptr(&f->m, r, sizeof(struct hwbp_count));
	if (chance(r, 5))
		c.total = 1;
	if (chance(r, 5))
		c.overflow = 1;
	if (chance(r, 5))
		c.reserved[below(r, 2)] = 1;
	p = place(&f->m, kind, &c, sizeof(c), r);
	do_ioctl(f, HWBP_IOC_COUNTS, p, "COUNTS", p_names[kind]);
}

static void op_clear(struct fz *f)
{
	struct rng *r = &f->r;
	struct hwbp_clear c;
	int kind = arg_kind(r);
	uint64_t p;

	memset(&c, 0, sizeof(c));
	if (chance(r, 20))
		c.flags = HWBP_CLEAR_ALL;
	if (!c.flags || chance(r, 20))
		c.id = pick_id(f);
	if (chance(r, 10))
		c.flags |= 1U << below(r, 32);
	if (chance(r, 5))
		c.reserved[below(r, 2)] = 1;
	p = place(&f->m, kind, &c, sizeof(c), r);
	do_ioctl(f, HWBP_IOC_CLEAR, p, "CLEAR", p_names[kind]);
}

/* A type byte for a random command: never a generic file ioctl's. */
static unsigned int safe_type(struct rng *r)
{
	unsigned int type = chance(r, 70) ? HWBP_IOC_MAGIC : below(r, 256);

	/* FIFREEZE and friends ('X'), FIO* ('T'), FS_IOC_* ('f', 'v', 0x94) */
	if (type == 'X' || type == 'T' || type == 'f' || type == 'v' ||
	    type == 0x94 || type == 0x12 || type == 0x03 || type == 0)
		type = HWBP_IOC_MAGIC;
	return type;
}

/* Unstructured: a random command with a random buffer at a random place. */
static void op_raw(struct fz *f)
{
	struct rng *r = &f->r;
	unsigned int cmd, dir, nr, size;
	size_t n = 64 + below(r, 1024), i;
	int kind = (int)below(r, P_COUNT);
	unsigned char tmp[1088];
	const char *fill;
	char what[48];
	uint64_t p;

	switch (below(r, 3)) {
	case 0:
		memset(tmp, 0, n);
		fill = "zero";
		break;
	case 1:
		memset(tmp, 0xcc, n);
		fill = "0xcc";
		break;
	default:
		for (i = 0; i < n; i++)
			tmp[i] = (unsigned char)rnd(r);
		fill = "random";
		break;
	}
	if (chance(r, 50)) {
		cmd = PICK(r, valid_cmds);
	} else if (chance(r, 5)) {
		/* any 32 bits, but a safe type byte */
		cmd = ((uint32_t)rnd(r) & ~(0xffU << _IOC_TYPESHIFT)) |
		      safe_type(r) << _IOC_TYPESHIFT;
	} else {
		dir = below(r, 4);
		nr = chance(r, 70) ? below(r, 16) : below(r, 256);
		size = chance(r, 50) ? below(r, 1100) : below(r, 1U << 14);
		cmd = _IOC(dir, safe_type(r), nr, size);
	}
	p = place(&f->m, kind, tmp, n, r);
	snprintf(what, sizeof(what), "RAW fill=%s n=%zu", fill, n);
	do_ioctl(f, cmd, p, what, p_names[kind]);
}

static void *fuzz_thread(void *arg)
{
	struct fz *f = arg;
	struct rng *r = &f->r;
	unsigned int op;

	for (f->iter = 0; !stop; f->iter++) {
		if (f->iter % delall_every == delall_every - 1) {
			del_all(f);
			continue;
		}
		if (chance(r, 1)) {	/* a fresh fd now and then */
			close(f->fd);
			f->fd = open(HWBP_DEVICE, O_RDWR);
			if (f->fd < 0) {
				anomaly("reopen %s: %s", HWBP_DEVICE,
					strerror(errno));
				break;
			}
		}
		/* the rest in fixed shares of what is left of 100 */
		op = below(r, 100);
		if (op >= pct_raw + pct_add)
			op = 45 + (op - pct_raw - pct_add) * 55 /
				  (100 - pct_raw - pct_add);
		if (op < pct_raw)
			op_raw(f);
		else if (op < pct_raw + pct_add)
			op_add(f);
		else if (op < 52)
			op_del(f);
		else if (op < 58)
			op_info(f);
		else if (op < 66)
			op_list(f);
		else if (op < 72)
			op_pieces(f);
		else if (op < 77)
			op_slots(f);
		else if (op < 85)
			op_hits(f);
		else if (op < 90)
			op_stacks(f);
		else if (op < 96)
			op_counts(f);
		else
			op_clear(f);
		if (__atomic_load_n(&total_calls, __ATOMIC_RELAXED) >= max_calls)
			stop = 1;
	}
	note(f->slot, "T%d done after %lu iterations", first_thread + f->slot,
	     f->iter);
	finished[f->slot] = 1;
	return NULL;
}

/* --- helpers: opener, toucher ------------------------------------------ */

static void *opener_thread(void *arg)
{
	int slot = (int)(intptr_t)arg;
	struct hwbp_info in;
	unsigned long i;
	int fd;

	for (i = 0; !stop; i++) {
		note(slot, "opener i=%lu", i);
		fd = open(HWBP_DEVICE, O_RDWR);
		if (fd < 0) {
			anomaly("open %s: %s", HWBP_DEVICE, strerror(errno));
			break;
		}
		inc(&n_opens);
		if (i % 2 && ioctl(fd, HWBP_IOC_INFO, &in))
			anomaly("INFO on a fresh fd: %s", strerror(errno));
		close(fd);
		/* leave the CPUs to the fuzz threads, mostly */
		usleep(HELPER_PAUSE_US);
	}
	finished[slot] = 1;
	return NULL;
}

static void trigger(const char *file, const char *line)
{
	int fd = open(file, O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0) {
		/* EINVAL, ENODEV: the guest's business, not ours */
	}
	close(fd);
}

static void *toucher_thread(void *arg)
{
	int slot = (int)(intptr_t)arg;
	struct rng r = { splitmix(seed ^ 0x70ac4e5ULL) | 1 };
	char line[64], pm[32];
	unsigned long i;
	ssize_t n;
	int fd;

	for (i = 0; !stop; i++) {
		note(slot, "toucher i=%lu", i);
		inc(&n_touches);
		switch (below(&r, 8)) {
		case 0:
		case 1:
			snprintf(line, sizeof(line), "%u\n", 1 + below(&r, 50));
			trigger(T_DIR "write_var", line);
			break;
		case 2:
			snprintf(line, sizeof(line), "%u\n", 1 + below(&r, 20));
			trigger(T_DIR "write_var_b", line);
			break;
		case 3:
			snprintf(line, sizeof(line), "%c %u\n",
				 'a' + below(&r, 7), 1 + below(&r, 20));
			trigger(T_DIR "write_field", line);
			break;
		case 4:
			snprintf(line, sizeof(line), "%u %u\n",
				 1 + below(&r, 4), below(&r, 3));
			trigger(T_DIR "obj_cycle", line);
			break;
		case 5:
			snprintf(line, sizeof(line), "%u %u\n", below(&r, 2),
				 1 + below(&r, 10));
			trigger(T_DIR "write_pcpu", line);
			break;
		case 6:		/* pid_max: read it and write it back */
			fd = open("/proc/sys/kernel/pid_max", O_RDWR);
			if (fd < 0)
				break;
			n = read(fd, pm, sizeof(pm) - 1);
			if (n > 0 && lseek(fd, 0, SEEK_SET) == 0 &&
			    write(fd, pm, n) < 0) {
				/* the value stays */
			}
			close(fd);
			break;
		default:	/* our own memory, for process watches */
			user_var[below(&r, 4)] = rnd(&r);
			user_fn();
			snprintf(line, sizeof(line), "%u\n", 1 + below(&r, 20));
			trigger(T_DIR "read_var", line);
			break;
		}
	}
	finished[slot] = 1;
	return NULL;
}

/* --- netlink ------------------------------------------------------------ */

static uint16_t nl_family;
static uint32_t nl_groups[2];

#define NLA_ALIGN4(n)	(((n) + 3) & ~3U)

static int nl_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (s < 0)
		return -1;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		close(s);
		return -1;
	}
	return s;
}

static int nl_send(int s, const void *msg, size_t n)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(s, msg, n, MSG_DONTWAIT, (struct sockaddr *)&sa,
		      sizeof(sa)) < 0 ? -1 : 0;
}

static void nl_drain(int s)
{
	static char buf[16384];

	while (recv(s, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/*
 * nl_resolve: CTRL_CMD_GETFAMILY "hwbp" by hand: the family id and the
 * ids of its groups "hits" and "events".
 */
static int nl_resolve(void)
{
	char buf[8192];
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req;
	struct nlattr *a, *grp, *ga;
	struct nlmsghdr *nh;
	size_t alen;
	ssize_t len;
	int s = nl_socket(), ret = -1, rem, grem, garem;

	if (s < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	a = (struct nlattr *)req.attrs;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(HWBP_GENL_NAME);
	memcpy((char *)a + NLA_HDRLEN, HWBP_GENL_NAME, sizeof(HWBP_GENL_NAME));
	alen = NLA_ALIGN4(a->nla_len);
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	req.n.nlmsg_type = GENL_ID_CTRL;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_seq = 1;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	if (nl_send(s, &req, req.n.nlmsg_len))
		goto out;
	len = recv(s, buf, sizeof(buf), 0);
	if (len <= 0)
		goto out;
	nh = (struct nlmsghdr *)buf;
	if (!NLMSG_OK(nh, (size_t)len) || nh->nlmsg_type != GENL_ID_CTRL)
		goto out;
	a = (struct nlattr *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN);
	rem = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem;
	     rem -= NLA_ALIGN4(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN4(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID) {
			memcpy(&nl_family, (char *)a + NLA_HDRLEN, 2);
			ret = 0;
		}
		if ((a->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		grp = (struct nlattr *)((char *)a + NLA_HDRLEN);
		grem = a->nla_len - NLA_HDRLEN;
		for (; grem >= NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN &&
		       grp->nla_len <= grem;
		     grem -= NLA_ALIGN4(grp->nla_len),
		     grp = (struct nlattr *)((char *)grp +
					     NLA_ALIGN4(grp->nla_len))) {
			const char *name = NULL;
			uint32_t id = 0;

			ga = (struct nlattr *)((char *)grp + NLA_HDRLEN);
			garem = grp->nla_len - NLA_HDRLEN;
			for (; garem >= NLA_HDRLEN &&
			       ga->nla_len >= NLA_HDRLEN &&
			       ga->nla_len <= garem;
			     garem -= NLA_ALIGN4(ga->nla_len),
			     ga = (struct nlattr *)((char *)ga +
						    NLA_ALIGN4(ga->nla_len))) {
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
					name = (char *)ga + NLA_HDRLEN;
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_ID)
					memcpy(&id, (char *)ga + NLA_HDRLEN, 4);
			}
			if (name && !strcmp(name, HWBP_GENL_MCGRP_HITS))
				nl_groups[0] = id;
			if (name && !strcmp(name, HWBP_GENL_MCGRP_EVENTS))
				nl_groups[1] = id;
		}
	}
out:
	close(s);
	return ret;
}

static uint32_t nl_group(struct rng *r)
{
	switch (below(r, 4)) {
	case 0:
	case 1:
		return nl_groups[below(r, 2)];
	case 2:
		return below(r, 40);
	default:
		return (uint32_t)inum(r);
	}
}

/* A generic netlink message to hwbp (or ctrl), with random attributes. */
static size_t nl_random_msg(struct rng *r, char *buf, size_t room)
{
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)NLMSG_DATA(n);
	size_t len = NLMSG_LENGTH(GENL_HDRLEN), alen;
	struct nlattr *a;
	int i, nattr = below(r, 6);

	memset(buf, 0, len);
	n->nlmsg_type = chance(r, 75) ? nl_family :
			chance(r, 70) ? GENL_ID_CTRL : below(r, 0x10);
	n->nlmsg_flags = NLM_F_REQUEST;
	if (chance(r, 40))
		n->nlmsg_flags |= NLM_F_ACK;
	if (chance(r, 25))
		n->nlmsg_flags |= NLM_F_DUMP;
	if (chance(r, 10))
		n->nlmsg_flags = (uint16_t)rnd(r);
	n->nlmsg_seq = (uint32_t)rnd(r);
	g->cmd = chance(r, 70) ? below(r, 16) : (uint8_t)rnd(r);
	g->version = chance(r, 70) ? 1 : (uint8_t)rnd(r);
	/* ctrl: only the read-only commands (getfamily, getpolicy) */
	if (n->nlmsg_type == GENL_ID_CTRL)
		g->cmd = chance(r, 50) ? CTRL_CMD_GETFAMILY : CTRL_CMD_GETPOLICY;
	for (i = 0; i < nattr; i++) {
		alen = below(r, 40);
		if (len + NLA_HDRLEN + NLA_ALIGN4(alen) > room)
			break;
		a = (struct nlattr *)(buf + len);
		a->nla_type = chance(r, 70) ? below(r, HWBP_A_MAX + 3) :
					      (uint16_t)rnd(r);
		a->nla_len = NLA_HDRLEN + alen;
		if (n->nlmsg_type == GENL_ID_CTRL && chance(r, 60)) {
			/* family id or name of hwbp */
			if (chance(r, 50)) {
				a->nla_type = CTRL_ATTR_FAMILY_ID;
				alen = 2;
				memcpy((char *)a + NLA_HDRLEN, &nl_family, 2);
			} else {
				a->nla_type = CTRL_ATTR_FAMILY_NAME;
				alen = sizeof(HWBP_GENL_NAME);
				memcpy((char *)a + NLA_HDRLEN, HWBP_GENL_NAME,
				       alen);
			}
			a->nla_len = NLA_HDRLEN + alen;
		} else {
			for (size_t k = 0; k < alen; k++)
				((char *)a)[NLA_HDRLEN + k] = (char)rnd(r);
		}
		if (chance(r, 10))
			a->nla_len = (uint16_t)rnd(r);	/* malformed */
		len += NLA_HDRLEN + NLA_ALIGN4(alen);
	}
	n->nlmsg_len = len;
	/*
	 * Truncated (and sent so: what follows a message is parsed as the
	 * next one, which could reach another family), or longer than sent.
	 */
	if (chance(r, 10)) {
		len = NLMSG_HDRLEN + below(r, len - NLMSG_HDRLEN + 1);
		n->nlmsg_len = len;
	} else if (chance(r, 5)) {
		n->nlmsg_len = len + 1 + below(r, 4096);
	}
	return len;
}

static void *netlink_thread(void *arg)
{
	int slot = (int)(intptr_t)arg;
	struct rng r = { splitmix(seed ^ 0x6e65746cULL) | 1 };
	int socks[4] = { -1, -1, -1, -1 };
	char msg[1024];
	unsigned long i;
	uint32_t grp;
	size_t n, k;
	int s, j, on;

	if (nl_resolve()) {
		fprintf(stderr, "fuzz: cannot resolve genl family %s\n",
			HWBP_GENL_NAME);
		inc(&n_anomalies);
		finished[slot] = 1;
		return NULL;
	}
	printf("fuzz: genl family %s id %u, groups hits %u events %u\n",
	       HWBP_GENL_NAME, nl_family, nl_groups[0], nl_groups[1]);
	fflush(stdout);
	for (i = 0; !stop; i++) {
		j = below(&r, 4);
		s = socks[j];
		if (s < 0 || chance(&r, 3)) {
			if (s >= 0)
				close(s);
			s = socks[j] = nl_socket();
			if (s < 0)
				continue;
		}
		switch (below(&r, 6)) {
		case 0:
		case 1:
			grp = nl_group(&r);
			on = chance(&r, 60);
			note(slot, "netlink i=%lu %s group %u", i,
			     on ? "join" : "leave", grp);
			setsockopt(s, SOL_NETLINK, on ? NETLINK_ADD_MEMBERSHIP :
				   NETLINK_DROP_MEMBERSHIP, &grp, sizeof(grp));
			inc(&n_nl_groups);
			break;
		case 2:		/* garbage */
			n = below(&r, sizeof(msg));
			for (k = 0; k < n; k++)
				msg[k] = (char)rnd(&r);
			if (n >= sizeof(struct nlmsghdr)) {
				struct nlmsghdr *h = (struct nlmsghdr *)msg;

				/* keep away from other families */
				h->nlmsg_type = chance(&r, 50) ? nl_family :
						below(&r, 0x10);
				/* one message: no second header from junk */
				h->nlmsg_len = n + (chance(&r, 20) ?
						    below(&r, 64) : 0);
			}
			note(slot, "netlink i=%lu garbage %zu bytes", i, n);
			nl_send(s, msg, n);
			inc(&n_nl_sent);
			break;
		case 3:		/* legacy bind with a group bit mask */
			{
				struct sockaddr_nl sa = {
					.nl_family = AF_NETLINK,
					.nl_groups = (uint32_t)rnd(&r),
				};

				note(slot, "netlink i=%lu bind 0x%x", i,
				     sa.nl_groups);
				close(s);
				s = socks[j] = socket(AF_NETLINK,
						      SOCK_RAW | SOCK_CLOEXEC,
						      NETLINK_GENERIC);
				if (s >= 0)
					bind(s, (struct sockaddr *)&sa,
					     sizeof(sa));
			}
			break;
		default:
			n = nl_random_msg(&r, msg, sizeof(msg));
			note(slot, "netlink i=%lu msg type %u cmd %u len %zu",
			     i, ((struct nlmsghdr *)msg)->nlmsg_type,
			     ((struct genlmsghdr *)(msg + NLMSG_HDRLEN))->cmd,
			     n);
			nl_send(s, msg, n);
			inc(&n_nl_sent);
			break;
		}
		if (s >= 0)
			nl_drain(s);
		usleep(HELPER_PAUSE_US);
	}
	for (j = 0; j < 4; j++)
		if (socks[j] >= 0)
			close(socks[j]);
	finished[slot] = 1;
	return NULL;
}

/* --- main ---------------------------------------------------------------- */

static void read_addrs(void)
{
	char line[128];
	unsigned long long v;
	FILE *fp = fopen(T_DIR "addrs", "r");

	if (fp) {
		while (fgets(line, sizeof(line), fp)) {
			if (sscanf(line, "var=%llx", &v) == 1)
				t_var = v;
			else if (sscanf(line, "obj=%llx", &v) == 1)
				t_obj = v;
		}
		fclose(fp);
	}
	fp = fopen("/sys/module/hwbp/sections/.data", "r");
	if (fp) {
		if (fscanf(fp, "%llx", &v) == 1)
			hwbp_data = v;
		fclose(fp);
	}
	fp = fopen("/proc/kallsyms", "r");
	if (fp) {
		char name[128], t;

		while (fscanf(fp, "%llx %c %127s%*[^\n]", &v, &t, name) == 3)
			if (!strcmp(name, "_stext")) {
				if (v)
					ktext = v;
				break;
			}
		fclose(fp);
	}
}

static void on_fatal(int sig)
{
	static const char msg[] = "fuzz: fatal signal; last calls:\n";
	if (write(2, msg, sizeof(msg) - 1) < 0 ||
	    write(2, last_map, last_size) < 0) {
		/* nothing left to try */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n CALLS] [-t SECONDS] [-j THREADS] [-f FIRST] [-x] [-l FILE] [-M RAW,ADD] [-D N]\n",
		prog);
	exit(2);
}

int main(int argc, char **argv)
{
	static struct fz fz[MAX_THREADS];
	pthread_t tid[MAX_THREADS + 3];
	int nt = 0, i, c, fd;
	double t0, dt;

	while ((c = getopt(argc, argv, "s:n:t:j:f:xl:M:D:")) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': max_calls = strtoul(optarg, NULL, 0); break;
		case 't': max_secs = strtod(optarg, NULL); break;
		case 'j': nthreads = atoi(optarg); break;
		case 'f': first_thread = atoi(optarg); break;
		case 'x': extras = 0; break;
		case 'l': last_path = optarg; break;
		case 'M':
			if (sscanf(optarg, "%u,%u", &pct_raw, &pct_add) != 2 ||
			    pct_raw + pct_add > 90)
				usage(argv[0]);
			break;
		case 'D': delall_every = strtoul(optarg, NULL, 0); break;
		default: usage(argv[0]);
		}
	}
	if (optind != argc || nthreads < 1 || nthreads > MAX_THREADS ||
	    delall_every < 2)
		usage(argv[0]);
	page = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);

	last_size = (size_t)(nthreads + 3 + nthreads * JOURNAL) * LAST_LINE;
	fd = open(last_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, last_size)) {
		perror(last_path);
		return 1;
	}
	last_map = mmap(NULL, last_size,
			PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (last_map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	memset(last_map, ' ', last_size);
	for (i = 0; i < (int)(last_size / LAST_LINE); i++)
		last_map[i * LAST_LINE + LAST_LINE - 1] = '\n';
	signal(SIGSEGV, on_fatal);
	signal(SIGBUS, on_fatal);
	signal(SIGABRT, on_fatal);
	signal(SIGFPE, on_fatal);
	signal(SIGILL, on_fatal);
	signal(SIGPIPE, SIG_IGN);

	read_addrs();
	if (!t_var || !t_obj) {
		fprintf(stderr, "fuzz: no hwbp_target addresses (load hwbp_target)\n");
		return 1;
	}
	printf("fuzz: seed=%llu calls=%lu max %.0f s, mix %u%% raw %u%% add, del --all every %u, %d fuzz threads from %d%s\n",
	       seed, max_calls, max_secs, pct_raw, pct_add, delall_every,
	       nthreads, first_thread,
	       extras ? ", opener, toucher, netlink" : "");
	printf("fuzz: replay one thread: fuzz -s %llu -M %u,%u -D %u -j 1 -f K -x -n CALLS\n",
	       seed, pct_raw, pct_add, delall_every);

	for (i = 0; i < nthreads; i++) {
		struct fz *f = &fz[i];

		f->slot = i;
		f->r.s = splitmix(seed * 0x100000001b3ULL +
				  (uint64_t)(first_thread + i)) | 1;
		f->fd = open(HWBP_DEVICE, O_RDWR);
		if (f->fd < 0 || mem_init(&f->m)) {
			fprintf(stderr, "fuzz: thread %d setup: %s\n", i,
				strerror(errno));
			return 1;
		}
	}
	t0 = now();
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&tid[nt++], NULL, fuzz_thread, &fz[i])) {
			fprintf(stderr, "fuzz: pthread_create failed\n");
			return 1;
		}
	if (extras) {
		void *(*fns[3])(void *) = {
			opener_thread, toucher_thread, netlink_thread,
		};

		for (i = 0; i < 3; i++)
			if (pthread_create(&tid[nt++], NULL, fns[i],
					   (void *)(intptr_t)(nthreads + i))) {
				fprintf(stderr, "fuzz: pthread_create failed\n");
				return 1;
			}
	}
	while (!stop) {
		usleep(50000);
		if (now() - t0 >= max_secs) {
			printf("fuzz: time limit %.0f s reached\n", max_secs);
			stop = 1;
		}
	}
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	dt = now() - t0;
	for (i = 0; i < nt; i++)
		if (!finished[i])
			anomaly("thread %d died in the kernel (oops?); it was at: %.*s",
				i, LAST_LINE - 1, last_map + i * LAST_LINE);

	printf("fuzz: %lu ioctls in %.1f s, %.0f calls/s; %lu returned 0, %lu adds armed or dry-run\n",
	       total_calls, dt, total_calls / dt, n_ok, n_added);
	printf("fuzz: errno:");
	for (i = 0; i < 256; i++)
		if (errno_hist[i])
			printf(" %s=%lu", strerrorname_np(i) ?
			       strerrorname_np(i) : "?", errno_hist[i]);
	printf("\n");
	printf("fuzz: time by command (calls, total s, avg us):");
	for (i = 0; i < NSTAT; i++)
		if (stat_calls[i])
			printf(" %s %lu %.1f %.0f;", stat_names[i], stat_calls[i],
			       stat_ns[i] / 1e9,
			       stat_ns[i] / 1e3 / stat_calls[i]);
	printf("\n");
	if (extras)
		printf("fuzz: %lu opens, %lu touches, %lu netlink messages, %lu group joins/leaves\n",
		       n_opens, n_touches, n_nl_sent, n_nl_groups);
	if (n_anomalies) {
		printf("fuzz: %lu anomalies (seed %llu)\n", n_anomalies, seed);
		return 1;
	}
	printf("fuzz: ok (seed %llu)\n", seed);
	return 0;
}
