// SPDX-License-Identifier: GPL-2.0
/*
 * tool/event.c: hwbp's generic netlink messages, built with libnl as the
 * module sends them, parsed into a struct hwbp_event, and the lines and
 * JSON objects hwbp monitor prints for them; the sentences of its errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "genl_msg.h"
#include "hwbp.h"

static const struct hwbp_record data_hit = {
	.seq = 7, .time_ns = 12345678901ULL, .ip = 0xffffffff81234534ULL,
	.addr = 0xffffffff82a1b2c0ULL, .before = 50000, .after = 60000,
	.id = 3, .cpu = 1, .pid = 118, .tid = 119, .len = 4,
	.flags = HWBP_REC_VALUES | HWBP_REC_WRITE, .comm = "tuner",
};

static int parse(struct nl_msg *m, struct hwbp_event *ev)
{
	int ret = hwbp_event_parse(nlmsg_hdr(m), ev);

	nlmsg_free(m);
	return ret;
}

static void parse__hit__every_field_in_the_record(void **state)
{
	struct hwbp_event ev;

	(void)state;
	assert_int_equal(parse(hit_msg(&data_hit, 0), &ev), 0);
	assert_int_equal(ev.cmd, HWBP_CMD_HIT);
	assert_int_equal(ev.id, 3);
	assert_int_equal(ev.suppressed, 0);
	assert_memory_equal(&ev.rec, &data_hit, sizeof(data_hit));
}

static void parse__hit_with_suppressed__count_kept(void **state)
{
	struct hwbp_event ev;

	(void)state;
	assert_int_equal(parse(hit_msg(&data_hit, 120), &ev), 0);
	assert_int_equal(ev.suppressed, 120);
}

static void parse__probe_string_flag__dropped_without_a_string(void **state)
{
	struct hwbp_record r = data_hit;
	struct hwbp_event ev;

	(void)state;
	r.flags = HWBP_REC_ARG | HWBP_REC_STR;
	assert_int_equal(parse(hit_msg(&r, 0), &ev), 0);
	assert_int_equal(ev.rec.flags, HWBP_REC_ARG);
}

static void parse__events__id_target_and_unloading_without_id(void **state)
{
	struct hwbp_event ev;

	(void)state;
	assert_int_equal(parse(event_msg(HWBP_EV_ARMED, 4, "pid_max"), &ev), 0);
	assert_int_equal(ev.cmd, HWBP_CMD_EVENT);
	assert_int_equal(ev.event, HWBP_EV_ARMED);
	assert_int_equal(ev.id, 4);
	assert_string_equal(ev.target, "pid_max");
	assert_int_equal(parse(event_msg(HWBP_EV_STOPPED, 5, NULL), &ev), 0);
	assert_string_equal(ev.target, "");
	assert_int_equal(parse(event_msg(HWBP_EV_UNLOADING, 0, NULL), &ev), 0);
	assert_int_equal(ev.event, HWBP_EV_UNLOADING);
	assert_int_equal(ev.id, 0);
}

static void parse__malformed__einval(void **state)
{
	struct hwbp_event ev;
	struct nl_msg *m;

	(void)state;
	/* A hit without its id */
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_HIT, 1);
	nla_put_u64(m, HWBP_A_TIME_NS, 1);
	assert_int_equal(parse(m, &ev), -EINVAL);
	/* An event without HWBP_A_EVENT */
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_EVENT, 1);
	nla_put_u32(m, HWBP_A_ID, 1);
	assert_int_equal(parse(m, &ev), -EINVAL);
	/* A change of a watch without its id */
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_EVENT, 1);
	nla_put_u32(m, HWBP_A_EVENT, HWBP_EV_ARMED);
	assert_int_equal(parse(m, &ev), -EINVAL);
	/* A u64 attribute of 4 bytes: never read past it */
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_HIT, 1);
	nla_put_u32(m, HWBP_A_ID, 1);
	nla_put_u32(m, HWBP_A_TIME_NS, 1);
	assert_int_equal(parse(m, &ev), -EINVAL);
	/* No genl header at all */
	m = nlmsg_alloc_simple(TEST_FAMILY, 0);
	assert_int_equal(parse(m, &ev), -EINVAL);
}

