// SPDX-License-Identifier: GPL-2.0
/*
 * Watches as table rows and as JSON objects.
 *
 * The table is aligned: hwbp_table_widths() measures every row first, then
 * hwbp_table_header() and hwbp_table_row() write lines into buffers. Numbers
 * are right-aligned under right-aligned headings, text left-aligned; the
 * last column carries no trailing blanks. No I/O here but the FILE behind a
 * JSON writer, so all of it is unit-tested.
 */
#include <stdio.h>
#include <string.h>

#include "hwbp.h"

#define COL_GAP	"  "

/**
 * hwbp_type_name() - the short name of an access type, as -t takes it
 * @type:	HWBP_TYPE_*
 *
 * Return: "r", "w", "rw", "x", or "?" for a type this tool does not know.
 */
const char *hwbp_type_name(__u32 type)
{
	switch (type) {
	case HWBP_TYPE_R:	return "r";
	case HWBP_TYPE_W:	return "w";
	case HWBP_TYPE_RW:	return "rw";
	case HWBP_TYPE_X:	return "x";
	case HWBP_TYPE_PROBE:	return "probe";
	case HWBP_TYPE_RETPROBE: return "retprobe";
	default:		return "?";
	}
}

/* A probe (hwbp probe): a watch on calls, not on memory. */
bool hwbp_is_probe(const struct hwbp_watch *w)
{
	return w->type == HWBP_TYPE_PROBE || w->type == HWBP_TYPE_RETPROBE;
}

/*
 * A watch armed by a call (--on) that is armed nowhere yet: it has no
 * address until FUNC is called.
 */
bool hwbp_on_waiting(const struct hwbp_watch *w)
{
	return w->on[0] && !w->addr;
}

/* HWBP_ARG_* as --arg takes it, NULL for none, "?" for one not known. */
const char *hwbp_arg_kind_name(__u32 kind)
{
	switch (kind) {
	case HWBP_ARG_NONE:	return NULL;
	case HWBP_ARG_U64:	return "u64";
	case HWBP_ARG_STR:	return "str";
	case HWBP_ARG_USTR:	return "ustr";
	default:		return "?";
	}
}

/**
 * hwbp_state_name() - a watch state as list shows it
 * @state:	HWBP_STATE_*
 *
 * Return: "armed", "exited", "dry-run", "stopped" (--max-hits reached),
 * "gone" (the module it watched in was unloaded), or "?" for one this tool does not know. (A watch waiting for its --on call
 * is shown "waiting" by the callers that have the watch: see
 * hwbp_on_waiting().)
 */
const char *hwbp_state_name(__u32 state)
{
	switch (state) {
	case HWBP_STATE_ARMED:		return "armed";
	case HWBP_STATE_EXITED:		return "exited";
	case HWBP_STATE_DRY_RUN:	return "dry-run";
	case HWBP_STATE_STOPPED:	return "stopped";
	case HWBP_STATE_GONE:		return "gone";
	default:			return "?";
	}
}

/**
 * hwbp_where_str() - where a watch is armed, as list's WHERE column shows it
 * @buf, @len:	where to write it
 * @w:		the watch
 *
 * "call" for a probe; "on:FUNC" for a watch waiting for its --on call;
 * "pid N" for a process watch; "cpuN" for a watch armed on one CPU (with
 * or without --percpu); "percpu:local", "percpu:cpuN" or "percpu:all" for
 * a per-CPU variable; else "all" (every CPU).
 *
 * Return: @buf.
 */
const char *hwbp_where_str(char *buf, size_t len, const struct hwbp_watch *w)
{
	if (hwbp_is_probe(w))
		snprintf(buf, len, "call");
	else if (hwbp_on_waiting(w))
		snprintf(buf, len, "on:%.*s", (int)strcspn(w->on, ":"), w->on);
	else if (w->pid)
		snprintf(buf, len, "pid:%d", w->pid);
	else if (w->flags & HWBP_WATCH_CPU)
		snprintf(buf, len, "cpu%u", w->cpu);
	else if (w->percpu == HWBP_PERCPU_LOCAL)
		snprintf(buf, len, "percpu:local");
	else if (w->percpu == HWBP_PERCPU_CPU)
		snprintf(buf, len, "percpu:cpu%u", w->percpu_cpu);
	else if (w->percpu == HWBP_PERCPU_ALL)
		snprintf(buf, len, "percpu:all");
	else if (w->percpu)
		snprintf(buf, len, "percpu:?");
	else
		snprintf(buf, len, "all");
	return buf;
}

static const struct {
	__u32 bit;
	const char *name;
} flag_names[] = {
	{ HWBP_WATCH_LOG,	"log" },
	{ HWBP_WATCH_PARAM,	"param" },
	{ HWBP_WATCH_LEN_GUESS,	"len-guessed" },
	{ HWBP_WATCH_RECORD,	"record" },
	{ HWBP_WATCH_STACK,	"stack" },
	/* Shown in WHERE and STATE; JSON has "cpu" and "state". */
	{ HWBP_WATCH_CPU,	NULL },
	{ HWBP_WATCH_DRY_RUN,	NULL },
};

#define NR_FLAGS	(sizeof(flag_names) / sizeof(flag_names[0]))

/* Appending with snprintf() when what came before may have been cut. */
static char *at(char *buf, size_t len, size_t used)
{
	return used < len ? buf + used : buf + len - 1;
}

static size_t room(size_t len, size_t used)
{
	return used < len ? len - used : 0;
}

