// SPDX-License-Identifier: GPL-2.0
/*
 * The device: open it, and one wrapper per ioctl.
 *
 * Every function returns 0 (or a file descriptor) on success and a negative
 * errno on failure, and prints nothing. Argument structs are zeroed here
 * before they are filled: the module refuses non-zero padding and reserved
 * fields, and may one day give them meaning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hwbp.h"

/* Watches fetched per HWBP_IOC_LIST call. */
#define LIST_BATCH	64

/**
 * hwbp_dev_path() - the device to use
 *
 * $HWBP_DEVICE when it is set and not empty (tests point it at a path that
 * does not exist, or at /dev/null), else HWBP_DEVICE.
 */
const char *hwbp_dev_path(void)
{
	const char *p = getenv(HWBP_DEVICE_ENV);

	return p && *p ? p : HWBP_DEVICE;
}

/* Return: a file descriptor, or -errno. */
int hwbp_dev_open(void)
{
	int fd = open(hwbp_dev_path(), O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int hwbp_dev_info(int fd, struct hwbp_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioc(fd, HWBP_IOC_INFO, info);
}

/*
 * @add->watch is the request; the caller zeroes @add and fills only the
 * watch's input fields. On failure @add->reason and friends say why.
 */
int hwbp_dev_add(int fd, struct hwbp_add *add)
{
	return ioc(fd, HWBP_IOC_ADD, add);
}

int hwbp_dev_del(int fd, __u32 id, __u32 flags)
{
	struct hwbp_del del;

	memset(&del, 0, sizeof(del));
	del.id = id;
	del.flags = flags;
	return ioc(fd, HWBP_IOC_DEL, &del);
}

/**
 * hwbp_dev_list() - read every watch, in id order, in batches
 * @fd:		the device
 * @watches:	receives a malloc()ed array (NULL when there are none); the
 *		caller frees it
 * @count:	receives the number of watches
 *
 * Watches added or deleted while the batches are read may or may not show;
 * each one that shows is a consistent snapshot.
 *
 * Return: 0, or -errno (-EIO when the module's batches do not advance).
 */
int hwbp_dev_list(int fd, struct hwbp_watch **watches, size_t *count)
{
	struct hwbp_watch *all = NULL, *grown;
	size_t n = 0, room = 0;
	struct hwbp_list req;
	__u32 start = 0;
	int ret;

	for (;;) {
		if (room - n < LIST_BATCH) {
			grown = realloc(all, (room + LIST_BATCH) * sizeof(*all));
			if (!grown) {
				ret = -ENOMEM;
				goto fail;
			}
			all = grown;
			room += LIST_BATCH;
		}
		memset(&req, 0, sizeof(req));
		req.watches = (__u64)(unsigned long)(all + n);
		req.count = LIST_BATCH;
		req.start_id = start;
		ret = ioc(fd, HWBP_IOC_LIST, &req);
		if (ret)
			goto fail;
		if (req.count > LIST_BATCH) {
			ret = -EIO;
			goto fail;
		}
		n += req.count;
		if (!req.next_id)
			break;
		/* Ids only grow from one batch to the next; anything else loops. */
		if (req.next_id <= start || (n && req.next_id <= all[n - 1].id)) {
			ret = -EIO;
			goto fail;
		}
		start = req.next_id;
	}
	if (!n) {
		free(all);
		all = NULL;
	}
	*watches = all;
	*count = n;
	return 0;
fail:
	free(all);
	*watches = NULL;
	*count = 0;
	return ret;
}