static void parse__unknown_command_and_attribute__skipped_and_ignored(void **state)
{
	struct hwbp_event ev;
	struct nl_msg *m;

	(void)state;
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, __HWBP_CMD_MAX + 3, 1);
	nla_put_u32(m, HWBP_A_ID, 1);
	assert_int_equal(parse(m, &ev), -EOPNOTSUPP);
	/* A newer module's attribute past HWBP_A_MAX */
	m = hit_msg(&data_hit, 0);
	nla_put_u64(m, HWBP_A_MAX + 5, 42);
	assert_int_equal(parse(m, &ev), 0);
	assert_int_equal(ev.rec.seq, 7);
}

static void parse__long_strings__cut_and_terminated(void **state)
{
	char target[300];
	struct hwbp_record r = data_hit;
	struct hwbp_event ev;
	struct nl_msg *m;

	(void)state;
	memset(target, 'a', sizeof(target) - 1);
	target[sizeof(target) - 1] = '\0';
	assert_int_equal(parse(event_msg(HWBP_EV_ARMED, 1, target), &ev), 0);
	assert_int_equal(strlen(ev.target), HWBP_TARGET_MAX - 1);
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, TEST_FAMILY, 0, 0, HWBP_CMD_HIT, 1);
	nla_put_u32(m, HWBP_A_ID, r.id);
	nla_put_string(m, HWBP_A_COMM, "a-comm-far-longer-than-sixteen");
	assert_int_equal(parse(m, &ev), 0);
	assert_string_equal(ev.rec.comm, "a-comm-far-long");
}

static void lines__events_and_suppressed__exact_words(void **state)
{
	struct hwbp_event ev = { .cmd = HWBP_CMD_EVENT, .id = 3 };
	char line[256];

	(void)state;
	strcpy(ev.target, "pid_max");
	ev.event = HWBP_EV_ARMED;
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3 (pid_max): armed");
	ev.event = HWBP_EV_DISARMED;
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3 (pid_max): disarmed");
	ev.event = HWBP_EV_EXITED;
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3 (pid_max): process exited");
	ev.event = HWBP_EV_GONE;
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3 (pid_max): module unloaded");
	ev.event = HWBP_EV_STOPPED;
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3 (pid_max): stopped");
	ev.target[0] = '\0';
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3: stopped");
	ev.event = 99;
	hwbp_event_line(line, sizeof(line), &ev);
	assert_string_equal(line, "# watch 3: event 99");

	hwbp_suppressed_line(line, sizeof(line), 3, 120);
	assert_string_equal(line, "# watch 3: 120 hits not shown (rate limit)");
	hwbp_suppressed_line(line, sizeof(line), 12, 1);
	assert_string_equal(line, "# watch 12: 1 hit not shown (rate limit)");
}

static void lines__hit__as_hwbp_hits_prints_it(void **state)
{
	struct hwbp_event ev;
	char line[1024];

	(void)state;
	setenv(HWBP_KALLSYMS_ENV, "/nonexistent/kallsyms", 1);
	assert_int_equal(parse(hit_msg(&data_hit, 0), &ev), 0);
	hwbp_record_line(line, sizeof(line), &ev.rec, NULL, false);
	assert_string_equal(line,
		"12.345678 cpu1 tuner[118/119] w3 0xffffffff82a1b2c0 0xffffffff81234534 4: 50000 -> 60000 write");
	hwbp_ksym_free();
	unsetenv(HWBP_KALLSYMS_ENV);
}

static char *json(const struct hwbp_event *ev, const struct hwbp_watch *w)
{
	struct hwbp_jw j;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	hwbp_jw_init(&j, f);
	hwbp_json_event(&j, ev, w);
	hwbp_jw_end(&j);
	fclose(f);
	return text;
}