/**
 * hwbp_flags_str() - watch flags as "log,param", or "-" when there are none
 * @buf, @len:	where to write them
 * @flags:	HWBP_WATCH_*; bits this tool does not know show as one hex
 *		number ("log,0x8")
 *
 * Return: @buf.
 */
const char *hwbp_flags_str(char *buf, size_t len, __u32 flags)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < NR_FLAGS; i++) {
		if (!(flags & flag_names[i].bit))
			continue;
		flags &= ~flag_names[i].bit;
		if (!flag_names[i].name)
			continue;
		used += snprintf(at(buf, len, used), room(len, used), "%s%s",
				 used ? "," : "", flag_names[i].name);
	}
	if (flags)
		used += snprintf(at(buf, len, used), room(len, used), "%s0x%x",
				 used ? "," : "", flags);
	if (!used)
		snprintf(buf, len, "-");
	return buf;
}

/* hwbp_num_width() - the digits of @v in decimal, for column widths */
int hwbp_num_width(unsigned long long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static const char *target_or_dash(const struct hwbp_watch *w)
{
	return w->target[0] ? w->target : "-";
}

static int max(int a, int b)
{
	return a > b ? a : b;
}

/* Longest WHERE: "on:" and a function of an --on. */
#define WHERE_MAX	(HWBP_ON_MAX + 8)

/**
 * hwbp_table_widths() - measure the columns for @n watches
 * @t:	receives the widths, at least those of the headings
 * @w:	the watches
 * @n:	how many
 */
void hwbp_table_widths(struct hwbp_table *t, const struct hwbp_watch *w,
		       size_t n)
{
	char where[WHERE_MAX];
	size_t i;

	t->id = strlen("ID");
	t->type = strlen("TYPE");
	t->len = strlen("LEN");
	t->regs = strlen("REGS");
	t->addr = strlen("0x") + 16;
	t->where = strlen("WHERE");
	t->hits = strlen("HITS");
	t->target = strlen("TARGET");
	for (i = 0; i < n; i++) {
		t->id = max(t->id, hwbp_num_width(w[i].id));
		t->type = max(t->type, strlen(hwbp_type_name(w[i].type)));
		t->len = max(t->len, hwbp_num_width(w[i].len));
		t->regs = max(t->regs, hwbp_num_width(w[i].slots));
		t->where = max(t->where, strlen(hwbp_where_str(where,
							       sizeof(where),
							       &w[i])));
		t->hits = max(t->hits, hwbp_num_width(w[i].hits));
		t->target = max(t->target,
				(int)strnlen(target_or_dash(&w[i]),
					     HWBP_TARGET_MAX));
	}
}

/* STATE is at most "dry-run" or "waiting". */
#define STATE_WIDTH	7

/**
 * hwbp_table_header() - the heading line, without a newline
 * @buf, @len:	where to write it
 * @t:		column widths
 *
 * ID  TYPE  LEN  REGS  ADDRESS  WHERE  STATE  HITS  TARGET  FLAGS
 *
 * Return: what snprintf() returns.
 */
int hwbp_table_header(char *buf, size_t len, const struct hwbp_table *t)
{
	return snprintf(buf, len,
			"%*s" COL_GAP "%-*s" COL_GAP "%*s" COL_GAP "%*s" COL_GAP
			"%-*s" COL_GAP "%-*s" COL_GAP "%-*s" COL_GAP
			"%*s" COL_GAP "%-*s" COL_GAP "%s",
			t->id, "ID", t->type, "TYPE", t->len, "LEN",
			t->regs, "REGS", t->addr, "ADDRESS",
			t->where, "WHERE", STATE_WIDTH, "STATE",
			t->hits, "HITS", t->target, "TARGET", "FLAGS");
}

/* STATE: the module's, or "waiting" for a watch waiting for its --on call. */
static const char *watch_state(const struct hwbp_watch *w)
{
	if (hwbp_on_waiting(w) && w->state == HWBP_STATE_ARMED)
		return "waiting";
	return hwbp_state_name(w->state);
}

/**
 * hwbp_table_row() - one watch as a table line, without a newline
 * @buf, @len:	where to write it
 * @t:		column widths from hwbp_table_widths()
 * @w:		the watch
 *
 * Return: what snprintf() returns.
 */
int hwbp_table_row(char *buf, size_t len, const struct hwbp_table *t,
		   const struct hwbp_watch *w)
{
	char flags[64], where[WHERE_MAX], wlen[16], regs[16], addr[24];
	bool probe = hwbp_is_probe(w), waiting = hwbp_on_waiting(w);

	/* A probe has no length and takes no debug register. */
	if (probe) {
		snprintf(wlen, sizeof(wlen), "-");
		snprintf(regs, sizeof(regs), "-");
	} else {
		snprintf(wlen, sizeof(wlen), "%u", w->len);
		snprintf(regs, sizeof(regs), "%u", w->slots);
	}
	if (waiting)
		snprintf(addr, sizeof(addr), "%-18s", "-");
	else
		snprintf(addr, sizeof(addr), "0x%016llx",
			 (unsigned long long)w->addr);
	return snprintf(buf, len,
			"%*u" COL_GAP "%-*s" COL_GAP "%*s" COL_GAP "%*s" COL_GAP
			"%s" COL_GAP "%-*s" COL_GAP "%-*s" COL_GAP
			"%*llu" COL_GAP "%-*.*s" COL_GAP "%s",
			t->id, w->id, t->type, hwbp_type_name(w->type),
			t->len, wlen, t->regs, regs, addr,
			t->where, hwbp_where_str(where, sizeof(where), w),
			STATE_WIDTH, watch_state(w),
			t->hits, (unsigned long long)w->hits,
			t->target, HWBP_TARGET_MAX, target_or_dash(w),
			hwbp_flags_str(flags, sizeof(flags), w->flags));
}

/**
 * hwbp_piece_cpu_str() - the CPU of a piece: "cpuN", or "all" for -1
 * @buf, @len:	where to write it
 * @p:		the piece
 *
 * Return: @buf.
 */
const char *hwbp_piece_cpu_str(char *buf, size_t len,
			       const struct hwbp_piece *p)
{
	if (p->cpu < 0)
		snprintf(buf, len, "all");
	else
		snprintf(buf, len, "cpu%d", p->cpu);
	return buf;
}

/* The width of the CPU column for @n pieces: at least "all" and "CPU". */
int hwbp_pieces_cpu_width(const struct hwbp_piece *p, size_t n)
{
	char cpu[16];
	int width = 3;
	size_t i;

	for (i = 0; i < n; i++)
		width = max(width, strlen(hwbp_piece_cpu_str(cpu, sizeof(cpu),
							     &p[i])));
	return width;
}

/**
 * hwbp_piece_row() - one piece as "<indent>cpu1  0x...  8", no newline
 * @buf, @len:	where to write it
 * @indent:	what goes first
 * @cpu_width:	from hwbp_pieces_cpu_width()
 * @p:		the piece
 *
 * Return: what snprintf() returns.
 */
int hwbp_piece_row(char *buf, size_t len, const char *indent, int cpu_width,
		   const struct hwbp_piece *p)
{
	char cpu[16];

	return snprintf(buf, len, "%s%-*s" COL_GAP "0x%016llx" COL_GAP "%u",
			indent, cpu_width,
			hwbp_piece_cpu_str(cpu, sizeof(cpu), p),
			(unsigned long long)p->addr, p->len);
}

/* {"cpu":1,"addr":"0x...","len":8}; cpu is null for every CPU. */
void hwbp_json_piece(struct hwbp_jw *j, const struct hwbp_piece *p)
{
	hwbp_jw_object(j);
	hwbp_jw_key(j, "cpu");
	if (p->cpu < 0)
		hwbp_jw_null(j);
	else
		hwbp_jw_uint(j, p->cpu);
	hwbp_jw_key(j, "addr");
	hwbp_jw_addr(j, p->addr);
	hwbp_jw_key(j, "len");
	hwbp_jw_uint(j, p->len);
	hwbp_jw_object_end(j);
}

/* Registers held by perf, ptrace, gdb or kgdb: what is neither hwbp's nor free. */
static __u32 others(const struct hwbp_cpu_slots *c)
{
	return c->hwbp + c->free <= c->total ? c->total - c->hwbp - c->free : 0;
}

/* The width of info's CPU column: at least "CPU". */
int hwbp_slots_cpu_width(const struct hwbp_cpu_slots *c, size_t n)
{
	int width = 3;
	size_t i;

	for (i = 0; i < n; i++)
		width = max(width, hwbp_num_width(c[i].cpu));
	return width;
}

/**
 * hwbp_slots_header() - "CPU  ONLINE  REGISTERS  HWBP  FREE  OTHERS"
 * @buf, @len:	where to write it
 * @cpu_width:	from hwbp_slots_cpu_width()
 *
 * Return: what snprintf() returns.
 */
int hwbp_slots_header(char *buf, size_t len, int cpu_width)
{
	return snprintf(buf, len,
			"%*s" COL_GAP "ONLINE" COL_GAP "REGISTERS" COL_GAP "HWBP"
			COL_GAP "FREE" COL_GAP "OTHERS", cpu_width, "CPU");
}

/**
 * hwbp_slots_row() - one CPU's debug registers, without a newline
 * @buf, @len:	where to write it
 * @cpu_width:	from hwbp_slots_cpu_width()
 * @c:		the CPU; an offline one shows "-" for its numbers
 *
 * Return: what snprintf() returns.
 */
int hwbp_slots_row(char *buf, size_t len, int cpu_width,
		   const struct hwbp_cpu_slots *c)
{
	if (!c->online)
		return snprintf(buf, len,
				"%*u" COL_GAP "%-6s" COL_GAP "%9s" COL_GAP "%4s"
				COL_GAP "%4s" COL_GAP "%6s",
				cpu_width, c->cpu, "no", "-", "-", "-", "-");
	return snprintf(buf, len,
			"%*u" COL_GAP "%-6s" COL_GAP "%9u" COL_GAP "%4u"
			COL_GAP "%4u" COL_GAP "%6u",
			cpu_width, c->cpu, "yes", c->total, c->hwbp, c->free,
			others(c));
}

/* {"cpu":0,"online":true,"total":4,"hwbp":1,"free":3,"others":0} */
void hwbp_json_slots(struct hwbp_jw *j, const struct hwbp_cpu_slots *c)
{
	hwbp_jw_object(j);
	hwbp_jw_key(j, "cpu");
	hwbp_jw_uint(j, c->cpu);
	hwbp_jw_key(j, "online");
	hwbp_jw_bool(j, c->online);
	hwbp_jw_key(j, "total");
	hwbp_jw_uint(j, c->total);
	hwbp_jw_key(j, "hwbp");
	hwbp_jw_uint(j, c->hwbp);
	hwbp_jw_key(j, "free");
	hwbp_jw_uint(j, c->free);
	hwbp_jw_key(j, "others");
	hwbp_jw_uint(j, others(c));
	hwbp_jw_object_end(j);
}

/* A probe's count key as hwbp probe --by took it: "comm", "arg2", "caller". */
static const char *probe_by_str(char *buf, size_t len,
				const struct hwbp_watch *w)
{
	switch (w->probe_by) {
	case 0:			snprintf(buf, len, "-"); break;
	case HWBP_BY_IP:	snprintf(buf, len, "caller"); break;
	case HWBP_BY_STACK:	snprintf(buf, len, "stack"); break;
	case HWBP_BY_PID:	snprintf(buf, len, "pid"); break;
	case HWBP_BY_COMM:	snprintf(buf, len, "comm"); break;
	case HWBP_BY_CPU:	snprintf(buf, len, "cpu"); break;
	case HWBP_BY_ARG:	snprintf(buf, len, "arg%u", w->by_arg); break;
	case HWBP_BY_RETVAL:	snprintf(buf, len, "retval"); break;
	default:		snprintf(buf, len, "?%u", w->probe_by); break;
	}
	return buf;
}

static void json_uint_or_null(struct hwbp_jw *j, const char *key, bool set,
			      unsigned long long v)
{
	hwbp_jw_key(j, key);
	if (set)
		hwbp_jw_uint(j, v);
	else
		hwbp_jw_null(j);
}

static void json_on(struct hwbp_jw *j, const char *key, const char *on)
{
	char text[HWBP_ON_MAX];

	hwbp_jw_key(j, key);
	if (on[0]) {
		snprintf(text, sizeof(text), "%.*s", HWBP_ON_MAX - 1, on);
		hwbp_jw_string(j, text);
	} else {
		hwbp_jw_null(j);
	}
}

/* The keys of probes and of watches armed by a call, null where unset. */
static void json_probe_fields(struct hwbp_jw *j, const struct hwbp_watch *w)
{
	bool probe = hwbp_is_probe(w);
	const char *kind = hwbp_arg_kind_name(w->arg_kind);
	char by[16];

	hwbp_jw_key(j, "probe_by");
	if (probe && w->probe_by) {
		probe_by_str(by, sizeof(by), w);
		hwbp_jw_string(j, w->probe_by == HWBP_BY_ARG ? "arg" : by);
	} else {
		hwbp_jw_null(j);
	}
	json_uint_or_null(j, "by_arg", w->probe_by == HWBP_BY_ARG, w->by_arg);
	json_uint_or_null(j, "arg", w->arg, w->arg);
	hwbp_jw_key(j, "arg_kind");
	if (kind)
		hwbp_jw_string(j, kind);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "missed");
	hwbp_jw_uint(j, w->missed);
	json_on(j, "on", w->on);
	json_on(j, "until", w->until);
}

