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

static int parse_recording(const struct hwbp_add_args *a,
			   struct hwbp_watch *w, char *why, size_t whylen);

/*
 * A watch armed by a call (--on) watches one kernel object whose address
 * comes with the call: a data watch of a given length, not a process or
 * per-CPU one.
 */
static int check_on(const struct hwbp_add_args *a, const struct hwbp_watch *w,
		    char *why, size_t whylen)
{
	if (!a->len) {
		snprintf(why, whylen,
			 "--on needs -l LEN: there is no symbol to take the length from");
		return -EINVAL;
	}
	if (w->type == HWBP_TYPE_X) {
		snprintf(why, whylen,
			 "--on watches the data the argument points to: use -t w or -t rw, not x");
		return -EINVAL;
	}
	if (w->pid) {
		snprintf(why, whylen,
			 "--on watches a kernel object: drop -p");
		return -EINVAL;
	}
	if (w->percpu) {
		snprintf(why, whylen,
			 "--on watches the one object the argument points to, not a per-CPU variable: drop --percpu");
		return -EINVAL;
	}
	return 0;
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
 * --cpu nor --percpu. Hits are recorded (HWBP_WATCH_RECORD) unless
 * --count-only, which takes none of --stack, --if-value, --changed and
 * --allow; a value filter needs a data watch. A watch armed by a call
 * (--on FUNC:argN[+OFF], --until FUNC:argN) takes no TARGET, needs a
 * length, and is a kernel data watch (no -t x, -p or --percpu). The module
 * would refuse all of these; saying so here makes them usage errors that
 * need no module.
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
	if (a->until && !a->on) {
		snprintf(why, whylen,
			 "--until needs --on: it disarms what --on armed");
		return -EINVAL;
	}
	if (a->on && a->target) {
		snprintf(why, whylen,
			 "with --on, give no TARGET ('%s'): the watch has no address until FUNC is called",
			 a->target);
		return -EINVAL;
	}
	if (!a->target && !a->on) {
		snprintf(why, whylen, "add needs a TARGET: a symbol, symbol+offset or 0x address");
		return -EINVAL;
	}
	if (a->on) {
		ret = hwbp_parse_on_opt(a->on, "--on", true, w->on, why, whylen);
		if (!ret && a->until)
			ret = hwbp_parse_on_opt(a->until, "--until", false,
						w->until, why, whylen);
	} else {
		ret = hwbp_parse_target_arg(a->target, w, why, whylen);
	}
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

	if (a->on) {
		ret = check_on(a, w, why, whylen);
		if (ret)
			return ret;
	}
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

	if (w->len && !w->target[0] && !w->on[0] && w->type != HWBP_TYPE_X) {
		r = hwbp_check_access(w->addr, w->type, w->len, sizeof(long),
				      &arg);
		if (r != HWBP_R_NONE)
			return refuse(r, arg, w, why, whylen);
	}
	if (a->log)
		w->flags |= HWBP_WATCH_LOG;
	if (a->dry_run)
		w->flags |= HWBP_WATCH_DRY_RUN;
	return parse_recording(a, w, why, whylen);
}

/**
 * hwbp_parse_count() - a positive count: decimal, 1 to 2^64 - 1
 * @s:		the argument
 * @opt:	the option it came with, for the sentence ("--max-hits")
 * @n:		receives the number
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_count(const char *s, const char *opt, unsigned long long *n,
		     char *why, size_t whylen)
{
	unsigned long long v;

	if (!all_digits(s) || (v = dec_value(s)) == ~0ULL || !v) {
		snprintf(why, whylen,
			 "what is '%s' after %s? expected a number, 1 or more",
			 s, opt);
		return -EINVAL;
	}
	*n = v;
	return 0;
}

/* A value for --if-value: decimal or 0x hex, 64 bits; no sign. */
static bool parse_value(const char *s, __u64 *v)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_addr(s, v);
	if (!all_digits(s) || strlen(s) > 20)
		return false;
	*v = dec_value(s);
	return *v != ~0ULL || !strcmp(s, "18446744073709551615");
}

