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
 * hwbp_parse_len() - a data watch length: 1, 2, 4, 8 or 9..HWBP_RANGE_MAX
 * @s:		the argument
 * @len:	receives the length
 * @why, @whylen: receives the sentence on error
 *
 * One debug register covers 1, 2, 4 or 8 aligned bytes; the module splits
 * a range longer than 8 into aligned pieces, one register each. 3, 5, 6
 * and 7 are neither, and most likely a mistake.
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_len(const char *s, __u32 *len, char *why, size_t whylen)
{
	unsigned long long v;

	if (!all_digits(s)) {
		snprintf(why, whylen,
			 "what is '%s'? expected a length in bytes, 1 to %d",
			 s, HWBP_RANGE_MAX);
		return -EINVAL;
	}
	v = dec_value(s);
	if (v < 1 || v > HWBP_RANGE_MAX || v == 3 || (v > 4 && v < 8)) {
		snprintf(why, whylen,
			 "length %s is not one the debug registers can watch: use 1, 2, 4 or 8, or a range of 9 to %d bytes (split into aligned pieces)",
			 s, HWBP_RANGE_MAX);
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
 * hwbp_parse_cpu() - a CPU number (decimal)
 * @s:		the argument
 * @opt:	the option it came with, for the sentence ("--cpu")
 * @cpu:	receives the number
 * @why, @whylen: receives the sentence on error
 *
 * Whether the CPU exists and is online is the module's to say.
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_cpu(const char *s, const char *opt, __u32 *cpu,
		   char *why, size_t whylen)
{
	unsigned long long v;

	if (!all_digits(s) || (v = dec_value(s)) > 0x7fffffffULL) {
		snprintf(why, whylen,
			 "what is '%s' after %s? expected a CPU number (hwbp info lists them)",
			 s, opt);
		return -EINVAL;
	}
	*cpu = (__u32)v;
	return 0;
}

/**
 * hwbp_parse_percpu() - "local", "all" or a CPU number to HWBP_PERCPU_*
 * @s:		the argument of --percpu
 * @w:		receives ->percpu, and ->percpu_cpu for a CPU number
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_percpu(const char *s, struct hwbp_watch *w,
		      char *why, size_t whylen)
{
	__u32 cpu;

	if (!strcmp(s, "local")) {
		w->percpu = HWBP_PERCPU_LOCAL;
	} else if (!strcmp(s, "all")) {
		w->percpu = HWBP_PERCPU_ALL;
	} else if (all_digits(s)) {
		if (hwbp_parse_cpu(s, "--percpu", &cpu, why, whylen))
			return -EINVAL;
		w->percpu = HWBP_PERCPU_CPU;
		w->percpu_cpu = cpu;
	} else {
		snprintf(why, whylen,
			 "what is '%s' after --percpu? expected local (each CPU its own instance), a CPU number (that CPU's instance) or all",
			 s);
		return -EINVAL;
	}
	return 0;
}

/**
 * hwbp_parse_pid() - a process id: a decimal number from 1 to 2^31 - 1
 * @s:		the argument of -p
 * @pid:	receives the pid
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_pid(const char *s, __s32 *pid, char *why, size_t whylen)
{
	unsigned long long v;

	if (!all_digits(s) || (v = dec_value(s)) > 0x7fffffffULL || !v) {
		snprintf(why, whylen,
			 "what is '%s' after -p? expected a process id, a number that ps shows",
			 s);
		return -EINVAL;
	}
	*pid = (__s32)v;
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

/* The sentence for a reason the tool finds itself, as the module words it. */
static int refuse(__u32 reason, __u64 arg, const struct hwbp_watch *w,
		  char *why, size_t whylen)
{
	struct hwbp_add add;

	memset(&add, 0, sizeof(add));
	add.watch = *w;
	add.reason = reason;
	add.reason_cpu = -1;
	add.reason_arg = arg;
	hwbp_reason_str(why, whylen, &add, 0);
	return -EINVAL;
}

/**
 * hwbp_parse_add() - everything "hwbp add" can check without the module
 * @a:		the arguments of hwbp add
 * @w:		receives the watch to ask for; ->len is 0 when the module
 *		(or, for an execute watch, the caller) is to choose
 * @widened:	set when "-t r" was turned into rw (see hwbp_parse_type())
 * @why, @whylen: receives the sentence on error
 *
 * Besides each argument on its own: an execute watch takes exactly
 * sizeof(long) bytes; a raw address with an explicit length must be
 * aligned to it when it is 1, 2, 4 or 8, and must not run past the end of
 * the address space; a process watch (-p) takes a 0x address and neither
 * --cpu nor --percpu. The module would refuse all of these; saying so here
 * makes them usage errors that need no module.
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_add(const struct hwbp_add_args *a, struct hwbp_watch *w,
		   bool *widened, char *why, size_t whylen)
{
	__u64 arg;
	__u32 r;
	int ret;

	memset(w, 0, sizeof(*w));
	*widened = false;
	if (!a->target) {
		snprintf(why, whylen, "add needs a TARGET: a symbol, symbol+offset or 0x address");
		return -EINVAL;
	}
	ret = hwbp_parse_target_arg(a->target, w, why, whylen);
	if (!ret)
		ret = hwbp_parse_type(a->type ? a->type : "w", &w->type,
				      widened, why, whylen);
	if (!ret && a->pid)
		ret = hwbp_parse_pid(a->pid, &w->pid, why, whylen);
	if (!ret && a->cpu) {
		ret = hwbp_parse_cpu(a->cpu, "--cpu", &w->cpu, why, whylen);
		w->flags |= HWBP_WATCH_CPU;
	}
	if (!ret && a->percpu)
		ret = hwbp_parse_percpu(a->percpu, w, why, whylen);
	if (ret)
		return ret;

	if (w->pid && w->target[0])
		return refuse(HWBP_R_PROCESS_SYMBOL, 0, w, why, whylen);
	if (w->pid && (a->cpu || a->percpu))
		return refuse(HWBP_R_PROCESS_CPU, 0, w, why, whylen);

	if (a->len && w->type == HWBP_TYPE_X) {
		if (!all_digits(a->len)) {
			snprintf(why, whylen,
				 "what is '%s'? expected a length in bytes",
				 a->len);
			return -EINVAL;
		}
		if (dec_value(a->len) != sizeof(long)) {
			snprintf(why, whylen,
				 "an execute watch covers one instruction and takes length %zu on "
				 HWBP_ARCH " (sizeof(long)); drop -l or use -l %zu",
				 sizeof(long), sizeof(long));
			return -EINVAL;
		}
		w->len = sizeof(long);
	} else if (a->len) {
		ret = hwbp_parse_len(a->len, &w->len, why, whylen);
		if (ret)
			return ret;
	}

	if (w->len && !w->target[0] && w->type != HWBP_TYPE_X) {
		r = hwbp_check_access(w->addr, w->type, w->len, sizeof(long),
				      &arg);
		if (r != HWBP_R_NONE)
			return refuse(r, arg, w, why, whylen);
	}
	if (a->log)
		w->flags |= HWBP_WATCH_LOG;
	if (a->dry_run)
		w->flags |= HWBP_WATCH_DRY_RUN;
	return 0;
}
