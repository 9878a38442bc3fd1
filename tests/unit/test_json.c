// SPDX-License-Identifier: GPL-2.0
/*
 * tool/json.c: nesting, commas, escaping; and tool/format.c's JSON watch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "hwbp.h"

struct sink {
	char *text;
	size_t len;
	FILE *f;
	struct hwbp_jw j;
};

static int sink_open(void **state)
{
	struct sink *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	s->f = open_memstream(&s->text, &s->len);
	if (!s->f) {
		free(s);
		return -1;
	}
	hwbp_jw_init(&s->j, s->f);
	*state = s;
	return 0;
}

static int sink_close(void **state)
{
	struct sink *s = *state;

	if (s->f)
		fclose(s->f);
	free(s->text);
	free(s);
	return 0;
}

/* What was written so far. */
static const char *out(struct sink *s)
{
	fflush(s->f);
	return s->text;
}

static const char *escaped(struct sink *s, const char *in)
{
	hwbp_jw_escape(s->f, in);
	return out(s);
}

static void escape__plain__quoted(void **state)
{
	assert_string_equal(escaped(*state, "pid_max"), "\"pid_max\"");
}

static void escape__empty__two_quotes(void **state)
{
	assert_string_equal(escaped(*state, ""), "\"\"");
}

static void escape__quote_and_backslash__escaped(void **state)
{
	assert_string_equal(escaped(*state, "a\"b\\c"), "\"a\\\"b\\\\c\"");
}

static void escape__short_control_chars__letters(void **state)
{
	assert_string_equal(escaped(*state, "\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
}

static void escape__other_control_chars__u00xx(void **state)
{
	assert_string_equal(escaped(*state, "\x01\x1f\x7f"),
			    "\"\\u0001\\u001f\\u007f\"");
}

static void escape__slash__left_alone(void **state)
{
	assert_string_equal(escaped(*state, "a/b"), "\"a/b\"");
}

static void escape__valid_utf8__passed_through(void **state)
{
	/* é, €, 😀 */
	assert_string_equal(escaped(*state, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
			    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
}

static void escape__invalid_utf8__replacement_char(void **state)
{
	/* A lone continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate, a byte that never starts a sequence. */
	assert_string_equal(escaped(*state, "a\x80" "b\xc3" "c\xc0\xaf" "d\xed\xa0\x80" "e\xff"),
			    "\"a\\ufffdb\\ufffdc\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffde\\ufffd\"");
}

static void escape__truncated_at_end__no_overread(void **state)
{
	assert_string_equal(escaped(*state, "x\xf0\x9f"), "\"x\\ufffd\\ufffd\"");
}

static void writer__empty_array__brackets(void **state)
{
	struct sink *s = *state;

	hwbp_jw_array(&s->j);
	hwbp_jw_array_end(&s->j);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s), "[]\n");
}

static void writer__empty_object__braces(void **state)
{
	struct sink *s = *state;

	hwbp_jw_object(&s->j);
	hwbp_jw_object_end(&s->j);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s), "{}\n");
}

static void writer__nested__commas_between_siblings_only(void **state)
{
	struct sink *s = *state;

	hwbp_jw_object(&s->j);
	hwbp_jw_key(&s->j, "a");
	hwbp_jw_uint(&s->j, 1);
	hwbp_jw_key(&s->j, "b");
	hwbp_jw_array(&s->j);
	hwbp_jw_int(&s->j, -2);
	hwbp_jw_object(&s->j);
	hwbp_jw_object_end(&s->j);
	hwbp_jw_array(&s->j);
	hwbp_jw_array_end(&s->j);
	hwbp_jw_bool(&s->j, true);
	hwbp_jw_null(&s->j);
	hwbp_jw_array_end(&s->j);
	hwbp_jw_key(&s->j, "c");
	hwbp_jw_string(&s->j, "x");
	hwbp_jw_key(&s->j, "d");
	hwbp_jw_bool(&s->j, false);
	hwbp_jw_object_end(&s->j);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s),
			    "{\"a\":1,\"b\":[-2,{},[],true,null],\"c\":\"x\",\"d\":false}\n");
}

static void writer__numbers__full_u64_range(void **state)
{
	struct sink *s = *state;

	hwbp_jw_array(&s->j);
	hwbp_jw_uint(&s->j, 0);
	hwbp_jw_uint(&s->j, 18446744073709551615ULL);
	hwbp_jw_int(&s->j, -9223372036854775807LL - 1);
	hwbp_jw_array_end(&s->j);
	assert_string_equal(out(s),
			    "[0,18446744073709551615,-9223372036854775808]");
}

static void writer__addr__0x_string_16_digits(void **state)
{
	struct sink *s = *state;

	hwbp_jw_array(&s->j);
	hwbp_jw_addr(&s->j, 0xffffffff82a1b2c0ULL);
	hwbp_jw_addr(&s->j, 0x1000);
	hwbp_jw_array_end(&s->j);
	assert_string_equal(out(s),
			    "[\"0xffffffff82a1b2c0\",\"0x0000000000001000\"]");
}

