// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp add, hwbp del, hwbp list: watches on kernel memory.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hwbp.h"

static void add_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp add TARGET [-t|--type r|w|rw|x] [-l|--len N] [--log] [-j|--json]\n"
		"\n"
		"Watch TARGET on every online CPU and print the new watch's id alone,\n"
		"so that scripts can keep it: id=$(hwbp add pid_max).\n"
		"\n"
		"TARGET := { SYMBOL | SYMBOL+OFFSET | 0xADDRESS }\n"
		"  SYMBOL      a kernel symbol as /proc/kallsyms lists it (pid_max)\n"
		"  OFFSET      bytes into the symbol, decimal or 0x hex (jiffies+4)\n"
		"  0xADDRESS   a kernel address; an address must start with 0x\n"
		"\n"
		"Options:\n"
		"  -t, --type TYPE  the accesses that hit (default w):\n"
		"                     w   writes\n"
		"                     rw  reads and writes\n"
		"                     r   x86 debug registers cannot trap reads alone:\n"
		"                         hwbp arms rw instead and says so on stderr\n"
		"                     x   execution of the instruction at TARGET\n"
		"  -l, --len N      bytes to watch: 1, 2, 4 or 8, and TARGET must be a\n"
		"                   multiple of N. Default: the symbol's size when it is\n"
		"                   1, 2, 4 or 8, else the widest aligned length that\n"
		"                   fits. An execute watch covers one instruction and\n"
		"                   takes only %zu (sizeof(long)).\n"
		"      --log        print each hit and its stack to the kernel log\n"
		"                   (ratelimited)\n"
		"  -j, --json       print the armed watch as a JSON object\n"
		"  -h, --help       print this help and exit\n",
		sizeof(long));
}

int hwbp_cmd_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "len",  required_argument, NULL, 'l' },
		{ "log",  no_argument,       NULL, 'L' },
		{ "json", no_argument,       NULL, 'j' },
		{ "help", no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = NULL, *len = NULL;
	char why[HWBP_WHY_MAX];
	struct hwbp_info info;
	struct hwbp_add add;
	struct hwbp_jw j;
	bool log = false, widened;
	int c, fd, ret;

	while ((c = hwbp_getopt(argc, argv, "t:l:jh", opts, "add")) != -1) {
		switch (c) {
		case 't':
			type = optarg;
			break;
		case 'l':
			len = optarg;
			break;
		case 'L':
			log = true;
			break;
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			add_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		hwbp_err("add needs a TARGET: a symbol, symbol+offset or 0x address (see hwbp add --help)");
		return HWBP_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		hwbp_err("what is '%s'? add takes one TARGET (see hwbp add --help)",
			 argv[optind + 1]);
		return HWBP_EXIT_USAGE;
	}

	memset(&add, 0, sizeof(add));
	if (hwbp_parse_add(argv[optind], type, len, log, &add.watch, &widened,
			   why, sizeof(why))) {
		hwbp_err("%s", why);
		return HWBP_EXIT_USAGE;
	}

	fd = hwbp_open(&info, true);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	if (add.watch.type == HWBP_TYPE_X && !add.watch.len)
		add.watch.len = info.exec_len ? info.exec_len : sizeof(long);
	if (widened)
		hwbp_err("note: x86 cannot trap reads alone; watching reads and writes (rw)");

	ret = hwbp_dev_add(fd, &add);
	close(fd);
	if (ret) {
		hwbp_err("%s", hwbp_add_str(why, sizeof(why), &add, ret));
		return HWBP_EXIT_FAIL;
	}

	if (add.watch.flags & HWBP_WATCH_LEN_GUESS)
		hwbp_err("note: kallsyms does not know the size of %s; watching %u bytes (give -l to choose)",
			 add.watch.target, add.watch.len);

	if (hwbp_json) {
		hwbp_jw_init(&j, stdout);
		hwbp_json_watch(&j, &add.watch);
		hwbp_jw_end(&j);
	} else {
		printf("%u\n", add.watch.id);
	}
	return HWBP_EXIT_OK;
}

static void del_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp del ID...\n"
		"       hwbp del --all\n"
		"\n"
		"Delete watches by id, as hwbp list and hwbp add show them. With\n"
		"several ids, each one that exists is deleted and each one that\n"
		"does not is reported (exit status 1).\n"
		"\n"
		"Options:\n"
		"  -a, --all   delete every watch\n"
		"  -h, --help  print this help and exit\n");
}

