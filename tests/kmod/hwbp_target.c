// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp_target: test-only module that makes memory get touched on demand.
 *
 * The in-guest tests watch the globals below with hwbp and then make this
 * module read or write them a known number of times, from a known CPU,
 * through write-only trigger files in /sys/kernel/debug/hwbp_target/:
 *
 *	write_var	"N"		N writes to hwbp_target_var, by
 *					hwbp_target_writer_a()
 *	write_var_b	"N"		the same by hwbp_target_writer_b()
 *	set_var		"V"		one write of V, by writer_a
 *	bench_write	"N"		N timed writes to hwbp_target_bench
 *					(ns in values: bench_ns)
 *	bare		"1" | "0"	arm / disarm a breakpoint on
 *					hwbp_target_bench with an empty
 *					handler: make bench's baseline
 *	bench_call	"N"		N timed calls of hwbp_target_bench_fn
 *	bare_kprobe	"1" | "0"	register / unregister a kprobe with an
 *					empty handler on it: the probes' baseline
 *	read_var	"N"		N reads of hwbp_target_var
 *	write_field	"FIELD N"	N writes to hwbp_target_obj.FIELD (a..g)
 *	write_pcpu	"CPU N"		on CPU, N writes to its own hwbp_target_pcpu
 *	write_remote	"FROM TO N"	on CPU FROM, N writes to CPU TO's instance
 *	write_pcpu16	"CPU IDX N"	on CPU, N writes to its own
 *					hwbp_target_pcpu16.v[IDX] (IDX 0 or 1)
 *	obj_cycle	"N MS"		kmalloc an object, hwbp_target_take(obj),
 *					MS ms, N writes to obj->a,
 *					hwbp_target_drop(obj), MS ms, kfree
 *
 * Numbers are decimal or 0x-hex, words are separated by blanks, and a
 * trailing newline is fine (echo). A bad line fails the write with EINVAL,
 * an offline CPU with ENODEV; a good one returns only when every access is
 * done. Every write stores a value never stored before (a module-wide
 * sequence number, truncated to the field's width), so a watch that looks at
 * values sees each write change the value.
 *
 * The read-only file "addrs" prints name=address lines: var, obj, obj.FIELD,
 * pcpu and pcpu16 (the per-CPU offsets, as kallsyms has them), pcpu[CPU] and
 * pcpu16[CPU] (each possible CPU's instance), take and drop. The read-only
 * file "values" prints name=value lines: seq (writes made so far, which is
 * also the last value stored), what the watched memory holds (var, obj.FIELD,
 * pcpu[CPU], pcpu16[CPU][IDX]), and takes and drops (calls of
 * hwbp_target_take and hwbp_target_drop).
 */

#define pr_fmt(fmt) "hwbp_target: " fmt

#include <linux/build_bug.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/hw_breakpoint.h>
#include <linux/kprobes.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "hwbp_target.h"

/* Most accesses one trigger makes, so that a typo cannot hang a test. */
#define HT_MAX_N	10000000U
/* Longest accepted trigger line, including the newline. */
#define HT_LINE_MAX	64
/* Most words on a trigger line. */
#define HT_MAX_WORDS	3

/*
 * The watched memory. Not static, and with names of their own, so that
 * kallsyms lists them; nothing else in the module touches them.
 */
struct hwbp_target_struct {
	u64 a;		/* offset 0 */
	u32 b;		/* offset 8 */
	u16 c;		/* offset 12 */
	u8 d;		/* offset 14 */
	u8 e;		/* offset 15 */
	u64 f;		/* offset 16 */
	u64 g;		/* offset 24 */
};

static_assert(offsetof(struct hwbp_target_struct, b) == 8);
static_assert(offsetof(struct hwbp_target_struct, c) == 12);
static_assert(offsetof(struct hwbp_target_struct, d) == 14);
static_assert(offsetof(struct hwbp_target_struct, e) == 15);
static_assert(offsetof(struct hwbp_target_struct, f) == 16);
static_assert(offsetof(struct hwbp_target_struct, g) == 24);
static_assert(sizeof(struct hwbp_target_struct) == 32);

struct hwbp_target_pair {
	u64 v[2];
} __aligned(16);

static_assert(sizeof(struct hwbp_target_pair) == 16);

/*
 * __visible: these are meant to be found from outside (kallsyms), and no
 * code but this file's uses them, so there is no header to declare them in.
 */
__visible u64 hwbp_target_var;
/* Written only by bench_write: what make bench watches. */
__visible u64 hwbp_target_bench;
__visible struct hwbp_target_struct __aligned(64) hwbp_target_obj;
/* DEFINE_PER_CPU takes no __visible: declare them, for sparse. */
DECLARE_PER_CPU(u64, hwbp_target_pcpu);
DECLARE_PER_CPU(struct hwbp_target_pair, hwbp_target_pcpu16);
DEFINE_PER_CPU(u64, hwbp_target_pcpu);
DEFINE_PER_CPU(struct hwbp_target_pair, hwbp_target_pcpu16);

/* Bookkeeping, kept away from the watched memory. */
static atomic64_t hwbp_target_seq = ATOMIC64_INIT(0);
static u64 hwbp_target_sink;
static atomic_t hwbp_target_takes = ATOMIC_INIT(0);
static atomic_t hwbp_target_drops = ATOMIC_INIT(0);
static atomic_t hwbp_target_writes_a = ATOMIC_INIT(0);
static atomic_t hwbp_target_writes_b = ATOMIC_INIT(0);
static struct dentry *hwbp_target_dir;
/* Duration of the last bench_write, in ns. */
static u64 ht_bench_ns;
/*
 * The baseline of make bench: a breakpoint on hwbp_target_bench whose
 * handler does nothing, so its cost is perf's and the CPU's alone. Armed
 * and disarmed by triggers, which debugfs serialises per file only:
 * ht_bare_lock guards it.
 */
static struct perf_event * __percpu *ht_bare;
static DEFINE_MUTEX(ht_bare_lock);

/* ht_next: a value no write of this module has stored before. */
static u64 ht_next(void)
{
	return (u64)atomic64_inc_return(&hwbp_target_seq);
}

/*
 * hwbp_target_take, hwbp_target_drop: the start and the end of an object's
 * life as obj_cycle sees it, for probes that arm a watch on @obj when it is
 * taken and disarm it when it is dropped. Out of line and never cloned, so
 * that a probe on the symbol sees every call with @obj in the first argument
 * register; they count calls but do not touch @obj itself.
 */
__visible noinline __noclone void hwbp_target_take(void *obj)
{
	/* Make @obj live in the function, as if it were used. */
	asm volatile("" : : "r" (obj) : "memory");
	atomic_inc(&hwbp_target_takes);
}

__visible noinline __noclone void hwbp_target_drop(void *obj)
{
	asm volatile("" : : "r" (obj) : "memory");
	atomic_inc(&hwbp_target_drops);
}

/*
 * hwbp_target_writer_a, hwbp_target_writer_b: two known writers of
 * hwbp_target_var, for tests that tell hits apart by instruction pointer,
 * stack or allow-list. Each counts its calls in a counter of its own: with
 * identical bodies GCC's identical code folding (-fipa-icf, on at -O2)
 * would make them one function.
 */
__visible noinline __noclone void hwbp_target_writer_a(u64 v)
{
	WRITE_ONCE(hwbp_target_var, v);
	atomic_inc(&hwbp_target_writes_a);
}

__visible noinline __noclone void hwbp_target_writer_b(u64 v)
{
	WRITE_ONCE(hwbp_target_var, v);
	atomic_inc(&hwbp_target_writes_b);
}

/* ht_pause: every so often, let others run during a long trigger. */
static void ht_pause(unsigned int i)
{
	if ((i & 4095) == 4095)
		cond_resched();
}

/* ht_parse_n: a count, 0..HT_MAX_N. */
static int ht_parse_n(const char *word, unsigned int *n)
{
	int ret = kstrtouint(word, 0, n);

	if (ret)
		return -EINVAL;
	return *n <= HT_MAX_N ? 0 : -EINVAL;
}

/* ht_parse_cpu: a CPU number below nr_cpu_ids that is possible. */
static int ht_parse_cpu(const char *word, unsigned int *cpu)
{
	if (kstrtouint(word, 0, cpu))
		return -EINVAL;
	if (*cpu >= nr_cpu_ids || !cpu_possible(*cpu))
		return -EINVAL;
	return 0;
}

/* --- the triggers ------------------------------------------------------- */

/* ht_write_n: N writes of hwbp_target_var through @writer. */
static int ht_write_n(const char *word, void (*writer)(u64 v))
{
	unsigned int n, i;
	int ret;

	ret = ht_parse_n(word, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		writer(ht_next());
		ht_pause(i);
	}
	return 0;
}

static int ht_write_var(char **argv)
{
	return ht_write_n(argv[0], hwbp_target_writer_a);
}

static int ht_write_var_b(char **argv)
{
	return ht_write_n(argv[0], hwbp_target_writer_b);
}

/* ht_set_var: one write of a chosen value, for value filters. */
static int ht_set_var(char **argv)
{
	u64 v;

	if (kstrtou64(argv[0], 0, &v))
		return -EINVAL;
	hwbp_target_writer_a(v);
	return 0;
}

/* The function make bench probes: called N times by bench_call. */
__visible noinline __noclone void hwbp_target_bench_fn(u64 v)
{
	WRITE_ONCE(hwbp_target_sink, v);
}

/* ht_bench_call: N timed calls of hwbp_target_bench_fn(). */
static int ht_bench_call(char **argv)
{
	unsigned int n, i;
	u64 t0;
	int ret;

	ret = ht_parse_n(argv[0], &n);
	if (ret)
		return ret;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		hwbp_target_bench_fn(i);
	WRITE_ONCE(ht_bench_ns, ktime_get_ns() - t0);
	return 0;
}

static int ht_bare_kp_pre(struct kprobe *kp, struct pt_regs *regs)
{
	return 0;
}

/* The baseline for probes: a kprobe with an empty handler (ht_bare_lock). */
static struct kprobe ht_bare_kp;
static bool ht_bare_kp_on;

/* ht_bare_kprobe: "1" registers the empty kprobe, "0" unregisters it. */
static int ht_bare_kprobe(char **argv)
{
	unsigned int on;
	int ret = 0;

	if (kstrtouint(argv[0], 0, &on) || on > 1)
		return -EINVAL;
	mutex_lock(&ht_bare_lock);
	if (on && !ht_bare_kp_on) {
		/* A kprobe cannot be registered twice from the same struct. */
		memset(&ht_bare_kp, 0, sizeof(ht_bare_kp));
		ht_bare_kp.symbol_name = "hwbp_target_bench_fn";
		ht_bare_kp.pre_handler = ht_bare_kp_pre;
		ret = register_kprobe(&ht_bare_kp);
		ht_bare_kp_on = !ret;
	} else if (!on && ht_bare_kp_on) {
		unregister_kprobe(&ht_bare_kp);
		ht_bare_kp_on = false;
	}
	mutex_unlock(&ht_bare_lock);
	return ret;
}

/* ht_bench_write: N timed writes to hwbp_target_bench. */
static int ht_bench_write(char **argv)
{
	unsigned int n, i;
	u64 t0;
	int ret;

	ret = ht_parse_n(argv[0], &n);
	if (ret)
		return ret;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		WRITE_ONCE(hwbp_target_bench, i);
	WRITE_ONCE(ht_bench_ns, ktime_get_ns() - t0);
	return 0;
}

static void ht_bare_handler(struct perf_event *bp,
			    struct perf_sample_data *data,
			    struct pt_regs *regs)
{
}

/* ht_bare: "1" arms the bare breakpoint, "0" disarms it. */
static int ht_bare_trigger(char **argv)
{
	struct perf_event_attr attr;
	unsigned int on;
	int ret = 0;

	if (kstrtouint(argv[0], 0, &on) || on > 1)
		return -EINVAL;
	mutex_lock(&ht_bare_lock);
	if (on && !ht_bare) {
		hw_breakpoint_init(&attr);
		attr.bp_addr = (unsigned long)&hwbp_target_bench;
		attr.bp_len = HW_BREAKPOINT_LEN_8;
		attr.bp_type = HW_BREAKPOINT_W;
		ht_bare = register_wide_hw_breakpoint(&attr, ht_bare_handler,
						      NULL);
		/* An error comes back in the __percpu pointer (IS_ERR_PCPU). */
		if (IS_ERR((const void *)(__force unsigned long)ht_bare)) {
			ret = PTR_ERR((const void *)(__force unsigned long)ht_bare);
			ht_bare = NULL;
		}
	} else if (!on && ht_bare) {
		unregister_wide_hw_breakpoint(ht_bare);
		ht_bare = NULL;
	}
	mutex_unlock(&ht_bare_lock);
	return ret;
}

static int ht_read_var(char **argv)
{
	unsigned int n, i;
	u64 sum = 0;
	int ret;

	ret = ht_parse_n(argv[0], &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		sum += READ_ONCE(hwbp_target_var);
		ht_pause(i);
	}
	WRITE_ONCE(hwbp_target_sink, sum);
	return 0;
}

static int ht_write_field(char **argv)
{
	struct hwbp_target_struct *o = &hwbp_target_obj;
	unsigned int n, i;
	u64 v;
	int ret;

	if (strlen(argv[0]) != 1 || argv[0][0] < 'a' || argv[0][0] > 'g')
		return -EINVAL;
	ret = ht_parse_n(argv[1], &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		v = ht_next();
		switch (argv[0][0]) {
		case 'a':
			WRITE_ONCE(o->a, v);
			break;
		case 'b':
			WRITE_ONCE(o->b, (u32)v);
			break;
		case 'c':
			WRITE_ONCE(o->c, (u16)v);
			break;
		case 'd':
			WRITE_ONCE(o->d, (u8)v);
			break;
		case 'e':
			WRITE_ONCE(o->e, (u8)v);
			break;
		case 'f':
			WRITE_ONCE(o->f, v);
			break;
		default:
			WRITE_ONCE(o->g, v);
			break;
		}
		ht_pause(i);
	}
	return 0;
}

/* What a worker on another CPU is to do. */
struct ht_work {
	unsigned int cpu;	/* the CPU the work must run on */
	unsigned int to;	/* write_remote: whose instance */
	unsigned int idx;	/* write_pcpu16: which element */
	unsigned int n;
};

/* ht_check_cpu: the worker runs on the CPU it was meant for. */
static int ht_check_cpu(const struct ht_work *w)
{
	if (raw_smp_processor_id() == w->cpu)
		return 0;
	pr_warn("work for CPU %u ran on CPU %u\n", w->cpu,
		raw_smp_processor_id());
	return -EIO;
}

/*
 * The workers run in a kthread bound to w->cpu (ht_on_cpu() holds the CPU
 * online meanwhile), so this_cpu_ptr() is that CPU's instance.
 */
static long ht_pcpu_fn(void *arg)
{
	const struct ht_work *w = arg;
	u64 *p = this_cpu_ptr(&hwbp_target_pcpu);
	unsigned int i;
	int ret = ht_check_cpu(w);

	if (ret)
		return ret;
	for (i = 0; i < w->n; i++) {
		WRITE_ONCE(*p, ht_next());
		ht_pause(i);
	}
	return 0;
}

static long ht_remote_fn(void *arg)
{
	const struct ht_work *w = arg;
	u64 *p = per_cpu_ptr(&hwbp_target_pcpu, w->to);
	unsigned int i;
	int ret = ht_check_cpu(w);

	if (ret)
		return ret;
	for (i = 0; i < w->n; i++) {
		WRITE_ONCE(*p, ht_next());
		ht_pause(i);
	}
	return 0;
}

static long ht_pcpu16_fn(void *arg)
{
	const struct ht_work *w = arg;
	struct hwbp_target_pair *p = this_cpu_ptr(&hwbp_target_pcpu16);
	unsigned int i;
	int ret = ht_check_cpu(w);

	if (ret)
		return ret;
	for (i = 0; i < w->n; i++) {
		WRITE_ONCE(p->v[w->idx], ht_next());
		ht_pause(i);
	}
	return 0;
}

/* A call of ht_on_cpu(): what its thread runs, and its result. */
struct ht_call {
	long (*fn)(void *arg);
	struct ht_work *w;
	long ret;
	struct completion done;
};

static int ht_call_fn(void *arg)
{
	struct ht_call *c = arg;

	c->ret = c->fn(c->w);
	complete(&c->done);
	return 0;
}

/*
 * ht_on_cpu: run @fn(@w) on w->cpu; -ENODEV if that CPU is offline.
 *
 * In a kthread bound to the CPU, started and reaped here, with the CPU
 * held online meanwhile: bound means it cannot run anywhere else, on any
 * kernel. (work_on_cpu() queues on the per-CPU system workqueue, whose
 * workers are bound only while their pool is associated with the CPU,
 * which hotplug changes.) The thread returns once it has completed @c,
 * so kthread_stop() only reaps it, and it cannot be stopped before @fn
 * ran.
 */
static int ht_on_cpu(long (*fn)(void *), struct ht_work *w)
{
	struct ht_call c = { .fn = fn, .w = w };
	struct task_struct *t;
	int ret = -ENODEV;

	init_completion(&c.done);
	cpus_read_lock();
	if (!cpu_online(w->cpu))
		goto out;
	t = kthread_create(ht_call_fn, &c, "hwbp_target/%u", w->cpu);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out;
	}
	kthread_bind(t, w->cpu);
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&c.done);
	kthread_stop(t);
	put_task_struct(t);
	ret = (int)c.ret;
out:
	cpus_read_unlock();
	return ret;
}

