// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp info: what the module and the machine offer.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "hwbp.h"

static void info_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp info [-j|--json]\n"
		"\n"
		"Show the module's version and ABI next to the tool's, the CPUs, the\n"
		"debug registers per CPU, the watches in use and the length an\n"
		"execute watch takes. A module whose ABI differs from the tool's is\n"
		"shown, then reported as an error (exit status 1).\n"
		"\n"
		"Options:\n"
		"  -j, --json  print a JSON object\n"
		"  -h, --help  print this help and exit\n");
}

static void print_info(const struct hwbp_info *info, const char *version)
{
	struct hwbp_jw j;

	if (!hwbp_json) {
		printf("module version:   %s\n"
		       "tool version:     %s\n"
		       "ABI version:      %u (tool %u)\n"
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
	struct hwbp_info info;
	int c, fd;

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
	close(fd);

	snprintf(version, sizeof(version), "%.*s", HWBP_VERSION_MAX,
		 info.version);
	print_info(&info, version);
	if (info.abi_version != HWBP_ABI_VERSION) {
		hwbp_err("%s", hwbp_abi_str(why, sizeof(why), info.abi_version));
		return HWBP_EXIT_FAIL;
	}
	return HWBP_EXIT_OK;
}
