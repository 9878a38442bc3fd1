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
/* Room for pieces at first: 4 registers on each of 64 CPUs. */
#define PIECES_FIRST	256
/* Most pieces or CPUs believed: beyond this the module is confused. */
#define ARRAY_MAX	(1U << 20)

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

/* Make room for @want elements of @size in *@buf; 0 or -ENOMEM. */
static int grow(void **buf, size_t *room, size_t want, size_t size)
{
	void *p;

	if (want <= *room)
		return 0;
	p = realloc(*buf, want * size);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*room = want;
	return 0;
}

/* HWBP_IOC_PIECES with room for @want at first, more if the module says so. */
static int read_pieces(int fd, __u32 id, size_t want,
		       struct hwbp_piece **pieces, size_t *count)
{
	struct hwbp_pieces req;
	void *buf = NULL;
	size_t room = 0;
	int ret;

	*pieces = NULL;
	*count = 0;
	for (;;) {
		ret = grow(&buf, &room, want, sizeof(struct hwbp_piece));
		if (ret)
			goto fail;
		memset(&req, 0, sizeof(req));
		req.id = id;
		req.count = room;
		req.pieces = (__u64)(unsigned long)buf;
		ret = ioc(fd, HWBP_IOC_PIECES, &req);
		if (ret)
			goto fail;
		if (req.count <= room)
			break;
		if (req.count > ARRAY_MAX) {
			ret = -EIO;
			goto fail;
		}
		want = req.count;
	}
	if (!req.count) {
		free(buf);
		buf = NULL;
	}
	*pieces = buf;
	*count = req.count;
	return 0;
fail:
	free(buf);
	return ret;
}

/**
 * hwbp_dev_pieces() - HWBP_IOC_PIECES: where watch @id is armed
 * @fd:		the device
 * @id:		the watch
 * @pieces:	receives a malloc()ed array (NULL when there are none); the
 *		caller frees it
 * @count:	receives the number of pieces
 *
 * Return: 0, or -errno (-ENOENT when the watch is gone).
 */
int hwbp_dev_pieces(int fd, __u32 id, struct hwbp_piece **pieces,
		    size_t *count)
{
	return read_pieces(fd, id, 16, pieces, count);
}

/**
 * hwbp_dev_add() - HWBP_IOC_ADD, and the watch's pieces
 * @fd:		the device
 * @add:	in: ->watch is the request (the caller zeroes @add and fills
 *		only the watch's input fields); out: the armed watch, or on
 *		failure ->reason and friends say why
 * @pieces:	receives a malloc()ed array of the pieces (NULL on failure
 *		or when there are none); the caller frees it
 * @count:	receives the number of pieces
 *
 * A dry run that reports more pieces than there was room for is asked
 * again with room for all (it arms nothing); an armed watch's pieces are
 * then read with HWBP_IOC_PIECES, never by adding it twice.
 *
 * Return: 0, or -errno.
 */
int hwbp_dev_add(int fd, struct hwbp_add *add, struct hwbp_piece **pieces,
		 size_t *count)
{
	const struct hwbp_watch request = add->watch;
	void *buf = NULL;
	size_t room = 0, want = PIECES_FIRST;
	int ret;

	*pieces = NULL;
	*count = 0;
	for (;;) {
		ret = grow(&buf, &room, want, sizeof(struct hwbp_piece));
		if (ret)
			goto fail;
		memset(add, 0, sizeof(*add));
		add->watch = request;
		add->pieces = (__u64)(unsigned long)buf;
		add->nr_pieces = room;
		ret = ioc(fd, HWBP_IOC_ADD, add);
		add->pieces = 0;
		if (ret)
			goto fail;
		if (add->nr_pieces <= room)
			break;
		if (add->nr_pieces > ARRAY_MAX) {
			ret = -EIO;
			goto fail;
		}
		if (!(request.flags & HWBP_WATCH_DRY_RUN)) {
			free(buf);
			return read_pieces(fd, add->watch.id, add->nr_pieces,
					   pieces, count);
		}
		want = add->nr_pieces;
	}
	if (!add->nr_pieces) {
		free(buf);
		buf = NULL;
	}
	*pieces = buf;
	*count = add->nr_pieces;
	return 0;
fail:
	free(buf);
	return ret;
}

/**
 * hwbp_dev_slots() - HWBP_IOC_SLOTS: the debug registers of every CPU
 * @fd:		the device
 * @hint:	CPUs expected (struct hwbp_info.nr_cpu_ids), 0 if unknown
 * @cpus:	receives a malloc()ed array; the caller frees it
 * @count:	receives the number of CPUs
 *
 * Return: 0, or -errno.
 */