static int ht_write_pcpu(char **argv)
{
	struct ht_work w = {};

	if (ht_parse_cpu(argv[0], &w.cpu) || ht_parse_n(argv[1], &w.n))
		return -EINVAL;
	return ht_on_cpu(ht_pcpu_fn, &w);
}

static int ht_write_remote(char **argv)
{
	struct ht_work w = {};

	if (ht_parse_cpu(argv[0], &w.cpu) || ht_parse_cpu(argv[1], &w.to) ||
	    ht_parse_n(argv[2], &w.n))
		return -EINVAL;
	return ht_on_cpu(ht_remote_fn, &w);
}

static int ht_write_pcpu16(char **argv)
{
	struct ht_work w = {};

	if (ht_parse_cpu(argv[0], &w.cpu) || kstrtouint(argv[1], 0, &w.idx) ||
	    w.idx > 1 || ht_parse_n(argv[2], &w.n))
		return -EINVAL;
	return ht_on_cpu(ht_pcpu16_fn, &w);
}

/*
 * ht_obj_cycle: "N MS": an object's life. MS milliseconds pass after take
 * and after drop, so that a watch armed (or disarmed) from process context
 * after those calls is in place before the writes (and gone before kfree()
 * writes its free-list pointer into the object).
 */
static int ht_obj_cycle(char **argv)
{
	struct hwbp_target_struct *obj;
	unsigned int n, ms, i;
	int ret;

	ret = ht_parse_n(argv[0], &n);
	if (ret || kstrtouint(argv[1], 0, &ms) || ms > 10000)
		return -EINVAL;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	hwbp_target_take(obj);
	msleep(ms);
	for (i = 0; i < n; i++) {
		WRITE_ONCE(obj->a, ht_next());
		ht_pause(i);
	}
	hwbp_target_drop(obj);
	msleep(ms);
	kfree(obj);
	return 0;
}

