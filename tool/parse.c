// SPDX-License-Identifier: GPL-2.0
/*
 * Pure argument parsing: access types, lengths, watch ids and targets.
 *
 * Nothing here does I/O. A function that refuses its argument returns
 * -EINVAL and writes the sentence the command layer prints into @why, so
 * that usage errors are found, and worded, before the device is opened.
 *
 * Target syntax is checked with the module's own rules (kmod/rules.c,
 * linked into the tool), so the tool and the module cannot disagree on
 * what "symbol+offset" means.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../kmod/rules.h"	/* before hwbp.h, which poisons u32/u64 */
#include "hwbp.h"

static const char target_help[] = "expected a symbol, symbol+offset or 0x address";

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Decimal digits to a number, saturating at ~0ULL. */
static unsigned long long dec_value(const char *s)
{
	unsigned long long v = 0;

	for (; *s; s++) {
		if (v > (~0ULL - (*s - '0')) / 10)
			return ~0ULL;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "0x" and 1 or more hex digits that fit in 64 bits, and nothing else. */
static bool parse_addr(const char *s, __u64 *addr)
{
	__u64 v = 0;
	int d;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2])
		return false;
	for (s += 2; *s; s++) {
		d = hex_digit(*s);
		if (d < 0 || v >> 60)
			return false;
		v = v << 4 | d;
	}
	*addr = v;
	return true;
}

/**
 * hwbp_parse_type() - "r", "w", "rw" or "x" to HWBP_TYPE_*
 * @s:		the argument
 * @type:	receives HWBP_TYPE_W, HWBP_TYPE_RW or HWBP_TYPE_X
 * @widened:	set when "r" was asked for and "rw" is what will be armed:
 *		x86 debug registers cannot trap reads alone, so the caller
 *		prints a note
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_type(const char *s, __u32 *type, bool *widened,
		    char *why, size_t whylen)
{
	*widened = false;
	if (!strcmp(s, "w")) {
		*type = HWBP_TYPE_W;
	} else if (!strcmp(s, "rw")) {
		*type = HWBP_TYPE_RW;
	} else if (!strcmp(s, "r")) {
		*type = HWBP_TYPE_RW;
		*widened = true;
	} else if (!strcmp(s, "x")) {
		*type = HWBP_TYPE_X;
	} else {
		snprintf(why, whylen,
			 "what is '%s'? expected an access type: r, w, rw or x", s);
		return -EINVAL;
	}
	return 0;
}

/**
 * hwbp_parse_len() - a data watch length: 1, 2, 4 or 8 (decimal)
 * @s:		the argument
 * @len:	receives the length
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_len(const char *s, __u32 *len, char *why, size_t whylen)
{
	unsigned long long v;

	if (!all_digits(s)) {
		snprintf(why, whylen,
			 "what is '%s'? expected a length in bytes: 1, 2, 4 or 8",
			 s);
		return -EINVAL;
	}
	v = dec_value(s);
	if (v != 1 && v != 2 && v != 4 && v != 8) {
		snprintf(why, whylen,
			 "length %s is not one the debug registers can watch: use 1, 2, 4 or 8",
			 s);
		return -EINVAL;
	}
	*len = (__u32)v;
	return 0;
}

/**
 * hwbp_parse_id() - a watch id: a decimal number from 1 to 2^32 - 1
 * @s:		the argument
 * @id:		receives the id
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_id(const char *s, __u32 *id, char *why, size_t whylen)
{
	unsigned long long v;

	if (!all_digits(s) || (v = dec_value(s)) > 0xffffffffULL) {
		snprintf(why, whylen,
			 "what is '%s'? expected a watch id, a number that hwbp list shows",
			 s);
		return -EINVAL;
	}
	if (!v) {
		snprintf(why, whylen,
			 "there is no watch id 0: ids start at 1 (see hwbp list)");
		return -EINVAL;
	}
	*id = (__u32)v;
	return 0;
}

/**
 * hwbp_parse_target_arg() - classify and check TARGET
 * @s:		"symbol", "symbol+offset" (decimal or 0x hex) or "0xADDRESS"
 * @w:		receives @s in ->target for a symbol, or the address in
 *		->addr with an empty ->target
 * @why, @whylen: receives the sentence on error
 *
 * An address must start with 0x: "1234" would be ambiguous (decimal? hex
 * without its prefix?), so any other leading digit is refused. Symbols are
 * sent as text and resolved by the module.
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_target_arg(const char *s, struct hwbp_watch *w,
			  char *why, size_t whylen)
{
	char sym[HWBP_SYM_MAX];
	__u64 off, addr;
	size_t n;

	memset(w->target, 0, sizeof(w->target));
	w->addr = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!parse_addr(s, &addr)) {
			snprintf(why, whylen,
				 "what is '%s'? an address is 0x and at most 16 hex digits",
				 s);
			return -EINVAL;
		}
		w->addr = addr;
		return 0;
	}
	n = strlen(s);
	if (n >= HWBP_TARGET_MAX) {
		snprintf(why, whylen,
			 "target '%.32s...' is too long: a target has at most %d characters",
			 s, HWBP_TARGET_MAX - 1);
		return -EINVAL;
	}
	/* "+8": an offset from nothing (kmod/rules.c lets it through). */
	if (s[0] == '+' ||
	    hwbp_parse_target(s, sym, sizeof(sym), &off) != HWBP_R_NONE) {
		const char *plus = strchr(s, '+');
		char head[HWBP_TARGET_MAX];

		/* A good symbol with a bad offset gets a sentence of its own. */
		if (plus && plus != s) {
			memcpy(head, s, plus - s);
			head[plus - s] = '\0';
			if (hwbp_parse_target(head, sym, sizeof(sym), &off) ==
			    HWBP_R_NONE) {
				snprintf(why, whylen,
					 "what is '%s' in '%s'? expected an offset in decimal or 0x hex that fits in 64 bits",
					 plus + 1, s);
				return -EINVAL;
			}
		}
		snprintf(why, whylen, "what is '%s'? %s", s, target_help);
		return -EINVAL;
	}
	memcpy(w->target, s, n + 1);
	return 0;
}