int hwbp_cmd_del(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all",  no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dev = hwbp_dev_path();
	char why[HWBP_WHY_MAX];
	struct hwbp_info info;
	bool all = false;
	int c, i, n, fd, ret, status = HWBP_EXIT_OK;
	__u32 *ids;

	while ((c = hwbp_getopt(argc, argv, "ah", opts, "del")) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'h':
			del_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	n = argc - optind;
	if (all && n) {
		hwbp_err("del takes either ids or --all, not both (see hwbp del --help)");
		return HWBP_EXIT_USAGE;
	}
	if (!all && !n) {
		hwbp_err("del needs an ID or --all (see hwbp del --help)");
		return HWBP_EXIT_USAGE;
	}

	/* Every id is checked before the first one is deleted. */
	ids = calloc(n ? n : 1, sizeof(*ids));
	if (!ids) {
		hwbp_err("out of memory");
		return HWBP_EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		if (hwbp_parse_id(argv[optind + i], &ids[i], why, sizeof(why))) {
			hwbp_err("%s", why);
			free(ids);
			return HWBP_EXIT_USAGE;
		}
	}

	fd = hwbp_open(&info, true);
	if (fd < 0) {
		free(ids);
		return HWBP_EXIT_FAIL;
	}
	if (all) {
		ret = hwbp_dev_del(fd, 0, HWBP_DEL_ALL);
		if (ret) {
			hwbp_err("%s", hwbp_errno_str(why, sizeof(why),
						       HWBP_OP_DEL, ret, dev, 0));
			status = HWBP_EXIT_FAIL;
		}
	}
	for (i = 0; i < n; i++) {
		ret = hwbp_dev_del(fd, ids[i], 0);
		if (ret) {
			hwbp_err("%s", hwbp_errno_str(why, sizeof(why),
						       HWBP_OP_DEL, ret, dev,
						       ids[i]));
			status = HWBP_EXIT_FAIL;
		}
	}
	close(fd);
	free(ids);
	return status;
}

static void list_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp list [-j|--json]\n"
		"\n"
		"List the watches in id order, under a heading:\n"
		"  ID  TYPE  LEN  ADDRESS  HITS  TARGET  FLAGS\n"
		"TYPE is w, rw or x; HITS counts every CPU; TARGET is the symbol as\n"
		"given, or - for a raw address; FLAGS is log (hits go to the kernel\n"
		"log), param (armed by the module's parameters), both, or -.\n"
		"With no watches, list prints nothing at all (JSON: []), so that\n"
		"[ -z \"$(hwbp list)\" ] tests for none.\n"
		"\n"
		"Options:\n"
		"  -j, --json  print a JSON array of objects with the keys id, target\n"
		"              (null for a raw address), addr (\"0x...\"), type, len,\n"
		"              hits and flags (an array of strings)\n"
		"  -h, --help  print this help and exit\n");
}

static void print_table(const struct hwbp_watch *w, size_t n)
{
	struct hwbp_table t;
	char line[512];
	size_t i;

	if (!n)
		return;
	hwbp_table_widths(&t, w, n);
	hwbp_table_header(line, sizeof(line), &t);
	puts(line);
	for (i = 0; i < n; i++) {
		hwbp_table_row(line, sizeof(line), &t, &w[i]);
		puts(line);
	}
}

int hwbp_cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char why[HWBP_WHY_MAX];
	struct hwbp_watch *w;
	struct hwbp_info info;
	struct hwbp_jw j;
	size_t n, i;
	int c, fd, ret;

	while ((c = hwbp_getopt(argc, argv, "jh", opts, "list")) != -1) {
		switch (c) {
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			list_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		hwbp_err("what is '%s'? list takes no arguments (see hwbp list --help)",
			 argv[optind]);
		return HWBP_EXIT_USAGE;
	}

	fd = hwbp_open(&info, true);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	ret = hwbp_dev_list(fd, &w, &n);
	close(fd);
	if (ret) {
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_LIST,
					       ret, hwbp_dev_path(), 0));
		return HWBP_EXIT_FAIL;
	}

	if (hwbp_json) {
		hwbp_jw_init(&j, stdout);
		hwbp_jw_array(&j);
		for (i = 0; i < n; i++)
			hwbp_json_watch(&j, &w[i]);
		hwbp_jw_array_end(&j);
		hwbp_jw_end(&j);
	} else {
		print_table(w, n);
	}
	free(w);
	return HWBP_EXIT_OK;
}