/* --- debugfs ------------------------------------------------------------ */

struct ht_trigger {
	const char *name;
	int nwords;
	int (*fn)(char **argv);
};

static const struct ht_trigger ht_triggers[] = {
	{ "write_var",		1, ht_write_var },
	{ "write_var_b",	1, ht_write_var_b },
	{ "set_var",		1, ht_set_var },
	{ "bench_write",	1, ht_bench_write },
	{ "bare",		1, ht_bare_trigger },
	{ "bench_call",		1, ht_bench_call },
	{ "bare_kprobe",	1, ht_bare_kprobe },
	{ "read_var",		1, ht_read_var },
	{ "write_field",	2, ht_write_field },
	{ "write_pcpu",		2, ht_write_pcpu },
	{ "write_remote",	3, ht_write_remote },
	{ "write_pcpu16",	3, ht_write_pcpu16 },
	{ "obj_cycle",		2, ht_obj_cycle },
};

/* ht_split: split @line into exactly @want blank-separated words. */
static int ht_split(char *line, char **argv, int want)
{
	char *word;
	int n = 0;

	while ((word = strsep(&line, " \t\n")) != NULL) {
		if (!*word)
			continue;
		if (n == want)
			return -EINVAL;
		argv[n++] = word;
	}
	return n == want ? 0 : -EINVAL;
}