/**
 * hwbp_json_watch_fields() - a watch's keys, inside an open object
 * @j:	the writer
 * @w:	the watch
 *
 * "id":1,"target":"pid_max","addr":"0xffffffff82a1b2c0","type":"w",
 * "len":4,"hits":0,"flags":["log"],"where":"all","state":"armed",
 * "slots":1,"nr_cpus":2,"cpu":null,"percpu":null,"pid":null
 *
 * "filter":null,"max_hits":null,"allow":null,"recorded":0,"dropped":0,
 * "suppressed":0,"stacks_dropped":0
 *
 * "probe_by":null,"by_arg":null,"arg":null,"arg_kind":null,"missed":0,
 * "on":null,"until":null
 *
 * target is null for a raw address; cpu is the CPU of --cpu or null;
 * percpu is "local", "all", a CPU number (--percpu N) or null; pid is the
 * process of -p or null; filter is "==V", "!=V" (decimal) or "changed";
 * max_hits and allow are null when not set. For a probe, probe_by is
 * "comm", "pid", "caller", "cpu", "stack", "arg" (by_arg: which) or
 * "retval"; arg and arg_kind ("u64", "str", "ustr") are those of --arg;
 * all are null for a data watch. on and until are the strings of a watch
 * armed by a call, or null.
 */
