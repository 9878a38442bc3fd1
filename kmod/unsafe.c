// SPDX-License-Identifier: GPL-2.0
/*
 * Places no breakpoint may go, and watches whose memory goes away.
 *
 * The x86 breakpoint layer refuses the CPU entry area and the per-CPU state
 * the exception entry touches (within_cpu_entry(): a #DB there would fire
 * before the entry code can cope), but only with EINVAL. hwbp checks the
 * same places first, so that the refusal can say where and why. On top of
 * that it refuses what the layer lets through:
 *
 * - execute watches on entry and noinstr code, which runs where a #DB is
 *   not expected (before the kernel stack or GS is set up, or with RCU not
 *   watching) and which kprobes refuse for the same reason;
 * - memory of a module on its way out.
 *
 * A module's memory outlives no watch: a module notifier disarms, on
 * MODULE_STATE_GOING, every watch on that module's memory (its text, data
 * or per-CPU area), every probe on its functions and every call-armed
 * watch following calls of them, and shows them as HWBP_STATE_GONE with
 * their hits kept. A call-armed watch whose current object alone lies in
 * the module drops that object and waits for the next call. The notifier runs after the
 * module's exit function and before its memory is freed; it takes
 * hwbp_watches_lock, so it is ordered against an ADD that saw the module
 * still live.
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <asm/cpu_entry_area.h>
#include <asm/desc.h>
#include <asm/processor.h>

#include "compat.h"
#include "hwbp.h"

/*
 * Per-CPU objects the entry code uses, as within_cpu_entry() lists them,
 * but for cpu_tlbstate: struct tlb_state is hidden from modules, so its
 * size is unknown here. The breakpoint layer still refuses it (EINVAL).
 */
static const struct {
	const char *name;
	size_t size;
} entry_percpu[] = {
	{ "gdt_page",		GDT_SIZE },
	{ "cpu_tss_rw",		sizeof(struct tss_struct) },
	{ "cpu_dr7",		sizeof(unsigned long) },
};

/*
 * Resolved once by hwbp_unsafe_init(); read-only afterwards. A name
 * kallsyms does not know leaves 0: the breakpoint layer still refuses it.
 */
static unsigned long entry_percpu_addr[ARRAY_SIZE(entry_percpu)];
static unsigned long entry_text[2], noinstr_text[2];
typedef struct module *(*module_address_t)(unsigned long addr);
static module_address_t module_address;

/**
 * hwbp_unsafe_init() - find the symbols the checks need
 *
 * Context: after hwbp_sym_init().
 */
void hwbp_unsafe_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(entry_percpu); i++)
		entry_percpu_addr[i] = hwbp_sym_lookup(entry_percpu[i].name);
	entry_text[0] = hwbp_sym_lookup("__entry_text_start");
	entry_text[1] = hwbp_sym_lookup("__entry_text_end");
	noinstr_text[0] = hwbp_sym_lookup("__noinstr_text_start");
	noinstr_text[1] = hwbp_sym_lookup("__noinstr_text_end");
	module_address = (module_address_t)hwbp_sym_lookup("__module_address");
}

/* [addr, addr + len) and [start, start + size) overlap. */
static bool overlaps(u64 addr, u64 len, u64 start, u64 size)
{
	return addr < start + size && start < addr + len;
}

static bool in_text(u64 addr, const unsigned long *range)
{
	return range[0] && range[1] > range[0] &&
	       addr >= range[0] && addr < range[1];
}

static bool in_entry_area(u64 addr, u32 len)
{
	unsigned int i, cpu;

	if (overlaps(addr, len, CPU_ENTRY_AREA_BASE, CPU_ENTRY_AREA_MAP_SIZE))
		return true;
	/* paranoid_entry() reads the per-CPU offsets to find GSBASE. */
	if (overlaps(addr, len, (unsigned long)__per_cpu_offset,
		     sizeof(__per_cpu_offset[0]) * nr_cpu_ids))
		return true;
	for (i = 0; i < ARRAY_SIZE(entry_percpu); i++) {
		if (!entry_percpu_addr[i])
			continue;
		for_each_possible_cpu(cpu) {
			void __percpu *p = (void __percpu *)entry_percpu_addr[i];

			if (overlaps(addr, len, (unsigned long)per_cpu_ptr(p, cpu),
				     entry_percpu[i].size))
				return true;
		}
	}
	return false;
}

/**
 * hwbp_unsafe() - may a kernel breakpoint go on this piece?
 * @addr:	kernel address of the piece
 * @len:	its length
 * @type:	HWBP_TYPE_*
 *
 * Return: 0, or the HWBP_UNSAFE_* reason it may not.
 */
