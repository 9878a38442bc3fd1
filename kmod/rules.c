// SPDX-License-Identifier: GPL-2.0
/*
 * Validation rules for watch targets, shared with the host unit tests.
 */
#include "rules.h"

#ifndef __KERNEL__
#include <string.h>
#endif

static bool sym_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
}

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

/* Parse a decimal or 0x-prefixed hex number that fills @s exactly. */
static bool parse_u64(const char *s, u64 *out)
{
	unsigned int base = 10;
	u64 v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		d = digit_val(*s);
		if (d >= (int)base)
			return false;
		if (v > (~0ULL - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

/**
 * hwbp_parse_target() - split "symbol[+offset]" into its parts
 * @target:	NUL-terminated string, at most HWBP_TARGET_MAX bytes
 * @sym:	receives the symbol name
 * @symlen:	size of @sym
 * @offset:	receives the offset, 0 when there is none
 *
 * Symbol names are what kallsyms can hold: letters, digits, '_', '.', '$'
 * (compiler suffixes such as ".constprop.0" included), not starting with a
 * digit. The offset is decimal or 0x-prefixed hex.
 *
 * Return: HWBP_R_NONE, or HWBP_R_BAD_TARGET.
 */
u32 hwbp_parse_target(const char *target, char *sym, size_t symlen,
		      u64 *offset)
{
	size_t n = 0;

	*offset = 0;
	if (!target[0] || (target[0] >= '0' && target[0] <= '9'))
		return HWBP_R_BAD_TARGET;
	while (target[n] && target[n] != '+') {
		if (!sym_char(target[n]) || n + 1 >= symlen)
			return HWBP_R_BAD_TARGET;
		sym[n] = target[n];
		n++;
	}
	sym[n] = '\0';
	if (!n)
		return HWBP_R_BAD_TARGET;
	if (target[n] == '+' && !parse_u64(target + n + 1, offset))
		return HWBP_R_BAD_TARGET;
	return HWBP_R_NONE;
}

static bool valid_data_len(u32 len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

/**
 * hwbp_check_access() - can the debug registers watch this access?
 * @addr:	address to watch
 * @type:	HWBP_TYPE_*
 * @len:	length in bytes (already defaulted)
 * @exec_len:	the one length execute breakpoints take (sizeof(long))
 * @arg:	receives the number the refusal is about
 *
 * x86 debug registers trap writes, reads-and-writes, or execution of the
 * instruction at @addr; one register covers 1, 2, 4 or 8 bytes aligned to
 * its length. The hardware would silently ignore the low address bits of a
 * misaligned range, so a misaligned 1/2/4/8-byte watch is refused rather
 * than watched wrongly (it is almost always a mistaken address), and so are
 * 3, 5, 6 and 7 bytes. A range longer than 8 bytes is split into aligned
 * pieces by hwbp_split_range().
 *
 * Return: HWBP_R_NONE or the first constraint that fails.
 */
u32 hwbp_check_access(u64 addr, u32 type, u32 len, u32 exec_len, u64 *arg)
{
	*arg = 0;
	switch (type) {
	case HWBP_TYPE_R:
		return HWBP_R_READ_ONLY;
	case HWBP_TYPE_W:
	case HWBP_TYPE_RW:
		/* One register: 1, 2, 4 or 8. A range: split, up to the max. */
		if (len <= 8 ? !valid_data_len(len) : len > HWBP_RANGE_MAX) {
			*arg = len;
			return HWBP_R_BAD_LEN;
		}
		break;
	case HWBP_TYPE_X:
		if (len != exec_len) {
			*arg = exec_len;
			return HWBP_R_EXEC_LEN;
		}
		/* The instruction's first byte: no alignment rule. */
		return HWBP_R_NONE;
	default:
		*arg = type;
		return HWBP_R_BAD_TYPE;
	}
	if (addr + len - 1 < addr) {
		*arg = len;
		return HWBP_R_ADDR_OVERFLOW;
	}
	if (valid_data_len(len) && (addr & (len - 1))) {
		*arg = len;
		return HWBP_R_MISALIGNED;
	}
	return HWBP_R_NONE;
}

/**
 * hwbp_split_range() - cover a range with aligned debug-register pieces
 * @addr:	first byte
 * @len:	bytes, at most HWBP_RANGE_MAX
 * @pieces:	receives up to @max pieces (cpu set to -1); may be NULL
 * @max:	room in @pieces
 *
 * Greedy from the start: each piece is the widest of 8, 4, 2, 1 that @addr
 * is aligned to and that does not run past the end. This is the fewest
 * aligned pieces that cover the range exactly.
 *
 * Return: the number of pieces the range needs (may exceed @max).
 */
u32 hwbp_split_range(u64 addr, u32 len, struct hwbp_piece *pieces, u32 max)
{
	u32 n = 0, w;

	while (len) {
		for (w = 8; w > 1; w >>= 1)
			if (!(addr & (w - 1)) && w <= len)
				break;
		if (pieces && n < max) {
			pieces[n].addr = addr;
			pieces[n].len = w;
			pieces[n].cpu = -1;
		}
		n++;
		addr += w;
		len -= w;
	}
	return n;
}

/**
 * hwbp_default_len() - the length to watch when none was asked for
 * @addr:	address to watch
 * @type:	HWBP_TYPE_*
 * @exec_len:	length of an execute breakpoint
 * @sym_size:	size kallsyms gives the symbol @addr lies in, 0 when unknown
 * @sym_off:	offset of @addr in that symbol
 * @guessed:	set when the length is a guess rather than the symbol's size
 *
 * An execute watch takes @exec_len. A data watch on a whole symbol of 1, 2,
 * 4 or 8 bytes covers the symbol. Otherwise the size is unknown: kallsyms
 * only knows the distance to the next symbol, padding included (pid_max, an
 * int, shows as 16 bytes). The guess is then 4 bytes, as in the kernel's
 * data_breakpoint sample: a 4-byte watch still traps any wider access that
 * overlaps it, while an 8-byte one would trap on a neighbour. Narrower when
 * @addr is not aligned to 4 or fewer bytes are left in the symbol.
 *
 * Return: a length, never 0.
 */
u32 hwbp_default_len(u64 addr, u32 type, u32 exec_len, u64 sym_size,
		     u64 sym_off, bool *guessed)
{
	u32 len;

	*guessed = false;
	if (type == HWBP_TYPE_X)
		return exec_len;
	if (sym_off == 0 && valid_data_len(sym_size))
		return sym_size;
	*guessed = true;
	for (len = 4; len > 1; len >>= 1) {
		if (addr & (len - 1))
			continue;
		if (sym_size && sym_off < sym_size && sym_size - sym_off < len)
			continue;
		break;
	}
	return len;
}

/* Parse a 0x-prefixed hex number ending at @end or at '\0'; advance @s. */
static bool parse_hex_until(const char **s, char end, u64 *out)
{
	const char *p = *s;
	u64 v = 0;
	int d;

	if (p[0] != '0' || p[1] != 'x')
		return false;
	p += 2;
	if (*p == end || !*p)
		return false;
	for (; *p && *p != end; p++) {
		d = digit_val(*p);
		if (d >= 16 || v >> 60)
			return false;
		v = (v << 4) | d;
	}
	*out = v;
	*s = p;
	return true;
}

/**
 * hwbp_parse_sprint() - read offset and size out of sprint_symbol() text
 * @buf:	"name+0xOFF/0xSIZE" optionally followed by " [module]"
 * @off:	receives OFF
 * @size:	receives SIZE
 *
 * sprint_symbol() is the exported way to learn how big kallsyms thinks a
 * symbol is; this undoes its formatting.
 *
 * Return: true when @buf has that form.
 */
bool hwbp_parse_sprint(const char *buf, u64 *off, u64 *size)
{
	const char *p = buf;

	while (*p && *p != '+')
		p++;
	if (p == buf || *p != '+')
		return false;
	p++;
	if (!parse_hex_until(&p, '/', off) || *p != '/')
		return false;
	p++;
	if (!parse_hex_until(&p, ' ', size))
		return false;
	return *p == '\0' || *p == ' ';
}

/**
 * hwbp_parse_on() - split "func:argN[+off]" (struct hwbp_watch.on, .until)
 * @s:		NUL-terminated text
 * @name:	receives the function's name
 * @namelen:	size of @name
 * @arg:	receives N, 1..HWBP_PROBE_ARGS
 * @off:	receives off (0 without one)
 * @with_off:	whether "+off" is allowed
 *
 * Return: HWBP_R_NONE or HWBP_R_BAD_ON.
 */
u32 hwbp_parse_on(const char *s, char *name, size_t namelen, u32 *arg,
		  u64 *off, bool with_off)
{
	size_t n = 0;

	*off = 0;
	if (!s[0] || (s[0] >= '0' && s[0] <= '9'))
		return HWBP_R_BAD_ON;
	while (s[n] && s[n] != ':') {
		if (!sym_char(s[n]) || n + 1 >= namelen)
			return HWBP_R_BAD_ON;
		name[n] = s[n];
		n++;
	}
	name[n] = '\0';
	if (!n || s[n] != ':' || s[n + 1] != 'a' || s[n + 2] != 'r' ||
	    s[n + 3] != 'g' || s[n + 4] < '1' ||
	    s[n + 4] > '0' + HWBP_PROBE_ARGS)
		return HWBP_R_BAD_ON;
	*arg = s[n + 4] - '0';
	s += n + 5;
	if (!*s)
		return HWBP_R_NONE;
	if (*s != '+' || !with_off || !parse_u64(s + 1, off))
		return HWBP_R_BAD_ON;
	return HWBP_R_NONE;
}
