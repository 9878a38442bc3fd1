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

static const struct {
	__u32 bit;
	const char *name;
} flag_names[] = {
	{ HWBP_WATCH_LOG,	"log" },
	{ HWBP_WATCH_PARAM,	"param" },
	{ HWBP_WATCH_LEN_GUESS,	"len-guessed" },
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

/**
 * hwbp_table_widths() - measure the columns for @n watches
 * @t:	receives the widths, at least those of the headings
 * @w:	the watches
 * @n:	how many
 */
void hwbp_table_widths(struct hwbp_table *t, const struct hwbp_watch *w,
		       size_t n)
{
	size_t i;

	t->id = strlen("ID");
	t->len = strlen("LEN");
	t->addr = strlen("0x") + 16;
	t->hits = strlen("HITS");
	t->target = strlen("TARGET");
	for (i = 0; i < n; i++) {
		t->id = max(t->id, num_width(w[i].id));
		t->len = max(t->len, num_width(w[i].len));
		t->hits = max(t->hits, num_width(w[i].hits));
		t->target = max(t->target,
				(int)strnlen(target_or_dash(&w[i]),
					     HWBP_TARGET_MAX));
	}
}

/* TYPE is at most "rw" or "?": the heading is the widest. */
#define TYPE_WIDTH	4

/**
 * hwbp_table_header() - the heading line, without a newline
 * @buf, @len:	where to write it
 * @t:		column widths
 *
 * Return: what snprintf() returns.
 */
int hwbp_table_header(char *buf, size_t len, const struct hwbp_table *t)
{
	return snprintf(buf, len,
			"%*s" COL_GAP "%-*s" COL_GAP "%*s" COL_GAP "%-*s" COL_GAP
			"%*s" COL_GAP "%-*s" COL_GAP "%s",
			t->id, "ID", TYPE_WIDTH, "TYPE", t->len, "LEN",
			t->addr, "ADDRESS", t->hits, "HITS",
			t->target, "TARGET", "FLAGS");
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
	char flags[64];

	return snprintf(buf, len,
			"%*u" COL_GAP "%-*s" COL_GAP "%*u" COL_GAP
			"0x%016llx" COL_GAP "%*llu" COL_GAP "%-*.*s" COL_GAP "%s",
			t->id, w->id, TYPE_WIDTH, hwbp_type_name(w->type),
			t->len, w->len, (unsigned long long)w->addr,
			t->hits, (unsigned long long)w->hits,
			t->target, HWBP_TARGET_MAX, target_or_dash(w),
			hwbp_flags_str(flags, sizeof(flags), w->flags));
}

/**
 * hwbp_json_watch() - one watch as a JSON object
 * @j:	the writer
 * @w:	the watch
 *
 * {"id":1,"target":"pid_max","addr":"0xffffffff82a1b2c0","type":"w",
 *  "len":4,"hits":0,"flags":["log"]}; target is null for a raw address.
 */
void hwbp_json_watch(struct hwbp_jw *j, const struct hwbp_watch *w)
{
	char target[HWBP_TARGET_MAX];
	__u32 flags = w->flags;
	unsigned int i;

	hwbp_jw_object(j);
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
		if (flags & flag_names[i].bit) {
			hwbp_jw_string(j, flag_names[i].name);
			flags &= ~flag_names[i].bit;
		}
	}
	if (flags) {
		snprintf(target, sizeof(target), "0x%x", flags);
		hwbp_jw_string(j, target);
	}
	hwbp_jw_array_end(j);
	hwbp_jw_object_end(j);
}
