// SPDX-License-Identifier: GPL-2.0
/*
 * tool/format.c: type names, flag lists and the aligned "hwbp list" table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "hwbp.h"

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

static void type_name__each_type__short_name(void **state)
{
	(void)state;
	assert_string_equal(hwbp_type_name(HWBP_TYPE_R), "r");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_W), "w");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_RW), "rw");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_X), "x");
	assert_string_equal(hwbp_type_name(0), "?");
	assert_string_equal(hwbp_type_name(7), "?");
}

static void flags_str__none__dash(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), 0), "-");
}

static void flags_str__known__comma_list(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), HWBP_WATCH_LOG), "log");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), HWBP_WATCH_PARAM), "param");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_LOG | HWBP_WATCH_PARAM),
			    "log,param");
}

static void flags_str__unknown_bits__hex(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), 0x80), "0x80");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_LOG | 0xf0000000),
			    "log,0xf0000000");
}

static void flags_str__small_buffer__truncated_safely(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	hwbp_flags_str(buf, 5, HWBP_WATCH_LOG | HWBP_WATCH_PARAM | 0x80);
	assert_string_equal(buf, "log,");
	assert_int_equal(buf[5], 'x');
}

static void table__empty__headings_only_widths(void **state)
{
	struct hwbp_table t;
	char line[256];

	(void)state;
	hwbp_table_widths(&t, NULL, 0);
	hwbp_table_header(line, sizeof(line), &t);
	assert_string_equal(line,
			    "ID  TYPE  LEN  REGS  ADDRESS             WHERE  STATE    HITS  TARGET  FLAGS");
}

static void table__rows__aligned_under_headings(void **state)
{
	struct hwbp_watch w[3] = {
		watch(1, "pid_max", 0xffffffff82a1b2c0ULL, HWBP_TYPE_W, 4, 12,
		      HWBP_WATCH_LOG),
		watch(2, "", 0xffffffff81000000ULL, HWBP_TYPE_X, 8, 0, 0),
		watch(123, "jiffies+4", 0xffffffff82805004ULL, HWBP_TYPE_RW, 4,
		      1234567, HWBP_WATCH_LOG | HWBP_WATCH_PARAM),
	};
	static const char *const want[] = {
		" ID  TYPE  LEN  REGS  ADDRESS             WHERE  STATE       HITS  TARGET     FLAGS",
		"  1  w       4     0  0xffffffff82a1b2c0  all    armed         12  pid_max    log",
		"  2  x       8     0  0xffffffff81000000  all    armed          0  -          -",
		"123  rw      4     0  0xffffffff82805004  all    armed    1234567  jiffies+4  log,param",
	};
	struct hwbp_table t;
	char line[256];
	unsigned int i;

	(void)state;
	hwbp_table_widths(&t, w, 3);
	hwbp_table_header(line, sizeof(line), &t);
	assert_string_equal(line, want[0]);
	for (i = 0; i < 3; i++) {
		hwbp_table_row(line, sizeof(line), &t, &w[i]);
		assert_string_equal(line, want[i + 1]);
	}
}

static void table__every_line__same_column_starts(void **state)
{
	struct hwbp_watch w[2] = {
		watch(4294967295U, "a_very_long_symbol_name_indeed+0x1000",
		      0x10, HWBP_TYPE_W, 1, 18446744073709551615ULL, 0),
		watch(1, "b", 0x20, HWBP_TYPE_W, 2, 0, HWBP_WATCH_LOG),
	};
	struct hwbp_table t;
	char head[512], row[2][512];
	const char *hflags, *rflags;

	(void)state;
	hwbp_table_widths(&t, w, 2);
	hwbp_table_header(head, sizeof(head), &t);
	hwbp_table_row(row[0], sizeof(row[0]), &t, &w[0]);
	hwbp_table_row(row[1], sizeof(row[1]), &t, &w[1]);
	/* FLAGS starts where each row's flags start. */
	hflags = strstr(head, "FLAGS");
	rflags = strstr(row[1], "log");
	assert_non_null(hflags);
	assert_non_null(rflags);
	assert_int_equal(hflags - head, rflags - row[1]);
	assert_int_equal(strrchr(row[0], ' ') + 1 - row[0], hflags - head);
	/* No trailing blanks. */
	assert_true(row[0][strlen(row[0]) - 1] != ' ');
	assert_true(head[strlen(head) - 1] != ' ');
}