static void writer__keys__escaped(void **state)
{
	struct sink *s = *state;

	hwbp_jw_object(&s->j);
	hwbp_jw_key(&s->j, "a\"b");
	hwbp_jw_uint(&s->j, 1);
	hwbp_jw_object_end(&s->j);
	assert_string_equal(out(s), "{\"a\\\"b\":1}");
}

static void writer__two_documents__one_line_each(void **state)
{
	struct sink *s = *state;

	hwbp_jw_uint(&s->j, 1);
	hwbp_jw_end(&s->j);
	hwbp_jw_uint(&s->j, 2);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s), "1\n2\n");
}

static struct hwbp_watch watch(__u32 id, const char *target, __u64 addr,
			       __u32 type, __u32 len, __u64 hits, __u32 flags)
{
	struct hwbp_watch w;

	memset(&w, 0, sizeof(w));
	w.id = id;
	snprintf(w.target, sizeof(w.target), "%s", target);
	w.addr = addr;
	w.type = type;
	w.len = len;
	w.hits = hits;
	w.flags = flags;
	return w;
}

static void json_watch__symbol__all_keys(void **state)
{
	struct sink *s = *state;
	struct hwbp_watch w = watch(1, "pid_max", 0xffffffff82a1b2c0ULL,
				    HWBP_TYPE_W, 4, 12, HWBP_WATCH_LOG);

	hwbp_json_watch(&s->j, &w);
	assert_string_equal(out(s),
			    "{\"id\":1,\"target\":\"pid_max\",\"addr\":\"0xffffffff82a1b2c0\","
			    "\"type\":\"w\",\"len\":4,\"hits\":12,\"flags\":[\"log\"],"
			    "\"where\":\"all\",\"state\":\"armed\",\"slots\":0,\"nr_cpus\":0,\"cpu\":null,\"percpu\":null,\"pid\":null,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}");
}

static void json_watch__raw_address__null_target_no_flags(void **state)
{
	struct sink *s = *state;
	struct hwbp_watch w = watch(7, "", 0xffffffff81000000ULL,
				    HWBP_TYPE_X, 8, 0, 0);

	hwbp_json_watch(&s->j, &w);
	assert_string_equal(out(s),
			    "{\"id\":7,\"target\":null,\"addr\":\"0xffffffff81000000\","
			    "\"type\":\"x\",\"len\":8,\"hits\":0,\"flags\":[],"
			    "\"where\":\"all\",\"state\":\"armed\",\"slots\":0,\"nr_cpus\":0,\"cpu\":null,\"percpu\":null,\"pid\":null,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}");
}

static void json_watch__list__array_of_objects(void **state)
{
	struct sink *s = *state;
	struct hwbp_watch w[2] = {
		watch(1, "a", 0x10, HWBP_TYPE_RW, 1, 0,
		      HWBP_WATCH_LOG | HWBP_WATCH_PARAM | 0x80),
		watch(2, "b", 0x20, 99, 2, 1, 0),
	};

	hwbp_jw_array(&s->j);
	hwbp_json_watch(&s->j, &w[0]);
	hwbp_json_watch(&s->j, &w[1]);
	hwbp_jw_array_end(&s->j);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s),
			    "[{\"id\":1,\"target\":\"a\",\"addr\":\"0x0000000000000010\",\"type\":\"rw\","
			    "\"len\":1,\"hits\":0,\"flags\":[\"log\",\"param\",\"0x80\"],"
			    "\"where\":\"all\",\"state\":\"armed\",\"slots\":0,\"nr_cpus\":0,\"cpu\":null,\"percpu\":null,\"pid\":null,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null},"
			    "{\"id\":2,\"target\":\"b\",\"addr\":\"0x0000000000000020\",\"type\":\"?\","
			    "\"len\":2,\"hits\":1,\"flags\":[],"
			    "\"where\":\"all\",\"state\":\"armed\",\"slots\":0,\"nr_cpus\":0,\"cpu\":null,\"percpu\":null,\"pid\":null,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}]\n");
}

