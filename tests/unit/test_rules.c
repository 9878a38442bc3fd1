// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/rules.c on the host: target parsing, access checks, range
 * splitting, default lengths and sprint_symbol() parsing, as exhaustively as is cheap.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "../../kmod/rules.h"

#define KADDR	0xffffffff82000000ULL	/* aligned to everything we test */

/* ---- hwbp_parse_target() ---- */

static u32 parse(const char *target, char *sym, u64 *off)
{
	return hwbp_parse_target(target, sym, HWBP_SYM_MAX, off);
}

static void parse_target__symbol__no_offset(void **state)
{
	char sym[HWBP_SYM_MAX];
	u64 off = 99;

	(void)state;
	assert_int_equal(parse("pid_max", sym, &off), HWBP_R_NONE);
	assert_string_equal(sym, "pid_max");
	assert_int_equal(off, 0);
}

static void parse_target__kallsyms_chars__accepted(void **state)
{
	static const char *const ok[] = {
		"a", "_", "jiffies_64", "do_sys_open.constprop.0", "$x",
		"__per_cpu_start", "Z9", "init_task.__fentry__",
	};
	char sym[HWBP_SYM_MAX];
	unsigned int i;
	u64 off;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(parse(ok[i], sym, &off), HWBP_R_NONE);
		assert_string_equal(sym, ok[i]);
	}
}

static void parse_target__decimal_offset__parsed(void **state)
{
	char sym[HWBP_SYM_MAX];
	u64 off;

	(void)state;
	assert_int_equal(parse("jiffies+4", sym, &off), HWBP_R_NONE);
	assert_string_equal(sym, "jiffies");
	assert_int_equal(off, 4);
	assert_int_equal(parse("jiffies+0", sym, &off), HWBP_R_NONE);
	assert_int_equal(off, 0);
	/* Leading zeros stay decimal: no octal surprise. */
	assert_int_equal(parse("jiffies+010", sym, &off), HWBP_R_NONE);
	assert_int_equal(off, 10);
}

static void parse_target__hex_offset__parsed(void **state)
{
	char sym[HWBP_SYM_MAX];
	u64 off;

	(void)state;
	assert_int_equal(parse("init_task+0x10", sym, &off), HWBP_R_NONE);
	assert_string_equal(sym, "init_task");
	assert_int_equal(off, 16);
	assert_int_equal(parse("init_task+0X1f", sym, &off), HWBP_R_NONE);
	assert_int_equal(off, 31);
	assert_int_equal(parse("init_task+0xABCdef", sym, &off), HWBP_R_NONE);
	assert_int_equal(off, 0xabcdef);
}

static void parse_target__offset_at_u64_max__accepted(void **state)
{
	char sym[HWBP_SYM_MAX];
	u64 off;

	(void)state;
	assert_int_equal(parse("a+18446744073709551615", sym, &off),
			 HWBP_R_NONE);
	assert_true(off == ~0ULL);
	assert_int_equal(parse("a+0xffffffffffffffff", sym, &off),
			 HWBP_R_NONE);
	assert_true(off == ~0ULL);
}

static void parse_target__offset_overflow__bad_target(void **state)
{
	char sym[HWBP_SYM_MAX];
	u64 off;

	(void)state;
	assert_int_equal(parse("a+18446744073709551616", sym, &off),
			 HWBP_R_BAD_TARGET);
	assert_int_equal(parse("a+99999999999999999999", sym, &off),
			 HWBP_R_BAD_TARGET);
	assert_int_equal(parse("a+0x10000000000000000", sym, &off),
			 HWBP_R_BAD_TARGET);
}

static void parse_target__bad_offsets__bad_target(void **state)
{
	static const char *const bad[] = {
		"a+", "a+0x", "a+x10", "a+-1", "a+1+2", "a+ 1", "a+1 ",
		"a+0xg", "a+12a", "a++1", "a+0x+1",
	};
	char sym[HWBP_SYM_MAX];
	unsigned int i;
	u64 off;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (parse(bad[i], sym, &off) != HWBP_R_BAD_TARGET)
			fail_msg("'%s' was accepted", bad[i]);
}

