// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp's live events: the generic netlink messages of family "hwbp"
 * (HWBP_CMD_HIT, HWBP_CMD_EVENT) parsed into a struct hwbp_event, and
 * worded as hwbp monitor prints them. No I/O: monitor.c owns the socket,
 * and the tests build messages with libnl and check the words.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hwbp.h"

/*
 * Types give libnl's minimum lengths, so that nla_get_u64() never reads
 * past a short attribute. Strings are not bounded here: they are cut on
 * copy. Attributes past HWBP_A_MAX (a newer module) are ignored.
 */
static const struct nla_policy policy[HWBP_A_MAX + 1] = {
	[HWBP_A_ID]		= { .type = NLA_U32 },
	[HWBP_A_SEQ]		= { .type = NLA_U64 },
	[HWBP_A_TIME_NS]	= { .type = NLA_U64 },
	[HWBP_A_CPU]		= { .type = NLA_U32 },
	[HWBP_A_PID]		= { .type = NLA_U32 },
	[HWBP_A_TID]		= { .type = NLA_U32 },
	[HWBP_A_COMM]		= { .type = NLA_STRING },
	[HWBP_A_IP]		= { .type = NLA_U64 },
	[HWBP_A_ADDR]		= { .type = NLA_U64 },
	[HWBP_A_LEN]		= { .type = NLA_U32 },
	[HWBP_A_BEFORE]		= { .type = NLA_U64 },
	[HWBP_A_AFTER]		= { .type = NLA_U64 },
	[HWBP_A_FLAGS]		= { .type = NLA_U32 },
	[HWBP_A_SUPPRESSED]	= { .type = NLA_U64 },
	[HWBP_A_EVENT]		= { .type = NLA_U32 },
	[HWBP_A_TARGET]		= { .type = NLA_STRING },
};

static __u32 get_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static __u64 get_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

/**
 * hwbp_event_from_attrs() - a message's attributes as a struct hwbp_event
 * @ev:		receives the event, zeroed first
 * @cmd:	the message's command, HWBP_CMD_HIT or HWBP_CMD_EVENT
 * @tb:		HWBP_A_MAX + 1 attributes, as genlmsg_parse() gives them
 *
 * A hit fills @ev->rec as a record read with HWBP_IOC_HITS would be, but
 * for what the message does not carry (stack ids, a probe's string: a
 * record that says it has a string and brings none is shown without it).
 * An absent number is 0, an absent string empty.
 *
 * Return: 0; -EINVAL without HWBP_A_ID (a hit or an event but
 * HWBP_EV_UNLOADING) or HWBP_A_EVENT (an event); -EOPNOTSUPP for another
 * command (a newer module's: skip it).
 */
int hwbp_event_from_attrs(struct hwbp_event *ev, __u8 cmd, struct nlattr **tb)
{
	struct hwbp_record *r = &ev->rec;

	memset(ev, 0, sizeof(*ev));
	ev->cmd = cmd;
	if (cmd != HWBP_CMD_HIT && cmd != HWBP_CMD_EVENT)
		return -EOPNOTSUPP;
	if (cmd == HWBP_CMD_EVENT) {
		if (!tb[HWBP_A_EVENT])
			return -EINVAL;
		ev->event = nla_get_u32(tb[HWBP_A_EVENT]);
		if (!tb[HWBP_A_ID] && ev->event != HWBP_EV_UNLOADING)
			return -EINVAL;
		ev->id = get_u32(tb, HWBP_A_ID);
		if (tb[HWBP_A_TARGET])
			nla_strlcpy(ev->target, tb[HWBP_A_TARGET],
				    sizeof(ev->target));
		return 0;
	}

	if (!tb[HWBP_A_ID])
		return -EINVAL;
	r->id = nla_get_u32(tb[HWBP_A_ID]);
	ev->id = r->id;
	ev->suppressed = get_u64(tb, HWBP_A_SUPPRESSED);
	r->seq = get_u64(tb, HWBP_A_SEQ);
	r->time_ns = get_u64(tb, HWBP_A_TIME_NS);
	r->cpu = get_u32(tb, HWBP_A_CPU);
	r->pid = get_u32(tb, HWBP_A_PID);
	r->tid = get_u32(tb, HWBP_A_TID);
	r->ip = get_u64(tb, HWBP_A_IP);
	r->addr = get_u64(tb, HWBP_A_ADDR);
	r->len = get_u32(tb, HWBP_A_LEN);
	r->before = get_u64(tb, HWBP_A_BEFORE);
	r->after = get_u64(tb, HWBP_A_AFTER);
	/* No string comes with a hit: the pointer is shown in 0x hex. */
	r->flags = get_u32(tb, HWBP_A_FLAGS) & ~HWBP_REC_STR;
	if (tb[HWBP_A_COMM])
		nla_strlcpy(r->comm, tb[HWBP_A_COMM], sizeof(r->comm));
	return 0;
}