/**
 * hwbp_parse_if_value() - "==V" or "!=V" to HWBP_FILTER_EQ/NE and the value
 * @s:		the argument of --if-value
 * @w:		receives ->filter and ->filter_value
 * @why, @whylen: receives the sentence on error
 *
 * V is decimal or 0x hex and fits in 64 bits. A negative V is refused
 * rather than guessed at: its two's complement depends on the watch's
 * length, so it is for the user to write in 0x hex.
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_if_value(const char *s, struct hwbp_watch *w,
			char *why, size_t whylen)
{
	__u32 filter;
	__u64 v;

	if (!strncmp(s, "==", 2)) {
		filter = HWBP_FILTER_EQ;
	} else if (!strncmp(s, "!=", 2)) {
		filter = HWBP_FILTER_NE;
	} else {
		snprintf(why, whylen,
			 "what is '%s' after --if-value? expected ==VALUE or !=VALUE (decimal or 0x hex)",
			 s);
		return -EINVAL;
	}
	if (s[2] == '-') {
		snprintf(why, whylen,
			 "--if-value takes no negative value ('%s'): give its two's complement in 0x hex, as wide as the watch (-1 on 4 bytes is 0xffffffff)",
			 s);
		return -EINVAL;
	}
	if (!parse_value(s + 2, &v)) {
		snprintf(why, whylen,
			 "what is '%s' in '%s'? expected a value in decimal or 0x hex that fits in 64 bits",
			 s + 2, s);
		return -EINVAL;
	}
	w->filter = filter;
	w->filter_value = v;
	return 0;
}

/**
 * hwbp_parse_allow() - "func[,func...]" for --allow
 * @s:		the argument
 * @w:		receives ->allow
 * @why, @whylen: receives the sentence on error
 *
 * At most HWBP_ALLOW_FUNCS names, each a symbol name without an offset,
 * no empty ones, HWBP_ALLOW_MAX - 1 characters in all. Whether each names
 * a function is the module's to say (HWBP_R_NO_FUNCTION).
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_allow(const char *s, struct hwbp_watch *w,
		     char *why, size_t whylen)
{
	char name[HWBP_ALLOW_MAX], sym[HWBP_ALLOW_MAX];
	const char *p = s;
	unsigned int nr = 0;
	size_t n;
	__u64 off;

	if (strlen(s) >= HWBP_ALLOW_MAX) {
		snprintf(why, whylen,
			 "the allow-list '%.32s...' is too long: at most %d characters in all",
			 s, HWBP_ALLOW_MAX - 1);
		return -EINVAL;
	}
	for (;;) {
		n = strcspn(p, ",");
		memcpy(name, p, n);
		name[n] = '\0';
		if (!n) {
			snprintf(why, whylen,
				 "the allow-list '%s' has an empty name: expected FUNC[,FUNC...] without blanks or doubled commas",
				 s);
			return -EINVAL;
		}
		if (strchr(name, '+') ||
		    hwbp_parse_target(name, sym, sizeof(sym), &off) != HWBP_R_NONE) {
			snprintf(why, whylen,
				 "what is '%s' in the allow-list? expected a function name as /proc/kallsyms lists it, without an offset",
				 name);
			return -EINVAL;
		}
		if (++nr > HWBP_ALLOW_FUNCS) {
			snprintf(why, whylen,
				 "the allow-list names more than %d functions: keep at most %d",
				 HWBP_ALLOW_FUNCS, HWBP_ALLOW_FUNCS);
			return -EINVAL;
		}
		if (!p[n])
			break;
		p += n + 1;
	}
	memset(w->allow, 0, sizeof(w->allow));
	memcpy(w->allow, s, strlen(s) + 1);
	return 0;
}

/* Options that need records, as the user wrote them, for sentences. */
static const char *recording_opt(const struct hwbp_add_args *a)
{
	if (a->stack)
		return "--stack";
	if (a->if_value)
		return "--if-value";
	if (a->changed)
		return "--changed";
	if (a->allow)
		return "--allow";
	return NULL;
}

/*
 * Recording: hits are recorded unless --count-only; --stack, the value
 * filters and the allow-list need records; a value filter needs a data
 * watch, and its value must fit in the watch's length when that is known.
 */
static int parse_recording(const struct hwbp_add_args *a,
			   struct hwbp_watch *w, char *why, size_t whylen)
{
	unsigned long long n;
	const char *opt = recording_opt(a);
	int ret;