void hwbp_json_watch_fields(struct hwbp_jw *j, const struct hwbp_watch *w)
{
	char target[HWBP_TARGET_MAX];
	__u32 flags = w->flags;
	unsigned int i;

	hwbp_jw_key(j, "id");
	hwbp_jw_uint(j, w->id);
	hwbp_jw_key(j, "target");
	if (w->target[0]) {
		/* The module NUL-terminates; do not trust it blindly. */
		snprintf(target, sizeof(target), "%.*s",
			 HWBP_TARGET_MAX - 1, w->target);
		hwbp_jw_string(j, target);
	} else {
		hwbp_jw_null(j);
	}
	hwbp_jw_key(j, "addr");
	hwbp_jw_addr(j, w->addr);
	hwbp_jw_key(j, "type");
	hwbp_jw_string(j, hwbp_type_name(w->type));
	hwbp_jw_key(j, "len");
	hwbp_jw_uint(j, w->len);
	hwbp_jw_key(j, "hits");
	hwbp_jw_uint(j, w->hits);
	hwbp_jw_key(j, "flags");
	hwbp_jw_array(j);
	for (i = 0; i < NR_FLAGS; i++) {
		if (!(flags & flag_names[i].bit))
			continue;
		flags &= ~flag_names[i].bit;
		if (flag_names[i].name)
			hwbp_jw_string(j, flag_names[i].name);
	}
	if (flags) {
		snprintf(target, sizeof(target), "0x%x", flags);
		hwbp_jw_string(j, target);
	}
	hwbp_jw_array_end(j);
	hwbp_jw_key(j, "where");
	hwbp_jw_string(j, hwbp_where_str(target, sizeof(target), w));
	hwbp_jw_key(j, "state");
	hwbp_jw_string(j, watch_state(w));
	hwbp_jw_key(j, "slots");
	hwbp_jw_uint(j, w->slots);
	hwbp_jw_key(j, "nr_cpus");
	hwbp_jw_uint(j, w->nr_cpus);
	hwbp_jw_key(j, "cpu");
	if (w->flags & HWBP_WATCH_CPU)
		hwbp_jw_uint(j, w->cpu);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "percpu");
	switch (w->percpu) {
	case HWBP_PERCPU_NONE:
		hwbp_jw_null(j);
		break;
	case HWBP_PERCPU_LOCAL:
		hwbp_jw_string(j, "local");
		break;
	case HWBP_PERCPU_CPU:
		hwbp_jw_uint(j, w->percpu_cpu);
		break;
	case HWBP_PERCPU_ALL:
		hwbp_jw_string(j, "all");
		break;
	default:
		hwbp_jw_string(j, "?");
		break;
	}
	hwbp_jw_key(j, "pid");
	if (w->pid)
		hwbp_jw_int(j, w->pid);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "filter");
	if (w->filter)
		hwbp_jw_string(j, hwbp_filter_str(target, sizeof(target), w));
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "max_hits");
	if (w->max_hits)
		hwbp_jw_uint(j, w->max_hits);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "allow");
	if (w->allow[0]) {
		snprintf(target, sizeof(target), "%.*s", HWBP_ALLOW_MAX - 1,
			 w->allow);
		hwbp_jw_string(j, target);
	} else {
		hwbp_jw_null(j);
	}
	hwbp_jw_key(j, "recorded");
	hwbp_jw_uint(j, w->recorded);
	hwbp_jw_key(j, "dropped");
	hwbp_jw_uint(j, w->dropped);
	hwbp_jw_key(j, "suppressed");
	hwbp_jw_uint(j, w->suppressed);
	hwbp_jw_key(j, "stacks_dropped");
	hwbp_jw_uint(j, w->stacks_dropped);
	json_probe_fields(j, w);
}