static void parse_target__bad_chars__bad_target(void **state)
{
	static const char *const bad[] = {
		"", "foo-bar", "foo bar", " foo", "foo/bar", "foo:bar",
		"foo\tbar", "f\xc3\xa9", "foo@bar", "[foo]", "foo*",
	};
	char sym[HWBP_SYM_MAX];
	unsigned int i;
	u64 off;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (parse(bad[i], sym, &off) != HWBP_R_BAD_TARGET)
			fail_msg("'%s' was accepted", bad[i]);
}

static void parse_target__leading_digit__bad_target(void **state)
{
	char target[4] = "0ab";
	char sym[HWBP_SYM_MAX];
	char c;
	u64 off;

	(void)state;
	for (c = '0'; c <= '9'; c++) {
		target[0] = c;
		assert_int_equal(parse(target, sym, &off), HWBP_R_BAD_TARGET);
	}
	assert_int_equal(parse("0xffffffff81000000", sym, &off),
			 HWBP_R_BAD_TARGET);
}

/* "+8" has an offset but no symbol: nothing to look up. */
static void parse_target__empty_symbol_with_offset__bad_target(void **state)
{
	char sym[HWBP_SYM_MAX];
	u64 off;

	(void)state;
	assert_int_equal(parse("+8", sym, &off), HWBP_R_BAD_TARGET);
	assert_int_equal(parse("+0x10", sym, &off), HWBP_R_BAD_TARGET);
}

static void parse_target__too_long__bad_target(void **state)
{
	char target[HWBP_SYM_MAX + 8], sym[16];
	size_t n;
	u64 off;

	(void)state;
	/* A name of symlen - 1 characters fits with its NUL, one more not. */
	for (n = 1; n < 24; n++) {
		memset(target, 'a', n);
		target[n] = '\0';
		assert_int_equal(hwbp_parse_target(target, sym, sizeof(sym), &off),
				 n < sizeof(sym) ? HWBP_R_NONE : HWBP_R_BAD_TARGET);
	}
	/* The offset does not count against the symbol's room. */
	memset(target, 'a', 15);
	strcpy(target + 15, "+0x1234567890");
	assert_int_equal(hwbp_parse_target(target, sym, sizeof(sym), &off),
			 HWBP_R_NONE);
	assert_true(off == 0x1234567890ULL);
	/* The module's own buffer: HWBP_SYM_MAX - 1 characters at most. */
	memset(target, 'b', HWBP_SYM_MAX);
	target[HWBP_SYM_MAX] = '\0';
	{
		char big[HWBP_SYM_MAX];

		assert_int_equal(parse(target, big, &off), HWBP_R_BAD_TARGET);
		target[HWBP_SYM_MAX - 1] = '\0';
		assert_int_equal(parse(target, big, &off), HWBP_R_NONE);
	}
}

/* ---- hwbp_check_access() ---- */

static bool data_len(u32 len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

/*
 * The rule as the ABI states it, written independently: 1, 2, 4, 8
 * aligned to their length (one register); 9..4096 any alignment, split by
 * hwbp_split_range(); 0, 3, 5, 6, 7 refused.
 */
static void check_access__data_lengths_0_to_64__all_alignments(void **state)
{
	static const u32 types[] = { HWBP_TYPE_W, HWBP_TYPE_RW };
	unsigned int t;
	u32 len, misalign, r, want;
	u64 arg, want_arg;

	(void)state;
	for (t = 0; t < ARRAY_SIZE(types); t++) {
		for (len = 0; len <= 64; len++) {
			for (misalign = 0; misalign < 16; misalign++) {
				r = hwbp_check_access(KADDR + misalign, types[t],
						      len, 8, &arg);
				if (len <= 8 && !data_len(len)) {
					want = HWBP_R_BAD_LEN;
					want_arg = len;
				} else if (data_len(len) && misalign % len) {
					want = HWBP_R_MISALIGNED;
					want_arg = len;
				} else {
					want = HWBP_R_NONE;
					want_arg = 0;
				}
				if (r != want || arg != want_arg)
					fail_msg("len %u at +%u: reason %u arg %llu, want %u arg %llu",
						 len, misalign, r,
						 (unsigned long long)arg, want,
						 (unsigned long long)want_arg);
			}
		}
	}
}

static void check_access__len_0__bad_len(void **state)
{
	u64 arg = 99;

	(void)state;
	assert_int_equal(hwbp_check_access(KADDR, HWBP_TYPE_W, 0, 8, &arg),
			 HWBP_R_BAD_LEN);
	assert_int_equal(arg, 0);
	assert_int_equal(hwbp_check_access(KADDR + 1, HWBP_TYPE_RW, 0, 8, &arg),
			 HWBP_R_BAD_LEN);
}

static void check_access__above_4096__bad_len(void **state)
{
	static const u32 bad[] = { 4097, 4104, 8192, 65536, 0x80000000U, ~0U };
	unsigned int i;
	u64 arg;

	(void)state;
	assert_int_equal(HWBP_RANGE_MAX, 4096);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_check_access(KADDR, HWBP_TYPE_W, bad[i], 8,
						   &arg), HWBP_R_BAD_LEN);
		assert_int_equal(arg, bad[i]);
	}
}