static void where_str__every_kind__short_form(void **state)
{
	struct hwbp_watch w = watch(1, "x", 0, HWBP_TYPE_W, 4, 0, 0);
	char buf[32];

	(void)state;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "all");
	w.percpu = HWBP_PERCPU_LOCAL;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "percpu:local");
	w.percpu = HWBP_PERCPU_CPU;
	w.percpu_cpu = 12;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "percpu:cpu12");
	w.percpu = HWBP_PERCPU_ALL;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "percpu:all");
	w.percpu = 9;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "percpu:?");
	/* --cpu wins over --percpu: the CPU is where it is armed. */
	w.percpu = HWBP_PERCPU_LOCAL;
	w.flags = HWBP_WATCH_CPU;
	w.cpu = 3;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "cpu3");
	w = watch(1, "", 0x1000, HWBP_TYPE_W, 4, 0, 0);
	w.pid = 4242;
	assert_string_equal(hwbp_where_str(buf, sizeof(buf), &w), "pid:4242");
}

static void state_name__each_state__word(void **state)
{
	(void)state;
	assert_string_equal(hwbp_state_name(HWBP_STATE_ARMED), "armed");
	assert_string_equal(hwbp_state_name(HWBP_STATE_EXITED), "exited");
	assert_string_equal(hwbp_state_name(HWBP_STATE_DRY_RUN), "dry-run");
	assert_string_equal(hwbp_state_name(7), "?");
}

static void flags_str__cpu_and_dry_run__not_flags_column(void **state)
{
	char buf[64];

	(void)state;
	/* Shown in WHERE and STATE instead. */
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_CPU | HWBP_WATCH_DRY_RUN), "-");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_CPU | HWBP_WATCH_LOG), "log");
}

static void table__where_state_regs__aligned(void **state)
{
	struct hwbp_watch w[4] = {
		watch(1, "runqueues+0x10", 0x2c8d0, HWBP_TYPE_W, 8, 3, 0),
		watch(2, "", 0x7ffd1000, HWBP_TYPE_RW, 40, 0, 0),
		watch(3, "pid_max", 0xffffffff82a1b2c0ULL, HWBP_TYPE_W, 4, 1,
		      HWBP_WATCH_CPU | HWBP_WATCH_LOG),
		watch(4, "runqueues", 0x2c8c0, HWBP_TYPE_W, 4, 0, 0),
	};
	static const char *const want[] = {
		"ID  TYPE  LEN  REGS  ADDRESS             WHERE         STATE    HITS  TARGET          FLAGS",
		" 1  w       8     1  0x000000000002c8d0  percpu:local  armed       3  runqueues+0x10  -",
		" 2  rw     40     5  0x000000007ffd1000  pid:4242      exited      0  -               -",
		" 3  w       4     1  0xffffffff82a1b2c0  cpu1          armed       1  pid_max         log",
		" 4  w       4     2  0x000000000002c8c0  percpu:all    armed       0  runqueues       -",
	};
	struct hwbp_table t;
	char line[256];
	unsigned int i;

	(void)state;
	w[0].percpu = HWBP_PERCPU_LOCAL;
	w[0].slots = 1;
	w[1].pid = 4242;
	w[1].state = HWBP_STATE_EXITED;
	w[1].slots = 5;
	w[2].cpu = 1;
	w[2].slots = 1;
	w[3].percpu = HWBP_PERCPU_ALL;
	w[3].slots = 2;
	hwbp_table_widths(&t, w, 4);
	hwbp_table_header(line, sizeof(line), &t);
	assert_string_equal(line, want[0]);
	for (i = 0; i < 4; i++) {
		hwbp_table_row(line, sizeof(line), &t, &w[i]);
		assert_string_equal(line, want[i + 1]);
	}
}

static void piece_row__cpu_or_all__aligned(void **state)
{
	struct hwbp_piece p[3] = {
		{ 0xffff888237a2c8d0ULL, 8, 0 },
		{ 0xffff888237a6c8d0ULL, 8, 11 },
		{ 0xffffffff82a1b2c0ULL, 4, -1 },
	};
	char line[128];
	int cw;

	(void)state;
	cw = hwbp_pieces_cpu_width(p, 3);
	assert_int_equal(cw, 5);
	hwbp_piece_row(line, sizeof(line), "  ", cw, &p[0]);
	assert_string_equal(line, "  cpu0   0xffff888237a2c8d0  8");
	hwbp_piece_row(line, sizeof(line), "  ", cw, &p[1]);
	assert_string_equal(line, "  cpu11  0xffff888237a6c8d0  8");
	hwbp_piece_row(line, sizeof(line), "  ", cw, &p[2]);
	assert_string_equal(line, "  all    0xffffffff82a1b2c0  4");
	assert_int_equal(hwbp_pieces_cpu_width(NULL, 0), 3);
}

