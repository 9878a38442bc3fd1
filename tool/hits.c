// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp hits, hwbp stacks, hwbp counts, hwbp clear: who touched it.
 *
 * A recording watch (hwbp add without --count-only) keeps a record of each
 * hit; these commands read them back. Kernel addresses are named through
 * kallsyms (ksym.c), read only when there is one to name.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hwbp.h"

/* Records fetched per HWBP_IOC_HITS call. */
#define HITS_BATCH	256
/*
 * -f re-reads this far behind the newest seq seen: a record whose seq was
 * taken on one CPU just before a read may be committed just after it.
 */
#define REREAD		1024
/* Seqs remembered per watch to drop what was printed already; > REREAD. */
#define SEEN_WINDOW	4096
/* -f polls this often. */
#define POLL_NS		100000000L

/* "ID" or nothing: 0 for every watch; -1 after printing why not. */
static int one_id(int argc, char **argv, const char *cmd, __u32 *id)
{
	char why[HWBP_WHY_MAX];

	*id = 0;
	if (argc - optind > 1) {
		hwbp_err("what is '%s'? %s takes at most one ID (see hwbp %s --help)",
			 argv[optind + 1], cmd, cmd);
		return -1;
	}
	if (argc - optind == 1 &&
	    hwbp_parse_id(argv[optind], id, why, sizeof(why))) {
		hwbp_err("%s", why);
		return -1;
	}
	return 0;
}

/* Open the device and list the watches; prints why not. */
static int open_list(struct hwbp_watch **w, size_t *n)
{
	char why[HWBP_WHY_MAX];
	struct hwbp_info info;
	int fd, ret;

	fd = hwbp_open(&info, true);
	if (fd < 0)
		return -1;
	ret = hwbp_dev_list(fd, w, n);
	if (ret) {
		close(fd);
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_LIST,
					       ret, hwbp_dev_path(), 0));
		return -1;
	}
	return fd;
}

static const struct hwbp_watch *find_watch(const struct hwbp_watch *w,
					   size_t n, __u32 id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i].id == id)
			return &w[i];
	return NULL;
}

static void no_watch(__u32 id)
{
	hwbp_err("no watch with id %u (see hwbp list)", id);
}

/* "pid_max", or the address of a raw-address watch. */
static const char *watch_name(char *buf, size_t len, const struct hwbp_watch *w)
{
	if (w->target[0])
		snprintf(buf, len, "%.*s", HWBP_TARGET_MAX - 1, w->target);
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)w->addr);
	return buf;
}

/* ---- hwbp hits ---- */

static void hits_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp hits [ID] [-f|--follow] [-n|--count N] [--hex] [-j|--json]\n"
		"\n"
		"Print the recorded hits of watch ID, or of every recording watch merged\n"
		"in time order, oldest first, one line each, no heading:\n"
		"  TIME cpuN COMM[PID/TID] wID ADDRESS IP LEN: BEFORE -> AFTER KIND [stack=N] [ustack=N] [user]\n"
		"  12.345678 cpu1 tuner[118/118] w1 0xffffffff82c5b510 do_proc_dointvec_minmax_conv+0x34/0x80 4: 50000 -> 60000 write stack=3\n"
		"TIME is seconds since boot (as in dmesg); ADDRESS the first byte of the piece\n"
		"that fired and LEN its bytes; IP the instruction after the access (x86\n"
		"traps once a data access is done; for -t x the instruction itself), as\n"
		"sym+0xoff/0xsize [module] from /proc/kallsyms, or 0x hex (user\n"
		"addresses, or kallsyms hidden by kptr_restrict); BEFORE and AFTER the\n"
		"piece's value, in decimal (--hex: 0x hex); KIND is write (the value\n"
		"changed), read-or-same (rw watch, unchanged) or -. Without values (an\n"
		"execute watch) BEFORE, AFTER and KIND are -. stack=N and ustack=N name\n"
		"the kernel and user stacks in hwbp stacks; user marks an access made in\n"
		"user mode. Reading does not consume: hwbp clear forgets the records.\n"
		"A call of a probe (hwbp probe) has a line of its own, pID for its id:\n"
		"  TIME cpuN COMM[PID/TID] pID FUNC caller=SYM [argN=V|argN=\"S\"] [ret=R] [stack=N]\n"
		"  12.345678 cpu1 cat[118/118] p2 vfs_read caller=ksys_read+0x6a/0xf0 arg2=\"hello\\n\" ret=6\n"
		"caller is where FUNC was called from; argN the argument of --arg N: its\n"
		"value in decimal (--hex, or a pointer whose string could not be read: 0x\n"
		"hex), or its string, quoted, with \\\", \\\\, \\n, \\t, \\r and \\xNN escapes,\n"
		"and ... after it when it filled its %d bytes and may have been cut;\n"
		"ret the return value of a return probe, signed decimal (-14: -EFAULT).\n"
		"Hits a watch counted but did not record (a CPU's ring was full; the\n"
		"filter or allow-list) are reported on stderr after the records.\n"
		"\n"
		"Options:\n"
		"  -f, --follow   keep printing hits as they come (polled every 100 ms)\n"
		"                 until interrupted (SIGINT, SIGTERM: exit 0) or watch ID\n"
		"                 is deleted (exit 0); without ID, also watches added\n"
		"                 later. Output is flushed after each batch.\n"
		"  -n, --count N  print at most N hits: the first (oldest) N\n"
		"      --hex      values in 0x hex\n"
		"  -j, --json     a JSON array of objects with the keys id, seq, time_ns,\n"
		"                 cpu, pid, tid, comm, addr, ip, sym, len, before, after\n"
		"                 (null without values), kind (or null), user, stack_id\n"
		"                 and ustack_id (null for none), arg, str and ret (probes:\n"
		"                 null when not captured; ip is then the caller, addr\n"
		"                 the function); with -f one object a line\n"
		"  -h, --help     print this help and exit\n"
		"\n"
		"Environment:\n"
		"  " HWBP_KALLSYMS_ENV "  the kallsyms file to use instead of " HWBP_KALLSYMS "\n",
		HWBP_STR_MAX - 1);
}