/**
 * hwbp_parse_add() - everything "hwbp add" can check without the module
 * @target:	TARGET (required)
 * @type:	-t argument, or NULL for "w"
 * @len:	-l argument, or NULL for the default
 * @log:	--log
 * @w:		receives the watch to ask for; ->len is 0 when the module
 *		(or, for an execute watch, the caller) is to choose
 * @widened:	set when "-t r" was turned into rw (see hwbp_parse_type())
 * @why, @whylen: receives the sentence on error
 *
 * Besides each argument on its own: an execute watch takes exactly
 * sizeof(long) bytes, and a raw address with an explicit length must be
 * aligned to it (the module would refuse both; saying so here makes them
 * usage errors that need no module).
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_add(const char *target, const char *type, const char *len,
		   bool log, struct hwbp_watch *w, bool *widened,
		   char *why, size_t whylen)
{
	__u64 arg;
	__u32 r;
	int ret;

	memset(w, 0, sizeof(*w));
	*widened = false;
	if (!target) {
		snprintf(why, whylen, "add needs a TARGET: a symbol, symbol+offset or 0x address");
		return -EINVAL;
	}
	ret = hwbp_parse_target_arg(target, w, why, whylen);
	if (!ret)
		ret = hwbp_parse_type(type ? type : "w", &w->type, widened,
				      why, whylen);
	if (ret)
		return ret;

	if (len && w->type == HWBP_TYPE_X) {
		if (!all_digits(len)) {
			snprintf(why, whylen,
				 "what is '%s'? expected a length in bytes", len);
			return -EINVAL;
		}
		if (dec_value(len) != sizeof(long)) {
			snprintf(why, whylen,
				 "an execute watch covers one instruction and takes length %zu on "
				 HWBP_ARCH " (sizeof(long)); drop -l or use -l %zu",
				 sizeof(long), sizeof(long));
			return -EINVAL;
		}
		w->len = sizeof(long);
	} else if (len) {
		ret = hwbp_parse_len(len, &w->len, why, whylen);
		if (ret)
			return ret;
	}

	if (w->len && !w->target[0] && w->type != HWBP_TYPE_X) {
		r = hwbp_check_access(w->addr, w->type, w->len, sizeof(long),
				      &arg);
		if (r != HWBP_R_NONE) {
			hwbp_reason_str(why, whylen, r, -1, arg, w);
			return -EINVAL;
		}
	}
	w->flags = log ? HWBP_WATCH_LOG : 0;
	return 0;
}
