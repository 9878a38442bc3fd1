// SPDX-License-Identifier: GPL-2.0
/*
 * The commands end to end against a fake module: tool/main.c (its main()
 * renamed hwbp_main) and every tool file, with open(), ioctl() and close()
 * replaced by -Wl,--wrap so that HWBP_IOC_* land in the fake below.
 *
 * The fake keeps the module's input rules (zeroed reserved and output
 * fields, LIST's next_id/total/flags/pad zero), so these tests also check
 * that the tool fills the ABI structs the way the module demands.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "unit.h"
#include "hwbp.h"

int hwbp_main(int argc, char **argv);

#define FAKE_FD		1000
#define FAKE_MAX	200

static struct {
	int open_errno;			/* open() fails with this */
	int info_errno;			/* HWBP_IOC_INFO fails with this */
	__u32 abi;
	__u32 exec_len;
	__u32 next_id;
	struct hwbp_watch w[FAKE_MAX];	/* w[i].id == 0: free */
	__u32 fail_reason;		/* HWBP_IOC_ADD refuses with this */
	int fail_errno;
	__s32 fail_cpu;
	__u64 fail_arg;
	int list_calls;
	int open_fds;
} fake;

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return false;
	return true;
}

static struct hwbp_watch *find(__u32 id)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX; i++)
		if (fake.w[i].id == id && id)
			return &fake.w[i];
	return NULL;
}

static __u32 count(void)
{
	__u32 i, n = 0;

	for (i = 0; i < FAKE_MAX; i++)
		n += !!fake.w[i].id;
	return n;
}

static int fake_add(struct hwbp_add *a)
{
	struct hwbp_watch *w = &a->watch, *slot;

	if (w->id || w->hits || a->reason || a->reason_cpu || a->reason_arg ||
	    !all_zero(w->reserved, sizeof(w->reserved)) ||
	    !all_zero(a->reserved, sizeof(a->reserved))) {
		a->reason = HWBP_R_RESERVED;
		return -EINVAL;
	}
	if (w->flags & ~HWBP_WATCH_IN_FLAGS) {
		a->reason = HWBP_R_BAD_FLAGS;
		return -EINVAL;
	}
	if (fake.fail_reason || fake.fail_errno) {
		a->reason = fake.fail_reason;
		a->reason_cpu = fake.fail_cpu;
		a->reason_arg = fake.fail_arg;
		return -fake.fail_errno;
	}
	if (w->target[0]) {
		if (strncmp(w->target, "pid_max", 7)) {
			a->reason = HWBP_R_NO_SYMBOL;
			a->reason_cpu = -1;
			return -ENOENT;
		}
		w->addr = 0xffffffff82a1b2c0ULL;
	}
	if (!w->len)
		w->len = w->type == HWBP_TYPE_X ? fake.exec_len : 4;
	for (slot = fake.w; slot < fake.w + FAKE_MAX && slot->id; slot++)
		;
	if (slot == fake.w + FAKE_MAX)
		return -EMFILE;
	w->id = ++fake.next_id;
	*slot = *w;
	return 0;
}

static int fake_del(struct hwbp_del *d)
{
	struct hwbp_watch *w;

	if (d->flags & ~HWBP_DEL_ALL || !all_zero(d->reserved, sizeof(d->reserved)))
		return -EINVAL;
	if (d->flags & HWBP_DEL_ALL) {
		if (d->id)
			return -EINVAL;
		memset(fake.w, 0, sizeof(fake.w));
		return 0;
	}
	w = find(d->id);
	if (!w)
		return -ENOENT;
	memset(w, 0, sizeof(*w));
	return 0;
}

/* As kmod/watch.c does it: ids in order, next_id where the batch stopped. */
static int fake_list(struct hwbp_list *l)
{
	struct hwbp_watch *dst = (struct hwbp_watch *)(unsigned long)l->watches;
	__u32 id, n = 0;

	fake.list_calls++;
	if (l->next_id || l->total || l->flags || l->pad ||
	    !all_zero(l->reserved, sizeof(l->reserved)))
		return -EINVAL;
	l->next_id = 0;
	for (id = l->start_id; id <= fake.next_id; id++) {
		struct hwbp_watch *w = find(id);

		if (!w)
			continue;
		if (n == l->count) {
			l->next_id = id;
			break;
		}
		dst[n++] = *w;
	}
	l->total = count();
	l->count = n;
	return 0;
}