static ssize_t ht_trigger_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	const struct ht_trigger *t = file_inode(file)->i_private;
	char line[HT_LINE_MAX];
	char *argv[HT_MAX_WORDS];
	int ret;

	if (count == 0 || count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	ret = ht_split(line, argv, t->nwords);
	if (!ret)
		ret = t->fn(argv);
	return ret ? ret : count;
}

static const struct file_operations ht_trigger_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ht_trigger_write,
	/* No .llseek: lseek() gets ESPIPE (no_llseek went in 6.12). */
};

/*
 * ht_addr: print "NAME=0xADDRESS", the raw address. Deliberately so, as %px
 * would (checkpatch --strict flags every %px, hence %lx): this module exists
 * only for tests, which compare the addresses with kallsyms and with what
 * hwbp reports. The file is root-only, in debugfs.
 */
static void ht_addr(struct seq_file *m, const char *name, int cpu,
		    unsigned long addr)
{
	if (cpu >= 0)
		seq_printf(m, "%s[%d]=0x%016lx\n", name, cpu, addr);
	else
		seq_printf(m, "%s=0x%016lx\n", name, addr);
}

static int ht_addrs_show(struct seq_file *m, void *v)
{
	struct hwbp_target_struct *o = &hwbp_target_obj;
	int cpu;

	ht_addr(m, "var", -1, (unsigned long)&hwbp_target_var);
	ht_addr(m, "obj", -1, (unsigned long)o);
	ht_addr(m, "obj.a", -1, (unsigned long)&o->a);
	ht_addr(m, "obj.b", -1, (unsigned long)&o->b);
	ht_addr(m, "obj.c", -1, (unsigned long)&o->c);
	ht_addr(m, "obj.d", -1, (unsigned long)&o->d);
	ht_addr(m, "obj.e", -1, (unsigned long)&o->e);
	ht_addr(m, "obj.f", -1, (unsigned long)&o->f);
	ht_addr(m, "obj.g", -1, (unsigned long)&o->g);
	/* The per-CPU "addresses" themselves, as kallsyms has them. */
	ht_addr(m, "pcpu", -1, (__force unsigned long)&hwbp_target_pcpu);
	ht_addr(m, "pcpu16", -1, (__force unsigned long)&hwbp_target_pcpu16);
	for_each_possible_cpu(cpu) {
		ht_addr(m, "pcpu", cpu,
			(unsigned long)per_cpu_ptr(&hwbp_target_pcpu, cpu));
		ht_addr(m, "pcpu16", cpu,
			(unsigned long)per_cpu_ptr(&hwbp_target_pcpu16, cpu));
	}
	ht_addr(m, "take", -1, (unsigned long)hwbp_target_take);
	ht_addr(m, "drop", -1, (unsigned long)hwbp_target_drop);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ht_addrs);