	if (a->count_only && opt) {
		snprintf(why, whylen,
			 "%s needs hit records and --count-only keeps none: drop one of them",
			 opt);
		return -EINVAL;
	}
	if (a->if_value && a->changed) {
		snprintf(why, whylen,
			 "give one value filter: --if-value or --changed, not both");
		return -EINVAL;
	}
	if (a->max_hits && a->oneshot) {
		snprintf(why, whylen,
			 "--oneshot is --max-hits 1: give one of them");
		return -EINVAL;
	}
	if (!a->count_only)
		w->flags |= HWBP_WATCH_RECORD;
	if (a->stack)
		w->flags |= HWBP_WATCH_STACK;
	if (a->oneshot)
		w->max_hits = 1;
	if (a->max_hits) {
		ret = hwbp_parse_count(a->max_hits, "--max-hits", &n, why,
				       whylen);
		if (ret)
			return ret;
		w->max_hits = n;
	}
	if (a->if_value) {
		ret = hwbp_parse_if_value(a->if_value, w, why, whylen);
		if (ret)
			return ret;
		if (w->len && w->len < 8 && w->filter_value >> (8 * w->len)) {
			snprintf(why, whylen,
				 "the value in --if-value %s does not fit in the watch's %u byte%s: the largest is 0x%llx",
				 a->if_value, w->len, w->len == 1 ? "" : "s",
				 (1ULL << (8 * w->len)) - 1);
			return -EINVAL;
		}
	}
	if (a->changed)
		w->filter = HWBP_FILTER_CHANGED;
	if (w->filter && w->type == HWBP_TYPE_X)
		return refuse(HWBP_R_BAD_FILTER, 0, w, why, whylen);
	if (a->allow)
		return hwbp_parse_allow(a->allow, w, why, whylen);
	return 0;
}

static const char *const by_names[] = {
	[HWBP_BY_IP]	= "ip",
	[HWBP_BY_STACK]	= "stack",
	[HWBP_BY_PID]	= "pid",
	[HWBP_BY_COMM]	= "comm",
	[HWBP_BY_CPU]	= "cpu",
	[HWBP_BY_ARG]	= "arg",
	[HWBP_BY_RETVAL] = "retval",
};

/**
 * hwbp_parse_by() - a key of hwbp counts --by to HWBP_BY_*
 * @s:		the argument of --by: ip (or caller, its name for probes),
 *		stack, pid, comm, cpu, arg or retval (probes)
 * @by:		receives HWBP_BY_*
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_by(const char *s, __u32 *by, char *why, size_t whylen)
{
	__u32 i;

	if (!strcmp(s, "caller")) {
		*by = HWBP_BY_IP;
		return 0;
	}
	for (i = 1; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
		if (by_names[i] && !strcmp(s, by_names[i])) {
			*by = i;
			return 0;
		}
	}
	snprintf(why, whylen,
		 "what is '%s' after --by? expected ip, stack, pid, comm or cpu; for probes also caller, arg or retval",
		 s);
	return -EINVAL;
}

/* HWBP_BY_* as --by takes it, or "?". */
const char *hwbp_by_name(__u32 by)
{
	if (by < sizeof(by_names) / sizeof(by_names[0]) && by_names[by])
		return by_names[by];
	return "?";
}

/* "argN" with N from 1 to HWBP_PROBE_ARGS, and nothing else: N, or 0. */
static __u32 arg_number(const char *s, size_t n)
{
	if (n != 4 || strncmp(s, "arg", 3) || s[3] < '1' ||
	    s[3] > '0' + HWBP_PROBE_ARGS)
		return 0;
	return s[3] - '0';
}