struct wstate {
	__u32 id;
	__u64 serial;			/* ids are reused; serials are not */
	bool listed;			/* in the latest list */
	__u64 max;			/* newest seq seen */
	unsigned char bits[SEEN_WINDOW / 8];	/* seen, by seq % SEEN_WINDOW */
};

struct recs {
	struct hwbp_record *r;
	size_t n, room;
};

/* Whether @seq was seen already; marks it seen. Too old counts as seen. */
static bool seen_test_set(struct wstate *s, __u64 seq)
{
	unsigned int bit = seq % SEEN_WINDOW;
	__u64 k;

	if (s->max >= SEEN_WINDOW && seq <= s->max - SEEN_WINDOW)
		return true;
	if (seq > s->max) {
		if (seq - s->max >= SEEN_WINDOW)
			memset(s->bits, 0, sizeof(s->bits));
		else
			for (k = s->max + 1; k <= seq; k++)
				s->bits[k % SEEN_WINDOW / 8] &=
					~(1U << (k % 8));
		s->max = seq;
	} else if (s->bits[bit / 8] & (1U << (bit % 8))) {
		return true;
	}
	s->bits[bit / 8] |= 1U << (bit % 8);
	return false;
}

static int push(struct recs *v, const struct hwbp_record *r)
{
	struct hwbp_record *grown;

	if (v->n == v->room) {
		grown = realloc(v->r, (v->room ? v->room * 2 : 256) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		v->r = grown;
		v->room = v->room ? v->room * 2 : 256;
	}
	v->r[v->n++] = *r;
	return 0;
}

/*
 * The records of one watch not seen yet, from a little behind the newest
 * seen, onto @v; at most @limit new ones.
 */
static int read_new(int fd, struct wstate *s, struct hwbp_record *buf,
		    struct recs *v, unsigned long long limit)
{
	__u64 start = s->max > REREAD ? s->max - REREAD : 1, next;
	unsigned long long added = 0;
	__u32 n, i;
	int ret;

	for (;;) {
		ret = hwbp_dev_hits(fd, s->id, start, buf, HITS_BATCH, &n, &next);
		if (ret)
			return ret;
		for (i = 0; i < n && added < limit; i++) {
			if (buf[i].id != s->id || seen_test_set(s, buf[i].seq))
				continue;
			ret = push(v, &buf[i]);
			if (ret)
				return ret;
			added++;
		}
		if (n < HITS_BATCH || next <= start || added >= limit)
			return 0;
		start = next;
	}
}

static int by_time(const void *a, const void *b)
{
	const struct hwbp_record *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

struct hits_opts {
	__u32 id;
	bool follow;
	bool hex;
	unsigned long long max;		/* -n, ~0ULL for all */
	unsigned long long printed;
	const struct hwbp_watch *w;	/* the latest list, to word records */
	size_t nw;
};

/* Print @v sorted, up to the -n limit; JSON: one object a line with -f. */
static void print_recs(struct recs *v, struct hits_opts *o, struct hwbp_jw *j)
{
	char line[1024];
	size_t i;

	if (v->n > 1)
		qsort(v->r, v->n, sizeof(*v->r), by_time);
	for (i = 0; i < v->n && o->printed < o->max; i++, o->printed++) {
		const struct hwbp_watch *w = find_watch(o->w, o->nw, v->r[i].id);

		if (!hwbp_json) {
			hwbp_record_line(line, sizeof(line), &v->r[i], w, o->hex);
			puts(line);
		} else if (o->follow) {
			hwbp_jw_init(j, stdout);
			hwbp_json_record(j, &v->r[i], w);
			hwbp_jw_end(j);
		} else {
			hwbp_json_record(j, &v->r[i], w);
		}
	}
	v->n = 0;
	fflush(stdout);
}

/* Drops and suppressions of the watches read, on stderr. */
static void drops_note(const struct hwbp_watch *w, size_t n,
		       const struct wstate *s, size_t ns)
{
	char why[HWBP_WHY_MAX];
	size_t i;

	for (i = 0; i < ns; i++) {
		const struct hwbp_watch *x = find_watch(w, n, s[i].id);

		if (x && hwbp_drops_str(why, sizeof(why), x))
			hwbp_err("%s", why);
	}
}

/*
 * Bring @s (*@ns of them) in line with the list: with an id, that watch;
 * without, every recording watch, new ones added. An id listed with
 * another serial is a new watch that got a deleted one's id: it is read
 * from its first record on, and not at all if it does not record.
 */
static int track(struct wstate **s, size_t *ns, const struct hwbp_watch *w,
		 size_t n, __u32 id)
{
	struct wstate *grown;
	size_t i, k;

	for (k = 0; k < *ns; k++) {
		const struct hwbp_watch *x = find_watch(w, n, (*s)[k].id);

		(*s)[k].listed = x && (x->flags & HWBP_WATCH_RECORD);
		if (x && x->serial != (*s)[k].serial) {
			memset(&(*s)[k], 0, sizeof((*s)[k]));
			(*s)[k].id = x->id;
			(*s)[k].serial = x->serial;
			(*s)[k].listed = x->flags & HWBP_WATCH_RECORD;
		}
	}
	for (i = 0; i < n; i++) {
		if ((id && w[i].id != id) || !(w[i].flags & HWBP_WATCH_RECORD))
			continue;
		for (k = 0; k < *ns && (*s)[k].id != w[i].id; k++)
			;
		if (k < *ns)
			continue;
		grown = realloc(*s, (*ns + 1) * sizeof(**s));
		if (!grown)
			return -ENOMEM;
		*s = grown;
		memset(&(*s)[*ns], 0, sizeof(**s));
		(*s)[*ns].id = w[i].id;
		(*s)[*ns].serial = w[i].serial;
		(*s)[*ns].listed = true;
		(*ns)++;
	}
	return 0;
}

/* One pass over the tracked watches: read what is new, print it. */
static int hits_pass(int fd, struct wstate *s, size_t ns,
		     struct hwbp_record *buf, struct recs *v,
		     struct hits_opts *o, struct hwbp_jw *j)
{
	char why[HWBP_WHY_MAX];
	size_t k;
	int ret;

	for (k = 0; k < ns; k++) {
		if (!s[k].listed)
			continue;
		ret = read_new(fd, &s[k], buf, v, o->max - o->printed);
		if (ret == -ENOENT) {	/* deleted since the list */
			s[k].listed = false;
			continue;
		}
		if (ret) {
			hwbp_err("%s", hwbp_errno_str(why, sizeof(why),
						       HWBP_OP_HITS, ret,
						       hwbp_dev_path(), s[k].id));
			return -1;
		}
	}
	print_recs(v, o, j);
	return 0;
}

/* -f after the first pass: poll until told to stop; an exit status. */
static int follow(struct wstate **s, size_t *ns, struct hwbp_record *buf,
		  struct recs *v, struct hits_opts *o, struct hwbp_jw *j)
{
	struct timespec ts = { 0, POLL_NS };
	struct hwbp_watch *w = NULL;
	struct hwbp_stop saved;
	int fd, status = HWBP_EXIT_OK;
	size_t n = 0;

	hwbp_stop_catch(&saved);
	while (!hwbp_stopping && o->printed < o->max) {
		nanosleep(&ts, NULL);
		if (hwbp_stopping)
			break;
		/* Open each time: a follower must not keep the module loaded. */
		free(w);
		w = NULL;
		fd = open_list(&w, &n);
		if (fd < 0) {
			status = HWBP_EXIT_FAIL;
			break;
		}
		if (track(s, ns, w, n, o->id)) {
			close(fd);
			hwbp_err("out of memory");
			status = HWBP_EXIT_FAIL;
			break;
		}
		if (o->id && !find_watch(w, n, o->id)) {
			close(fd);
			hwbp_err("note: watch %u no longer exists; stopping", o->id);
			break;
		}
		o->w = w;
		o->nw = n;
		if (hits_pass(fd, *s, *ns, buf, v, o, j)) {
			close(fd);
			status = HWBP_EXIT_FAIL;
			break;
		}
		close(fd);
	}
	hwbp_stop_release(&saved);
	if (w)
		drops_note(w, n, *s, *ns);
	free(w);
	return status;
}

int hwbp_cmd_hits(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument,       NULL, 'f' },
		{ "count",  required_argument, NULL, 'n' },
		{ "hex",    no_argument,       NULL, 'x' },
		{ "json",   no_argument,       NULL, 'j' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct hits_opts o = { .max = ~0ULL };
	const struct hwbp_watch *x;
	struct hwbp_record *buf = NULL;
	struct hwbp_watch *w = NULL;
	struct wstate *s = NULL;
	struct recs v = { 0 };
	char why[HWBP_WHY_MAX];
	struct hwbp_jw j;
	size_t n, ns = 0;
	int c, fd, status = HWBP_EXIT_FAIL;

	while ((c = hwbp_getopt(argc, argv, "fn:jh", opts, "hits")) != -1) {
		switch (c) {
		case 'f':
			o.follow = true;
			break;
		case 'n':
			if (hwbp_parse_count(optarg, "-n", &o.max, why,
					     sizeof(why))) {
				hwbp_err("%s", why);
				return HWBP_EXIT_USAGE;
			}
			break;
		case 'x':
			o.hex = true;
			break;
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			hits_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (one_id(argc, argv, "hits", &o.id))
		return HWBP_EXIT_USAGE;

	fd = open_list(&w, &n);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	if (o.id) {
		x = find_watch(w, n, o.id);
		if (!x) {
			no_watch(o.id);
			goto out;
		}
		if (!(x->flags & HWBP_WATCH_RECORD)) {
			hwbp_err("watch %u records no hits (it counts only: added with --count-only, or by the module's ksym= parameter): hwbp list shows its count",
				 o.id);
			goto out;
		}
	}
	o.w = w;
	o.nw = n;
	buf = calloc(HITS_BATCH, sizeof(*buf));
	if (!buf || track(&s, &ns, w, n, o.id)) {
		hwbp_err("out of memory");
		goto out;
	}

	hwbp_jw_init(&j, stdout);
	if (hwbp_json && !o.follow)
		hwbp_jw_array(&j);
	if (hits_pass(fd, s, ns, buf, &v, &o, &j)) {
		if (hwbp_json && !o.follow) {
			hwbp_jw_array_end(&j);
			hwbp_jw_end(&j);
		}
		goto out;
	}
	if (hwbp_json && !o.follow) {
		hwbp_jw_array_end(&j);
		hwbp_jw_end(&j);
	}
	fflush(stdout);
	if (o.follow) {
		close(fd);
		fd = -1;
		o.w = NULL;	/* follow() lists again */
		o.nw = 0;
		status = follow(&s, &ns, buf, &v, &o, &j);
		goto out;
	}

	/* Fresh counters, now that the records are read. */
	free(w);
	w = NULL;
	if (hwbp_dev_list(fd, &w, &n) == 0)
		drops_note(w, n, s, ns);
	status = HWBP_EXIT_OK;
out:
	if (fd >= 0)
		close(fd);
	free(w);
	free(s);
	free(buf);
	free(v.r);
	return status;
}

/* ---- hwbp stacks ---- */

static void stacks_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp stacks [ID] [-j|--json]\n"
		"\n"
		"Print the distinct stacks that hit watch ID, or every watch added with\n"
		"--stack, most hits first:\n"
		"  watch 1 stack 3: 57 hits, first 12.345678 s, last 14.500000 s, last on cpu1 by cat\n"
		"      do_proc_dointvec_minmax_conv+0x34/0x80\n"
		"      proc_sys_call_handler+0x1b0/0x2a0\n"
		"innermost frame first (the hit's ip), one per line, named from\n"
		"/proc/kallsyms; a user stack (a -p watch) is marked [user] and its\n"
		"frames are 0x hex. Times are seconds since boot (as dmesg), as hwbp hits\n"
		"prints them; the stack numbers are those of hits' stack=N. Stacks the\n"
		"module could not store (its table was full) are counted on stderr.\n"
		"\n"
		"Options:\n"
		"  -j, --json  a JSON array of {id, stacks_dropped, stacks: [{stack_id,\n"
		"              user, count, first_ns, last_ns, last_cpu, last_comm,\n"
		"              frames: [{ip, sym}]}]}\n"
		"  -h, --help  print this help and exit\n");
}

static int by_count_desc(const void *a, const void *b)
{
	const struct hwbp_stack *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->stack_id < y->stack_id ? -1 : x->stack_id > y->stack_id;
}

static __u32 frames(const struct hwbp_stack *st)
{
	return st->nr < HWBP_STACK_DEPTH ? st->nr : HWBP_STACK_DEPTH;
}

static void print_stack(__u32 id, const struct hwbp_stack *st, bool first)
{
	char first_t[32], last_t[32], comm[24], sym[HWBP_WHY_MAX];
	bool user = st->flags & HWBP_STACK_USER;
	__u32 i;

	if (!first)
		putchar('\n');
	printf("watch %u stack %u%s: %llu hit%s, first %s s, last %s s, last on cpu%u by %s\n",
	       id, st->stack_id, user ? " [user]" : "",
	       (unsigned long long)st->count, st->count == 1 ? "" : "s",
	       hwbp_time_str(first_t, sizeof(first_t), st->first_ns),
	       hwbp_time_str(last_t, sizeof(last_t), st->last_ns),
	       st->last_cpu, hwbp_comm_str(comm, sizeof(comm), st->last_comm));
	for (i = 0; i < frames(st); i++) {
		if (user)
			printf("    0x%llx\n", (unsigned long long)st->ips[i]);
		else
			printf("    %s\n", hwbp_ksym_str(sym, sizeof(sym),
							 st->ips[i]));
	}
}

static void json_stacks(struct hwbp_jw *j, __u32 id, const struct hwbp_stack *st,
			size_t n, __u64 dropped)
{
	char text[HWBP_WHY_MAX];
	size_t k;
	__u32 i;

	hwbp_jw_object(j);
	hwbp_jw_key(j, "id");
	hwbp_jw_uint(j, id);
	hwbp_jw_key(j, "stacks_dropped");
	hwbp_jw_uint(j, dropped);
	hwbp_jw_key(j, "stacks");
	hwbp_jw_array(j);
	for (k = 0; k < n; k++) {
		bool user = st[k].flags & HWBP_STACK_USER;

		hwbp_jw_object(j);
		hwbp_jw_key(j, "stack_id");
		hwbp_jw_uint(j, st[k].stack_id);
		hwbp_jw_key(j, "user");
		hwbp_jw_bool(j, user);
		hwbp_jw_key(j, "count");
		hwbp_jw_uint(j, st[k].count);
		hwbp_jw_key(j, "first_ns");
		hwbp_jw_uint(j, st[k].first_ns);
		hwbp_jw_key(j, "last_ns");
		hwbp_jw_uint(j, st[k].last_ns);
		hwbp_jw_key(j, "last_cpu");
		hwbp_jw_uint(j, st[k].last_cpu);
		hwbp_jw_key(j, "last_comm");
		snprintf(text, sizeof(text), "%.16s", st[k].last_comm);
		hwbp_jw_string(j, text);
		hwbp_jw_key(j, "frames");
		hwbp_jw_array(j);
		for (i = 0; i < frames(&st[k]); i++) {
			hwbp_jw_object(j);
			hwbp_jw_key(j, "ip");
			hwbp_jw_addr(j, st[k].ips[i]);
			hwbp_jw_key(j, "sym");
			if (user)
				snprintf(text, sizeof(text), "0x%llx",
					 (unsigned long long)st[k].ips[i]);
			else
				hwbp_ksym_str(text, sizeof(text), st[k].ips[i]);
			hwbp_jw_string(j, text);
			hwbp_jw_object_end(j);
		}
		hwbp_jw_array_end(j);
		hwbp_jw_object_end(j);
	}
	hwbp_jw_array_end(j);
	hwbp_jw_object_end(j);
}

int hwbp_cmd_stacks(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct hwbp_watch *x;
	struct hwbp_stack *st;
	struct hwbp_watch *w;
	char why[HWBP_WHY_MAX];
	struct hwbp_jw j;
	bool first = true;
	size_t i, k, n, nst;
	__u64 dropped;
	__u32 id;
	int c, fd, ret, status = HWBP_EXIT_OK;

	while ((c = hwbp_getopt(argc, argv, "jh", opts, "stacks")) != -1) {
		switch (c) {
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			stacks_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (one_id(argc, argv, "stacks", &id))
		return HWBP_EXIT_USAGE;

	fd = open_list(&w, &n);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	if (id) {
		x = find_watch(w, n, id);
		if (!x) {
			no_watch(id);
			status = HWBP_EXIT_FAIL;
			goto out;
		}
		if (!(x->flags & HWBP_WATCH_STACK)) {
			hwbp_err("watch %u keeps no stacks: add it with --stack",
				 id);
			status = HWBP_EXIT_FAIL;
			goto out;
		}
	}
	hwbp_jw_init(&j, stdout);
	if (hwbp_json)
		hwbp_jw_array(&j);
	for (i = 0; i < n; i++) {
		if ((id && w[i].id != id) || !(w[i].flags & HWBP_WATCH_STACK))
			continue;
		ret = hwbp_dev_stacks(fd, w[i].id, &st, &nst, &dropped);
		if (ret == -ENOENT && !id)
			continue;
		if (ret) {
			hwbp_err("%s", hwbp_errno_str(why, sizeof(why),
						       HWBP_OP_STACKS, ret,
						       hwbp_dev_path(), w[i].id));
			status = HWBP_EXIT_FAIL;
			break;
		}
		if (nst > 1)
			qsort(st, nst, sizeof(*st), by_count_desc);
		if (hwbp_json) {
			json_stacks(&j, w[i].id, st, nst, dropped);
		} else {
			for (k = 0; k < nst; k++, first = false)
				print_stack(w[i].id, &st[k], first);
		}
		if (dropped)
			hwbp_err("watch %u: %llu stack%s not stored (the stack table was full)",
				 w[i].id, (unsigned long long)dropped,
				 dropped == 1 ? "" : "s");
		free(st);
	}
	if (hwbp_json) {
		hwbp_jw_array_end(&j);
		hwbp_jw_end(&j);
	}
out:
	close(fd);
	free(w);
	return status;
}

/* ---- hwbp counts ---- */

static void counts_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp counts [ID] [--by KEY] [-j|--json]\n"
		"KEY := { ip | caller | stack | pid | comm | cpu | arg | retval }\n"
		"\n"
		"Count the hits of watch ID, or of every watch, by a key, most first:\n"
		"  COUNT  PERCENT  KEY\n"
		"     57    75.0%%  do_proc_dointvec_minmax_conv+0x34/0x80\n"
		"KEY is the instruction pointer (ip, named from /proc/kallsyms), the\n"
		"kernel stack (stack: \"stack N (top frame)\", N as in hwbp stacks), the\n"
		"process (pid), its comm (comm) or the CPU (cpu: cpuN). Every hit is\n"
		"counted, recorded or not; a key that found the module's table full is\n"
		"counted in a last row, (table full). Without ID, each watch gets a\n"
		"heading line \"watch N (TARGET):\" and a blank line after its table.\n"
		"--by cpu works for every watch; the others need a recording watch (not\n"
		"--count-only).\n"
		"\n"
		"Probes (hwbp probe) count every call by caller (the same as ip: where\n"
		"FUNC was called from), pid, comm and cpu, recorded or not, and by what\n"
		"hwbp probe --by chose: stack, arg (the value of argument N of --by\n"
		"argN, decimal, or 0x hex from 2^32 on) or retval. Without --by, a\n"
		"probe is counted by its own --by (comm by default), and watches on\n"
		"memory are left out. A return probe (--ret) counts its return values\n"
		"in a log2 histogram, in key order, empty buckets included:\n"
		"  RETVAL    COUNT  DISTRIBUTION\n"
		"  -[8, 16)      3  |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"  0             0  |                                        |\n"
		"  [1K, 2K)      1  |@@@@@@@@@@@@@                           |\n"
		"[a, b) holds the values from a up to b, K M G T P E being powers of\n"
		"1024; -[a, b) the negative values -b < v <= -a (-14, -EFAULT, is in\n"
		"-[8, 16)); 0 the zeros.\n"
		"\n"
		"Options:\n"
		"  -b, --by KEY  what to count by (required but for probes)\n"
		"  -j, --json    a JSON array of {id, by, overflow, entries: [{key,\n"
		"                count}]}; key is \"0x...\" for ip (with sym), a number for\n"
		"                stack (with sym, the top frame, or null), pid, cpu and\n"
		"                arg, a string for comm; for retval the bucket, a signed\n"
		"                number (see above), with range: \"[1K, 2K)\"\n"
		"  -h, --help    print this help and exit\n");
}

/* Histogram buckets in key order: the keys are signed. */
static int by_key_signed(const void *a, const void *b)
{
	long long x = (long long)((const struct hwbp_count *)a)->key;
	long long y = (long long)((const struct hwbp_count *)b)->key;

	return x < y ? -1 : x > y;
}

static int by_entry_desc(const void *a, const void *b)
{
	const struct hwbp_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The top frame of stack @key among @st, or NULL. */
static const struct hwbp_stack *stack_of(const struct hwbp_stack *st, size_t n,
					 __u64 key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (st[i].stack_id == key)
			return &st[i];
	return NULL;
}

static const char *count_key(char *buf, size_t len, __u32 by,
			     const struct hwbp_count *e,
			     const struct hwbp_stack *st, size_t nst)
{
	char sym[HWBP_WHY_MAX];
	const struct hwbp_stack *s;

	switch (by) {
	case HWBP_BY_IP:
		return hwbp_ksym_str(buf, len, e->key);
	case HWBP_BY_STACK:
		s = stack_of(st, nst, e->key);
		if (!e->key)
			snprintf(buf, len, "no stack");
		else if (s && frames(s) && !(s->flags & HWBP_STACK_USER))
			snprintf(buf, len, "stack %llu (%s)",
				 (unsigned long long)e->key,
				 hwbp_ksym_str(sym, sizeof(sym), s->ips[0]));
		else
			snprintf(buf, len, "stack %llu",
				 (unsigned long long)e->key);
		return buf;
	case HWBP_BY_COMM:
		return hwbp_comm_str(buf, len, e->comm);
	case HWBP_BY_CPU:
		snprintf(buf, len, "cpu%llu", (unsigned long long)e->key);
		return buf;
	case HWBP_BY_ARG:
		snprintf(buf, len, e->key >> 32 ? "0x%llx" : "%llu",
			 (unsigned long long)e->key);
		return buf;
	case HWBP_BY_RETVAL:
		return hwbp_log2_range(buf, len, (long long)e->key);
	default:
		snprintf(buf, len, "%llu", (unsigned long long)e->key);
		return buf;
	}
}

static int max(int a, int b)
{
	return a > b ? a : b;
}

static void print_counts(__u32 by, const struct hwbp_count *e, size_t n,
			 __u64 overflow, const struct hwbp_stack *st,
			 size_t nst)
{
	unsigned long long total = overflow;
	char key[HWBP_WHY_MAX];
	int cw = 5;
	size_t i;

	for (i = 0; i < n; i++) {
		total += e[i].count;
		if (hwbp_num_width(e[i].count) > cw)
			cw = hwbp_num_width(e[i].count);
	}
	if (hwbp_num_width(overflow) > cw)
		cw = hwbp_num_width(overflow);
	printf("%*s  PERCENT  KEY\n", cw, "COUNT");
	for (i = 0; i < n; i++)
		printf("%*llu  %6.1f%%  %s\n", cw,
		       (unsigned long long)e[i].count,
		       total ? 100.0 * e[i].count / total : 0.0,
		       count_key(key, sizeof(key), by, &e[i], st, nst));
	if (overflow)
		printf("%*llu  %6.1f%%  (table full)\n", cw,
		       (unsigned long long)overflow, 100.0 * overflow / total);
}

/*
 * A log2 histogram: buckets in key order from the smallest key to the
 * largest, empty ones between them included, so that the shape shows.
 */
static void hist_row(int lw, int cw, long long k, __u64 count, __u64 top)
{
	char label[48], line[256];

	hwbp_hist_row(line, sizeof(line), lw, cw,
		      hwbp_log2_range(label, sizeof(label), k), count, top);
	puts(line);
}

/* Keys a log2 histogram of 64-bit values can have. */
#define KEY_OK(k)	((k) >= -64 && (k) <= 64)

/*
 * A log2 histogram: buckets in key order (@e sorted so), the empty ones
 * between two buckets included, so that the shape shows.
 */
static void print_hist(const struct hwbp_count *e, size_t n, __u64 overflow)
{
	char label[48];
	long long k, g;
	__u64 top = 0, c;
	int lw = 6, cw = 5;
	size_t i;

	if (!n && !overflow)
		return;
	for (i = 0; i < n; i++) {
		top = e[i].count > top ? e[i].count : top;
		k = (long long)e[i].key;
		if (i && KEY_OK(k) && KEY_OK((long long)e[i - 1].key))
			for (g = (long long)e[i - 1].key; g < k; g++)
				lw = max(lw, strlen(hwbp_log2_range(label,
						    sizeof(label), g)));
		lw = max(lw, strlen(hwbp_log2_range(label, sizeof(label), k)));
	}
	if (overflow)
		lw = max(lw, strlen("(table full)"));
	cw = max(cw, hwbp_num_width(top));
	cw = max(cw, hwbp_num_width(overflow));
	printf("%-*s  %*s  DISTRIBUTION\n", lw, "RETVAL", cw, "COUNT");
	for (i = 0; i < n;) {
		k = (long long)e[i].key;
		for (c = 0; i < n && (long long)e[i].key == k; i++)
			c += e[i].count;
		hist_row(lw, cw, k, c, top);
		if (i < n && KEY_OK(k) && KEY_OK((long long)e[i].key))
			for (g = k + 1; g < (long long)e[i].key; g++)
				hist_row(lw, cw, g, 0, top);
	}
	if (overflow)
		printf("%-*s  %*llu\n", lw, "(table full)", cw,
		       (unsigned long long)overflow);
}

static void json_counts(struct hwbp_jw *j, __u32 id, __u32 by,
			const struct hwbp_count *e, size_t n, __u64 overflow,
			const struct hwbp_stack *st, size_t nst)
{
	char text[HWBP_WHY_MAX];
	const struct hwbp_stack *s;
	size_t i;

	hwbp_jw_object(j);
	hwbp_jw_key(j, "id");
	hwbp_jw_uint(j, id);
	hwbp_jw_key(j, "by");
	hwbp_jw_string(j, hwbp_by_name(by));
	hwbp_jw_key(j, "overflow");
	hwbp_jw_uint(j, overflow);
	hwbp_jw_key(j, "entries");
	hwbp_jw_array(j);
	for (i = 0; i < n; i++) {
		hwbp_jw_object(j);
		hwbp_jw_key(j, "key");
		switch (by) {
		case HWBP_BY_IP:
			hwbp_jw_addr(j, e[i].key);
			hwbp_jw_key(j, "sym");
			hwbp_jw_string(j, hwbp_ksym_str(text, sizeof(text),
							e[i].key));
			break;
		case HWBP_BY_STACK:
			hwbp_jw_uint(j, e[i].key);
			hwbp_jw_key(j, "sym");
			s = stack_of(st, nst, e[i].key);
			if (s && frames(s) && !(s->flags & HWBP_STACK_USER))
				hwbp_jw_string(j, hwbp_ksym_str(text, sizeof(text),
								s->ips[0]));
			else
				hwbp_jw_null(j);
			break;
		case HWBP_BY_COMM:
			snprintf(text, sizeof(text), "%.16s", e[i].comm);
			hwbp_jw_string(j, text);
			break;
		case HWBP_BY_RETVAL:
			hwbp_jw_int(j, (long long)e[i].key);
			hwbp_jw_key(j, "range");
			hwbp_jw_string(j, hwbp_log2_range(text, sizeof(text),
							  (long long)e[i].key));
			break;
		default:
			hwbp_jw_uint(j, e[i].key);
			break;
		}
		hwbp_jw_key(j, "count");
		hwbp_jw_uint(j, e[i].count);
		hwbp_jw_object_end(j);
	}
	hwbp_jw_array_end(j);
	hwbp_jw_object_end(j);
}

/*
 * What watch @w is counted by: @by when given; else a probe's own --by
 * (comm when it has none) and 0 for a watch on memory, which is left out.
 */
static __u32 watch_by(const struct hwbp_watch *w, __u32 by)
{
	if (by)
		return by;
	if (!hwbp_is_probe(w))
		return 0;
	return w->probe_by ? w->probe_by : HWBP_BY_COMM;
}

/*
 * Whether watch @w has counts by @by; else, with @why, the sentence.
 * Probes count every call; a watch on memory needs records but for cpu.
 */
static bool has_counts(const struct hwbp_watch *w, __u32 by, char *why,
		       size_t whylen)
{
	bool probe = hwbp_is_probe(w);

	if (by == HWBP_BY_RETVAL && w->type != HWBP_TYPE_RETPROBE) {
		snprintf(why, whylen,
			 "watch %u has no return values to count: add a return probe with hwbp probe --ret",
			 w->id);
		return false;
	}
	if (by == HWBP_BY_ARG && (!probe || w->probe_by != HWBP_BY_ARG)) {
		snprintf(why, whylen,
			 "watch %u counts no argument: add a probe with hwbp probe FUNC --by argN",
			 w->id);
		return false;
	}
	if (by == HWBP_BY_STACK && probe && !(w->flags & HWBP_WATCH_STACK)) {
		snprintf(why, whylen,
			 "probe %u keeps no stacks: add it with --by stack", w->id);
		return false;
	}
	if (!probe && by != HWBP_BY_CPU && !(w->flags & HWBP_WATCH_RECORD)) {
		snprintf(why, whylen,
			 "watch %u records nothing (it was added with --count-only): only --by cpu counts its hits",
			 w->id);
		return false;
	}
	return true;
}

int hwbp_cmd_counts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by",   required_argument, NULL, 'b' },
		{ "json", no_argument,       NULL, 'j' },
		{ "help", no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct hwbp_stack *st = NULL;
	struct hwbp_count *e;
	const struct hwbp_watch *x;
	struct hwbp_watch *w;
	char why[HWBP_WHY_MAX], name[HWBP_TARGET_MAX];
	struct hwbp_jw j;
	bool first = true;
	size_t i, n, ne, nst = 0;
	__u64 overflow, dropped;
	__u32 id, by = 0, wby;
	int c, fd, ret, status = HWBP_EXIT_OK;

	while ((c = hwbp_getopt(argc, argv, "b:jh", opts, "counts")) != -1) {
		switch (c) {
		case 'b':
			if (hwbp_parse_by(optarg, &by, why, sizeof(why))) {
				hwbp_err("%s", why);
				return HWBP_EXIT_USAGE;
			}
			break;
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			counts_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (one_id(argc, argv, "counts", &id))
		return HWBP_EXIT_USAGE;

	fd = open_list(&w, &n);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	if (id) {
		x = find_watch(w, n, id);
		if (!x) {
			no_watch(id);
			status = HWBP_EXIT_FAIL;
			goto out;
		}
		if (!watch_by(x, by)) {
			hwbp_err("watch %u watches memory: counts needs --by ip, stack, pid, comm or cpu (only probes have a default)",
				 id);
			status = HWBP_EXIT_USAGE;
			goto out;
		}
		if (!has_counts(x, watch_by(x, by), why, sizeof(why))) {
			hwbp_err("%s", why);
			status = HWBP_EXIT_FAIL;
			goto out;
		}
	} else if (!by) {
		for (i = 0; i < n && !hwbp_is_probe(&w[i]); i++)
			;
		if (n && i == n) {
			hwbp_err("counts needs --by ip, stack, pid, comm or cpu for watches on memory (only probes have a default; see hwbp counts --help)");
			status = HWBP_EXIT_USAGE;
			goto out;
		}
	}
	hwbp_jw_init(&j, stdout);
	if (hwbp_json)
		hwbp_jw_array(&j);
	for (i = 0; i < n; i++) {
		wby = watch_by(&w[i], by);
		if ((id && w[i].id != id) || !wby ||
		    !has_counts(&w[i], wby, why, sizeof(why)))
			continue;
		ret = hwbp_dev_counts(fd, w[i].id, wby, &e, &ne, &overflow);
		if (ret == -ENOENT && !id)
			continue;
		if (ret) {
			hwbp_err("%s", hwbp_errno_str(why, sizeof(why),
						       HWBP_OP_COUNTS, ret,
						       hwbp_dev_path(), w[i].id));
			status = HWBP_EXIT_FAIL;
			break;
		}
		/* Stack keys are named by their top frame, when there are stacks. */
		if (wby == HWBP_BY_STACK && (w[i].flags & HWBP_WATCH_STACK) &&
		    hwbp_dev_stacks(fd, w[i].id, &st, &nst, &dropped)) {
			st = NULL;
			nst = 0;
		}
		if (ne > 1)
			qsort(e, ne, sizeof(*e), wby == HWBP_BY_RETVAL ?
			      by_key_signed : by_entry_desc);
		if (hwbp_json) {
			json_counts(&j, w[i].id, wby, e, ne, overflow, st, nst);
		} else {
			if (!id)
				printf("%swatch %u (%s):\n", first ? "" : "\n",
				       w[i].id, watch_name(name, sizeof(name), &w[i]));
			if (wby == HWBP_BY_RETVAL)
				print_hist(e, ne, overflow);
			else
				print_counts(wby, e, ne, overflow, st, nst);
		}
		first = false;
		free(e);
		free(st);
		st = NULL;
		nst = 0;
	}
	if (hwbp_json) {
		hwbp_jw_array_end(&j);
		hwbp_jw_end(&j);
	}
out:
	close(fd);
	free(w);
	return status;
}

/* ---- hwbp clear ---- */

static void clear_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp clear [ID]\n"
		"\n"
		"Forget the records, stacks and counts of watch ID, or of every watch,\n"
		"and zero its hit counters. The watch stays armed.\n"
		"\n"
		"Options:\n"
		"  -h, --help  print this help and exit\n");
}

int hwbp_cmd_clear(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char why[HWBP_WHY_MAX];
	struct hwbp_info info;
	__u32 id;
	int c, fd, ret;

	while ((c = hwbp_getopt(argc, argv, "h", opts, "clear")) != -1) {
		switch (c) {
		case 'h':
			clear_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (one_id(argc, argv, "clear", &id))
		return HWBP_EXIT_USAGE;

	fd = hwbp_open(&info, true);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	ret = hwbp_dev_clear(fd, id, id ? 0 : HWBP_CLEAR_ALL);
	close(fd);
	if (ret) {
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_CLEAR,
					       ret, hwbp_dev_path(), id));
		return HWBP_EXIT_FAIL;
	}
	return HWBP_EXIT_OK;
}