/**
 * hwbp_event_parse() - one message of the hwbp family as a struct hwbp_event
 * @nlh:	the message, as a libnl valid-message callback gets it
 * @ev:		receives the event
 *
 * Return: 0, -EOPNOTSUPP (a command this tool does not know: skip it), or
 * -EINVAL (malformed: too short, an attribute of the wrong size, a
 * required one missing).
 */
int hwbp_event_parse(struct nlmsghdr *nlh, struct hwbp_event *ev)
{
	struct nlattr *tb[HWBP_A_MAX + 1];
	struct genlmsghdr *gnlh;

	memset(ev, 0, sizeof(*ev));
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EINVAL;
	if (genlmsg_parse(nlh, 0, tb, HWBP_A_MAX, policy) < 0)
		return -EINVAL;
	gnlh = nlmsg_data(nlh);
	return hwbp_event_from_attrs(ev, gnlh->cmd, tb);
}

/*
 * "armed", "disarmed", "process exited", "stopped", "unloading", "module
 * unloaded", or NULL.
 */
const char *hwbp_event_name(__u32 event)
{
	switch (event) {
	case HWBP_EV_ARMED:	return "armed";
	case HWBP_EV_DISARMED:	return "disarmed";
	case HWBP_EV_EXITED:	return "process exited";
	case HWBP_EV_STOPPED:	return "stopped";
	case HWBP_EV_UNLOADING:	return "unloading";
	case HWBP_EV_GONE:	return "module unloaded";
	default:		return NULL;
	}
}

/* The name for JSON: one word. */
static const char *event_key(__u32 event)
{
	switch (event) {
	case HWBP_EV_EXITED:	return "exited";
	case HWBP_EV_GONE:	return "gone";
	default:		return hwbp_event_name(event);
	}
}

/**
 * hwbp_event_line() - a change in a watch's life, as monitor prints it
 * @buf, @len:	where to write it, without a newline
 * @ev:		an HWBP_CMD_EVENT
 *
 * "# watch 3 (pid_max): armed", "... disarmed", "... process exited",
 * "... stopped"; "# watch 3: armed" when the message names no target, and
 * "# watch 3: event 9" for an event this tool does not know.
 *
 * Return: what snprintf() returns.
 */
int hwbp_event_line(char *buf, size_t len, const struct hwbp_event *ev)
{
	const char *name = hwbp_event_name(ev->event);
	char target[HWBP_TARGET_MAX + 8] = "", what[32];

	if (ev->target[0])
		snprintf(target, sizeof(target), " (%.*s)",
			 HWBP_TARGET_MAX - 1, ev->target);
	if (!name) {
		snprintf(what, sizeof(what), "event %u", ev->event);
		name = what;
	}
	return snprintf(buf, len, "# watch %u%s: %s", ev->id, target, name);
}