/**
 * hwbp_parse_on_opt() - "FUNC:argN[+OFF]" for --on, "FUNC:argN" for --until
 * @s:		the argument
 * @opt:	"--on" or "--until", for the sentences
 * @off_ok:	whether +OFF may follow (--on only)
 * @dst:	receives @s, HWBP_ON_MAX bytes, NUL-padded
 * @why, @whylen: receives the sentence on error
 *
 * FUNC is a symbol name as kallsyms lists it; N is 1 to HWBP_PROBE_ARGS;
 * OFF is decimal or 0x hex and fits in 64 bits. The module's own rule
 * (kmod/rules.c: hwbp_parse_on()) has the last word; this one words the
 * sentences. Whether FUNC exists is the module's to say (HWBP_R_BAD_ON).
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_on_opt(const char *s, const char *opt, bool off_ok,
		      char *dst, char *why, size_t whylen)
{
	char func[HWBP_ON_MAX], sym[HWBP_ON_MAX];
	const char *colon = strchr(s, ':'), *arg, *plus;
	size_t n = strlen(s);
	__u32 argn;
	__u64 off;

	if (n >= HWBP_ON_MAX) {
		snprintf(why, whylen,
			 "'%.32s...' is too long for %s: at most %d characters",
			 s, opt, HWBP_ON_MAX - 1);
		return -EINVAL;
	}
	if (!colon || colon == s) {
		snprintf(why, whylen,
			 "what is '%s' after %s? expected FUNC:argN%s, say %s",
			 s, opt, off_ok ? "[+OFF]" : "",
			 off_ok ? "kmem_cache_free:arg2" : "kfree:arg1");
		return -EINVAL;
	}
	memcpy(func, s, colon - s);
	func[colon - s] = '\0';
	if (strchr(func, '+') ||
	    hwbp_parse_target(func, sym, sizeof(sym), &off) != HWBP_R_NONE) {
		snprintf(why, whylen,
			 "what is '%s' in '%s'? expected a function name as /proc/kallsyms lists it",
			 func, s);
		return -EINVAL;
	}
	arg = colon + 1;
	plus = strchr(arg, '+');
	if (!arg_number(arg, plus ? (size_t)(plus - arg) : strlen(arg))) {
		snprintf(why, whylen,
			 "what is '%.*s' in '%s'? expected arg1 to arg%d, the argument that points to the object (the x86-64 argument registers)",
			 (int)(plus ? plus - arg : (long)strlen(arg)), arg, s,
			 HWBP_PROBE_ARGS);
		return -EINVAL;
	}
	if (plus && !off_ok) {
		snprintf(why, whylen,
			 "%s takes no +OFF ('%s'): the watch is disarmed when FUNC is called with the address it is armed on",
			 opt, s);
		return -EINVAL;
	}
	if (plus && !parse_value(plus + 1, &off)) {
		snprintf(why, whylen,
			 "what is '%s' in '%s'? expected an offset in decimal or 0x hex that fits in 64 bits",
			 plus + 1, s);
		return -EINVAL;
	}
	if (hwbp_parse_on(s, sym, sizeof(sym), &argn, &off, off_ok) !=
	    HWBP_R_NONE) {
		snprintf(why, whylen,
			 "what is '%s' after %s? expected FUNC:argN%s", s, opt,
			 off_ok ? "[+OFF]" : "");
		return -EINVAL;
	}
	memset(dst, 0, HWBP_ON_MAX);
	memcpy(dst, s, n + 1);
	return 0;
}

static const char *const kind_names[] = {
	[HWBP_ARG_U64]	= "u64",
	[HWBP_ARG_STR]	= "str",
	[HWBP_ARG_USTR]	= "ustr",
};

/**
 * hwbp_parse_arg() - "N[:u64|:str|:ustr]" for hwbp probe --arg
 * @s:		the argument
 * @w:		receives ->arg and ->arg_kind (u64 when no kind is given)
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_arg(const char *s, struct hwbp_watch *w,
		   char *why, size_t whylen)
{
	const char *kind = strchr(s, ':');
	size_t n = kind ? (size_t)(kind - s) : strlen(s);
	__u32 i;

	if (n != 1 || s[0] < '1' || s[0] > '0' + HWBP_PROBE_ARGS) {
		snprintf(why, whylen,
			 "what is '%s' after --arg? expected N[:u64|:str|:ustr] with N from 1 to %d (the x86-64 argument registers)",
			 s, HWBP_PROBE_ARGS);
		return -EINVAL;
	}
	w->arg = s[0] - '0';
	w->arg_kind = HWBP_ARG_U64;
	if (!kind)
		return 0;
	for (i = HWBP_ARG_U64; i <= HWBP_ARG_USTR; i++) {
		if (!strcmp(kind + 1, kind_names[i])) {
			w->arg_kind = i;
			return 0;
		}
	}
	snprintf(why, whylen,
		 "what is '%s' in '%s'? expected u64 (the value), str (a string in kernel memory) or ustr (a string in user memory, say vfs_read's buf)",
		 kind + 1, s);
	return -EINVAL;
}

/**
 * hwbp_parse_probe_by() - hwbp probe --by: what the probe counts by
 * @s:		pid, comm, caller, cpu, stack, argN, or retval with --ret
 * @ret:	the probe is a retprobe
 * @w:		receives ->probe_by (and ->by_arg for argN; HWBP_WATCH_STACK
 *		for stack)
 * @why, @whylen: receives the sentence on error
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_probe_by(const char *s, bool ret, struct hwbp_watch *w,
			char *why, size_t whylen)
{
	__u32 by;

	if (!strncmp(s, "arg", 3) && s[3]) {
		by = arg_number(s, strlen(s));
		if (!by) {
			snprintf(why, whylen,
				 "what is '%s' after --by? expected arg1 to arg%d (the x86-64 argument registers)",
				 s, HWBP_PROBE_ARGS);
			return -EINVAL;
		}
		w->probe_by = HWBP_BY_ARG;
		w->by_arg = by;
		return 0;
	}
	if (!strcmp(s, "retval") && !ret) {
		snprintf(why, whylen,
			 "--by retval needs a return value: add --ret (a return probe)");
		return -EINVAL;
	}
	if (!strcmp(s, "arg") || hwbp_parse_by(s, &by, why, whylen)) {
		snprintf(why, whylen,
			 "what is '%s' after --by? expected pid, comm, caller, cpu, stack or argN (N 1 to %d)%s",
			 s, HWBP_PROBE_ARGS, ret ? ", or retval" : "");
		return -EINVAL;
	}
	w->probe_by = by;
	if (by == HWBP_BY_STACK)
		w->flags |= HWBP_WATCH_STACK;
	return 0;
}

/**
 * hwbp_parse_probe() - everything "hwbp probe" can check without the module
 * @a:		the arguments of hwbp probe
 * @w:		receives the probe to ask for
 * @why, @whylen: receives the sentence on error
 *
 * FUNC is a symbol or symbol+offset, never an address; a return probe sits
 * on the function's entry, so it takes no offset. Calls are recorded
 * (HWBP_WATCH_RECORD) unless --count-only, which takes neither --arg nor
 * --by stack (both live in records).
 *
 * Return: 0 or -EINVAL.
 */