/* One watch as a JSON object: hwbp_json_watch_fields() in braces. */
void hwbp_json_watch(struct hwbp_jw *j, const struct hwbp_watch *w)
{
	hwbp_jw_object(j);
	hwbp_json_watch_fields(j, w);
	hwbp_jw_object_end(j);
}

/**
 * hwbp_filter_str() - a watch's value filter as --if-value/--changed took it
 * @buf, @len:	where to write it
 * @w:		the watch
 *
 * Return: @buf: "==5", "!=0", "changed", "-" for none, "?N" for one this
 * tool does not know.
 */
const char *hwbp_filter_str(char *buf, size_t len, const struct hwbp_watch *w)
{
	switch (w->filter) {
	case HWBP_FILTER_NONE:
		snprintf(buf, len, "-");
		break;
	case HWBP_FILTER_EQ:
		snprintf(buf, len, "==%llu", (unsigned long long)w->filter_value);
		break;
	case HWBP_FILTER_NE:
		snprintf(buf, len, "!=%llu", (unsigned long long)w->filter_value);
		break;
	case HWBP_FILTER_CHANGED:
		snprintf(buf, len, "changed");
		break;
	default:
		snprintf(buf, len, "?%u", w->filter);
		break;
	}
	return buf;
}

/**
 * hwbp_record_stats() - list -v's line about a watch's records, no newline
 * @buf, @len:	where to write it
 * @w:		the watch
 *
 * "recorded 5, dropped 0, suppressed 2, stacks dropped 0", then what was
 * set of ", filter ==5", ", allow f1,f2", ", max hits 1"; for a probe
 * ", by comm, arg 2:ustr, missed 0" (by and missed always, arg when set);
 * for a watch armed by a call ", on FUNC:argN+OFF until FUNC2:argM".
 *
 * Return: what snprintf() returns.
 */
int hwbp_record_stats(char *buf, size_t len, const struct hwbp_watch *w)
{
	char filter[32], by[16];
	const char *kind = hwbp_arg_kind_name(w->arg_kind);
	size_t used;

	used = snprintf(buf, len,
			"recorded %llu, dropped %llu, suppressed %llu, stacks dropped %llu",
			(unsigned long long)w->recorded,
			(unsigned long long)w->dropped,
			(unsigned long long)w->suppressed,
			(unsigned long long)w->stacks_dropped);
	if (w->filter)
		used += snprintf(at(buf, len, used), room(len, used),
				 ", filter %s",
				 hwbp_filter_str(filter, sizeof(filter), w));
	if (w->allow[0])
		used += snprintf(at(buf, len, used), room(len, used),
				 ", allow %.*s", HWBP_ALLOW_MAX - 1, w->allow);
	if (w->max_hits)
		used += snprintf(at(buf, len, used), room(len, used),
				 ", max hits %llu",
				 (unsigned long long)w->max_hits);
	if (hwbp_is_probe(w)) {
		used += snprintf(at(buf, len, used), room(len, used), ", by %s",
				 probe_by_str(by, sizeof(by), w));
		if (w->arg)
			used += snprintf(at(buf, len, used), room(len, used),
					 ", arg %u:%s", w->arg, kind ? kind : "-");
		used += snprintf(at(buf, len, used), room(len, used),
				 ", missed %llu", (unsigned long long)w->missed);
	}
	if (w->on[0])
		used += snprintf(at(buf, len, used), room(len, used),
				 ", on %.*s", HWBP_ON_MAX - 1, w->on);
	if (w->until[0])
		used += snprintf(at(buf, len, used), room(len, used),
				 " until %.*s", HWBP_ON_MAX - 1, w->until);
	/* kmod/watch.c counts there the calls ignored while armed. */
	if (w->on[0] && w->missed)
		used += snprintf(at(buf, len, used), room(len, used),
				 ", ignored %llu (armed already)",
				 (unsigned long long)w->missed);
	return used;
}

