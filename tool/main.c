// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp: watch kernel memory with the CPU's hardware breakpoints.
 *
 * Global options, then a command from the table below; the table is also
 * where `hwbp --help` comes from.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hwbp.h"

bool hwbp_json;
volatile sig_atomic_t hwbp_stopping;

static void on_stop_signal(int sig)
{
	(void)sig;
	hwbp_stopping = 1;
}

/* See struct hwbp_stop. @saved keeps what was installed before. */
void hwbp_stop_catch(struct hwbp_stop *saved)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	hwbp_stopping = 0;
	sigaction(SIGINT, &sa, &saved->old_int);
	sigaction(SIGTERM, &sa, &saved->old_term);
}

void hwbp_stop_release(const struct hwbp_stop *saved)
{
	sigaction(SIGINT, &saved->old_int, NULL);
	sigaction(SIGTERM, &saved->old_term, NULL);
}

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	hwbp_cmd_fn fn;
	const char *help;
} commands[] = {
	{ "add",  hwbp_cmd_add,  "watch a kernel symbol or address" },
	{ "probe", hwbp_cmd_probe, "count and record the calls of a kernel function" },
	{ "del",  hwbp_cmd_del,  "delete watches" },
	{ "list", hwbp_cmd_list, "list the watches and their hit counts" },
	{ "hits",   hwbp_cmd_hits,   "print the recorded hits: who touched it" },
	{ "stacks", hwbp_cmd_stacks, "print the distinct stacks of the hits" },
	{ "counts", hwbp_cmd_counts, "count the hits by ip, stack, pid, comm or cpu" },
	{ "clear",  hwbp_cmd_clear,  "forget the records and zero the counters" },
	{ "monitor", hwbp_cmd_monitor, "print hits and watch changes live, as they happen" },
	{ "info", hwbp_cmd_info, "show the module, its ABI and the debug registers" },
	{ "help", cmd_help,      "show this help, or a command's" },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	unsigned int i;

	fprintf(out,
		"Usage: hwbp [OPTIONS] COMMAND [ARGS]...\n"
		"       hwbp COMMAND --help\n"
		"\n"
		"Watch kernel memory with the CPU's hardware breakpoints.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-7s %s\n", commands[i].name, commands[i].help);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -j, --json     print data as JSON (also a per-command option)\n"
		"  -h, --help     print this help and exit\n"
		"  -V, --version  print the tool's version and ABI, and the loaded\n"
		"                 module's, and exit (1 if the tool cannot speak\n"
		"                 the module's ABI)\n"
		"\n"
		"Environment:\n"
		"  " HWBP_DEVICE_ENV "    the device to use instead of " HWBP_DEVICE "\n"
		"  " HWBP_KALLSYMS_ENV "  the kallsyms file to use instead of " HWBP_KALLSYMS "\n"
		"\n"
		"Exit status: 0 done, 1 failed, 2 wrong arguments.\n");
}