int __wrap_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	if (fake.open_errno) {
		errno = fake.open_errno;
		return -1;
	}
	fake.open_fds++;
	return FAKE_FD;
}

int __wrap_close(int fd);
int __real_close(int fd);
int __wrap_close(int fd)
{
	if (fd != FAKE_FD)
		return __real_close(fd);
	fake.open_fds--;
	return 0;
}

int __wrap_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct hwbp_info *info;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	assert_int_equal(fd, FAKE_FD);

	switch (req) {
	case HWBP_IOC_INFO:
		if (fake.info_errno) {
			ret = -fake.info_errno;
			break;
		}
		info = arg;
		memset(info, 0, sizeof(*info));
		info->abi_version = fake.abi;
		info->slots_per_cpu = 4;
		info->exec_len = fake.exec_len;
		info->nr_cpu_ids = 2;
		info->nr_online = 2;
		info->nr_watches = count();
		info->max_watches = FAKE_MAX;
		strcpy(info->version, "0.1.0-fake");
		ret = 0;
		break;
	case HWBP_IOC_ADD:
		ret = fake_add(arg);
		break;
	case HWBP_IOC_DEL:
		ret = fake_del(arg);
		break;
	case HWBP_IOC_LIST:
		ret = fake_list(arg);
		break;
	default:
		ret = -ENOTTY;
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

/* ---- running the tool ---- */

static char out[65536], err[65536];

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run "hwbp ARGS..." (NULL-terminated); stdout and stderr land in out/err. */
static int run(const char *arg0, ...)
{
	char *argv[32];
	FILE *fo = tmpfile(), *fe = tmpfile();
	int argc = 1, saved_out, saved_err, ret;
	const char *a;
	va_list ap;

	assert_non_null(fo);
	assert_non_null(fe);
	argv[0] = "hwbp";
	va_start(ap, arg0);
	for (a = arg0; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	ret = hwbp_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(fo, out, sizeof(out));
	slurp(fe, err, sizeof(err));
	assert_int_equal(fake.open_fds, 0);	/* every open is closed */
	return ret;
}

static int reset(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.abi = HWBP_ABI_VERSION;
	fake.exec_len = 8;
	hwbp_json = false;
	return 0;
}

static void add__symbol__prints_id_alone(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_string_equal(err, "");
	assert_int_equal(fake.w[0].type, HWBP_TYPE_W);
	assert_int_equal(fake.w[0].len, 4);
	assert_int_equal(run("add", "pid_max", "--log", "-l", "8", NULL), 0);
	assert_string_equal(out, "2\n");
	assert_int_equal(fake.w[1].flags, HWBP_WATCH_LOG);
	assert_int_equal(fake.w[1].len, 8);
}

static void add__type_r__arms_rw_and_notes_it(void **state)
{
	(void)state;
	assert_int_equal(run("add", "-t", "r", "pid_max", NULL), 0);
	assert_string_equal(out, "1\n");
	assert_string_equal(err,
		"hwbp: note: x86 cannot trap reads alone; watching reads and writes (rw)\n");
	assert_int_equal(fake.w[0].type, HWBP_TYPE_RW);
}

static void add__exec_without_len__uses_info_exec_len(void **state)
{
	(void)state;
	fake.exec_len = 8;
	assert_int_equal(run("add", "-t", "x", "0xffffffff81000003", NULL), 0);
	assert_int_equal(fake.w[0].len, 8);
	assert_int_equal(fake.w[0].type, HWBP_TYPE_X);
	assert_true(fake.w[0].addr == 0xffffffff81000003ULL);
	assert_string_equal(fake.w[0].target, "");
}

static void add__json__armed_watch_object(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", "--json", NULL), 0);
	assert_string_equal(out,
		"{\"id\":1,\"target\":\"pid_max\",\"addr\":\"0xffffffff82a1b2c0\","
		"\"type\":\"w\",\"len\":4,\"hits\":0,\"flags\":[]}\n");
	assert_int_equal(run("-j", "add", "pid_max", NULL), 0);
	assert_non_null(strstr(out, "\"id\":2"));
}

static void add__no_symbol__sentence_exit_1(void **state)
{
	(void)state;
	assert_int_equal(run("add", "nosuch", NULL), 1);
	assert_string_equal(out, "");
	assert_string_equal(err, "hwbp: no kernel symbol 'nosuch' (check /proc/kallsyms)\n");
}

static void add__no_slot__names_cpu(void **state)
{
	(void)state;
	fake.fail_reason = HWBP_R_NO_SLOT;
	fake.fail_errno = ENOSPC;
	fake.fail_cpu = 1;
	fake.fail_arg = 4;
	assert_int_equal(run("add", "pid_max", NULL), 1);
	assert_string_equal(err,
		"hwbp: no free debug register on CPU 1: all 4 are in use (by hwbp or by perf, ptrace, gdb, kgdb); delete a watch with hwbp del\n");
}

static void add__usage_error__device_never_opened(void **state)
{
	(void)state;
	fake.open_errno = ENOENT;
	assert_int_equal(run("add", "-l", "3", "pid_max", NULL), 2);
	assert_int_equal(run("add", "-t", "x", "-l", "4", "pid_max", NULL), 2);
	assert_null(strstr(err, "not loaded"));
}

static void list__none__prints_nothing(void **state)
{
	(void)state;
	assert_int_equal(run("list", NULL), 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	assert_int_equal(run("list", "--json", NULL), 0);
	assert_string_equal(out, "[]\n");
}

static void list__watches__table(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", "--log", NULL), 0);
	assert_int_equal(run("add", "-t", "x", "0xffffffff81000000", NULL), 0);
	assert_int_equal(run("add", "-t", "rw", "-l", "8", "pid_max+8", NULL), 0);
	fake.w[0].hits = 12;
	fake.w[2].flags |= HWBP_WATCH_PARAM;
	assert_int_equal(run("list", NULL), 0);
	assert_string_equal(out,
		"ID  TYPE  LEN  ADDRESS             HITS  TARGET     FLAGS\n"
		" 1  w       4  0xffffffff82a1b2c0    12  pid_max    log\n"
		" 2  x       8  0xffffffff81000000     0  -          -\n"
		" 3  rw      8  0xffffffff82a1b2c0     0  pid_max+8  param\n");
}

static void list__json__array(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "0xffffffff81000000", "-l", "1", NULL), 0);
	assert_int_equal(run("-j", "list", NULL), 0);
	assert_string_equal(out,
		"[{\"id\":1,\"target\":\"pid_max\",\"addr\":\"0xffffffff82a1b2c0\",\"type\":\"w\",\"len\":4,\"hits\":0,\"flags\":[]},"
		"{\"id\":2,\"target\":null,\"addr\":\"0xffffffff81000000\",\"type\":\"w\",\"len\":1,\"hits\":0,\"flags\":[]}]\n");
}

static void list__more_than_a_batch__all_in_id_order(void **state)
{
	char id[16];
	unsigned int i;
	const char *line;

	(void)state;
	for (i = 0; i < 150; i++)
		assert_int_equal(run("add", "pid_max", NULL), 0);
	/* Holes in the ids, across batch boundaries. */
	assert_int_equal(run("del", "2", "64", "65", "130", NULL), 0);
	fake.list_calls = 0;
	assert_int_equal(run("list", NULL), 0);
	assert_int_equal(fake.list_calls, 3);
	line = strchr(out, '\n') + 1;
	for (i = 1; i <= 150; i++) {
		if (i == 2 || i == 64 || i == 65 || i == 130)
			continue;
		snprintf(id, sizeof(id), "%3u  w", i);
		assert_memory_equal(line, id, strlen(id));
		line = strchr(line, '\n') + 1;
	}
	assert_string_equal(line, "");
}

static void del__existing__gone(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "1", NULL), 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	assert_int_equal(count(), 0);
}