int hwbp_parse_probe(const struct hwbp_probe_args *a, struct hwbp_watch *w,
		     char *why, size_t whylen)
{
	int ret;

	memset(w, 0, sizeof(*w));
	if (!a->func) {
		snprintf(why, whylen,
			 "probe needs a FUNC: a kernel function as /proc/kallsyms lists it");
		return -EINVAL;
	}
	if (a->func[0] == '0' && (a->func[1] == 'x' || a->func[1] == 'X')) {
		snprintf(why, whylen,
			 "a probe takes a function name, not an address ('%s'): /proc/kallsyms names the function there",
			 a->func);
		return -EINVAL;
	}
	ret = hwbp_parse_target_arg(a->func, w, why, whylen);
	if (ret) {
		snprintf(why, whylen,
			 "what is '%s'? expected a kernel function, or function+offset", a->func);
		return ret;
	}
	if (a->ret && strchr(w->target, '+')) {
		snprintf(why, whylen,
			 "a return probe sits on the function's entry: drop the offset from '%s'",
			 a->func);
		return -EINVAL;
	}
	w->type = a->ret ? HWBP_TYPE_RETPROBE : HWBP_TYPE_PROBE;
	w->probe_by = HWBP_BY_COMM;
	if (a->by) {
		ret = hwbp_parse_probe_by(a->by, a->ret, w, why, whylen);
		if (ret)
			return ret;
	}
	if (a->arg) {
		ret = hwbp_parse_arg(a->arg, w, why, whylen);
		if (ret)
			return ret;
	}
	if (a->count_only && a->arg) {
		snprintf(why, whylen,
			 "--arg is captured in each call's record and --count-only keeps none: drop one of them");
		return -EINVAL;
	}
	if (a->count_only && w->probe_by == HWBP_BY_STACK) {
		snprintf(why, whylen,
			 "--by stack needs call records and --count-only keeps none: drop one of them");
		return -EINVAL;
	}
	if (!a->count_only)
		w->flags |= HWBP_WATCH_RECORD;
	return 0;
}
