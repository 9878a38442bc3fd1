/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels hwbp supports, named by what they do.
 * The logic files call these and carry no version tests of their own.
 *
 * The matrix (scripts/kernel.sh): Debian 11's 5.10, 12's 6.1, 13's 6.12
 * and unstable's newest (7.x). Where a version number cannot tell, because
 * Debian's stable kernels carry backports, Kbuild looks in the headers
 * (HWBP_HAVE_* below, set there).
 *
 * Looked for and not found: none of these kernels exports a replacement
 * for the symbols hwbp finds through kallsyms at load (__module_address,
 * is_module_percpu_address, stack_trace_save_regs, stack_trace_save_user,
 * ptrace_may_access; checked in each release's Module.symvers), nor a
 * helper to retarget an installed breakpoint from atomic context (only
 * modify_user_hw_breakpoint(), which may sleep). hwbp allocates no
 * executable memory, so execmem (6.10) has nothing to replace.
 */
#ifndef HWBP_COMPAT_H
#define HWBP_COMPAT_H

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <linux/version.h>
#include <net/genetlink.h>

/*
 * Module memory. Up to 6.3 a module is two blocks, core_layout and
 * init_layout; from 6.4 it is up to seven, mod->mem[MOD_TEXT ...
 * MOD_INIT_RODATA], each allocated on its own (6.12 and 7.x take this
 * path). hwbp_mod_mem() hands out the blocks of one kind: @init selects
 * what is freed when the module goes live (init) or when it unloads (the
 * rest). Returns how many of @base / @size it filled; they have room for
 * the blocks of both kinds together.
 */
#define HWBP_MOD_MEM_MAX	7

static inline unsigned int hwbp_mod_mem(const struct module *mod, bool init,
					void **base, unsigned long *size)
{
	unsigned int n = 0;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	BUILD_BUG_ON(MOD_MEM_NUM_TYPES > HWBP_MOD_MEM_MAX);
	for_each_mod_mem_type(type) {
		if (mod_mem_type_is_init(type) != init || !mod->mem[type].size)
			continue;
		base[n] = mod->mem[type].base;
		size[n++] = mod->mem[type].size;
	}
#else
	const struct module_layout *l = init ? &mod->init_layout :
					       &mod->core_layout;

	if (l->size) {
		base[n] = l->base;
		size[n++] = l->size;
	}
#endif
	return n;
}

/*
 * The kretprobe a return instance belongs to: get_kretprobe() from 5.11
 * (the instance no longer keeps a plain pointer once kretprobes were
 * freed lock-free); ri->rp before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
#define hwbp_kretprobe_of(ri)	get_kretprobe(ri)
#else
#define hwbp_kretprobe_of(ri)	((ri)->rp)
#endif

/*
 * Where a kretprobe makes the probed function return to (not exported:
 * looked up by name). x86 kretprobes return through rethook from 5.19 on
 * (6.1, 6.12 and 7.x: arch_rethook_trampoline); 5.10 has a trampoline of
 * their own, kretprobe_trampoline. (5.15 to 5.18, outside the matrix, call
 * it __kretprobe_trampoline: the lookup finds nothing there, and a caller
 * hidden by a kretprobe shows as unknown, never as a wrong function.)
 */
#ifdef CONFIG_KRETPROBE_ON_RETHOOK
#define HWBP_KRETPROBE_TRAMPOLINE	"arch_rethook_trampoline"
#else
#define HWBP_KRETPROBE_TRAMPOLINE	"kretprobe_trampoline"
#endif

/*
 * A process watch follows the threads of one process and nothing else.
 * From 5.13 perf does that itself: inherit_thread (threads, not forked
 * children) and remove_on_exec (the watched image goes with an exec).
 * 5.10 has neither: its breakpoints are inherited by forked children too
 * (vfork ones included) and survive an exec, so there the hit handler
 * drops hits from any other thread group or address space
 * (hwbp_proc_foreign(), kmod/proc.c). The breakpoints in such children and
 * images still take a slot there until they exit or the watch goes.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 13, 0)
#define HWBP_HAVE_PERF_THREAD_INHERIT	1
static inline void hwbp_attr_threads_only(struct perf_event_attr *attr)
{
	attr->inherit = 1;
	attr->inherit_thread = 1;
	attr->remove_on_exec = 1;
}
#else
#define HWBP_HAVE_PERF_THREAD_INHERIT	0
static inline void hwbp_attr_threads_only(struct perf_event_attr *attr)
{
	attr->inherit = 1;
}
#endif

/*
 * Netlink multicast groups that carry kernel addresses are joinable by
 * CAP_SYS_ADMIN only. Mainline 6.7 added GENL_MCAST_CAP_SYS_ADMIN for a
 * group's .flags, and it was backported to the stable series (Debian's
 * 6.1 has it); Debian's 5.10 (5.10.0-46 and later) got the same check as
 * a bit, .cap_sys_admin (Kbuild finds it: HWBP_HAVE_GENL_CAP_BIT). A
 * kernel with neither could only make the groups open to all: hwbp does
 * not build there.
 */
#if defined(GENL_MCAST_CAP_SYS_ADMIN)
#define HWBP_GENL_ROOT_ONLY	.flags = GENL_MCAST_CAP_SYS_ADMIN
#elif defined(HWBP_HAVE_GENL_CAP_BIT)
#define HWBP_GENL_ROOT_ONLY	.cap_sys_admin = 1
#else
/* Neither: the kernel cannot make the groups root-only. */
#error "no GENL_MCAST_CAP_SYS_ADMIN nor .cap_sys_admin: update the kernel"
#endif

#endif /* HWBP_COMPAT_H */