static void del__some_missing__deletes_rest_reports_each(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "7", "1", "9", NULL), 1);
	assert_string_equal(err,
		"hwbp: no watch with id 7 (see hwbp list)\n"
		"hwbp: no watch with id 9 (see hwbp list)\n");
	assert_null(find(1));
	assert_non_null(find(2));
}

static void del__bad_id_among_good__nothing_deleted(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "1", "abc", NULL), 2);
	assert_non_null(find(1));
}

static void del__all__every_watch(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("del", "--all", NULL), 0);
	assert_int_equal(count(), 0);
}

static void info__text__every_field(void **state)
{
	(void)state;
	assert_int_equal(run("add", "pid_max", NULL), 0);
	assert_int_equal(run("info", NULL), 0);
	assert_string_equal(out,
		"module version:   0.1.0-fake\n"
		"tool version:     " HWBP_TOOL_VERSION "\n"
		"ABI version:      1 (tool 1)\n"
		"CPUs:             2 online, 2 possible\n"
		"debug registers:  4 per CPU\n"
		"watches:          1 of 200 in use\n"
		"execute length:   8 bytes\n");
}

static void info__json__object(void **state)
{
	(void)state;
	assert_int_equal(run("info", "-j", NULL), 0);
	assert_string_equal(out,
		"{\"version\":\"0.1.0-fake\",\"tool_version\":\"" HWBP_TOOL_VERSION "\","
		"\"abi_version\":1,\"tool_abi_version\":1,\"cpus_online\":2,"
		"\"cpus_possible\":2,\"slots_per_cpu\":4,\"watches\":0,"
		"\"max_watches\":200,\"exec_len\":8}\n");
}