/* "hwbp: <sentence>\n" on stderr: the one way errors are printed. */
void hwbp_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("hwbp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * hwbp_getopt() - getopt_long() that words its own complaints
 * @argc, @argv:	as for getopt_long()
 * @shortopts:	as for getopt_long(), without a leading ':' or '+'
 * @longopts:	as for getopt_long()
 * @cmd:	the command, for the message; NULL for the global options
 *
 * The caller resets optind before its first call.
 *
 * Return: the option, -1 at the end, or '?' after printing why the option
 * is wrong (the caller returns HWBP_EXIT_USAGE).
 */
int hwbp_getopt(int argc, char **argv, const char *shortopts,
		const struct option *longopts, const char *cmd)
{
	char opts[64], text[64];
	const char *arg;
	int c;

	/* '+' for the global options: stop at the command name. */
	snprintf(opts, sizeof(opts), "%s:%s", cmd ? "" : "+", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, opts, longopts, NULL);
	if (c != '?' && c != ':')
		return c;

	arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	/* A long option: its name (optopt is its val, e.g. 'D' for --dry-run). */
	if (!strncmp(arg, "--", 2))
		snprintf(text, sizeof(text), "%.*s", (int)strcspn(arg, "="), arg);
	else if (optopt > 0 && optopt <= 0xff)
		snprintf(text, sizeof(text), "-%c", optopt);
	else
		snprintf(text, sizeof(text), "%s", arg);

	if (c == '?' && optopt && !strncmp(arg, "--", 2) && strchr(arg, '='))
		hwbp_err("option '%s' takes no argument (see hwbp %s%s--help)",
			 text, cmd ? cmd : "", cmd ? " " : "");
	else if (c == ':')
		hwbp_err("option '%s' needs an argument (see hwbp %s%s--help)",
			 text, cmd ? cmd : "", cmd ? " " : "");
	else
		hwbp_err("unknown option '%s' (see hwbp %s%s--help)",
			 text, cmd ? cmd : "", cmd ? " " : "");
	return '?';
}

/**
 * hwbp_open() - open the device and check that it speaks our ABI
 * @info:	receives HWBP_IOC_INFO's answer
 * @check_abi:	refuse a module with another HWBP_ABI_VERSION
 *
 * Prints why on failure.
 *
 * Return: a file descriptor, or -1.
 */
int hwbp_open(struct hwbp_info *info, bool check_abi)
{
	const char *dev = hwbp_dev_path();
	char why[HWBP_WHY_MAX];
	int fd, ret;

	fd = hwbp_dev_open();
	if (fd < 0) {
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_OPEN,
					       fd, dev, 0));
		return -1;
	}
	ret = hwbp_dev_info(fd, info);
	if (ret) {
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_INFO,
					       ret, dev, 0));
		close(fd);
		return -1;
	}
	if (check_abi && info->abi_version != HWBP_ABI_VERSION) {
		hwbp_err("%s", hwbp_abi_str(why, sizeof(why), info->abi_version));
		close(fd);
		return -1;
	}
	return fd;
}

static const struct command *find_command(const char *name)
{
	unsigned int i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void unknown_command(const char *name)
{
	char list[128];
	size_t used = 0;
	unsigned int i;

	for (i = 0; i < NR_COMMANDS; i++)
		used += snprintf(list + used, sizeof(list) - used, "%s%s",
				 i ? ", " : "", commands[i].name);
	hwbp_err("what is '%s'? expected a command: %s (see hwbp --help)",
		 name, list);
}

/* hwbp help [COMMAND] */
static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *help_argv[] = { NULL, "--help", NULL };

	if (argc < 2) {
		usage(stdout);
		return HWBP_EXIT_OK;
	}
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return HWBP_EXIT_OK;
	}
	if (argc > 2) {
		hwbp_err("help takes one COMMAND (see hwbp --help)");
		return HWBP_EXIT_USAGE;
	}
	c = find_command(argv[1]);
	if (!c) {
		unknown_command(argv[1]);
		return HWBP_EXIT_USAGE;
	}
	if (c->fn == cmd_help) {
		usage(stdout);
		return HWBP_EXIT_OK;
	}
	help_argv[0] = (char *)c->name;
	optind = 0;
	return c->fn(2, help_argv);
}

/**
 * print_version() - hwbp --version: the tool's version and ABI, and the
 * loaded module's (HWBP_IOC_INFO)
 *
 *   hwbp 0.1.0 (ABI 5)
 *   module: 0.1.0 (ABI 5)
 *
 * A module that is not loaded, or a device this user may not open, is
 * reported on the second line and is no error: the tool's version is
 * still the answer. A module that speaks another ABI, or does not answer
 * HWBP_IOC_INFO at all, is one (exit 1): this tool cannot drive it.
 *
 * Return: HWBP_EXIT_OK or HWBP_EXIT_FAIL.
 */
