// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny streaming JSON writer: objects, arrays, keys, strings, numbers.
 *
 * Output is compact, one document a line, so that `hwbp list -j | jq` and
 * line-based tools both work. The writer keeps only a comma flag per depth;
 * it trusts its callers to nest correctly (the tool's few documents are
 * fixed shapes, and the unit tests check them).
 */
#include <stdio.h>

#include "hwbp.h"

void hwbp_jw_init(struct hwbp_jw *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
}

/* Finish the document: one newline after the top-level value. */
void hwbp_jw_end(struct hwbp_jw *j)
{
	fputc('\n', j->out);
	j->need_comma[0] = false;
}

/* Before any value: a comma when it is not the first one at this depth. */
static void value_start(struct hwbp_jw *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma[j->depth])
		fputc(',', j->out);
	j->need_comma[j->depth] = true;
}

static void open_nest(struct hwbp_jw *j, char c)
{
	value_start(j);
	fputc(c, j->out);
	if (j->depth < HWBP_JW_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_nest(struct hwbp_jw *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	fputc(c, j->out);
}

void hwbp_jw_object(struct hwbp_jw *j)
{
	open_nest(j, '{');
}

void hwbp_jw_object_end(struct hwbp_jw *j)
{
	close_nest(j, '}');
}

void hwbp_jw_array(struct hwbp_jw *j)
{
	open_nest(j, '[');
}

void hwbp_jw_array_end(struct hwbp_jw *j)
{
	close_nest(j, ']');
}

void hwbp_jw_key(struct hwbp_jw *j, const char *key)
{
	value_start(j);
	hwbp_jw_escape(j->out, key);
	fputc(':', j->out);
	j->after_key = true;
}

void hwbp_jw_string(struct hwbp_jw *j, const char *s)
{
	value_start(j);
	hwbp_jw_escape(j->out, s);
}

void hwbp_jw_uint(struct hwbp_jw *j, unsigned long long v)
{
	value_start(j);
	fprintf(j->out, "%llu", v);
}

void hwbp_jw_int(struct hwbp_jw *j, long long v)
{
	value_start(j);
	fprintf(j->out, "%lld", v);
}

void hwbp_jw_bool(struct hwbp_jw *j, bool v)
{
	value_start(j);
	fputs(v ? "true" : "false", j->out);
}

void hwbp_jw_null(struct hwbp_jw *j)
{
	value_start(j);
	fputs("null", j->out);
}

/*
 * Addresses are strings: JSON numbers are doubles to most readers, and a
 * kernel address does not fit in 53 bits.
 */
void hwbp_jw_addr(struct hwbp_jw *j, __u64 addr)
{
	value_start(j);
	fprintf(j->out, "\"0x%016llx\"", (unsigned long long)addr);
}

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	unsigned int cp;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/*
 * Write @s as a JSON string: quotes, backslashes and control characters
 * escaped; bytes that are not valid UTF-8 become U+FFFD, so the output is
 * always valid JSON whatever the kernel or the user handed over.
 */
void hwbp_jw_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	fputc('"', out);
	while (*p) {
		switch (*p) {
		case '"':  fputs("\\\"", out); p++; continue;
		case '\\': fputs("\\\\", out); p++; continue;
		case '\b': fputs("\\b", out); p++; continue;
		case '\f': fputs("\\f", out); p++; continue;
		case '\n': fputs("\\n", out); p++; continue;
		case '\r': fputs("\\r", out); p++; continue;
		case '\t': fputs("\\t", out); p++; continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			fprintf(out, "\\u%04x", *p);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (!n) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		fwrite(p, 1, n, out);
		p += n;
	}
	fputc('"', out);
}
