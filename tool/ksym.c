// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel addresses to names, the way %pS prints them: "sym+0xoff/0xsize",
 * with " [module]" for a module's symbol.
 *
 * /proc/kallsyms ($HWBP_KALLSYMS when set: the tests give a fake one) is
 * read once, on the first kernel address to name, into one sorted array;
 * a command that never names an address never reads it. The size of a
 * symbol is the distance to the next one, as kallsyms itself reckons it.
 * What cannot be named prints as 0x hex: an address before the first
 * symbol or at or after the last one (whose end is unknown), any address
 * when kallsyms shows only zeros (kptr_restrict), and user addresses
 * (below HWBP_USER_TOP), which are never looked up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwbp.h"

struct ksym {
	__u64 addr;
	char *name;
	char *mod;	/* NULL for the kernel itself */
};

static struct {
	bool loaded;
	struct ksym *syms;
	size_t n;
} ks;

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Same address: keep the kernel's order stable and deterministic. */
	return strcmp(x->name, y->name);
}

/* "ffffffff81000000 T _text" or "... t foo\t[mod]" into @s; false to skip. */
static bool parse_line(char *line, struct ksym *s)
{
	unsigned long long addr;
	char *p, *end, *name, *mod = NULL;

	addr = strtoull(line, &end, 16);
	if (end == line || *end != ' ')
		return false;
	p = end + 1;
	if (!*p || p[1] != ' ')
		return false;
	name = p + 2;
	name[strcspn(name, "\n")] = '\0';
	p = strchr(name, '\t');
	if (p) {
		*p++ = '\0';
		if (*p == '[') {
			mod = p + 1;
			mod[strcspn(mod, "]")] = '\0';
		}
	}
	if (!*name || addr < HWBP_USER_TOP)
		return false;
	s->addr = addr;
	s->name = strdup(name);
	s->mod = mod ? strdup(mod) : NULL;
	if (!s->name || (mod && !s->mod)) {
		free(s->name);
		free(s->mod);
		return false;
	}
	return true;
}

/* Read kallsyms once; on any failure the table stays empty (hex only). */
static void load(void)
{
	const char *path = getenv(HWBP_KALLSYMS_ENV);
	struct ksym *grown;
	size_t room = 0, cap = 0;
	char *line = NULL;
	FILE *f;

	ks.loaded = true;
	if (!path || !*path)
		path = HWBP_KALLSYMS;
	f = fopen(path, "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (ks.n == room) {
			room = room ? room * 2 : 4096;
			grown = realloc(ks.syms, room * sizeof(*grown));
			if (!grown)
				break;
			ks.syms = grown;
		}
		if (parse_line(line, &ks.syms[ks.n]))
			ks.n++;
	}
	free(line);
	fclose(f);
	if (ks.n)
		qsort(ks.syms, ks.n, sizeof(*ks.syms), by_addr);
}

/**
 * hwbp_ksym_find() - the symbol @addr lies in
 * @addr:	a kernel address
 * @name, @mod:	receive the symbol and its module (NULL for the kernel)
 * @off:	receives @addr's offset into the symbol
 * @size:	receives the distance to the next symbol
 *
 * Return: false when @addr cannot be named (see the top of this file).
 */
bool hwbp_ksym_find(__u64 addr, const char **name, const char **mod,
		    __u64 *off, __u64 *size)
{
	size_t lo = 0, hi, mid, i;

	if (addr < HWBP_USER_TOP)
		return false;
	if (!ks.loaded)
		load();
	if (ks.n < 2 || addr < ks.syms[0].addr || addr >= ks.syms[ks.n - 1].addr)
		return false;
	/* The last symbol with syms[i].addr <= addr. */
	hi = ks.n - 1;
	while (lo + 1 < hi) {
		mid = lo + (hi - lo) / 2;
		if (ks.syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	i = lo;
	/* Aliases at one address: the first in sorted order names it. */
	while (i > 0 && ks.syms[i - 1].addr == ks.syms[i].addr)
		i--;
	for (hi = lo + 1; hi < ks.n && ks.syms[hi].addr == ks.syms[i].addr; hi++)
		;
	*name = ks.syms[i].name;
	*mod = ks.syms[i].mod;
	*off = addr - ks.syms[i].addr;
	*size = ks.syms[hi].addr - ks.syms[i].addr;
	return true;
}

/**
 * hwbp_ksym_str() - @addr as %pS prints it, or as 0x hex
 * @buf, @len:	where to write it
 * @addr:	any address
 *
 * "vfs_read+0x1c/0x1a0", "foo+0x0/0x40 [hwbp_target]", "0x7ffd1000".
 *
 * Return: @buf.
 */
const char *hwbp_ksym_str(char *buf, size_t len, __u64 addr)
{
	const char *name, *mod;
	__u64 off, size;

	if (!hwbp_ksym_find(addr, &name, &mod, &off, &size))
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	else if (mod)
		snprintf(buf, len, "%s+0x%llx/0x%llx [%s]", name,
			 (unsigned long long)off, (unsigned long long)size, mod);
	else
		snprintf(buf, len, "%s+0x%llx/0x%llx", name,
			 (unsigned long long)off, (unsigned long long)size);
	return buf;
}

/* Forget the table: the next lookup reads kallsyms again. */
void hwbp_ksym_free(void)
{
	size_t i;

	for (i = 0; i < ks.n; i++) {
		free(ks.syms[i].name);
		free(ks.syms[i].mod);
	}
	free(ks.syms);
	memset(&ks, 0, sizeof(ks));
}