static void slots_table__online_offline_others(void **state)
{
	struct hwbp_cpu_slots c[3] = {
		{ .cpu = 0, .online = 1, .total = 4, .hwbp = 1, .free = 3 },
		{ .cpu = 1 },
		{ .cpu = 1234, .online = 1, .total = 4, .hwbp = 2, .free = 1 },
	};
	char line[128];
	int cw;

	(void)state;
	cw = hwbp_slots_cpu_width(c, 2);
	hwbp_slots_header(line, sizeof(line), cw);
	assert_string_equal(line, "CPU  ONLINE  REGISTERS  HWBP  FREE  OTHERS");
	hwbp_slots_row(line, sizeof(line), cw, &c[0]);
	assert_string_equal(line, "  0  yes             4     1     3       0");
	hwbp_slots_row(line, sizeof(line), cw, &c[1]);
	assert_string_equal(line, "  1  no              -     -     -       -");
	cw = hwbp_slots_cpu_width(c, 3);
	assert_int_equal(cw, 4);
	hwbp_slots_row(line, sizeof(line), cw, &c[2]);
	assert_string_equal(line, "1234  yes             4     2     1       1");
	/* A module whose counts do not add up: no wrap-around. */
	c[0].hwbp = 3;
	c[0].free = 3;
	hwbp_slots_row(line, sizeof(line), 3, &c[0]);
	assert_string_equal(line, "  0  yes             4     3     3       0");
}

static void state_and_flags__stopped_record_stack(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_state_name(HWBP_STATE_STOPPED), "stopped");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_LOG | HWBP_WATCH_RECORD |
					   HWBP_WATCH_STACK), "log,record,stack");
}

static void record_stats__counters_then_what_is_set(void **state)
{
	struct hwbp_watch w = watch(1, "pid_max", 0, HWBP_TYPE_W, 4, 10, 0);
	char buf[256];

	(void)state;
	w.recorded = 5;
	w.dropped = 2;
	w.suppressed = 3;
	w.stacks_dropped = 1;
	hwbp_record_stats(buf, sizeof(buf), &w);
	assert_string_equal(buf, "recorded 5, dropped 2, suppressed 3, stacks dropped 1");
	w.filter = HWBP_FILTER_EQ;
	w.filter_value = 5;
	strcpy(w.allow, "a,b");
	w.max_hits = 1;
	hwbp_record_stats(buf, sizeof(buf), &w);
	assert_string_equal(buf,
		"recorded 5, dropped 2, suppressed 3, stacks dropped 1, filter ==5, allow a,b, max hits 1");
	hwbp_record_stats(buf, 20, &w);
	assert_string_equal(buf, "recorded 5, dropped");
	w.filter = HWBP_FILTER_NE;
	assert_string_equal(hwbp_filter_str(buf, sizeof(buf), &w), "!=5");
	w.filter = HWBP_FILTER_CHANGED;
	assert_string_equal(hwbp_filter_str(buf, sizeof(buf), &w), "changed");
	w.filter = 0;
	assert_string_equal(hwbp_filter_str(buf, sizeof(buf), &w), "-");
	w.filter = 7;
	assert_string_equal(hwbp_filter_str(buf, sizeof(buf), &w), "?7");
}

