// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hwbp: the ioctl interface.
 *
 * One handler per command. Each copies its argument in, refuses unknown
 * flags and non-zero reserved fields, calls into the registry and copies
 * the result out. Output structs are zeroed before they are filled.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/hw_breakpoint.h>

#include "hwbp.h"

static bool all_zero(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
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

	/* Output-only fields must be zero too: they may become inputs. */
	if (w->id || w->hits || add->reason || add->reason_cpu ||
	    add->reason_arg || !all_zero(w->reserved, sizeof(w->reserved)) ||
	    !all_zero(add->reserved, sizeof(add->reserved))) {
		why->reason = HWBP_R_RESERVED;
		return -EINVAL;
	}
	if (w->flags & ~HWBP_WATCH_IN_FLAGS) {
		why->reason = HWBP_R_BAD_FLAGS;
		why->arg = w->flags & ~HWBP_WATCH_IN_FLAGS;
		return -EINVAL;
	}
	/* A symbol or an address, never both; a target ends in NUL. */
	if (!memchr(w->target, '\0', sizeof(w->target)) ||
	    (w->target[0] && w->addr)) {
		why->reason = HWBP_R_BAD_TARGET;
		return -EINVAL;
	}
	return 0;
}

static long ioc_add(struct hwbp_add __user *uarg)
{
	struct hwbp_refusal why = { .cpu = -1 };
	struct hwbp_add add;
	int ret;

	if (copy_from_user(&add, uarg, sizeof(add)))
		return -EFAULT;
	ret = add_check(&add, &why);
	if (!ret)
		ret = hwbp_watch_add(&add.watch, &why);
	add.reason = why.reason;
	add.reason_cpu = why.cpu;
	add.reason_arg = why.arg;
	if (copy_to_user(uarg, &add, sizeof(add)))
		return -EFAULT;
	return ret;
}

static long ioc_del(struct hwbp_del __user *uarg)
{
	struct hwbp_del del;

	if (copy_from_user(&del, uarg, sizeof(del)))
		return -EFAULT;
	if (del.flags & ~HWBP_DEL_ALL ||
	    !all_zero(del.reserved, sizeof(del.reserved)))
		return -EINVAL;
	if (del.flags & HWBP_DEL_ALL) {
		if (del.id)
			return -EINVAL;
		hwbp_watch_del_all();
		return 0;
	}
	return hwbp_watch_del(del.id);
}

static long ioc_list(struct hwbp_list __user *uarg)
{
	struct hwbp_list list;
	int ret;

	if (copy_from_user(&list, uarg, sizeof(list)))
		return -EFAULT;
	if (list.next_id || list.total || list.flags || list.pad ||
	    !all_zero(list.reserved, sizeof(list.reserved)))
		return -EINVAL;
	ret = hwbp_watch_list(&list);
	if (ret)
		return ret;
	return copy_to_user(uarg, &list, sizeof(list)) ? -EFAULT : 0;
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
	.llseek		= no_llseek,
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