static void json__hit_and_events__one_object_each(void **state)
{
	struct hwbp_event ev;
	char *s;

	(void)state;
	setenv(HWBP_KALLSYMS_ENV, "/nonexistent/kallsyms", 1);
	assert_int_equal(parse(hit_msg(&data_hit, 5), &ev), 0);
	s = json(&ev, NULL);
	assert_string_equal(s,
		"{\"event\":\"hit\",\"id\":3,\"seq\":7,\"time_ns\":12345678901,\"cpu\":1,"
		"\"pid\":118,\"tid\":119,\"comm\":\"tuner\",\"addr\":\"0xffffffff82a1b2c0\","
		"\"ip\":\"0xffffffff81234534\",\"sym\":\"0xffffffff81234534\",\"len\":4,"
		"\"before\":50000,\"after\":60000,\"kind\":\"write\",\"user\":false,"
		"\"stack_id\":null,\"ustack_id\":null,\"arg\":null,\"str\":null,"
		"\"ret\":null,\"suppressed\":5}\n");
	free(s);
	hwbp_ksym_free();
	unsetenv(HWBP_KALLSYMS_ENV);

	assert_int_equal(parse(event_msg(HWBP_EV_EXITED, 4, "0x7ffd1000"), &ev), 0);
	s = json(&ev, NULL);
	assert_string_equal(s, "{\"event\":\"exited\",\"id\":4,\"target\":\"0x7ffd1000\"}\n");
	free(s);
	assert_int_equal(parse(event_msg(HWBP_EV_GONE, 5, "hwbp_target_var"), &ev), 0);
	s = json(&ev, NULL);
	assert_string_equal(s, "{\"event\":\"gone\",\"id\":5,\"target\":\"hwbp_target_var\"}\n");
	free(s);
	assert_int_equal(parse(event_msg(HWBP_EV_UNLOADING, 0, NULL), &ev), 0);
	s = json(&ev, NULL);
	assert_string_equal(s, "{\"event\":\"unloading\",\"id\":0,\"target\":null}\n");
	free(s);
	ev.event = 77;
	s = json(&ev, NULL);
	assert_string_equal(s, "{\"event\":77,\"id\":0,\"target\":null}\n");
	free(s);
}

static void genl_str__each_step__sentence(void **state)
{
	char buf[HWBP_WHY_MAX];

	(void)state;
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_FAMILY,
					  -NLE_OBJ_NOTFOUND),
		"the hwbp netlink family is not registered: the hwbp module is not loaded (insmod kmod/hwbp.ko)");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_JOIN,
					  -NLE_PERM),
		"permission denied joining the hwbp event groups: hwbp needs root (CAP_SYS_ADMIN)");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_JOIN,
					  -NLE_NOACCESS),
		"permission denied joining the hwbp event groups: hwbp needs root (CAP_SYS_ADMIN)");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_GROUP,
					  -NLE_OBJ_NOTFOUND),
		"the hwbp netlink family has no groups 'hits' and 'events': tool and module versions differ");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_JOIN,
					  -NLE_NOMEM),
		"cannot join the hwbp event groups: Out of memory");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_CONNECT,
					  -NLE_BAD_SOCK),
		"cannot open a generic netlink socket: Bad socket");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_FAMILY,
					  -NLE_PERM),
		"cannot look up the hwbp netlink family: Operation not permitted");
	assert_string_equal(hwbp_genl_str(buf, sizeof(buf), HWBP_GENL_RECV,
					  -NLE_MSG_TRUNC),
		"cannot read hwbp events: Kernel reported truncated message");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse__hit__every_field_in_the_record),
		cmocka_unit_test(parse__hit_with_suppressed__count_kept),
		cmocka_unit_test(parse__probe_string_flag__dropped_without_a_string),
		cmocka_unit_test(parse__events__id_target_and_unloading_without_id),
		cmocka_unit_test(parse__malformed__einval),
		cmocka_unit_test(parse__unknown_command_and_attribute__skipped_and_ignored),
		cmocka_unit_test(parse__long_strings__cut_and_terminated),
		cmocka_unit_test(lines__events_and_suppressed__exact_words),
		cmocka_unit_test(lines__hit__as_hwbp_hits_prints_it),
		cmocka_unit_test(json__hit_and_events__one_object_each),
		cmocka_unit_test(genl_str__each_step__sentence),
	};

	return cmocka_run_group_tests_name("event", tests, NULL, NULL);
}