/*
 * values: what the watched memory holds, and seq, the number of writes made
 * so far (the last value stored). Reading it reads the watched memory: not
 * while a read watch is meant to count only the triggers' reads.
 */
static int ht_values_show(struct seq_file *m, void *v)
{
	struct hwbp_target_struct *o = &hwbp_target_obj;
	struct hwbp_target_pair *pair;
	int cpu;

	seq_printf(m, "seq=%lld\n", (long long)atomic64_read(&hwbp_target_seq));
	seq_printf(m, "var=%llu\n", READ_ONCE(hwbp_target_var));
	seq_printf(m, "obj.a=%llu\n", READ_ONCE(o->a));
	seq_printf(m, "obj.b=%u\n", READ_ONCE(o->b));
	seq_printf(m, "obj.c=%u\n", READ_ONCE(o->c));
	seq_printf(m, "obj.d=%u\n", READ_ONCE(o->d));
	seq_printf(m, "obj.e=%u\n", READ_ONCE(o->e));
	seq_printf(m, "obj.f=%llu\n", READ_ONCE(o->f));
	seq_printf(m, "obj.g=%llu\n", READ_ONCE(o->g));
	for_each_possible_cpu(cpu) {
		pair = per_cpu_ptr(&hwbp_target_pcpu16, cpu);
		seq_printf(m, "pcpu[%d]=%llu\n", cpu,
			   READ_ONCE(*per_cpu_ptr(&hwbp_target_pcpu, cpu)));
		seq_printf(m, "pcpu16[%d][0]=%llu\n", cpu, READ_ONCE(pair->v[0]));
		seq_printf(m, "pcpu16[%d][1]=%llu\n", cpu, READ_ONCE(pair->v[1]));
	}
	seq_printf(m, "bench_ns=%llu\n", READ_ONCE(ht_bench_ns));
	seq_printf(m, "writes_a=%d\n", atomic_read(&hwbp_target_writes_a));
	seq_printf(m, "writes_b=%d\n", atomic_read(&hwbp_target_writes_b));
	seq_printf(m, "takes=%d\n", atomic_read(&hwbp_target_takes));
	seq_printf(m, "drops=%d\n", atomic_read(&hwbp_target_drops));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ht_values);