static void record_line__fields_and_optional_tail(void **state)
{
	struct hwbp_record r;
	char buf[512];

	(void)state;
	/* No kallsyms: every ip is hex. */
	setenv(HWBP_KALLSYMS_ENV, "/nonexistent/kallsyms", 1);
	hwbp_ksym_free();
	memset(&r, 0, sizeof(r));
	r.id = 2;
	r.seq = 1;
	r.time_ns = 5000999ULL;
	r.ip = 0xffffffff81234534ULL;
	r.addr = 0xffffffff82a1b2c0ULL;
	r.before = 1;
	r.after = 255;
	r.cpu = 3;
	r.pid = 1;
	r.tid = 2;
	r.len = 1;
	r.flags = HWBP_REC_VALUES | HWBP_REC_WRITE;
	memcpy(r.comm, "0123456789abcdef", 16);	/* no NUL */
	hwbp_record_line(buf, sizeof(buf), &r, NULL, false);
	assert_string_equal(buf,
		"0.005000 cpu3 0123456789abcdef[1/2] w2 0xffffffff82a1b2c0 0xffffffff81234534 1: 1 -> 255 write");
	hwbp_record_line(buf, sizeof(buf), &r, NULL, true);
	assert_non_null(strstr(buf, " 1: 0x1 -> 0xff write"));
	r.flags = HWBP_REC_VALUES;
	r.stack_id = 4;
	r.ustack_id = 5;
	hwbp_record_line(buf, sizeof(buf), &r, NULL, false);
	assert_non_null(strstr(buf, " 1: 1 -> 255 - stack=4 ustack=5"));
	r.flags = HWBP_REC_USER;
	hwbp_record_line(buf, sizeof(buf), &r, NULL, false);
	assert_non_null(strstr(buf, " 1: - -> - - stack=4 ustack=5 user"));
	assert_int_equal(hwbp_record_line(buf, 10, &r, NULL, false), (int)strlen(
		"0.005000 cpu3 0123456789abcdef[1/2] w2 0xffffffff82a1b2c0 0xffffffff81234534 1: - -> - - stack=4 ustack=5 user"));
	assert_string_equal(buf, "0.005000 ");
	assert_string_equal(hwbp_comm_str(buf, sizeof(buf), "a b\tc\x7f"), "a?b?c?");
	unsetenv(HWBP_KALLSYMS_ENV);
}

static void drops_str__both_one_or_none(void **state)
{
	struct hwbp_watch w = watch(1, "pid_max", 0, HWBP_TYPE_W, 4, 10, 0);
	char buf[256];

	(void)state;
	assert_int_equal(hwbp_drops_str(buf, sizeof(buf), &w), 0);
	assert_string_equal(buf, "");
	w.dropped = 12;
	w.suppressed = 3;
	hwbp_drops_str(buf, sizeof(buf), &w);
	assert_string_equal(buf,
		"watch 1: 12 hits not recorded (its ring on some CPU was full); 3 suppressed (filter/allow-list)");
	w.suppressed = 0;
	w.dropped = 1;
	hwbp_drops_str(buf, sizeof(buf), &w);
	assert_string_equal(buf, "watch 1: 1 hit not recorded (its ring on some CPU was full)");
	w.dropped = 0;
	w.suppressed = 2;
	hwbp_drops_str(buf, sizeof(buf), &w);
	assert_string_equal(buf, "watch 1: 2 hits suppressed (filter/allow-list)");
}

static void table__probe_and_on_rows__dashes_call_waiting(void **state)
{
	struct hwbp_watch w[3] = {
		watch(1, "vfs_read", 0xffffffff81234900ULL, HWBP_TYPE_PROBE, 0,
		      12, HWBP_WATCH_RECORD),
		watch(2, "do_sys_openat2", 0xffffffff81234a00ULL,
		      HWBP_TYPE_RETPROBE, 0, 3, 0),
		watch(3, "", 0, HWBP_TYPE_W, 8, 0, HWBP_WATCH_RECORD),
	};
	static const char *const want[] = {
		"ID  TYPE      LEN  REGS  ADDRESS             WHERE        STATE    HITS  TARGET          FLAGS",
		" 1  probe       -     -  0xffffffff81234900  call         armed      12  vfs_read        record",
		" 2  retprobe    -     -  0xffffffff81234a00  call         armed       3  do_sys_openat2  -",
		" 3  w           8     0  -                   on:sk_alloc  waiting     0  -               record",
	};
	struct hwbp_table t;
	char line[256];
	unsigned int i;

	(void)state;
	strcpy(w[2].on, "sk_alloc:arg1");
	hwbp_table_widths(&t, w, 3);
	hwbp_table_header(line, sizeof(line), &t);
	assert_string_equal(line, want[0]);
	for (i = 0; i < 3; i++) {
		hwbp_table_row(line, sizeof(line), &t, &w[i]);
		assert_string_equal(line, want[i + 1]);
	}
	assert_string_equal(hwbp_type_name(HWBP_TYPE_PROBE), "probe");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_RETPROBE), "retprobe");
	/* Armed: an address and a WHERE like any watch. */
	w[2].addr = 0xffff888100000010ULL;
	assert_false(hwbp_on_waiting(&w[2]));
	assert_string_equal(hwbp_where_str(line, sizeof(line), &w[2]), "all");
}

