// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp monitor: hits and changes of the watches, live, from the module's
 * generic netlink groups (family HWBP_GENL_NAME), in the manner of iw's
 * event.c: resolve the family and its groups, join them, and print each
 * message as it comes. event.c parses and words the messages.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "hwbp.h"

/* poll() timeout (ms): a signal is seen within it, whatever poll() does. */
#define POLL_MS		200
/* Room for bursts of hits between two reads (the kernel may cap it). */
#define RCVBUF		(1 << 20)

struct monitor {
	__u32 id;			/* only this watch; 0 for all */
	unsigned long long max;		/* -n: hit lines to print */
	unsigned long long printed;
	int family;
	bool done;			/* -n reached */
	bool unloading;			/* HWBP_EV_UNLOADING came */
	bool out_err;			/* stdout failed */
	unsigned long long malformed;
	/* The watches, to word probe hits: refreshed on HWBP_EV_ARMED. */
	struct hwbp_watch *w;
	size_t nw;
};

static void monitor_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp monitor [ID] [-n|--count N] [-j|--json]\n"
		"\n"
		"Print the hits of every watch and probe, or of watch ID, as they happen,\n"
		"and the changes in their lives, from the module's generic netlink groups\n"
		"\"" HWBP_GENL_MCGRP_HITS "\" and \"" HWBP_GENL_MCGRP_EVENTS "\" (family \"" HWBP_GENL_NAME "\"). A hit is one line, as hwbp hits\n"
		"prints it (see hwbp hits --help), but without stack=N and ustack=N, and\n"
		"without a probe's string (its pointer is shown in 0x hex): messages carry\n"
		"neither. Watches that do not record (--count-only) send their hits too.\n"
		"Other lines start with '#':\n"
		"  # watch 3 (pid_max): armed             added (also disarmed: deleted,\n"
		"                                         process exited, stopped: it\n"
		"                                         reached --max-hits, module\n"
		"                                         unloaded: the module its memory\n"
		"                                         or function was in went)\n"
		"  # watch 3: 120 hits not shown (rate limit)\n"
		"The module sends at most hwbp.events_per_sec hits a second per watch (a\n"
		"module parameter); the hits over that are counted, and the count comes\n"
		"before the next hit line of that watch. Every hit is still counted in\n"
		"hwbp list, and recorded for hwbp hits by a watch that records. Output is\n"
		"flushed after each line.\n"
		"\n"
		"Ends with exit 0 when interrupted (SIGINT, SIGTERM), after N hit lines\n"
		"(-n), or when the module unloads (a note on stderr).\n"
		"\n"
		"Options:\n"
		"  -n, --count N  stop after N hit lines\n"
		"  -j, --json     one JSON object a line: a hit is {\"event\":\"hit\", the keys\n"
		"                 of hwbp hits --json, \"suppressed\":N}, a change\n"
		"                 {\"event\":\"armed\",\"id\":3,\"target\":\"pid_max\"} (event one of\n"
		"                 armed, disarmed, exited, stopped, gone, unloading)\n"
		"  -h, --help     print this help and exit\n"
		"\n"
		"Needs root (CAP_SYS_ADMIN): hits carry kernel addresses.\n");
}

/*
 * The watches as the module lists them, to tell a probe's hit from a data
 * watch's; none when the device cannot be opened (hits are then worded as
 * a data watch's, or as a probe's when their flags say so). The device is
 * closed again: a monitor must not keep the module loaded.
 */
static void refresh(struct monitor *m)
{
	struct hwbp_watch *w = NULL;
	struct hwbp_info info;
	size_t n = 0;
	int fd;

	fd = hwbp_dev_open();
	if (fd < 0)
		return;
	if (!hwbp_dev_info(fd, &info) && info.abi_version == HWBP_ABI_VERSION &&
	    !hwbp_dev_list(fd, &w, &n)) {
		free(m->w);
		m->w = w;
		m->nw = n;
	}
	close(fd);
}

static const struct hwbp_watch *cached(const struct monitor *m, __u32 id)
{
	size_t i;

	for (i = 0; i < m->nw; i++)
		if (m->w[i].id == id)
			return &m->w[i];
	return NULL;
}