/* Nanoseconds as seconds with microseconds: "12.345678". */
const char *hwbp_time_str(char *buf, size_t len, __u64 ns)
{
	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(ns / 1000000000),
		 (unsigned long long)(ns % 1000000000 / 1000));
	return buf;
}

/* A task's comm, NUL-terminated, control characters and blanks as '?'. */
const char *hwbp_comm_str(char *buf, size_t len, const char *comm)
{
	size_t i;

	snprintf(buf, len, "%.16s", comm);
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] <= ' ' || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}

/* "write", "read-or-same", or NULL (no values, or neither flag). */
const char *hwbp_rec_kind(const struct hwbp_record *r)
{
	if (!(r->flags & HWBP_REC_VALUES))
		return NULL;
	if (r->flags & HWBP_REC_WRITE)
		return "write";
	if (r->flags & HWBP_REC_SAME)
		return "read-or-same";
	return NULL;
}

static const char *value_str(char *buf, size_t len, __u64 v, bool hex)
{
	snprintf(buf, len, hex ? "0x%llx" : "%llu", (unsigned long long)v);
	return buf;
}

/**
 * hwbp_quote_str() - a captured string, quoted, as hits prints it
 * @buf, @len:	where to write it
 * @s:		the string, NUL-terminated within @max bytes or cut there
 * @max:	bytes of @s that may be read
 *
 * "...": '"' and '\' escaped, \n \t \r as such, other bytes below 0x20
 * and from 0x7f on as \xNN, so that the line stays one printable line.
 *
 * Return: @buf.
 */
const char *hwbp_quote_str(char *buf, size_t len, const char *s, size_t max)
{
	size_t used = 0, i, n = strnlen(s, max);
	unsigned char c;

	used += snprintf(at(buf, len, used), room(len, used), "\"");
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '"' || c == '\\')
			used += snprintf(at(buf, len, used), room(len, used),
					 "\\%c", c);
		else if (c == '\n')
			used += snprintf(at(buf, len, used), room(len, used), "\\n");
		else if (c == '\t')
			used += snprintf(at(buf, len, used), room(len, used), "\\t");
		else if (c == '\r')
			used += snprintf(at(buf, len, used), room(len, used), "\\r");
		else if (c < 0x20 || c >= 0x7f)
			used += snprintf(at(buf, len, used), room(len, used),
					 "\\x%02x", c);
		else
			used += snprintf(at(buf, len, used), room(len, used),
					 "%c", c);
	}
	snprintf(at(buf, len, used), room(len, used), "\"");
	return buf;
}

/* A record of a probe: of @w when known, else by its probe flags. */
static bool probe_record(const struct hwbp_record *r,
			 const struct hwbp_watch *w)
{
	if (w)
		return hwbp_is_probe(w);
	return r->flags & (HWBP_REC_ARG | HWBP_REC_STR | HWBP_REC_RET);
}

/*
 * " arg2=VALUE" or " arg2=\"string\"" (with "..." after the quote when the
 * string filled its room and may have been cut); a pointer whose string
 * could not be read is shown in 0x hex. Empty without an argument.
 */
static void probe_arg_str(char *buf, size_t len, const struct hwbp_record *r,
			  const struct hwbp_watch *w, bool hex)
{
	char name[16], q[HWBP_STR_MAX * 4 + 8];
	bool pointer = w && (w->arg_kind == HWBP_ARG_STR ||
			     w->arg_kind == HWBP_ARG_USTR);

	buf[0] = '\0';
	if (w && w->arg)
		snprintf(name, sizeof(name), "arg%u", w->arg);
	else
		snprintf(name, sizeof(name), "arg");
	if (r->flags & HWBP_REC_STR)
		snprintf(buf, len, " %s=%s%s", name,
			 hwbp_quote_str(q, sizeof(q), r->str, sizeof(r->str)),
			 strnlen(r->str, sizeof(r->str)) >= sizeof(r->str) - 1 ?
			 "..." : "");
	else if (r->flags & HWBP_REC_ARG)
		snprintf(buf, len, hex || pointer ? " %s=0x%llx" : " %s=%llu",
			 name, (unsigned long long)r->before);
}

/* One call of a probe: see hwbp_record_line(). */
static int probe_line(char *buf, size_t len, const struct hwbp_record *r,
		      const struct hwbp_watch *w, bool hex)
{
	char t[32], comm[24], fn[HWBP_WHY_MAX], ip[HWBP_WHY_MAX];
	char arg[HWBP_STR_MAX * 4 + 32];
	size_t used;

	if (w && w->target[0])
		snprintf(fn, sizeof(fn), "%.*s", HWBP_TARGET_MAX - 1, w->target);
	else
		hwbp_ksym_str(fn, sizeof(fn), r->addr);
	probe_arg_str(arg, sizeof(arg), r, w, hex);
	used = snprintf(buf, len, "%s cpu%u %s[%u/%u] p%u %s caller=%s%s",
			hwbp_time_str(t, sizeof(t), r->time_ns), r->cpu,
			hwbp_comm_str(comm, sizeof(comm), r->comm), r->pid,
			r->tid, r->id, fn, hwbp_ksym_str(ip, sizeof(ip), r->ip),
			arg);
	if (r->flags & HWBP_REC_RET)
		used += snprintf(at(buf, len, used), room(len, used),
				 " ret=%lld", (long long)r->after);
	if (r->stack_id)
		used += snprintf(at(buf, len, used), room(len, used),
				 " stack=%u", r->stack_id);
	return used;
}