/**
 * hwbp_suppressed_line() - hits a watch sent none of, as monitor prints it
 * @buf, @len:	where to write it, without a newline
 * @id:		the watch
 * @n:		how many (HWBP_A_SUPPRESSED), not 0
 *
 * "# watch 3: 120 hits not shown (rate limit)", "1 hit" for one.
 *
 * Return: what snprintf() returns.
 */
int hwbp_suppressed_line(char *buf, size_t len, __u32 id, __u64 n)
{
	return snprintf(buf, len, "# watch %u: %llu hit%s not shown (rate limit)",
			id, (unsigned long long)n, n == 1 ? "" : "s");
}

/**
 * hwbp_json_event() - one message as a JSON object
 * @j:	the writer
 * @ev:	the event
 * @w:	the hit's watch, or NULL when it is not known
 *
 * A hit: {"event":"hit", then the keys of hwbp_json_record(),
 * "suppressed":N} (stack_id and ustack_id null, str null: the message
 * carries none). A change: {"event":"armed","id":3,"target":"pid_max"},
 * event one of armed, disarmed, exited, stopped, unloading (or a number for
 * one this tool does not know), target null when the message has none.
 */
void hwbp_json_event(struct hwbp_jw *j, const struct hwbp_event *ev,
		     const struct hwbp_watch *w)
{
	const char *name = event_key(ev->event);

	hwbp_jw_object(j);
	hwbp_jw_key(j, "event");
	if (ev->cmd == HWBP_CMD_HIT) {
		hwbp_jw_string(j, "hit");
		hwbp_json_record_fields(j, &ev->rec, w);
		hwbp_jw_key(j, "suppressed");
		hwbp_jw_uint(j, ev->suppressed);
	} else {
		if (name)
			hwbp_jw_string(j, name);
		else
			hwbp_jw_uint(j, ev->event);
		hwbp_jw_key(j, "id");
		hwbp_jw_uint(j, ev->id);
		hwbp_jw_key(j, "target");
		if (ev->target[0])
			hwbp_jw_string(j, ev->target);
		else
			hwbp_jw_null(j);
	}
	hwbp_jw_object_end(j);
}

/**
 * hwbp_genl_str() - why setting up or reading the event socket failed
 * @buf, @len:	where to write the sentence
 * @step:	what failed
 * @err:	libnl's error, negative (-NLE_*)
 *
 * Return: @buf.
 */
const char *hwbp_genl_str(char *buf, size_t len, enum hwbp_genl_step step,
			  int err)
{
	int e = err < 0 ? -err : err;

	switch (step) {
	case HWBP_GENL_CONNECT:
		snprintf(buf, len, "cannot open a generic netlink socket: %s",
			 nl_geterror(err));
		break;
	case HWBP_GENL_FAMILY:
		if (e == NLE_OBJ_NOTFOUND)
			snprintf(buf, len,
				 "the hwbp netlink family is not registered: the hwbp module is not loaded (insmod kmod/hwbp.ko)");
		else
			snprintf(buf, len,
				 "cannot look up the hwbp netlink family: %s",
				 nl_geterror(err));
		break;
	case HWBP_GENL_GROUP:
		if (e == NLE_OBJ_NOTFOUND)
			snprintf(buf, len,
				 "the hwbp netlink family has no groups '" HWBP_GENL_MCGRP_HITS "' and '" HWBP_GENL_MCGRP_EVENTS "': tool and module versions differ");
		else
			snprintf(buf, len,
				 "cannot look up the hwbp event groups: %s",
				 nl_geterror(err));
		break;
	case HWBP_GENL_JOIN:
		if (e == NLE_PERM || e == NLE_NOACCESS)
			snprintf(buf, len,
				 "permission denied joining the hwbp event groups: hwbp needs root (CAP_SYS_ADMIN)");
		else
			snprintf(buf, len,
				 "cannot join the hwbp event groups: %s",
				 nl_geterror(err));
		break;
	case HWBP_GENL_RECV:
	default:
		snprintf(buf, len, "cannot read hwbp events: %s",
			 nl_geterror(err));
		break;
	}
	return buf;
}
