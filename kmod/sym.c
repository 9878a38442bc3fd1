// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbol resolution: "symbol[+offset]" to an address and a size.
 *
 * kallsyms_lookup_name() is not exported. Its address is found once, at
 * load, by registering a kprobe on it and reading back the address kprobes
 * resolved; after that it is called through a pointer. The size of a symbol
 * comes from the exported sprint_symbol() ("name+0xOFF/0xSIZE").
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <asm/cpufeature.h>

#include "hwbp.h"
#include "rules.h"

typedef unsigned long (*lookup_name_t)(const char *name);

/* Written once in hwbp_sym_init() before the device exists; read-only after. */
static lookup_name_t lookup_name;
static unsigned long percpu_start, percpu_end;

/**
 * hwbp_sym_init() - find kallsyms_lookup_name() and the per-CPU section
 *
 * Return: 0, or a negative errno when kprobes cannot resolve the symbol.
 */
int hwbp_sym_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	int ret;

#ifdef CONFIG_X86_KERNEL_IBT
	/*
	 * With IBT the kprobe address is past the ENDBR, and the function may
	 * be sealed: an indirect call to it would trap. Stay off it.
	 */
	if (cpu_feature_enabled(X86_FEATURE_IBT)) {
		pr_warn("IBT is on: symbol names disabled, use addresses\n");
		return 0;
	}
#endif
	ret = register_kprobe(&kp);
	if (ret) {
		pr_err("cannot locate kallsyms_lookup_name: kprobe error %d\n",
		       ret);
		return ret;
	}
	lookup_name = (lookup_name_t)kp.addr;
	unregister_kprobe(&kp);

	/*
	 * With KALLSYMS_ABSOLUTE_PERCPU per-CPU symbols hold offsets into the
	 * per-CPU area, between these two markers.
	 */
	percpu_start = lookup_name("__per_cpu_start");
	percpu_end = lookup_name("__per_cpu_end");
	return 0;
}

static bool is_percpu(unsigned long addr)
{
	return percpu_end > percpu_start &&
	       addr >= percpu_start && addr < percpu_end;
}

/* Size and offset of the symbol @addr lies in; 0, 0 when unknown. */
static void sym_size(unsigned long addr, u64 *size, u64 *off)
{
	char buf[KSYM_SYMBOL_LEN];

	*size = 0;
	*off = 0;
	sprint_symbol(buf, addr);
	if (!hwbp_parse_sprint(buf, off, size))
		*size = 0;
}

/**
 * hwbp_sym_resolve() - resolve "symbol[+offset]"
 * @target:	NUL-terminated target string
 * @addr:	receives symbol + offset
 * @size:	receives the size of the symbol @addr lies in, 0 if unknown
 * @off:	receives @addr's offset in that symbol
 * @why:	filled when the target is refused
 *
 * Return: 0, -EINVAL (malformed, per-CPU) or -ENOENT (no such symbol).
 */
int hwbp_sym_resolve(const char *target, u64 *addr, u64 *size, u64 *off,
		     struct hwbp_refusal *why)
{
	char name[HWBP_SYM_MAX];
	unsigned long base;
	u64 offset;

	why->reason = hwbp_parse_target(target, name, sizeof(name), &offset);
	if (why->reason)
		return -EINVAL;
	if (!lookup_name) {
		why->reason = HWBP_R_NO_SYMBOL;
		return -ENOENT;
	}
	base = lookup_name(name);
	if (!base) {
		why->reason = HWBP_R_NO_SYMBOL;
		return -ENOENT;
	}
	if (is_percpu(base)) {
		why->reason = HWBP_R_PERCPU;
		return -EINVAL;
	}
	if (base + offset < base) {
		why->reason = HWBP_R_ADDR_OVERFLOW;
		return -EINVAL;
	}
	*addr = base + offset;
	sym_size(*addr, size, off);
	return 0;
}