/**
 * hwbp_record_line() - one hit as hwbp hits prints it, without a newline
 * @buf, @len:	where to write it
 * @r:		the record
 * @w:		its watch, or NULL when it is not known
 * @hex:	values in 0x hex instead of decimal
 *
 * TIME cpuN COMM[PID/TID] wID ADDR IP LEN: BEFORE -> AFTER KIND [stack=N]
 * [ustack=N] [user]
 *
 * "12.345678 cpu1 tuner[118/118] w1 0xffffffff82c5b510
 * do_proc_dointvec_minmax_conv+0x34/0x80 4: 50000 -> 60000 write stack=3",
 * one line. Without values (an execute watch) BEFORE, AFTER and KIND are
 * "-", so that every line has the same fields.
 *
 * A call of a probe (pID instead of wID):
 * TIME cpuN COMM[PID/TID] pID FUNC caller=SYM [argN=V|argN="S"] [ret=R]
 * [stack=N]
 *
 * "12.345678 cpu1 cat[118/118] p2 vfs_read caller=ksys_read+0x6a/0xf0
 * arg2="hello\n" ret=-14"; V in decimal (--hex, or a pointer whose string
 * could not be read: 0x hex), S quoted with escapes (see hwbp_quote_str())
 * and followed by "..." when it may have been cut, R signed decimal.
 *
 * Return: what snprintf() returns.
 */
int hwbp_record_line(char *buf, size_t len, const struct hwbp_record *r,
		     const struct hwbp_watch *w, bool hex)
{
	char t[32], comm[24], ip[HWBP_WHY_MAX], before[24], after[24];
	const char *kind = hwbp_rec_kind(r);
	bool values = r->flags & HWBP_REC_VALUES;
	size_t used;

	if (probe_record(r, w))
		return probe_line(buf, len, r, w, hex);
	used = snprintf(buf, len, "%s cpu%u %s[%u/%u] w%u 0x%llx %s %u: %s -> %s %s",
			hwbp_time_str(t, sizeof(t), r->time_ns), r->cpu,
			hwbp_comm_str(comm, sizeof(comm), r->comm), r->pid,
			r->tid, r->id, (unsigned long long)r->addr,
			hwbp_ksym_str(ip, sizeof(ip), r->ip), r->len,
			values ? value_str(before, sizeof(before), r->before, hex) : "-",
			values ? value_str(after, sizeof(after), r->after, hex) : "-",
			kind ? kind : "-");
	if (r->stack_id)
		used += snprintf(at(buf, len, used), room(len, used),
				 " stack=%u", r->stack_id);
	if (r->ustack_id)
		used += snprintf(at(buf, len, used), room(len, used),
				 " ustack=%u", r->ustack_id);
	if (r->flags & HWBP_REC_USER)
		used += snprintf(at(buf, len, used), room(len, used), " user");
	return used;
}

/**
 * hwbp_json_record() - one hit as a JSON object
 * @j:	the writer
 * @r:	the record
 *
 * {"id":1,"seq":7,"time_ns":12345678901,"cpu":1,"pid":118,"tid":118,
 * "comm":"tuner","addr":"0x...","ip":"0x...","sym":"f+0x34/0x80","len":4,
 * "before":50000,"after":60000,"kind":"write","user":false,"stack_id":3,
 * "ustack_id":null}; before, after and kind are null without values,
 * stack ids null when there is none; sym is the ip in hex when it has no
 * name. Then "arg":null,"str":null,"ret":null: for a call of a probe, the
 * argument's value (a number), its string and the return value (signed),
 * each null when not captured; ip and sym are then the caller, addr the
 * function.
 *
 * @w, the record's watch or NULL, is not needed yet: the keys are the same
 * for every record.
 */
void hwbp_json_record(struct hwbp_jw *j, const struct hwbp_record *r,
		      const struct hwbp_watch *w)
{
	hwbp_jw_object(j);
	hwbp_json_record_fields(j, r, w);
	hwbp_jw_object_end(j);
}

