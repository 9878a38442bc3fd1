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
	default:		return "?";
	}
}

/**
 * hwbp_state_name() - a watch state as list shows it
 * @state:	HWBP_STATE_*
 *
 * Return: "armed", "exited", "dry-run", or "?" for one this tool does not
 * know.
 */
const char *hwbp_state_name(__u32 state)
{
	switch (state) {
	case HWBP_STATE_ARMED:		return "armed";
	case HWBP_STATE_EXITED:		return "exited";
	case HWBP_STATE_DRY_RUN:	return "dry-run";
	default:			return "?";
	}
}

/**
 * hwbp_where_str() - where a watch is armed, as list's WHERE column shows it
 * @buf, @len:	where to write it
 * @w:		the watch
 *
 * "pid N" for a process watch; "cpuN" for a watch armed on one CPU (with
 * or without --percpu); "percpu:local", "percpu:cpuN" or "percpu:all" for
 * a per-CPU variable; else "all" (every CPU).
 *
 * Return: @buf.
 */
const char *hwbp_where_str(char *buf, size_t len, const struct hwbp_watch *w)
{
	if (w->pid)
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

static int num_width(unsigned long long v)
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

/* Longest WHERE: "percpu:cpu4294967295". */
#define WHERE_MAX	32

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
	t->len = strlen("LEN");
	t->regs = strlen("REGS");
	t->addr = strlen("0x") + 16;
	t->where = strlen("WHERE");
	t->hits = strlen("HITS");
	t->target = strlen("TARGET");
	for (i = 0; i < n; i++) {
		t->id = max(t->id, num_width(w[i].id));
		t->len = max(t->len, num_width(w[i].len));
		t->regs = max(t->regs, num_width(w[i].slots));
		t->where = max(t->where, strlen(hwbp_where_str(where,
							       sizeof(where),
							       &w[i])));
		t->hits = max(t->hits, num_width(w[i].hits));
		t->target = max(t->target,
				(int)strnlen(target_or_dash(&w[i]),
					     HWBP_TARGET_MAX));
	}
}

/* TYPE is at most "rw" or "?": the heading is the widest. */
#define TYPE_WIDTH	4
/* STATE is at most "dry-run" or "exited". */
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
			t->id, "ID", TYPE_WIDTH, "TYPE", t->len, "LEN",
			t->regs, "REGS", t->addr, "ADDRESS",
			t->where, "WHERE", STATE_WIDTH, "STATE",
			t->hits, "HITS", t->target, "TARGET", "FLAGS");
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
	char flags[64], where[WHERE_MAX];

	return snprintf(buf, len,
			"%*u" COL_GAP "%-*s" COL_GAP "%*u" COL_GAP "%*u" COL_GAP
			"0x%016llx" COL_GAP "%-*s" COL_GAP "%-*s" COL_GAP
			"%*llu" COL_GAP "%-*.*s" COL_GAP "%s",
			t->id, w->id, TYPE_WIDTH, hwbp_type_name(w->type),
			t->len, w->len, t->regs, w->slots,
			(unsigned long long)w->addr,
			t->where, hwbp_where_str(where, sizeof(where), w),
			STATE_WIDTH, hwbp_state_name(w->state),
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
		width = max(width, num_width(c[i].cpu));
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

/**
 * hwbp_json_watch_fields() - a watch's keys, inside an open object
 * @j:	the writer
 * @w:	the watch
 *
 * "id":1,"target":"pid_max","addr":"0xffffffff82a1b2c0","type":"w",
 * "len":4,"hits":0,"flags":["log"],"where":"all","state":"armed",
 * "slots":1,"nr_cpus":2,"cpu":null,"percpu":null,"pid":null
 *
 * target is null for a raw address; cpu is the CPU of --cpu or null;
 * percpu is "local", "all", a CPU number (--percpu N) or null; pid is the
 * process of -p or null.
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
	hwbp_jw_string(j, hwbp_state_name(w->state));
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
}

/* One watch as a JSON object: hwbp_json_watch_fields() in braces. */
void hwbp_json_watch(struct hwbp_jw *j, const struct hwbp_watch *w)
{
	hwbp_jw_object(j);
	hwbp_json_watch_fields(j, w);
	hwbp_jw_object_end(j);
}