static void check_access__9_to_4096__any_alignment(void **state)
{
	u32 len, misalign;
	u64 arg;

	(void)state;
	for (len = 9; len <= HWBP_RANGE_MAX; len++)
		for (misalign = 0; misalign < 16; misalign++) {
			assert_int_equal(hwbp_check_access(KADDR + misalign,
							   HWBP_TYPE_W, len, 8,
							   &arg), HWBP_R_NONE);
			assert_int_equal(hwbp_check_access(KADDR + misalign,
							   HWBP_TYPE_RW, len, 8,
							   &arg), HWBP_R_NONE);
		}
}

static void check_access__misaligned_1_2_4_8__misaligned(void **state)
{
	static const u32 lens[] = { 2, 4, 8 };
	unsigned int i;
	u32 misalign;
	u64 arg;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		for (misalign = 1; misalign < lens[i]; misalign++) {
			assert_int_equal(hwbp_check_access(KADDR + misalign,
							   HWBP_TYPE_W, lens[i],
							   8, &arg),
					 HWBP_R_MISALIGNED);
			assert_int_equal(arg, lens[i]);
		}
	/* 1 byte is aligned everywhere. */
	assert_int_equal(hwbp_check_access(KADDR + 7, HWBP_TYPE_W, 1, 8, &arg),
			 HWBP_R_NONE);
}

static void check_access__top_of_address_space__overflow(void **state)
{
	u64 arg;
	u32 len;

	(void)state;
	/* The last byte, the last 8, the last 4096: fine. */
	assert_int_equal(hwbp_check_access(~0ULL, HWBP_TYPE_W, 1, 8, &arg),
			 HWBP_R_NONE);
	assert_int_equal(hwbp_check_access(~0ULL - 7, HWBP_TYPE_W, 8, 8, &arg),
			 HWBP_R_NONE);
	assert_int_equal(hwbp_check_access(~0ULL - 4095, HWBP_TYPE_RW, 4096, 8,
					   &arg), HWBP_R_NONE);
	/* One byte more wraps. */
	for (len = 2; len <= 64; len++) {
		if (len < 8 && !data_len(len))
			continue;	/* BAD_LEN comes first */
		assert_int_equal(hwbp_check_access(~0ULL - len + 2, HWBP_TYPE_W,
						   len, 8, &arg),
				 HWBP_R_ADDR_OVERFLOW);
		assert_int_equal(arg, len);
	}
	assert_int_equal(hwbp_check_access(~0ULL - 4094, HWBP_TYPE_RW, 4096, 8,
					   &arg), HWBP_R_ADDR_OVERFLOW);
	assert_int_equal(hwbp_check_access(~0ULL, HWBP_TYPE_W, 4096, 8, &arg),
			 HWBP_R_ADDR_OVERFLOW);
	/* Wrapping is checked before alignment. */
	assert_int_equal(hwbp_check_access(~0ULL - 3, HWBP_TYPE_W, 8, 8, &arg),
			 HWBP_R_ADDR_OVERFLOW);
}