static int print_version(void)
{
	const char *dev = hwbp_dev_path();
	char why[HWBP_WHY_MAX], version[HWBP_VERSION_MAX + 1] = "";
	const char *state = "loaded";
	struct hwbp_info info = { 0 };
	struct hwbp_jw j;
	bool loaded;
	int fd, ret = 0;

	why[0] = '\0';
	fd = hwbp_dev_open();
	loaded = fd >= 0;
	if (fd == -ENOENT) {
		state = "not loaded";
		snprintf(why, sizeof(why), "no %s", dev);
	} else if (fd == -ENXIO || fd == -ENODEV) {
		state = "not loaded";
		snprintf(why, sizeof(why), "%s has no driver behind it", dev);
	} else if (fd < 0) {
		state = "unknown";
		hwbp_errno_str(why, sizeof(why), HWBP_OP_OPEN, fd, dev, 0);
	} else {
		ret = hwbp_dev_info(fd, &info);
		close(fd);
		if (!ret)
			snprintf(version, sizeof(version), "%.*s",
				 HWBP_VERSION_MAX, info.version);
	}

	if (ret) {
		/* ENOTTY: not our module, or one from before HWBP_IOC_INFO. */
		if (!hwbp_json)
			printf("hwbp %s (ABI %d)\n", HWBP_TOOL_VERSION,
			       HWBP_ABI_VERSION);
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_INFO,
					       ret, dev, 0));
		return HWBP_EXIT_FAIL;
	}
	if (!hwbp_json) {
		printf("hwbp %s (ABI %d)\n", HWBP_TOOL_VERSION, HWBP_ABI_VERSION);
		if (!loaded)
			printf("module: %s (%s)\n", state, why);
		else
			printf("module: %s (ABI %u)\n", version, info.abi_version);
	} else {
		hwbp_jw_init(&j, stdout);
		hwbp_jw_object(&j);
		hwbp_jw_key(&j, "tool_version");
		hwbp_jw_string(&j, HWBP_TOOL_VERSION);
		hwbp_jw_key(&j, "tool_abi_version");
		hwbp_jw_uint(&j, HWBP_ABI_VERSION);
		hwbp_jw_key(&j, "module");
		hwbp_jw_string(&j, state);
		hwbp_jw_key(&j, "version");
		if (!loaded)
			hwbp_jw_null(&j);
		else
			hwbp_jw_string(&j, version);
		hwbp_jw_key(&j, "abi_version");
		if (!loaded)
			hwbp_jw_null(&j);
		else
			hwbp_jw_uint(&j, info.abi_version);
		hwbp_jw_key(&j, "why");
		if (!loaded)
			hwbp_jw_string(&j, why);
		else
			hwbp_jw_null(&j);
		hwbp_jw_object_end(&j);
		hwbp_jw_end(&j);
	}
	if (loaded && info.abi_version != HWBP_ABI_VERSION) {
		hwbp_err("the hwbp module (%s) speaks ABI %u and this tool (%s) ABI %d: use the tool built with the module, or load the module built with this tool",
			 version, info.abi_version, HWBP_TOOL_VERSION,
			 HWBP_ABI_VERSION);
		return HWBP_EXIT_FAIL;
	}
	return HWBP_EXIT_OK;
}

/* Output that did not reach its file is a failure (e.g. /dev/full). */
static int flush_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		hwbp_err("cannot write the output: %s", strerror(errno));
		return HWBP_EXIT_FAIL;
	}
	return status;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",    no_argument, NULL, 'j' },
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct command *cmd;
	bool version = false;
	int c, ret;

	optind = 0;
	while ((c = hwbp_getopt(argc, argv, "jhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			hwbp_json = true;
			break;
		case 'h':
			usage(stdout);
			return flush_stdout(HWBP_EXIT_OK);
		case 'V':
			version = true;	/* after -j, wherever it comes */
			break;
		default:
			return HWBP_EXIT_USAGE;
		}
	}
	if (version)
		return flush_stdout(print_version());
	if (optind >= argc) {
		usage(stderr);
		return HWBP_EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		unknown_command(argv[optind]);
		return HWBP_EXIT_USAGE;
	}

	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: start over with the command's argv */
	ret = cmd->fn(argc, argv);
	hwbp_ksym_free();
	return flush_stdout(ret);
}