static void json_watch__where_keys__cpu_percpu_pid(void **state)
{
	struct sink *s = *state;
	struct hwbp_watch w = watch(3, "runqueues+0x10", 0x2c8d0, HWBP_TYPE_W,
				    8, 5, HWBP_WATCH_CPU);

	w.cpu = 1;
	w.percpu = HWBP_PERCPU_CPU;
	w.percpu_cpu = 2;
	w.slots = 1;
	w.nr_cpus = 1;
	hwbp_json_watch(&s->j, &w);
	hwbp_jw_end(&s->j);
	w = watch(4, "", 0x7ffd1000, HWBP_TYPE_RW, 4, 0, 0);
	w.pid = 123;
	w.state = HWBP_STATE_EXITED;
	w.slots = 1;
	hwbp_json_watch(&s->j, &w);
	hwbp_jw_end(&s->j);
	w = watch(0, "runqueues", 0x2c8c0, HWBP_TYPE_W, 4, 0,
		  HWBP_WATCH_DRY_RUN);
	w.percpu = HWBP_PERCPU_LOCAL;
	w.state = HWBP_STATE_DRY_RUN;
	hwbp_json_watch(&s->j, &w);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s),
		"{\"id\":3,\"target\":\"runqueues+0x10\",\"addr\":\"0x000000000002c8d0\",\"type\":\"w\",\"len\":8,\"hits\":5,\"flags\":[],"
		"\"where\":\"cpu1\",\"state\":\"armed\",\"slots\":1,\"nr_cpus\":1,\"cpu\":1,\"percpu\":2,\"pid\":null,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}\n"
		"{\"id\":4,\"target\":null,\"addr\":\"0x000000007ffd1000\",\"type\":\"rw\",\"len\":4,\"hits\":0,\"flags\":[],"
		"\"where\":\"pid:123\",\"state\":\"exited\",\"slots\":1,\"nr_cpus\":0,\"cpu\":null,\"percpu\":null,\"pid\":123,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}\n"
		"{\"id\":0,\"target\":\"runqueues\",\"addr\":\"0x000000000002c8c0\",\"type\":\"w\",\"len\":4,\"hits\":0,\"flags\":[],"
		"\"where\":\"percpu:local\",\"state\":\"dry-run\",\"slots\":0,\"nr_cpus\":0,\"cpu\":null,\"percpu\":\"local\",\"pid\":null,"
			    "\"filter\":null,\"max_hits\":null,\"allow\":null,\"recorded\":0,\"dropped\":0,\"suppressed\":0,\"stacks_dropped\":0,\"probe_by\":null,\"by_arg\":null,\"arg\":null,\"arg_kind\":null,\"missed\":0,\"on\":null,\"until\":null}\n");
}

static void json_piece_and_slots__objects(void **state)
{
	struct sink *s = *state;
	struct hwbp_piece p[2] = {
		{ 0xffffffff82a1b2c0ULL, 8, -1 },
		{ 0xffff888237a2c8d0ULL, 4, 3 },
	};
	struct hwbp_cpu_slots c[2] = {
		{ .cpu = 0, .online = 1, .total = 4, .hwbp = 1, .free = 2 },
		{ .cpu = 1 },
	};

	hwbp_jw_array(&s->j);
	hwbp_json_piece(&s->j, &p[0]);
	hwbp_json_piece(&s->j, &p[1]);
	hwbp_json_slots(&s->j, &c[0]);
	hwbp_json_slots(&s->j, &c[1]);
	hwbp_jw_array_end(&s->j);
	hwbp_jw_end(&s->j);
	assert_string_equal(out(s),
		"[{\"cpu\":null,\"addr\":\"0xffffffff82a1b2c0\",\"len\":8},"
		"{\"cpu\":3,\"addr\":\"0xffff888237a2c8d0\",\"len\":4},"
		"{\"cpu\":0,\"online\":true,\"total\":4,\"hwbp\":1,\"free\":2,\"others\":1},"
		"{\"cpu\":1,\"online\":false,\"total\":0,\"hwbp\":0,\"free\":0,\"others\":0}]\n");
}

static void json_watch__unterminated_target__cut_at_127(void **state)
{
	struct sink *s = *state;
	struct hwbp_watch w = watch(1, "", 0, HWBP_TYPE_W, 4, 0, 0);
	const char *p;

	memset(w.target, 'a', sizeof(w.target));
	hwbp_json_watch(&s->j, &w);
	p = strstr(out(s), "\"target\":\"");
	assert_non_null(p);
	p += strlen("\"target\":\"");
	assert_int_equal(strspn(p, "a"), HWBP_TARGET_MAX - 1);
	assert_int_equal(p[HWBP_TARGET_MAX - 1], '"');
}

#define T(f)	cmocka_unit_test_setup_teardown(f, sink_open, sink_close)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(escape__plain__quoted),
		T(escape__empty__two_quotes),
		T(escape__quote_and_backslash__escaped),
		T(escape__short_control_chars__letters),
		T(escape__other_control_chars__u00xx),
		T(escape__slash__left_alone),
		T(escape__valid_utf8__passed_through),
		T(escape__invalid_utf8__replacement_char),
		T(escape__truncated_at_end__no_overread),
		T(writer__empty_array__brackets),
		T(writer__empty_object__braces),
		T(writer__nested__commas_between_siblings_only),
		T(writer__numbers__full_u64_range),
		T(writer__addr__0x_string_16_digits),
		T(writer__keys__escaped),
		T(writer__two_documents__one_line_each),
		T(json_watch__symbol__all_keys),
		T(json_watch__raw_address__null_target_no_flags),
		T(json_watch__list__array_of_objects),
		T(json_watch__where_keys__cpu_percpu_pid),
		T(json_piece_and_slots__objects),
		T(json_watch__unterminated_target__cut_at_127),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