static void check_access__type_r__read_only(void **state)
{
	u32 len;
	u64 arg;

	(void)state;
	for (len = 0; len <= 16; len++) {
		assert_int_equal(hwbp_check_access(KADDR, HWBP_TYPE_R, len, 8,
						   &arg), HWBP_R_READ_ONLY);
		assert_int_equal(hwbp_check_access(KADDR + 1, HWBP_TYPE_R, len,
						   8, &arg), HWBP_R_READ_ONLY);
	}
}

static void check_access__exec__only_exec_len(void **state)
{
	u32 len, misalign;
	u64 arg;

	(void)state;
	for (len = 0; len <= 16; len++) {
		for (misalign = 0; misalign < 16; misalign++) {
			u32 r = hwbp_check_access(KADDR + misalign, HWBP_TYPE_X,
						  len, 8, &arg);

			if (len == 8) {
				/* Instructions start anywhere. */
				assert_int_equal(r, HWBP_R_NONE);
				assert_int_equal(arg, 0);
			} else {
				assert_int_equal(r, HWBP_R_EXEC_LEN);
				assert_int_equal(arg, 8);
			}
		}
	}
	/* exec_len comes from the caller (4 on a 32-bit kernel). */
	assert_int_equal(hwbp_check_access(KADDR, HWBP_TYPE_X, 4, 4, &arg),
			 HWBP_R_NONE);
	assert_int_equal(hwbp_check_access(KADDR, HWBP_TYPE_X, 8, 4, &arg),
			 HWBP_R_EXEC_LEN);
	assert_int_equal(arg, 4);
}

static void check_access__bad_types__bad_type(void **state)
{
	static const u32 bad[] = { 0, 5, 6, 7, 8, 100, 0x80000000U, ~0U };
	unsigned int i;
	u64 arg;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_check_access(KADDR, bad[i], 4, 8, &arg),
				 HWBP_R_BAD_TYPE);
		assert_int_equal(arg, bad[i]);
	}
}

static void check_access__bad_len_and_misaligned__len_first(void **state)
{
	u64 arg;

	(void)state;
	assert_int_equal(hwbp_check_access(KADDR + 1, HWBP_TYPE_W, 0, 8, &arg),
			 HWBP_R_BAD_LEN);
	assert_int_equal(arg, 0);
	assert_int_equal(hwbp_check_access(KADDR + 1, HWBP_TYPE_W, 5000, 8, &arg),
			 HWBP_R_BAD_LEN);
	assert_int_equal(arg, 5000);
}

/* ---- hwbp_split_range() ---- */

/*
 * The fewest aligned 1/2/4/8 pieces that cover [addr, addr + len) exactly,
 * by dynamic programming over the end points: independent of the greedy
 * walk hwbp_split_range() takes.
 */
static u32 model_min_pieces(u64 addr, u32 len)
{
	u32 best[64 + 1], i, w;

	best[0] = 0;
	for (i = 1; i <= len; i++) {
		best[i] = ~0U;
		for (w = 1; w <= 8 && w <= i; w <<= 1) {
			u64 start = addr + i - w;

			if (start % w || best[i - w] == ~0U)
				continue;
			if (best[i - w] + 1 < best[i])
				best[i] = best[i - w] + 1;
		}
	}
	return best[len];
}

static void split_range__align_0_15_len_1_64__aligned_exact_minimal(void **state)
{
	struct hwbp_piece p[64];
	u64 addr, next;
	u32 len, n, k, misalign;

	(void)state;
	for (misalign = 0; misalign < 16; misalign++)
		for (len = 1; len <= 64; len++) {
			addr = KADDR + misalign;
			memset(p, 0xcc, sizeof(p));
			n = hwbp_split_range(addr, len, p, ARRAY_SIZE(p));
			assert_true(n >= 1 && n <= len);
			/* Contiguous from addr to addr + len, each aligned. */
			next = addr;
			for (k = 0; k < n; k++) {
				assert_true(p[k].addr == next);
				assert_true(data_len(p[k].len));
				assert_int_equal(p[k].addr % p[k].len, 0);
				assert_int_equal(p[k].cpu, -1);
				next += p[k].len;
			}
			assert_true(next == addr + len);
			if (n != model_min_pieces(addr, len))
				fail_msg("+%u len %u: %u pieces, fewest is %u",
					 misalign, len, n,
					 model_min_pieces(addr, len));
			/* Nothing written past what was returned. */
			if (n < ARRAY_SIZE(p))
				assert_int_equal(p[n].len, 0xccccccccU);
		}
}

