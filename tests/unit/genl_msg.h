/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages of the hwbp generic netlink family, built with libnl as the
 * module's kmod side puts them (nla_put_u64_64bit pads with HWBP_A_PAD;
 * libnl's nla_put_u64 does not, which parses the same), for test_event
 * and test_cmd's hwbp monitor.
 */
#ifndef HWBP_GENL_MSG_H
#define HWBP_GENL_MSG_H

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/hwbp.h>

#define TEST_FAMILY	0x1b

static inline struct nl_msg *hit_msg(const struct hwbp_record *r,
				     __u64 suppressed)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_HIT, HWBP_GENL_VERSION);
	nla_put_u32(m, HWBP_A_ID, r->id);
	nla_put_u64(m, HWBP_A_SEQ, r->seq);
	nla_put_u64(m, HWBP_A_TIME_NS, r->time_ns);
	nla_put_u32(m, HWBP_A_CPU, r->cpu);
	nla_put_u32(m, HWBP_A_PID, r->pid);
	nla_put_u32(m, HWBP_A_TID, r->tid);
	nla_put_string(m, HWBP_A_COMM, r->comm);
	nla_put_u64(m, HWBP_A_IP, r->ip);
	nla_put_u64(m, HWBP_A_ADDR, r->addr);
	nla_put_u32(m, HWBP_A_LEN, r->len);
	if (r->flags & (HWBP_REC_VALUES | HWBP_REC_ARG))
		nla_put_u64(m, HWBP_A_BEFORE, r->before);
	if (r->flags & (HWBP_REC_VALUES | HWBP_REC_RET))
		nla_put_u64(m, HWBP_A_AFTER, r->after);
	nla_put_u32(m, HWBP_A_FLAGS, r->flags);
	if (suppressed)
		nla_put_u64(m, HWBP_A_SUPPRESSED, suppressed);
	return m;
}

static inline struct nl_msg *event_msg(__u32 event, __u32 id,
				       const char *target)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_EVENT,
		    HWBP_GENL_VERSION);
	nla_put_u32(m, HWBP_A_EVENT, event);
	if (event != HWBP_EV_UNLOADING)
		nla_put_u32(m, HWBP_A_ID, id);
	if (target)
		nla_put_string(m, HWBP_A_TARGET, target);
	return m;
}

#endif /* HWBP_GENL_MSG_H */