/* The keys of hwbp_json_record(), in an object the caller opened. */
void hwbp_json_record_fields(struct hwbp_jw *j, const struct hwbp_record *r,
			     const struct hwbp_watch *w)
{
	char text[HWBP_WHY_MAX];
	const char *kind = hwbp_rec_kind(r);
	bool values = r->flags & HWBP_REC_VALUES;

	hwbp_jw_key(j, "id");
	hwbp_jw_uint(j, r->id);
	hwbp_jw_key(j, "seq");
	hwbp_jw_uint(j, r->seq);
	hwbp_jw_key(j, "time_ns");
	hwbp_jw_uint(j, r->time_ns);
	hwbp_jw_key(j, "cpu");
	hwbp_jw_uint(j, r->cpu);
	hwbp_jw_key(j, "pid");
	hwbp_jw_uint(j, r->pid);
	hwbp_jw_key(j, "tid");
	hwbp_jw_uint(j, r->tid);
	hwbp_jw_key(j, "comm");
	snprintf(text, sizeof(text), "%.16s", r->comm);
	hwbp_jw_string(j, text);
	hwbp_jw_key(j, "addr");
	hwbp_jw_addr(j, r->addr);
	hwbp_jw_key(j, "ip");
	hwbp_jw_addr(j, r->ip);
	hwbp_jw_key(j, "sym");
	hwbp_jw_string(j, hwbp_ksym_str(text, sizeof(text), r->ip));
	hwbp_jw_key(j, "len");
	hwbp_jw_uint(j, r->len);
	hwbp_jw_key(j, "before");
	if (values)
		hwbp_jw_uint(j, r->before);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "after");
	if (values)
		hwbp_jw_uint(j, r->after);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "kind");
	if (kind)
		hwbp_jw_string(j, kind);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "user");
	hwbp_jw_bool(j, r->flags & HWBP_REC_USER);
	hwbp_jw_key(j, "stack_id");
	if (r->stack_id)
		hwbp_jw_uint(j, r->stack_id);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "ustack_id");
	if (r->ustack_id)
		hwbp_jw_uint(j, r->ustack_id);
	else
		hwbp_jw_null(j);
	(void)w;
	hwbp_jw_key(j, "arg");
	if (r->flags & HWBP_REC_ARG)
		hwbp_jw_uint(j, r->before);
	else
		hwbp_jw_null(j);
	hwbp_jw_key(j, "str");
	if (r->flags & HWBP_REC_STR) {
		snprintf(text, sizeof(text), "%.*s", HWBP_STR_MAX, r->str);
		hwbp_jw_string(j, text);
	} else {
		hwbp_jw_null(j);
	}
	hwbp_jw_key(j, "ret");
	if (r->flags & HWBP_REC_RET)
		hwbp_jw_int(j, (long long)r->after);
	else
		hwbp_jw_null(j);
}

/**
 * hwbp_drops_str() - the note about hits a watch did not record
 * @buf, @len:	where to write it
 * @w:		the watch, as listed after its records were read
 *
 * "watch 1: 12 hits not recorded (its ring on some CPU was full); 3
 * suppressed (filter/allow-list)", or the half that applies.
 *
 * Return: 0 when there is nothing to say (@buf empty), else what
 * snprintf() returns.
 */
int hwbp_drops_str(char *buf, size_t len, const struct hwbp_watch *w)
{
	unsigned long long d = w->dropped, s = w->suppressed;

	buf[0] = '\0';
	if (d && s)
		return snprintf(buf, len,
				"watch %u: %llu hit%s not recorded (its ring on some CPU was full); %llu suppressed (filter/allow-list)",
				w->id, d, d == 1 ? "" : "s", s);
	if (d)
		return snprintf(buf, len,
				"watch %u: %llu hit%s not recorded (its ring on some CPU was full)",
				w->id, d, d == 1 ? "" : "s");
	if (s)
		return snprintf(buf, len,
				"watch %u: %llu hit%s suppressed (filter/allow-list)",
				w->id, s, s == 1 ? "" : "s");
	return 0;
}

/**
 * hwbp_log2_range() - a bucket of a log2 histogram (HWBP_BY_RETVAL)
 * @buf, @len:	where to write it
 * @k:		the bucket key: k > 0 holds [2^(k-1), 2^k), k < 0 the
 *		negative values whose magnitude is in that range, 0 the zeros
 *
 * "0", "[1, 2)", "[1K, 2K)", "-[8, 16)"; powers of 1024 as K, M, G, T, P,
 * E, as bpftrace writes them. A key beyond +-64 is shown as "?k".
 *
 * Return: @buf.
 */
const char *hwbp_log2_range(char *buf, size_t len, long long k)
{
	static const char unit[] = " KMGTPEZ";
	unsigned int lo, hi;

	if (!k) {
		snprintf(buf, len, "0");
		return buf;
	}
	if (k > 64 || k < -64) {
		snprintf(buf, len, "?%lld", k);
		return buf;
	}
	lo = (k < 0 ? -k : k) - 1;	/* the bucket is [2^lo, 2^hi) */
	hi = lo + 1;
	snprintf(buf, len, "%s[%u%.*s, %u%.*s)", k < 0 ? "-" : "",
		 1U << (lo % 10), lo / 10 ? 1 : 0, &unit[lo / 10],
		 1U << (hi % 10), hi / 10 ? 1 : 0, &unit[hi / 10]);
	return buf;
}

/* Width of a histogram bar at its longest. */
#define BAR_WIDTH	40

/**
 * hwbp_hist_row() - one bucket of a histogram, without a newline
 * @buf, @len:	where to write it
 * @label_width: the widest label
 * @count_width: the widest count, at least strlen("COUNT")
 * @label:	the bucket, from hwbp_log2_range()
 * @count:	its count
 * @max:	the largest count: its bar is BAR_WIDTH long
 *
 * "[1K, 2K)        12  |@@@@@@@@                                |"
 *
 * Return: what snprintf() returns.
 */
int hwbp_hist_row(char *buf, size_t len, int label_width, int count_width,
		  const char *label, __u64 count, __u64 max)
{
	char bar[BAR_WIDTH + 1];
	unsigned int n = max ? (unsigned int)((double)count * BAR_WIDTH / max +
					      0.5) : 0;

	if (count && !n)
		n = 1;		/* a count is never invisible */
	if (n > BAR_WIDTH)
		n = BAR_WIDTH;
	memset(bar, '@', n);
	memset(bar + n, ' ', BAR_WIDTH - n);
	bar[BAR_WIDTH] = '\0';
	return snprintf(buf, len, "%-*s" COL_GAP "%*llu" COL_GAP "|%s|",
			label_width, label, count_width,
			(unsigned long long)count, bar);
}