static void split_range__small_buffer__counts_all_writes_max(void **state)
{
	struct hwbp_piece p[4];
	u32 n;

	(void)state;
	memset(p, 0xcc, sizeof(p));
	/* +1, 40 bytes: 1, 2, 4, then 8s, then the tail. */
	n = hwbp_split_range(KADDR + 1, 40, p, 2);
	assert_int_equal(n, model_min_pieces(KADDR + 1, 40));
	assert_true(p[0].addr == KADDR + 1 && p[0].len == 1);
	assert_true(p[1].addr == KADDR + 2 && p[1].len == 2);
	assert_int_equal(p[2].len, 0xccccccccU);
	/* No buffer: the count alone. */
	assert_int_equal(hwbp_split_range(KADDR, 40, NULL, 0), 5);
	assert_int_equal(hwbp_split_range(KADDR, 4096, NULL, 0), 512);
	assert_int_equal(hwbp_split_range(KADDR + 1, 4096, NULL, 0), 515);
	assert_int_equal(hwbp_split_range(KADDR, 0, NULL, 0), 0);
}

static void split_range__examples(void **state)
{
	struct hwbp_piece p[8];

	(void)state;
	/* An aligned 16: two 8s. */
	assert_int_equal(hwbp_split_range(KADDR, 16, p, 8), 2);
	assert_true(p[1].addr == KADDR + 8 && p[1].len == 8);
	/* 3 bytes at +1: 1 then 2. */
	assert_int_equal(hwbp_split_range(KADDR + 1, 3, p, 8), 2);
	assert_true(p[0].len == 1 && p[1].len == 2);
	/* 8 bytes at +4: 4 and 4. */
	assert_int_equal(hwbp_split_range(KADDR + 4, 8, p, 8), 2);
	assert_true(p[0].len == 4 && p[1].len == 4);
	/* The top of the address space. */
	assert_int_equal(hwbp_split_range(~0ULL - 7, 8, p, 8), 1);
	assert_true(p[0].addr == ~0ULL - 7);
}

/* ---- hwbp_default_len() ---- */

static bool last_guessed;

/* hwbp_default_len(), remembering whether the length was a guess. */
static u32 dlen(u64 addr, u32 type, u32 exec_len, u64 size, u64 off)
{
	return hwbp_default_len(addr, type, exec_len, size, off, &last_guessed);
}

/* The rule as its comment states it, written independently. */
static u32 model_default_len(u64 addr, u64 size, u64 off)
{
	static const u32 lens[] = { 4, 2 };
	unsigned int i;

	if (off == 0 && data_len(size))
		return size;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		bool aligned = !(addr % lens[i]);
		bool fits = !size || off >= size || size - off >= lens[i];

		if (aligned && fits)
			return lens[i];
	}
	return 1;
}

static void default_len__data__matches_model(void **state)
{
	u64 size, off, misalign;
	u32 got;

	(void)state;
	for (size = 0; size <= 24; size++)
		for (off = 0; off <= 24; off++)
			for (misalign = 0; misalign < 16; misalign++) {
				u64 addr = KADDR + misalign;

				got = dlen(addr, HWBP_TYPE_W, 8,
						       size, off);
				assert_int_equal(got, model_default_len(addr, size, off));
				assert_true(data_len(got));
				assert_int_equal(dlen(addr, HWBP_TYPE_RW, 8,
								  size, off), got);
			}
}

