// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hwbp: the ioctl interface.
 *
 * One handler per command. Each copies its argument in, refuses unknown
 * flags and non-zero reserved fields, calls into the registry and copies
 * the result out. Output structs are zeroed before they are filled.
 */
#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/hw_breakpoint.h>

#include "hwbp.h"

static bool all_zero(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

/* A string field: NUL-terminated, and only NULs after the terminator. */
static bool nul_padded(const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);

	return nul && all_zero(nul, n - (nul - s));
}

static long ioc_info(void __user *argp)
{
	struct hwbp_info info;

	memset(&info, 0, sizeof(info));
	info.abi_version = HWBP_ABI_VERSION;
	info.slots_per_cpu = HBP_NUM;
	info.exec_len = sizeof(long);
	info.nr_cpu_ids = nr_cpu_ids;
	info.nr_online = num_online_cpus();
	info.nr_watches = hwbp_watch_count();
	info.max_watches = hwbp_max_watches;
	strscpy(info.version, HWBP_VERSION, sizeof(info.version));
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

/* Input checks that need no lookup; fills @why and returns an errno. */
static int add_check(const struct hwbp_add *add, struct hwbp_refusal *why)
{
	const struct hwbp_watch *w = &add->watch;
	const char *nul = memchr(w->target, '\0', sizeof(w->target));
	const char *anul = memchr(w->allow, '\0', sizeof(w->allow));

	/* Output-only fields must be zero too: they may become inputs. */
	if (w->id || w->hits || w->state || w->slots || w->nr_cpus ||
	    w->recorded || w->dropped || w->suppressed || w->stacks_dropped ||
	    w->missed || w->serial ||
	    add->reason || add->reason_cpu || add->reason_free ||
	    add->reason_arg || !all_zero(w->reserved, sizeof(w->reserved)) ||
	    !all_zero(add->reserved, sizeof(add->reserved)) ||
	    (!(w->flags & HWBP_WATCH_CPU) && w->cpu) ||
	    (w->percpu != HWBP_PERCPU_CPU && w->percpu_cpu) ||
	    (!add->pieces && add->nr_pieces)) {
		why->reason = HWBP_R_RESERVED;
		return -EINVAL;
	}
	if (w->flags & ~HWBP_WATCH_IN_FLAGS) {
		why->reason = HWBP_R_BAD_FLAGS;
		why->arg = w->flags & ~HWBP_WATCH_IN_FLAGS;
		return -EINVAL;
	}
	if (w->percpu > HWBP_PERCPU_ALL || w->pid < 0) {
		why->reason = HWBP_R_BAD_TARGET;
		return -EINVAL;
	}
	/* A symbol or an address, never both; a target ends in NULs. */
	if (!nul || !all_zero(nul, sizeof(w->target) - (nul - w->target)) ||
	    (w->target[0] && w->addr)) {
		why->reason = HWBP_R_BAD_TARGET;
		return -EINVAL;
	}
	if (!anul || !all_zero(anul, sizeof(w->allow) - (anul - w->allow))) {
		why->reason = HWBP_R_BAD_ALLOW;
		return -EINVAL;
	}
	if (!nul_padded(w->on, sizeof(w->on)) ||
	    !nul_padded(w->until, sizeof(w->until))) {
		why->reason = HWBP_R_BAD_ON;
		return -EINVAL;
	}
	return 0;
}

/* Room for a copy of a watch's pieces: bounded, the rest only counted. */
static u32 pieces_room(u32 asked)
{
	return min_t(u32, asked, HBP_NUM * nr_cpu_ids);
}

static long ioc_add(struct hwbp_add __user *uarg)
{
	struct hwbp_refusal why = { .cpu = -1 };
	struct hwbp_piece *pieces = NULL;
	struct hwbp_add add;
	u32 room, n;
	int ret;

	if (copy_from_user(&add, uarg, sizeof(add)))
		return -EFAULT;
	ret = add_check(&add, &why);
	room = pieces_room(add.nr_pieces);
	n = room;
	if (!ret && room) {
		pieces = kvcalloc(room, sizeof(*pieces), GFP_KERNEL);
		if (!pieces)
			return -ENOMEM;
	}
	if (!ret)
		ret = hwbp_watch_add(&add.watch, pieces, &n, &why);
	add.nr_pieces = ret && !(add.watch.flags & HWBP_WATCH_DRY_RUN) ? 0 : n;
	add.reason = why.reason;
	add.reason_cpu = why.cpu;
	add.reason_free = why.free;
	add.reason_arg = why.arg;
	if (pieces && add.nr_pieces &&
	    copy_to_user(u64_to_user_ptr(add.pieces), pieces,
			 min(room, add.nr_pieces) * sizeof(*pieces)))
		goto fault;
	if (copy_to_user(uarg, &add, sizeof(add)))
		goto fault;
	kvfree(pieces);
	return ret;

fault:
	/* Nobody would learn the id of an armed watch: take it back. */
	if (!ret && add.watch.id)
		hwbp_watch_del(add.watch.id);
	kvfree(pieces);
	return -EFAULT;
}

/*
 * DEL and CLEAR take the same argument: one id, or 0 with the ALL flag
 * (bit 0 of both) for every watch.
 */
static long one_or_all(u32 id, u32 flags, const __u64 *reserved, size_t n,
		       int (*one)(u32 id), void (*all)(void))
{
	if (flags & ~HWBP_DEL_ALL || !all_zero(reserved, n))
		return -EINVAL;
	if (!(flags & HWBP_DEL_ALL))
		return one(id);
	if (id)
		return -EINVAL;
	all();
	return 0;
}

static long ioc_del(struct hwbp_del __user *uarg)
{
	struct hwbp_del del;

	if (copy_from_user(&del, uarg, sizeof(del)))
		return -EFAULT;
	return one_or_all(del.id, del.flags, del.reserved,
			  sizeof(del.reserved), hwbp_watch_del,
			  hwbp_watch_del_all);
}

static long ioc_list(struct hwbp_list __user *uarg)
{
	struct hwbp_list list;
	int ret;

	if (copy_from_user(&list, uarg, sizeof(list)))
		return -EFAULT;
	if (list.next_id || list.total || list.flags || list.pad ||
	    list.start_id > INT_MAX ||
	    !all_zero(list.reserved, sizeof(list.reserved)))
		return -EINVAL;
	ret = hwbp_watch_list(&list);
	if (ret)
		return ret;
	return copy_to_user(uarg, &list, sizeof(list)) ? -EFAULT : 0;
}

static long ioc_pieces(struct hwbp_pieces __user *uarg)
{
	struct hwbp_piece *pieces = NULL;
	struct hwbp_pieces req;
	u32 room, n;
	int ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (!all_zero(req.reserved, sizeof(req.reserved)) ||
	    (!req.pieces && req.count))
		return -EINVAL;
	room = pieces_room(req.count);
	if (room) {
		pieces = kvcalloc(room, sizeof(*pieces), GFP_KERNEL);
		if (!pieces)
			return -ENOMEM;
	}
	n = room;
	ret = hwbp_watch_pieces(req.id, pieces, &n);
	if (ret)
		goto out;
	req.count = n;
	if ((room && copy_to_user(u64_to_user_ptr(req.pieces), pieces,
				  min(room, n) * sizeof(*pieces))) ||
	    copy_to_user(uarg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kvfree(pieces);
	return ret;
}

static void fill_slots(struct hwbp_cpu_slots *s, unsigned int cpu,
		       u32 task_slots)
{
	memset(s, 0, sizeof(*s));
	s->cpu = cpu;
	if (!cpu_online(cpu))
		return;
	s->online = 1;
	s->total = HBP_NUM;
	s->hwbp = min_t(u32, hwbp_cpu_held(cpu) + task_slots, HBP_NUM);
	s->free = hwbp_cpu_free_slots(cpu);
}

static long ioc_slots(struct hwbp_slots __user *uarg)
{
	struct hwbp_cpu_slots *buf;
	struct hwbp_slots req;
	unsigned int cpu, n;
	u32 task_slots;
	int ret = 0;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.pad || !all_zero(req.reserved, sizeof(req.reserved)) ||
	    (!req.cpus && req.count))
		return -EINVAL;
	n = min_t(u32, req.count, nr_cpu_ids);
	buf = kvcalloc(max(n, 1U), sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* The probe reserves registers: keep hwbp's own adds out meanwhile. */
	hwbp_watch_lock();
	cpus_read_lock();
	task_slots = hwbp_watch_task_slots();
	for (cpu = 0; cpu < n; cpu++)
		fill_slots(&buf[cpu], cpu, task_slots);
	cpus_read_unlock();
	hwbp_watch_unlock();
	req.count = nr_cpu_ids;
	if ((n && copy_to_user(u64_to_user_ptr(req.cpus), buf,
			       n * sizeof(*buf))) ||
	    copy_to_user(uarg, &req, sizeof(req)))
		ret = -EFAULT;
	kvfree(buf);
	return ret;
}

/* Records copied per HWBP_IOC_HITS call at most. */
#define HWBP_HITS_BATCH		256

static long ioc_hits(struct hwbp_hits __user *uarg)
{
	struct hwbp_record *buf;
	struct hwbp_hits req;
	struct hwbp_wp *wp;
	u32 n;
	int ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.next_seq || !all_zero(req.reserved, sizeof(req.reserved)) ||
	    (!req.records && req.count))
		return -EINVAL;
	n = min_t(u32, req.count, HWBP_HITS_BATCH);
	buf = kvcalloc(max(n, 1U), sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	hwbp_watch_lock();
	wp = hwbp_watch_find(req.id);
	ret = wp ? hwbp_rec_hits(wp, req.start_seq, buf, &n, &req.next_seq) :
		   -ENOENT;
	hwbp_watch_unlock();
	if (ret)
		goto out;
	req.count = n;
	if ((n && copy_to_user(u64_to_user_ptr(req.records), buf,
			       n * sizeof(*buf))) ||
	    copy_to_user(uarg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kvfree(buf);
	return ret;
}

static long ioc_stacks(struct hwbp_stacks __user *uarg)
{
	struct hwbp_stack *all = NULL;
	struct hwbp_stacks req;
	struct hwbp_wp *wp;
	u32 n = 0;
	int ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.total || req.dropped ||
	    !all_zero(req.reserved, sizeof(req.reserved)) ||
	    (!req.stacks && req.count))
		return -EINVAL;
	hwbp_watch_lock();
	wp = hwbp_watch_find(req.id);
	ret = wp ? hwbp_rec_stacks(wp, &req, &all) : -ENOENT;
	hwbp_watch_unlock();
	if (ret)
		goto out;
	if (req.start < req.total)
		n = min(req.count, req.total - req.start);
	req.count = n;
	if ((n && copy_to_user(u64_to_user_ptr(req.stacks), all + req.start,
			       n * sizeof(*all))) ||
	    copy_to_user(uarg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kvfree(all);
	return ret;
}

static long ioc_counts(struct hwbp_counts __user *uarg)
{
	struct hwbp_count *all = NULL;
	struct hwbp_counts req;
	struct hwbp_wp *wp;
	u32 n;
	int ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.total || req.overflow ||
	    !all_zero(req.reserved, sizeof(req.reserved)) ||
	    (!req.entries && req.count))
		return -EINVAL;
	hwbp_watch_lock();
	wp = hwbp_watch_find(req.id);
	ret = wp ? hwbp_rec_counts(wp, &req, &all) : -ENOENT;
	hwbp_watch_unlock();
	if (ret)
		goto out;
	n = min(req.count, req.total);
	req.count = n;
	if ((n && copy_to_user(u64_to_user_ptr(req.entries), all,
			       n * sizeof(*all))) ||
	    copy_to_user(uarg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kvfree(all);
	return ret;
}

static long ioc_clear(struct hwbp_clear __user *uarg)
{
	struct hwbp_clear req;

	BUILD_BUG_ON(HWBP_CLEAR_ALL != HWBP_DEL_ALL);
	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	return one_or_all(req.id, req.flags, req.reserved,
			  sizeof(req.reserved), hwbp_watch_clear,
			  hwbp_watch_clear_all);
}

static long hwbp_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case HWBP_IOC_INFO:
		return ioc_info(argp);
	case HWBP_IOC_ADD:
		return ioc_add(argp);
	case HWBP_IOC_DEL:
		return ioc_del(argp);
	case HWBP_IOC_LIST:
		return ioc_list(argp);
	case HWBP_IOC_PIECES:
		return ioc_pieces(argp);
	case HWBP_IOC_SLOTS:
		return ioc_slots(argp);
	case HWBP_IOC_HITS:
		return ioc_hits(argp);
	case HWBP_IOC_STACKS:
		return ioc_stacks(argp);
	case HWBP_IOC_COUNTS:
		return ioc_counts(argp);
	case HWBP_IOC_CLEAR:
		return ioc_clear(argp);
	default:
		return -ENOTTY;
	}
}

/* Hits carry kernel addresses: root only, whatever the node's mode says. */
static int hwbp_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return nonseekable_open(inode, file);
}

static const struct file_operations hwbp_fops = {
	.owner		= THIS_MODULE,
	.open		= hwbp_open,
	.unlocked_ioctl	= hwbp_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	/*
	 * No .llseek: nonseekable_open() clears FMODE_LSEEK, so lseek() gets
	 * ESPIPE on every kernel (no_llseek, which said so, went in 6.12).
	 */
};

static struct miscdevice hwbp_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hwbp",
	.fops	= &hwbp_fops,
	.mode	= 0600,
};

int hwbp_dev_init(void)
{
	return misc_register(&hwbp_misc);
}

void hwbp_dev_exit(void)
{
	misc_deregister(&hwbp_misc);
}