u32 hwbp_unsafe(u64 addr, u32 len, u32 type)
{
	if (in_entry_area(addr, len))
		return HWBP_UNSAFE_ENTRY_AREA;
	if (type == HWBP_TYPE_X &&
	    (in_text(addr, entry_text) || in_text(addr, noinstr_text)))
		return HWBP_UNSAFE_ENTRY_TEXT;
	return 0;
}

/*
 * Memory of modules unloaded, and __init memory freed, since hwbp was
 * loaded: an ADD that resolved an address before its module went must
 * not arm on it. An entry goes when a module comes whose memory overlaps
 * it (the memory is that module's then), or, when the table is full, in
 * turn. Memory module_alloc() (execmem_alloc() from 6.10) hands to a BPF
 * JIT image or a kprobe slot comes with no notification: until its entry
 * goes, a watch there is refused as a module's. A module leaves up to
 * HWBP_MOD_MEM_MAX blocks and its per-CPU area (compat.h): room for the
 * last eight modules' worth.
 * Protected by hwbp_watches_lock.
 */
#define GONE_MAX (8 * (HWBP_MOD_MEM_MAX + 1))
static struct {
	unsigned long start;
	unsigned long size;	/* 0: a free entry */
	bool percpu;		/* a __percpu range, compared with offsets */
} gone[GONE_MAX];
static unsigned int gone_next;

static void gone_add(unsigned long start, unsigned long size, bool percpu)
{
	unsigned int i;

	if (!start || !size)
		return;
	/* A free entry, else the next in turn. */
	for (i = 0; i < GONE_MAX && gone[i].size; i++)
		;
	if (i == GONE_MAX)
		i = gone_next++ % GONE_MAX;
	gone[i].start = start;
	gone[i].size = size;
	gone[i].percpu = percpu;
}

static void gone_forget(unsigned long start, unsigned long size, bool percpu)
{
	unsigned int i;

	for (i = 0; i < GONE_MAX; i++)
		if (gone[i].size && gone[i].percpu == percpu &&
		    overlaps(start, size, gone[i].start,
			     gone[i].size))
			gone[i].size = 0;
}

/*
 * __module_address() walks the module tree, which up to 6.14 is read
 * under RCU-sched (preempt_disable(), as lockdep checks there: 5.10, 6.1,
 * 6.12) and from 6.15 under plain RCU (rcu_read_lock(): 7.x). Both are
 * held, which satisfies either kernel; since the RCU flavours were
 * consolidated (5.0) either one alone keeps the module from being freed
 * meanwhile.
 */
static bool module_going(u64 addr)
{
	struct module *mod;
	bool going;

	if (!module_address)
		return false;
	rcu_read_lock();
	preempt_disable();
	mod = module_address(addr);
	going = mod && mod->state == MODULE_STATE_GOING;
	preempt_enable();
	rcu_read_unlock();
	return going;
}

/**
 * hwbp_module_gone() - is the memory a module's that went or is going?
 * @addr:	kernel address, or a __percpu pointer if @percpu
 * @len:	its length
 * @percpu:	@addr is a per-CPU variable's (every CPU's instance)
 *
 * Context: hwbp_watches_lock held, and the answer acted on before it is
 * dropped: the module notifier takes the lock too, so a module seen live
 * here has its watches ended by the notifier later, and one it saw go is
 * in the table of gone memory.
 */
bool hwbp_module_gone(u64 addr, u32 len, bool percpu)
{
	unsigned int i;

	hwbp_watch_assert_locked();
	for (i = 0; i < GONE_MAX; i++)
		if (gone[i].size && gone[i].percpu == percpu &&
		    overlaps(addr, len, gone[i].start, gone[i].size))
			return true;
	return !percpu && (module_going(addr) || module_going(addr + len - 1));
}

/* @addr in @mod's memory: all of it, or only what __init freed. */
static bool in_mod(u64 addr, const struct module *mod, bool init)
{
	return init ? within_module_init(addr, mod) : within_module(addr, mod);
}

/* A piece on one CPU's instance of @mod's per-CPU area (a raw address). */
static bool in_mod_percpu(const struct hwbp_piece *p, const struct module *mod)
{
#ifdef CONFIG_SMP
	unsigned int cpu;

	if (!mod->percpu_size)
		return false;
	for_each_possible_cpu(cpu)
		if (overlaps(p->addr, p->len,
			     (unsigned long)per_cpu_ptr(mod->percpu, cpu),
			     mod->percpu_size))
			return true;
#endif
	return false;
}