static void default_len__examples(void **state)
{
	(void)state;
	/* pid_max: an int. */
	assert_int_equal(dlen(KADDR, HWBP_TYPE_W, 8, 4, 0), 4);
	assert_false(last_guessed);
	/* jiffies: 8 bytes, known. */
	assert_int_equal(dlen(KADDR, HWBP_TYPE_W, 8, 8, 0), 8);
	assert_false(last_guessed);
	/*
	 * pid_max as kallsyms sees it: 16 bytes to the next symbol. The int
	 * is 4 bytes; 4 is the guess, and it is flagged as one.
	 */
	assert_int_equal(dlen(KADDR, HWBP_TYPE_W, 8, 16, 0), 4);
	assert_true(last_guessed);
	/* 3 bytes: 2 fit, 4 do not. */
	assert_int_equal(dlen(KADDR, HWBP_TYPE_W, 8, 3, 0), 2);
	/* The last 4 bytes of 16. */
	assert_int_equal(dlen(KADDR + 12, HWBP_TYPE_W, 8, 16, 12), 4);
	/* Unknown size: alignment alone. */
	assert_int_equal(dlen(KADDR + 2, HWBP_TYPE_W, 8, 0, 0), 2);
	assert_int_equal(dlen(KADDR + 1, HWBP_TYPE_W, 8, 0, 0), 1);
}

static void default_len__exec__exec_len(void **state)
{
	u64 size, misalign;

	(void)state;
	for (size = 0; size <= 16; size++)
		for (misalign = 0; misalign < 8; misalign++) {
			assert_int_equal(dlen(KADDR + misalign,
							  HWBP_TYPE_X, 8, size, 0), 8);
			assert_false(last_guessed);
			assert_int_equal(dlen(KADDR + misalign,
							  HWBP_TYPE_X, 4, size, 0), 4);
		}
}

/* Whatever the default, it passes hwbp_check_access() when aligned. */
static void default_len__result__passes_check_access(void **state)
{
	u64 size, off, misalign, arg;
	u32 len;

	(void)state;
	for (size = 1; size <= 24; size++)
		for (off = 1; off < size; off++)
			for (misalign = 0; misalign < 16; misalign++) {
				len = dlen(KADDR + misalign,
						       HWBP_TYPE_W, 8, size, off);
				assert_int_equal(hwbp_check_access(KADDR + misalign,
								   HWBP_TYPE_W, len,
								   8, &arg),
						 HWBP_R_NONE);
			}
}

/* ---- hwbp_parse_sprint() ---- */

static void parse_sprint__forms__parsed(void **state)
{
	u64 off, size;

	(void)state;
	assert_true(hwbp_parse_sprint("pid_max+0x0/0x4", &off, &size));
	assert_int_equal(off, 0);
	assert_int_equal(size, 4);
	assert_true(hwbp_parse_sprint("init_task+0x10/0x2640", &off, &size));
	assert_int_equal(off, 0x10);
	assert_int_equal(size, 0x2640);
	assert_true(hwbp_parse_sprint("hwbp_x+0x8/0x40 [hwbp]", &off, &size));
	assert_int_equal(off, 8);
	assert_int_equal(size, 0x40);
	assert_true(hwbp_parse_sprint("a+0xffffffffffffffff/0xABCDEF", &off,
				      &size));
	assert_true(off == ~0ULL);
	assert_int_equal(size, 0xabcdef);
}

static void parse_sprint__malformed__false(void **state)
{
	static const char *const bad[] = {
		"", "pid_max", "+0x0/0x4", "pid_max+", "pid_max+0x0",
		"pid_max+0x0/", "pid_max+0x/0x4", "pid_max+0/0x4",
		"pid_max+0x0/4", "pid_max+0x0/0x", "pid_max+0x0/0x4x",
		"pid_max+0xg/0x4", "pid_max+0x0/0x4[hwbp]",
		"a+0x10000000000000000/0x4", "0xffffffff81000000",
	};
	unsigned int i;
	u64 off, size;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (hwbp_parse_sprint(bad[i], &off, &size))
			fail_msg("'%s' was accepted", bad[i]);
}

/* ---- hwbp_parse_on() ---- */