static void record_stats__probe_and_on__by_arg_missed_on_until(void **state)
{
	struct hwbp_watch w = watch(1, "vfs_read", 0, HWBP_TYPE_PROBE, 0, 10,
				    HWBP_WATCH_RECORD);
	char buf[256];

	(void)state;
	w.probe_by = HWBP_BY_COMM;
	w.arg = 2;
	w.arg_kind = HWBP_ARG_USTR;
	w.missed = 4;
	hwbp_record_stats(buf, sizeof(buf), &w);
	assert_string_equal(buf,
		"recorded 0, dropped 0, suppressed 0, stacks dropped 0, by comm, arg 2:ustr, missed 4");
	w.probe_by = HWBP_BY_ARG;
	w.by_arg = 3;
	w.arg = 0;
	w.arg_kind = 0;
	hwbp_record_stats(buf, sizeof(buf), &w);
	assert_string_equal(buf,
		"recorded 0, dropped 0, suppressed 0, stacks dropped 0, by arg3, missed 4");
	w.probe_by = HWBP_BY_IP;
	hwbp_record_stats(buf, sizeof(buf), &w);
	assert_non_null(strstr(buf, ", by caller, missed 4"));
	w = watch(2, "", 0, HWBP_TYPE_W, 8, 0, HWBP_WATCH_RECORD);
	strcpy(w.on, "sk_alloc:arg1+0x10");
	strcpy(w.until, "sk_free:arg1");
	hwbp_record_stats(buf, sizeof(buf), &w);
	assert_string_equal(buf,
		"recorded 0, dropped 0, suppressed 0, stacks dropped 0, on sk_alloc:arg1+0x10 until sk_free:arg1");
}

static void record_line__probe__caller_arg_str_ret(void **state)
{
	struct hwbp_watch w = watch(4, "vfs_read", 0xffffffff81234900ULL,
				    HWBP_TYPE_PROBE, 0, 0, HWBP_WATCH_RECORD);
	struct hwbp_record r;
	char buf[512];

	(void)state;
	setenv(HWBP_KALLSYMS_ENV, "/nonexistent/kallsyms", 1);
	hwbp_ksym_free();
	memset(&r, 0, sizeof(r));
	r.id = 4;
	r.time_ns = 1500000000ULL;
	r.ip = 0xffffffff81234b6aULL;
	r.addr = 0xffffffff81234900ULL;
	r.cpu = 0;
	r.pid = 7;
	r.tid = 8;
	strcpy(r.comm, "cat");
	hwbp_record_line(buf, sizeof(buf), &r, &w, false);
	assert_string_equal(buf,
		"1.500000 cpu0 cat[7/8] p4 vfs_read caller=0xffffffff81234b6a");
	w.arg = 2;
	w.arg_kind = HWBP_ARG_USTR;
	r.flags = HWBP_REC_ARG | HWBP_REC_STR;
	r.before = 0x7ffd1000;
	strcpy(r.str, "a\"b\\c\td\x7f\xc3\xa9");
	r.stack_id = 9;
	hwbp_record_line(buf, sizeof(buf), &r, &w, false);
	assert_string_equal(buf,
		"1.500000 cpu0 cat[7/8] p4 vfs_read caller=0xffffffff81234b6a arg2=\"a\\\"b\\\\c\\td\\x7f\\xc3\\xa9\" stack=9");
	r.flags = HWBP_REC_ARG;	/* unreadable string: the pointer */
	r.stack_id = 0;
	hwbp_record_line(buf, sizeof(buf), &r, &w, false);
	assert_string_equal(buf,
		"1.500000 cpu0 cat[7/8] p4 vfs_read caller=0xffffffff81234b6a arg2=0x7ffd1000");
	w.type = HWBP_TYPE_RETPROBE;
	w.arg_kind = HWBP_ARG_U64;
	w.arg = 3;
	r.flags = HWBP_REC_ARG | HWBP_REC_RET;
	r.before = 4096;
	r.after = (__u64)-14;
	hwbp_record_line(buf, sizeof(buf), &r, &w, false);
	assert_string_equal(buf,
		"1.500000 cpu0 cat[7/8] p4 vfs_read caller=0xffffffff81234b6a arg3=4096 ret=-14");
	hwbp_record_line(buf, sizeof(buf), &r, &w, true);
	assert_non_null(strstr(buf, " arg3=0x1000 ret=-14"));
	/* Without its watch: by the record's flags, the function by address. */
	hwbp_record_line(buf, sizeof(buf), &r, NULL, false);
	assert_string_equal(buf,
		"1.500000 cpu0 cat[7/8] p4 0xffffffff81234900 caller=0xffffffff81234b6a arg=4096 ret=-14");
	unsetenv(HWBP_KALLSYMS_ENV);
}