int hwbp_dev_slots(int fd, __u32 hint, struct hwbp_cpu_slots **cpus,
		   size_t *count)
{
	struct hwbp_slots req;
	void *buf = NULL;
	size_t room = 0, want = hint ? hint : 64;
	int ret;

	*cpus = NULL;
	*count = 0;
	for (;;) {
		ret = grow(&buf, &room, want, sizeof(struct hwbp_cpu_slots));
		if (ret)
			goto fail;
		memset(&req, 0, sizeof(req));
		req.cpus = (__u64)(unsigned long)buf;
		req.count = room;
		ret = ioc(fd, HWBP_IOC_SLOTS, &req);
		if (ret)
			goto fail;
		if (req.count <= room)
			break;
		if (req.count > ARRAY_MAX) {
			ret = -EIO;
			goto fail;
		}
		want = req.count;
	}
	*cpus = buf;
	*count = req.count;
	return 0;
fail:
	free(buf);
	return ret;
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

/**
 * hwbp_dev_hits() - HWBP_IOC_HITS: one batch of watch @id's records
 * @fd:		the device
 * @id:		the watch
 * @start_seq:	the first seq wanted (0 or 1: from the oldest kept)
 * @recs:	receives up to @room records, oldest first
 * @room:	room in @recs
 * @n:		receives the number of records written
 * @next_seq:	receives the start_seq for the next batch
 *
 * Return: 0, or -errno (-ENOENT when the watch is gone, -EIO when the
 * module claims more records than there was room for).
 */
int hwbp_dev_hits(int fd, __u32 id, __u64 start_seq, struct hwbp_record *recs,
		  __u32 room, __u32 *n, __u64 *next_seq)
{
	struct hwbp_hits req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.id = id;
	req.count = room;
	req.start_seq = start_seq;
	req.records = (__u64)(unsigned long)recs;
	ret = ioc(fd, HWBP_IOC_HITS, &req);
	if (ret)
		return ret;
	if (req.count > room)
		return -EIO;
	*n = req.count;
	*next_seq = req.next_seq;
	return 0;
}

/* Stacks fetched per HWBP_IOC_STACKS call. */
#define STACKS_BATCH	64

/**
 * hwbp_dev_stacks() - HWBP_IOC_STACKS: every distinct stack of watch @id
 * @fd:		the device
 * @id:		the watch
 * @stacks:	receives a malloc()ed array (NULL when there are none); the
 *		caller frees it
 * @count:	receives the number of stacks
 * @dropped:	receives the stacks not stored for lack of room
 *
 * Read in batches of STACKS_BATCH with @start; stacks that come or go
 * between batches may be missed or seen twice.
 *
 * Return: 0, or -errno.
 */
int hwbp_dev_stacks(int fd, __u32 id, struct hwbp_stack **stacks,
		    size_t *count, __u64 *dropped)
{
	struct hwbp_stack *all = NULL, *grown;
	struct hwbp_stacks req;
	size_t n = 0, room = 0;
	int ret;

	*dropped = 0;
	for (;;) {
		if (room - n < STACKS_BATCH) {
			grown = realloc(all, (room + STACKS_BATCH) * sizeof(*all));
			if (!grown) {
				ret = -ENOMEM;
				goto fail;
			}
			all = grown;
			room += STACKS_BATCH;
		}
		memset(&req, 0, sizeof(req));
		req.id = id;
		req.count = STACKS_BATCH;
		req.start = n;
		req.stacks = (__u64)(unsigned long)(all + n);
		ret = ioc(fd, HWBP_IOC_STACKS, &req);
		if (ret)
			goto fail;
		if (req.count > STACKS_BATCH || n + req.count > ARRAY_MAX) {
			ret = -EIO;
			goto fail;
		}
		n += req.count;
		*dropped = req.dropped;
		if (!req.count || n >= req.total)
			break;
	}
	if (!n) {
		free(all);
		all = NULL;
	}
	*stacks = all;
	*count = n;
	return 0;
fail:
	free(all);
	*stacks = NULL;
	*count = 0;
	return ret;
}

/**
 * hwbp_dev_counts() - HWBP_IOC_COUNTS: watch @id's counts by @by
 * @fd:		the device
 * @id:		the watch
 * @by:		HWBP_BY_*
 * @entries:	receives a malloc()ed array (NULL when there are none); the
 *		caller frees it
 * @count:	receives the number of entries
 * @overflow:	receives the hits that found the table full
 *
 * Return: 0, or -errno (-EINVAL for a watch that does not record and
 * @by other than HWBP_BY_CPU).
 */
int hwbp_dev_counts(int fd, __u32 id, __u32 by, struct hwbp_count **entries,
		    size_t *count, __u64 *overflow)
{
	struct hwbp_counts req;
	void *buf = NULL;
	size_t room = 0, want = 256;
	int ret;

	*entries = NULL;
	*count = 0;
	*overflow = 0;
	for (;;) {
		ret = grow(&buf, &room, want, sizeof(struct hwbp_count));
		if (ret)
			goto fail;
		memset(&req, 0, sizeof(req));
		req.id = id;
		req.by = by;
		req.count = room;
		req.entries = (__u64)(unsigned long)buf;
		ret = ioc(fd, HWBP_IOC_COUNTS, &req);
		if (ret)
			goto fail;
		if (req.count > room) {
			ret = -EIO;
			goto fail;
		}
		if (req.total <= room || req.count < room)
			break;
		if (req.total > ARRAY_MAX) {
			ret = -EIO;
			goto fail;
		}
		want = req.total;
	}
	if (!req.count) {
		free(buf);
		buf = NULL;
	}
	*entries = buf;
	*count = req.count;
	*overflow = req.overflow;
	return 0;
fail:
	free(buf);
	return ret;
}

int hwbp_dev_clear(int fd, __u32 id, __u32 flags)
{
	struct hwbp_clear clear;

	memset(&clear, 0, sizeof(clear));
	clear.id = id;
	clear.flags = flags;
	return ioc(fd, HWBP_IOC_CLEAR, &clear);
}