/* Is any memory the watch covers, or a function it follows, going? */
static bool watch_in_module(const struct hwbp_wp *wp, struct module *mod,
			    bool init)
{
	unsigned int i;
	u64 end;

	if (wp->probe)
		return in_mod(wp->addr, mod, init);
	if (hwbp_on_in_module(wp, mod, init))
		return true;
	/*
	 * Nothing armed (an --on watch between objects keeps its last
	 * object's pieces): nothing to end.
	 */
	if (wp->proc || !wp->pieces || !wp->events)
		return false;
#ifdef CONFIG_SMP
	if (wp->percpu != HWBP_PERCPU_NONE)
		return !init && overlaps(wp->addr, wp->len,
					 (unsigned long)mod->percpu,
					 mod->percpu_size);
#endif
	for (i = 0; i < wp->nr_pieces; i++) {
		end = wp->pieces[i].addr + wp->pieces[i].len - 1;
		if (in_mod(wp->pieces[i].addr, mod, init) ||
		    in_mod(end, mod, init) ||
		    (!init && in_mod_percpu(&wp->pieces[i], mod)))
			return true;
	}
	return false;
}

/* End (or, for an object of an --on watch, drop) what @mod's memory held. */
static void end_watches(struct module *mod, bool init)
{
	struct hwbp_wp *wp;
	int id;

	for (id = 0; (wp = hwbp_watch_next(&id)); id++) {
		if (wp->state != HWBP_STATE_ARMED ||
		    !watch_in_module(wp, mod, init))
			continue;
		/* Only the object is in the module: follow the next one. */
		if (wp->on && !hwbp_on_in_module(wp, mod, init)) {
			pr_info("watch %u: object at 0x%llx was in module %s: waiting for the next call\n",
				wp->id, wp->addr, mod->name);
			hwbp_on_drop_object(wp);
			continue;
		}
		/*
		 * kprobes already made a probe on the module's code inert;
		 * it is unregistered when the watch is deleted.
		 */
		if (!wp->probe)
			hwbp_cpu_disarm(wp);
		wp->state = HWBP_STATE_GONE;
		pr_info("watch %u: module %s %s; %llu hits\n", wp->id,
			mod->name, init ? "freed its __init memory" : "unloaded",
			hwbp_hits_total(wp));
		hwbp_nl_event(HWBP_EV_GONE, wp);
	}
}

/* Remember as gone @mod's init memory, or the rest of it. */
static void gone_mod_add(const struct module *mod, bool init)
{
	void *base[HWBP_MOD_MEM_MAX];
	unsigned long size[HWBP_MOD_MEM_MAX];
	unsigned int i, n;

	n = hwbp_mod_mem(mod, init, base, size);
	for (i = 0; i < n; i++)
		gone_add((unsigned long)base[i], size[i], false);
}

/* @mod's memory is its own now: forget what was gone there. */
static void gone_mod_forget(const struct module *mod)
{
	void *base[HWBP_MOD_MEM_MAX];
	unsigned long size[HWBP_MOD_MEM_MAX];
	unsigned int i, n;

	n = hwbp_mod_mem(mod, false, base, size);
	n += hwbp_mod_mem(mod, true, base + n, size + n);
	for (i = 0; i < n; i++)
		gone_forget((unsigned long)base[i], size[i], false);
}

/*
 * COMING: the module's memory is its own now, whatever went there before.
 * LIVE: its __init memory is about to be freed. GOING: all of it is.
 */
static int module_cb(struct notifier_block *nb, unsigned long action,
		     void *data)
{
	struct module *mod = data;

	hwbp_watch_lock();
	switch (action) {
	case MODULE_STATE_COMING:
		gone_mod_forget(mod);
#ifdef CONFIG_SMP
		gone_forget((unsigned long)mod->percpu, mod->percpu_size, true);
#endif
		break;
	case MODULE_STATE_LIVE:
		end_watches(mod, true);
		gone_mod_add(mod, true);
		break;
	case MODULE_STATE_GOING:
		end_watches(mod, false);
		gone_mod_add(mod, false);
		gone_mod_add(mod, true);
#ifdef CONFIG_SMP
		gone_add((unsigned long)mod->percpu, mod->percpu_size, true);
#endif
		break;
	}
	hwbp_watch_unlock();
	return NOTIFY_OK;
}

static struct notifier_block module_nb = {
	.notifier_call = module_cb,
};

int hwbp_unsafe_notifier_init(void)
{
	return register_module_notifier(&module_nb);
}

/* Waits for a callback in flight: call before the watches are freed. */
void hwbp_unsafe_notifier_exit(void)
{
	unregister_module_notifier(&module_nb);
}