/* One line on stdout, flushed, so that `hwbp monitor > file &` works. */
static void out_line(struct monitor *m, const char *line)
{
	puts(line);
	if (fflush(stdout) || ferror(stdout))
		m->out_err = true;
}

static void out_json(struct monitor *m, const struct hwbp_event *ev,
		     const struct hwbp_watch *w)
{
	struct hwbp_jw j;

	hwbp_jw_init(&j, stdout);
	hwbp_json_event(&j, ev, w);
	hwbp_jw_end(&j);
	if (fflush(stdout) || ferror(stdout))
		m->out_err = true;
}

static void on_hit(struct monitor *m, const struct hwbp_event *ev)
{
	const struct hwbp_watch *w = cached(m, ev->id);
	char line[1024];

	if (hwbp_json) {
		out_json(m, ev, w);
	} else {
		if (ev->suppressed) {
			hwbp_suppressed_line(line, sizeof(line), ev->id,
					     ev->suppressed);
			out_line(m, line);
		}
		hwbp_record_line(line, sizeof(line), &ev->rec, w, false);
		out_line(m, line);
	}
	if (++m->printed >= m->max)
		m->done = true;
}

static void on_change(struct monitor *m, const struct hwbp_event *ev)
{
	char line[HWBP_TARGET_MAX + 64];

	if (hwbp_json) {
		out_json(m, ev, NULL);
	} else {
		hwbp_event_line(line, sizeof(line), ev);
		out_line(m, line);
	}
}

/* libnl's valid-message callback: one message of the family. */
static int on_message(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct monitor *m = arg;
	struct hwbp_event ev;
	int ret;

	if (nlh->nlmsg_type != m->family)
		return NL_SKIP;
	ret = hwbp_event_parse(nlh, &ev);
	if (ret == -EOPNOTSUPP)		/* a newer module's command */
		return NL_SKIP;
	if (ret) {
		m->malformed++;
		return NL_SKIP;
	}
	if (ev.cmd == HWBP_CMD_EVENT && ev.event == HWBP_EV_UNLOADING) {
		if (hwbp_json)
			out_json(m, &ev, NULL);
		m->unloading = true;
		return NL_STOP;
	}
	if (ev.cmd == HWBP_CMD_EVENT && ev.event == HWBP_EV_ARMED)
		refresh(m);
	if (m->id && ev.id != m->id)
		return NL_OK;
	if (ev.cmd == HWBP_CMD_HIT)
		on_hit(m, &ev);
	else
		on_change(m, &ev);
	return m->done || m->out_err ? NL_STOP : NL_OK;
}

/*
 * Connect, resolve the family and group @group, join it. Prints why not.
 * Return: the socket, or NULL.
 */
static struct nl_sock *group_socket(struct monitor *m, const char *group)
{
	char why[HWBP_WHY_MAX];
	enum hwbp_genl_step step = HWBP_GENL_CONNECT;
	struct nl_sock *sk;
	int ret;

	sk = nl_socket_alloc();
	if (!sk) {
		hwbp_err("out of memory");
		return NULL;
	}
	ret = genl_connect(sk);
	if (ret < 0)
		goto fail;
	step = HWBP_GENL_FAMILY;
	ret = genl_ctrl_resolve(sk, HWBP_GENL_NAME);
	if (ret < 0)
		goto fail;
	m->family = ret;
	step = HWBP_GENL_GROUP;
	ret = genl_ctrl_resolve_grp(sk, HWBP_GENL_NAME, group);
	if (ret < 0)
		goto fail;
	step = HWBP_GENL_JOIN;
	ret = nl_socket_add_memberships(sk, ret, 0);
	if (ret < 0)
		goto fail;

	/*
	 * Multicast messages are not answers to anything we sent: their
	 * sequence numbers are the kernel's (0), and libnl's check that each
	 * message answers our last request would drop them all.
	 */
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_message, m);
	/* poll() says when to read; a read never blocks the signal check. */
	nl_socket_set_nonblocking(sk);
	/* Best effort: a bigger buffer loses fewer messages in a burst. */
	nl_socket_set_buffer_size(sk, RCVBUF, 0);
	return sk;
fail:
	hwbp_err("%s", hwbp_genl_str(why, sizeof(why), step, ret));
	nl_socket_free(sk);
	return NULL;
}

