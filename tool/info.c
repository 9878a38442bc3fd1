// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp info: what the module and the machine offer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hwbp.h"

static void info_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp info [-j|--json]\n"
		"\n"
		"Show the module's version and ABI next to the tool's, the CPUs, the\n"
		"debug registers per CPU, the watches in use and the length an\n"
		"execute watch takes; then each CPU's debug registers:\n"
		"  CPU  ONLINE  REGISTERS  HWBP  FREE  OTHERS\n"
		"HWBP are held by hwbp's watches, FREE are free, OTHERS are held by\n"
		"perf, ptrace, gdb or kgdb; an offline CPU shows -. A module whose ABI\n"
		"differs from the tool's is shown, then reported as an error (exit\n"
		"status 1).\n"
		"\n"
		"Options:\n"
		"  -j, --json  print a JSON object; \"cpus\" is an array of {cpu, online,\n"
		"              total, hwbp, free, others}\n"
		"  -h, --help  print this help and exit\n");
}

static void print_info(const struct hwbp_info *info, const char *version,
		       const struct hwbp_cpu_slots *cpus, size_t n)
{
	char line[128];
	struct hwbp_jw j;
	size_t i;
	int cw;

	if (!hwbp_json) {
		printf("module version:   %s\n"
		       "tool version:     %s\n"
		       "ABI version:      %u (tool %d)\n"
		       "CPUs:             %u online, %u possible\n"
		       "debug registers:  %u per CPU\n"
		       "watches:          %u of %u in use\n"
		       "execute length:   %u bytes\n",
		       version, HWBP_TOOL_VERSION,
		       info->abi_version, HWBP_ABI_VERSION,
		       info->nr_online, info->nr_cpu_ids,
		       info->slots_per_cpu,
		       info->nr_watches, info->max_watches,
		       info->exec_len);
		if (!cpus)
			return;
		cw = hwbp_slots_cpu_width(cpus, n);
		hwbp_slots_header(line, sizeof(line), cw);
		printf("\n%s\n", line);
		for (i = 0; i < n; i++) {
			hwbp_slots_row(line, sizeof(line), cw, &cpus[i]);
			puts(line);
		}
		return;
	}
	hwbp_jw_init(&j, stdout);
	hwbp_jw_object(&j);
	hwbp_jw_key(&j, "version");
	hwbp_jw_string(&j, version);
	hwbp_jw_key(&j, "tool_version");
	hwbp_jw_string(&j, HWBP_TOOL_VERSION);
	hwbp_jw_key(&j, "abi_version");
	hwbp_jw_uint(&j, info->abi_version);
	hwbp_jw_key(&j, "tool_abi_version");
	hwbp_jw_uint(&j, HWBP_ABI_VERSION);
	hwbp_jw_key(&j, "cpus_online");
	hwbp_jw_uint(&j, info->nr_online);
	hwbp_jw_key(&j, "cpus_possible");
	hwbp_jw_uint(&j, info->nr_cpu_ids);
	hwbp_jw_key(&j, "slots_per_cpu");
	hwbp_jw_uint(&j, info->slots_per_cpu);
	hwbp_jw_key(&j, "watches");
	hwbp_jw_uint(&j, info->nr_watches);
	hwbp_jw_key(&j, "max_watches");
	hwbp_jw_uint(&j, info->max_watches);
	hwbp_jw_key(&j, "exec_len");
	hwbp_jw_uint(&j, info->exec_len);
	if (cpus) {
		hwbp_jw_key(&j, "cpus");
		hwbp_jw_array(&j);
		for (i = 0; i < n; i++)
			hwbp_json_slots(&j, &cpus[i]);
		hwbp_jw_array_end(&j);
	}
	hwbp_jw_object_end(&j);
	hwbp_jw_end(&j);
}

int hwbp_cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char version[HWBP_VERSION_MAX + 1], why[HWBP_WHY_MAX];
	struct hwbp_cpu_slots *cpus = NULL;
	struct hwbp_info info;
	int c, fd, ret = 0;
	size_t n = 0;

	while ((c = hwbp_getopt(argc, argv, "jh", opts, "info")) != -1) {
		switch (c) {
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			info_usage(stdout);
			return HWBP_EXIT_OK;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		hwbp_err("what is '%s'? info takes no arguments (see hwbp info --help)",
			 argv[optind]);
		return HWBP_EXIT_USAGE;
	}

	/* Show a module of another ABI too: that is how one finds out. */
	fd = hwbp_open(&info, false);
	if (fd < 0)
		return HWBP_EXIT_FAIL;
	/* Another ABI's HWBP_IOC_SLOTS may mean something else: not asked. */
	if (info.abi_version == HWBP_ABI_VERSION)
		ret = hwbp_dev_slots(fd, info.nr_cpu_ids, &cpus, &n);
	close(fd);

	snprintf(version, sizeof(version), "%.*s", HWBP_VERSION_MAX,
		 info.version);
	print_info(&info, version, cpus, n);
	free(cpus);
	if (info.abi_version != HWBP_ABI_VERSION) {
		hwbp_err("%s", hwbp_abi_str(why, sizeof(why), info.abi_version));
		return HWBP_EXIT_FAIL;
	}
	if (ret) {
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_SLOTS,
					       ret, hwbp_dev_path(), 0));
		return HWBP_EXIT_FAIL;
	}
	return HWBP_EXIT_OK;
}