static void quote_str__escapes_and_no_nul(void **state)
{
	char buf[300], s[8];

	(void)state;
	assert_string_equal(hwbp_quote_str(buf, sizeof(buf), "", 8), "\"\"");
	assert_string_equal(hwbp_quote_str(buf, sizeof(buf), "a\nb\r\x1b", 8),
			    "\"a\\nb\\r\\x1b\"");
	memset(s, 'x', sizeof(s));	/* no NUL: at most 8 bytes read */
	assert_string_equal(hwbp_quote_str(buf, sizeof(buf), s, sizeof(s)),
			    "\"xxxxxxxx\"");
	hwbp_quote_str(buf, 4, "abcdef", 8);
	assert_string_equal(buf, "\"ab");
}

static void log2_range__buckets_units_and_signs(void **state)
{
	char buf[48];

	(void)state;
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 0), "0");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 1), "[1, 2)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 10), "[512, 1K)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 11), "[1K, 2K)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 21), "[1M, 2M)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 64), "[8E, 16E)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), -4), "-[8, 16)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), -1), "-[1, 2)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), -64), "-[8E, 16E)");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), 65), "?65");
	assert_string_equal(hwbp_log2_range(buf, sizeof(buf), -100), "?-100");
}

static void hist_row__bar_scaled_never_invisible(void **state)
{
	char buf[256];

	(void)state;
	hwbp_hist_row(buf, sizeof(buf), 8, 5, "[1K, 2K)", 10, 10);
	assert_string_equal(buf,
		"[1K, 2K)     10  |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|");
	hwbp_hist_row(buf, sizeof(buf), 8, 5, "0", 1, 1000);
	assert_string_equal(buf,
		"0             1  |@                                       |");
	hwbp_hist_row(buf, sizeof(buf), 8, 5, "-[8, 16)", 0, 1000);
	assert_string_equal(buf,
		"-[8, 16)      0  |                                        |");
	hwbp_hist_row(buf, sizeof(buf), 8, 5, "x", 5, 0);
	assert_non_null(strstr(buf, "|@  "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_name__each_type__short_name),
		cmocka_unit_test(flags_str__none__dash),
		cmocka_unit_test(flags_str__known__comma_list),
		cmocka_unit_test(flags_str__unknown_bits__hex),
		cmocka_unit_test(flags_str__small_buffer__truncated_safely),
		cmocka_unit_test(table__empty__headings_only_widths),
		cmocka_unit_test(table__rows__aligned_under_headings),
		cmocka_unit_test(table__every_line__same_column_starts),
		cmocka_unit_test(where_str__every_kind__short_form),
		cmocka_unit_test(state_name__each_state__word),
		cmocka_unit_test(flags_str__cpu_and_dry_run__not_flags_column),
		cmocka_unit_test(table__where_state_regs__aligned),
		cmocka_unit_test(piece_row__cpu_or_all__aligned),
		cmocka_unit_test(slots_table__online_offline_others),
		cmocka_unit_test(state_and_flags__stopped_record_stack),
		cmocka_unit_test(record_stats__counters_then_what_is_set),
		cmocka_unit_test(record_line__fields_and_optional_tail),
		cmocka_unit_test(drops_str__both_one_or_none),
		cmocka_unit_test(table__probe_and_on_rows__dashes_call_waiting),
		cmocka_unit_test(record_stats__probe_and_on__by_arg_missed_on_until),
		cmocka_unit_test(record_line__probe__caller_arg_str_ret),
		cmocka_unit_test(quote_str__escapes_and_no_nul),
		cmocka_unit_test(log2_range__buckets_units_and_signs),
		cmocka_unit_test(hist_row__bar_scaled_never_invisible),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