/*
 * Read what @sk holds, without waiting. @what names its messages for the
 * note on an overflow. Return: 0, or an exit status to end with.
 */
static int drain(struct nl_sock *sk, struct monitor *m, const char *what)
{
	char why[HWBP_WHY_MAX];
	int ret;

	while (!m->done && !m->unloading && !m->out_err) {
		ret = nl_recvmsgs_default(sk);
		if (ret == -NLE_AGAIN)
			return 0;
		if (ret >= 0)
			continue;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the socket's buffer overflowed; go on. */
			hwbp_err("note: %s came faster than they were read: some were lost",
				 what);
			continue;
		}
		hwbp_err("%s",
			 hwbp_genl_str(why, sizeof(why), HWBP_GENL_RECV, ret));
		return HWBP_EXIT_FAIL;
	}
	return 0;
}

/*
 * Read and print until told to stop; an exit status. Hits and events come
 * on sockets of their own, so that a flood of hits cannot crowd out the
 * changes (a full socket drops what comes next). The module sends a
 * change after the hits that came before it: when a change is there to
 * read, the hits socket is read first, so the lines keep that order.
 */
static int monitor_loop(struct nl_sock *hits, struct nl_sock *events,
			struct monitor *m)
{
	struct pollfd p[2] = {
		{ .fd = nl_socket_get_fd(hits), .events = POLLIN },
		{ .fd = nl_socket_get_fd(events), .events = POLLIN },
	};
	int ret = 0;

	while (!ret && !hwbp_stopping && !m->done && !m->unloading &&
	       !m->out_err) {
		ret = poll(p, 2, POLL_MS);
		if (ret < 0 && errno != EINTR) {
			hwbp_err("cannot wait for hwbp events: %s",
				 strerror(errno));
			return HWBP_EXIT_FAIL;
		}
		if (ret <= 0) {
			ret = 0;
			continue;
		}
		ret = drain(hits, m, "hits");
		if (!ret && p[1].revents)
			ret = drain(events, m, "changes of the watches");
	}
	if (ret)
		return ret;
	if (m->unloading)
		hwbp_err("the hwbp module is unloading; monitor ends");
	return m->out_err ? HWBP_EXIT_FAIL : HWBP_EXIT_OK;
}

int hwbp_cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "json",  no_argument,       NULL, 'j' },
		{ "help",  no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct monitor m = { .max = ~0ULL };
	struct nl_sock *hits, *events;
	struct hwbp_stop saved;
	char why[HWBP_WHY_MAX];
	int c, status;

	while ((c = hwbp_getopt(argc, argv, "n:jh", opts, "monitor")) != -1) {
		switch (c) {
		case 'n':
			if (hwbp_parse_count(optarg, "-n", &m.max, why,
					     sizeof(why))) {
				hwbp_err("%s", why);
				return HWBP_EXIT_USAGE;
			}
			break;
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			monitor_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		hwbp_err("what is '%s'? monitor takes at most one ID (see hwbp monitor --help)",
			 argv[optind + 1]);
		return HWBP_EXIT_USAGE;
	}
	if (argc - optind == 1 &&
	    hwbp_parse_id(argv[optind], &m.id, why, sizeof(why))) {
		hwbp_err("%s", why);
		return HWBP_EXIT_USAGE;
	}

	/* Events first: a watch armed from then on is seen either way. */
	events = group_socket(&m, HWBP_GENL_MCGRP_EVENTS);
	if (!events)
		return HWBP_EXIT_FAIL;
	hits = group_socket(&m, HWBP_GENL_MCGRP_HITS);
	if (!hits) {
		nl_socket_free(events);
		return HWBP_EXIT_FAIL;
	}
	/* After joining: a watch armed from now on comes as an event. */
	refresh(&m);

	hwbp_stop_catch(&saved);
	status = monitor_loop(hits, events, &m);
	hwbp_stop_release(&saved);

	if (m.malformed)
		hwbp_err("note: %llu malformed hwbp message%s skipped: tool and module versions may differ",
			 m.malformed, m.malformed == 1 ? "" : "s");
	nl_socket_free(hits);
	nl_socket_free(events);
	free(m.w);
	return status;
}
