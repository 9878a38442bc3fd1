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
#include <linux/percpu.h>
#include <asm/cpufeature.h>

#include "hwbp.h"
#include "rules.h"

typedef unsigned long (*lookup_name_t)(const char *name);
typedef bool (*addr_test_t)(unsigned long addr);

/* Written once in hwbp_sym_init() before the device exists; read-only after. */
static lookup_name_t lookup_name;
static addr_test_t module_percpu;
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
		/* Addresses still work; only names need kallsyms. */
		pr_warn("cannot locate kallsyms_lookup_name (kprobe error %d): symbol names disabled, use addresses\n",
			ret);
		return 0;
	}
	lookup_name = (lookup_name_t)kp.addr;
	unregister_kprobe(&kp);

	/*
	 * vmlinux's per-CPU symbols lie between these two markers: offsets
	 * from 0 up to 6.14, addresses in the image after (is_percpu()).
	 */
	percpu_start = lookup_name("__per_cpu_start");
	percpu_end = lookup_name("__per_cpu_end");
	module_percpu = (addr_test_t)lookup_name("is_module_percpu_address");
	return 0;
}

/*
 * Is this symbol value a per-CPU offset rather than an address?
 *
 * vmlinux's per-CPU symbols lie between the two markers. Up to 6.14
 * x86-64 links its per-CPU section at 0 (KALLSYMS_ABSOLUTE_PERCPU: 5.10,
 * 6.1, 6.12): the markers are 0 and the section's size, and a symbol is an
 * offset. From 6.15 (7.x) the section stays where it is linked, in the
 * image: the markers are addresses, and so are the symbols. Either way
 * @val - __per_cpu_start is an offset in a CPU's per-CPU area.
 *
 * A module's per-CPU symbols hold __percpu pointers into its own per-CPU
 * area, which the percpu allocator carves out of the reserved chunk right
 * after the static area: offsets [size of the section, + PERCPU_MODULE_
 * RESERVE). On 7.x those pointers are also addresses of whatever the image
 * has past __per_cpu_end (kallsyms types them 'a'), so an offset in that
 * band is taken for one only if the first and the last CPU's instances
 * both lie in a module's per-CPU area.
 */
static bool is_percpu(unsigned long val)
{
	unsigned int first = cpumask_first(cpu_possible_mask);
	unsigned int last = cpumask_last(cpu_possible_mask);
	unsigned long off = val - percpu_start;
	unsigned long size = percpu_end - percpu_start;

	if (percpu_end <= percpu_start || val < percpu_start)
		return false;
	if (off < size)
		return true;
	if (!module_percpu || off - size >= PERCPU_MODULE_RESERVE)
		return false;
	return module_percpu((unsigned long)per_cpu_ptr((void __percpu *)val,
							first)) &&
	       module_percpu((unsigned long)per_cpu_ptr((void __percpu *)val,
							last));
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
 * @percpu:	set when the symbol is per-CPU: @addr is then an offset
 *		and its size unknown
 * @why:	filled when the target is refused
 *
 * Up to 6.14 a per-CPU symbol at offset 0 resolves to 0, which is also
 * what kallsyms_lookup_name() returns for "not found"; such a symbol
 * cannot be named (it is the first per-CPU variable, fixed_percpu_data on
 * x86). From 6.15 per-CPU symbols are addresses (is_percpu()).
 *
 * Return: 0, -EINVAL (malformed) or -ENOENT (no such symbol).
 */
int hwbp_sym_resolve(const char *target, u64 *addr, u64 *size, u64 *off,
		     bool *percpu, struct hwbp_refusal *why)
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
	if (base + offset < base) {
		why->reason = HWBP_R_ADDR_OVERFLOW;
		return -EINVAL;
	}
	*addr = base + offset;
	*percpu = is_percpu(base);
	if (*percpu) {
		/* kallsyms cannot size what lies outside the kernel image. */
		*size = 0;
		*off = offset;
	} else {
		sym_size(*addr, size, off);
	}
	return 0;
}

/**
 * hwbp_sym_lookup() - the address of a kernel symbol, 0 when unknown
 * @name: the symbol
 *
 * For the few unexported kernel functions hwbp calls through a pointer
 * (stack walks from saved registers), looked up once at load.
 */
unsigned long hwbp_sym_lookup(const char *name)
{
	return lookup_name ? lookup_name(name) : 0;
}

/**
 * hwbp_sym_range() - where a function starts and ends
 * @name:	the function
 * @start:	receives its first byte
 * @end:	receives the byte after its last (by kallsyms' size)
 *
 * Return: 0, or -ENOENT when kallsyms does not know it or its size.
 */
int hwbp_sym_range(const char *name, u64 *start, u64 *end)
{
	u64 size, off;

	*start = hwbp_sym_lookup(name);
	if (!*start || is_percpu(*start))
		return -ENOENT;
	sym_size(*start, &size, &off);
	if (!size || off)
		return -ENOENT;
	*end = *start + size;
	return 0;
}