static void info__abi_mismatch__shown_then_exit_1(void **state)
{
	(void)state;
	fake.abi = 2;
	assert_int_equal(run("info", NULL), 1);
	assert_non_null(strstr(out, "ABI version:      2 (tool 1)"));
	assert_string_equal(err,
		"hwbp: the hwbp module speaks ABI 2 and this tool ABI 1: use the tool built with the module\n");
}

static void abi_mismatch__other_commands__refused(void **state)
{
	(void)state;
	fake.abi = 2;
	assert_int_equal(run("list", NULL), 1);
	assert_int_equal(fake.list_calls, 0);
	assert_int_equal(run("add", "pid_max", NULL), 1);
	assert_int_equal(count(), 0);
	assert_non_null(strstr(err, "speaks ABI 2"));
}

static void open__eacces__needs_root(void **state)
{
	(void)state;
	fake.open_errno = EACCES;
	assert_int_equal(run("list", NULL), 1);
	assert_string_equal(err,
		"hwbp: permission denied on /dev/hwbp: hwbp needs root (CAP_SYS_ADMIN)\n");
}

static void info_enotty__versions_differ(void **state)
{
	(void)state;
	fake.info_errno = ENOTTY;
	assert_int_equal(run("info", NULL), 1);
	assert_string_equal(err,
		"hwbp: /dev/hwbp does not speak this ABI: tool and module versions differ\n");
}

#define T(f)	cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add__symbol__prints_id_alone),
		T(add__type_r__arms_rw_and_notes_it),
		T(add__exec_without_len__uses_info_exec_len),
		T(add__json__armed_watch_object),
		T(add__no_symbol__sentence_exit_1),
		T(add__no_slot__names_cpu),
		T(add__usage_error__device_never_opened),
		T(list__none__prints_nothing),
		T(list__watches__table),
		T(list__json__array),
		T(list__more_than_a_batch__all_in_id_order),
		T(del__existing__gone),
		T(del__some_missing__deletes_rest_reports_each),
		T(del__bad_id_among_good__nothing_deleted),
		T(del__all__every_watch),
		T(info__text__every_field),
		T(info__json__object),
		T(info__abi_mismatch__shown_then_exit_1),
		T(abi_mismatch__other_commands__refused),
		T(open__eacces__needs_root),
		T(info_enotty__versions_differ),
	};

	/* The fake device, whatever the environment says. */
	unsetenv(HWBP_DEVICE_ENV);
	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