static void parse_on__forms__split(void **state)
{
	char name[64];
	u32 arg;
	u64 off;

	(void)state;
	assert_int_equal(hwbp_parse_on("kfree:arg1", name, sizeof(name), &arg,
				       &off, false), HWBP_R_NONE);
	assert_string_equal(name, "kfree");
	assert_int_equal(arg, 1);
	assert_int_equal(off, 0);
	assert_int_equal(hwbp_parse_on("sk_alloc.isra.0:arg6+0x40", name,
				       sizeof(name), &arg, &off, true),
			 HWBP_R_NONE);
	assert_string_equal(name, "sk_alloc.isra.0");
	assert_int_equal(arg, 6);
	assert_int_equal(off, 0x40);
	assert_int_equal(hwbp_parse_on("f:arg2+16", name, sizeof(name), &arg,
				       &off, true), HWBP_R_NONE);
	assert_int_equal(off, 16);
}

static void parse_on__bad__refused(void **state)
{
	static const char *const bad[] = {
		"", "kfree", "kfree:", "kfree:arg", "kfree:arg0", "kfree:arg7",
		"kfree:arg1x", ":arg1", "1f:arg1", "k free:arg1", "kfree:ARG1",
		"kfree:arg1+", "kfree:arg1+zz", "kfree:arg12",
	};
	char name[64];
	unsigned int i;
	u32 arg;
	u64 off;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (hwbp_parse_on(bad[i], name, sizeof(name), &arg, &off,
				  true) != HWBP_R_BAD_ON)
			fail_msg("'%s' accepted", bad[i]);
	/* An offset only where it is allowed (on, not until). */
	assert_int_equal(hwbp_parse_on("kfree:arg1+8", name, sizeof(name),
				       &arg, &off, false), HWBP_R_BAD_ON);
	/* A name longer than the room. */
	assert_int_equal(hwbp_parse_on("abcdefgh:arg1", name, 8, &arg, &off,
				       true), HWBP_R_BAD_ON);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_target__symbol__no_offset),
		cmocka_unit_test(parse_target__kallsyms_chars__accepted),
		cmocka_unit_test(parse_target__decimal_offset__parsed),
		cmocka_unit_test(parse_target__hex_offset__parsed),
		cmocka_unit_test(parse_target__offset_at_u64_max__accepted),
		cmocka_unit_test(parse_target__offset_overflow__bad_target),
		cmocka_unit_test(parse_target__bad_offsets__bad_target),
		cmocka_unit_test(parse_target__bad_chars__bad_target),
		cmocka_unit_test(parse_target__leading_digit__bad_target),
		cmocka_unit_test(parse_target__empty_symbol_with_offset__bad_target),
		cmocka_unit_test(parse_target__too_long__bad_target),
		cmocka_unit_test(check_access__data_lengths_0_to_64__all_alignments),
		cmocka_unit_test(check_access__len_0__bad_len),
		cmocka_unit_test(check_access__above_4096__bad_len),
		cmocka_unit_test(check_access__9_to_4096__any_alignment),
		cmocka_unit_test(check_access__misaligned_1_2_4_8__misaligned),
		cmocka_unit_test(check_access__top_of_address_space__overflow),
		cmocka_unit_test(check_access__type_r__read_only),
		cmocka_unit_test(check_access__exec__only_exec_len),
		cmocka_unit_test(check_access__bad_types__bad_type),
		cmocka_unit_test(check_access__bad_len_and_misaligned__len_first),
		cmocka_unit_test(split_range__align_0_15_len_1_64__aligned_exact_minimal),
		cmocka_unit_test(parse_on__forms__split),
		cmocka_unit_test(parse_on__bad__refused),
		cmocka_unit_test(split_range__small_buffer__counts_all_writes_max),
		cmocka_unit_test(split_range__examples),
		cmocka_unit_test(default_len__data__matches_model),
		cmocka_unit_test(default_len__examples),
		cmocka_unit_test(default_len__exec__exec_len),
		cmocka_unit_test(default_len__result__passes_check_access),
		cmocka_unit_test(parse_sprint__forms__parsed),
		cmocka_unit_test(parse_sprint__malformed__false),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