static int __init hwbp_target_init(void)
{
	unsigned int i;

	hwbp_target_dir = debugfs_create_dir("hwbp_target", NULL);
	if (IS_ERR(hwbp_target_dir)) {
		pr_err("cannot create the debugfs directory: %ld\n",
		       PTR_ERR(hwbp_target_dir));
		return PTR_ERR(hwbp_target_dir);
	}
	for (i = 0; i < ARRAY_SIZE(ht_triggers); i++)
		debugfs_create_file(ht_triggers[i].name, 0200, hwbp_target_dir,
				    (void *)&ht_triggers[i], &ht_trigger_fops);
	debugfs_create_file("addrs", 0400, hwbp_target_dir, NULL,
			    &ht_addrs_fops);
	debugfs_create_file("values", 0400, hwbp_target_dir, NULL,
			    &ht_values_fops);
	pr_info("loaded\n");
	return 0;
}

static void __exit hwbp_target_exit(void)
{
	debugfs_remove_recursive(hwbp_target_dir);
	if (ht_bare)
		unregister_wide_hw_breakpoint(ht_bare);
	if (ht_bare_kp_on)
		unregister_kprobe(&ht_bare_kp);
	pr_info("unloaded\n");
}

module_init(hwbp_target_init);
module_exit(hwbp_target_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hwbp test target: touches memory on demand");
