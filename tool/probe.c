// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp probe: a kprobe (or kretprobe) on a kernel function, counted and
 * recorded like a watch: who calls it, with what, and what it returns.
 *
 * A probe is a watch of type HWBP_TYPE_PROBE or _RETPROBE: it has an id,
 * and hwbp list, hits, counts, stacks, clear and del take it as they take
 * any watch.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hwbp.h"

static void probe_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp probe FUNC [--ret] [--by KEY] [--arg N[:KIND]] [--count-only]\n"
		"                  [-j|--json]\n"
		"KEY  := { comm | pid | caller | cpu | stack | argN | retval }\n"
		"KIND := { u64 | str | ustr }\n"
		"\n"
		"Probe the kernel function FUNC (a kprobe: no debug register is used)\n"
		"and print the new probe's id alone, as hwbp add does: id=$(hwbp probe\n"
		"vfs_read). FUNC is a function as /proc/kallsyms lists it, or\n"
		"function+offset (decimal or 0x hex), never an address. Every call is\n"
		"counted exactly and by caller, pid, comm and cpu (hwbp counts), and\n"
		"recorded for hwbp hits unless --count-only. hwbp list shows it as\n"
		"TYPE probe (or retprobe), WHERE call.\n"
		"\n"
		"Options:\n"
		"      --ret        a return probe (kretprobe): each record also holds\n"
		"                   the return value, and hwbp counts --by retval shows\n"
		"                   them as a histogram. FUNC takes no offset.\n"
		"  -b, --by KEY     what hwbp counts shows for this probe without --by\n"
		"                   (default comm): comm, pid, caller (where FUNC was\n"
		"                   called from), cpu, stack (each call's kernel stack:\n"
		"                   hwbp stacks), argN (the value of argument N, 1 to\n"
		"                   %d), or retval with --ret\n"
		"  -a, --arg N[:KIND]\n"
		"                   record argument N (1 to %d, the x86-64 argument\n"
		"                   registers) of each call, read as KIND:\n"
		"                     u64   the value itself (default)\n"
		"                     str   a NUL-terminated string in kernel memory\n"
		"                     ustr  a NUL-terminated string in user memory\n"
		"                   (at most %d bytes kept). A pointer into user memory\n"
		"                   must be read as ustr, never str: the kernel reads\n"
		"                   the two with different accessors, and str on a user\n"
		"                   pointer reads nothing (or fails) on a kernel that\n"
		"                   separates the two (SMAP). Arguments are read when\n"
		"                   FUNC is entered, also with --ret: an output buffer\n"
		"                   (vfs_read's arg 2) holds what was there before.\n"
		"      --count-only count calls, record nothing (no hits); takes neither\n"
		"                   --arg nor --by stack\n"
		"  -j, --json       print the probe as a JSON object (the keys of hwbp\n"
		"                   list --json)\n"
		"  -h, --help       print this help and exit\n"
		"\n"
		"Examples:\n"
		"  hwbp probe vfs_read --arg 2:ustr\n"
		"                   vfs_read(file, buf, count, pos): buf is a user\n"
		"                   pointer, so it is read with :ustr, never :str\n"
		"  hwbp probe do_sys_openat2 --arg 2:ustr --by comm\n"
		"                   who opens what: the file name is a user string\n"
		"  hwbp probe getname_kernel --arg 1:str\n"
		"                   a kernel string: :str\n"
		"  hwbp probe vfs_write --by arg3\n"
		"                   how often each write size is asked for\n"
		"  hwbp probe --ret do_sys_openat2 --by retval\n"
		"                   what open returns: hwbp counts ID draws a histogram\n"
		"                   of the return values, errors (negative) included\n",
		HWBP_PROBE_ARGS, HWBP_PROBE_ARGS, HWBP_STR_MAX - 1);
}

int hwbp_cmd_probe(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ret",        no_argument,       NULL, 'r' },
		{ "by",         required_argument, NULL, 'b' },
		{ "arg",        required_argument, NULL, 'a' },
		{ "count-only", no_argument,       NULL, 'O' },
		{ "json",       no_argument,       NULL, 'j' },
		{ "help",       no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct hwbp_probe_args a = { 0 };
	struct hwbp_piece *pieces = NULL;
	char why[HWBP_WHY_MAX];
	struct hwbp_info info;
	struct hwbp_add add;
	struct hwbp_jw j;
	size_t n;
	int c, fd, ret;

	while ((c = hwbp_getopt(argc, argv, "b:a:jh", opts, "probe")) != -1) {
		switch (c) {
		case 'r':
			a.ret = true;
			break;
		case 'b':
			a.by = optarg;
			break;
		case 'a':
			a.arg = optarg;
			break;
		case 'O':
			a.count_only = true;
			break;
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			probe_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		hwbp_err("probe needs a FUNC: a kernel function as /proc/kallsyms lists it (see hwbp probe --help)");
		return HWBP_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		hwbp_err("what is '%s'? probe takes one FUNC (see hwbp probe --help)",
			 argv[optind + 1]);
		return HWBP_EXIT_USAGE;
	}

	memset(&add, 0, sizeof(add));
	a.func = argv[optind];
	if (hwbp_parse_probe(&a, &add.watch, why, sizeof(why))) {
		hwbp_err("%s", why);
		return HWBP_EXIT_USAGE;
	}

	fd = hwbp_open(&info, true);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	ret = hwbp_dev_add(fd, &add, &pieces, &n);
	close(fd);
	free(pieces);	/* a probe holds no debug register */
	if (ret) {
		hwbp_err("%s", hwbp_add_str(why, sizeof(why), &add, ret,
					    info.slots_per_cpu));
		return HWBP_EXIT_FAIL;
	}

	if (hwbp_json) {
		hwbp_jw_init(&j, stdout);
		hwbp_json_watch(&j, &add.watch);
		hwbp_jw_end(&j);
	} else {
		printf("%u\n", add.watch.id);
	}
	return HWBP_EXIT_OK;
}
