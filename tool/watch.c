// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp add, hwbp del, hwbp list: watches on kernel and process memory.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kmod/rules.h"	/* HWBP_RANGE_MAX; before hwbp.h */
#include "hwbp.h"

static void add_usage(FILE *out)
{
	fprintf(out,
		"Usage: hwbp add TARGET [-t|--type r|w|rw|x] [-l|--len N] [--cpu N]\n"
		"                [--percpu local|N|all] [RECORDING] [--max-hits N|--oneshot]\n"
		"                [--log] [--dry-run] [-j|--json]\n"
		"       hwbp add -p|--pid PID 0xADDRESS [-t TYPE] [-l N] [RECORDING] ...\n"
		"       hwbp add --on FUNC:argN[+OFF] [--until FUNC:argN] -l N [-t w|rw] ...\n"
		"RECORDING := { --count-only | [--stack] [--if-value ==V|!=V | --changed]\n"
		"               [--allow FUNC[,FUNC...]] }\n"
		"\n"
		"Watch TARGET on every online CPU (and CPUs that come online later) and\n"
		"print the new watch's id alone, so that scripts can keep it:\n"
		"id=$(hwbp add pid_max).\n"
		"\n"
		"TARGET := { SYMBOL | SYMBOL+OFFSET | 0xADDRESS }\n"
		"  SYMBOL      a kernel symbol as /proc/kallsyms lists it (pid_max)\n"
		"  OFFSET      bytes into the symbol, decimal or 0x hex (jiffies+4)\n"
		"  0xADDRESS   a kernel address, or with -p a user address in the\n"
		"              process; an address must start with 0x\n"
		"\n"
		"Options:\n"
		"  -t, --type TYPE  the accesses that hit (default w):\n"
		"                     w   writes\n"
		"                     rw  reads and writes\n"
		"                     r   x86 debug registers cannot trap reads alone:\n"
		"                         hwbp arms rw instead and says so on stderr\n"
		"                     x   execution of the instruction at TARGET\n"
		"  -l, --len N      bytes to watch, 1 to %d. One debug register covers\n"
		"                   1, 2, 4 or 8 bytes aligned to their length; a 1, 2, 4\n"
		"                   or 8-byte watch must be aligned, and a longer range\n"
		"                   (or a misaligned 3, 5, 6, 7) is split by the module\n"
		"                   into aligned pieces, one debug register each, on\n"
		"                   every CPU it is armed on. There are 4 per CPU: a\n"
		"                   range that needs more is refused (--dry-run shows\n"
		"                   the pieces). Default: the symbol's size when it is\n"
		"                   1, 2, 4 or 8, else 4 (as the kernel's sample), or\n"
		"                   less where the address is not 4-aligned or the\n"
		"                   symbol ends sooner: hwbp says it guessed. An\n"
		"                   execute watch covers one instruction and\n"
		"                   takes only %zu (sizeof(long)).\n"
		"      --cpu N      arm on CPU N only\n"
		"      --percpu M   TARGET is a per-CPU variable (runqueues): its symbol\n"
		"                   value is an offset, and each CPU has an instance.\n"
		"                     local  each CPU watches its own instance\n"
		"                     N      CPU N's instance, watched from every CPU\n"
		"                     all    every instance, from every CPU (one set\n"
		"                            of registers per instance on each CPU)\n"
		"  -p, --pid PID    watch user memory of process PID, all its threads\n"
		"                   (also those created later); TARGET is a 0x address\n"
		"                   in it. Takes neither --cpu nor --percpu. The watch\n"
		"                   stays, with its hits, after the process exits\n"
		"                   (hwbp list shows it as exited).\n"
		"\n"
		"Armed by a call: watch an object that has no symbol, from the moment a\n"
		"function is handed it. No TARGET: the watch has no address until then.\n"
		"      --on FUNC:argN[+OFF]\n"
		"                   when FUNC is called, arm on the memory its argument\n"
		"                   N (1 to %d) points to, plus OFF bytes (decimal or 0x\n"
		"                   hex); -l is required (there is no symbol to size\n"
		"                   it), and -t is w or rw. Until the call, hwbp list\n"
		"                   shows WHERE on:FUNC, STATE waiting. Arming happens\n"
		"                   in process context a moment after the call (it may\n"
		"                   sleep): accesses just after the call, say the\n"
		"                   caller's first writes, can be missed. One object at\n"
		"                   a time: calls while the watch is armed are ignored.\n"
		"      --until FUNC:argN\n"
		"                   disarm when FUNC is called with the address the\n"
		"                   watch is armed on (kfree:arg1), ready for the next\n"
		"                   --on call; no +OFF\n"
		"                   hwbp add --on sock_init_data:arg2 -l 4 \\\n"
		"                            --until sk_free:arg1\n"
		"\n"
		"Recording: every hit is counted, and recorded for hwbp hits (time, CPU,\n"
		"task, instruction, value before and after) unless --count-only.\n"
		"      --count-only count hits, record nothing (no hits, stacks or\n"
		"                   counts but --by cpu); takes none of the options below\n"
		"      --stack      record each hit's kernel stack, and for -p the user\n"
		"                   stack too (hwbp stacks)\n"
		"      --if-value ==V, --if-value !=V\n"
		"                   record only hits after which the value equals (or\n"
		"                   differs from) V, decimal or 0x hex (no negatives:\n"
		"                   write -1 on 4 bytes as 0xffffffff); data watches only\n"
		"      --changed    record only hits that changed the value\n"
		"      --allow FUNC[,FUNC...]\n"
		"                   do not record accesses from these functions (at most\n"
		"                   %d), the expected writers, so that only the others\n"
		"                   show; they are still counted (list -v: suppressed)\n"
		"      --max-hits N disarm after N hits (hwbp list: stopped); the hits\n"
		"                   and records stay\n"
		"      --oneshot    the same as --max-hits 1\n"
		"\n"
		"Other options:\n"
		"      --log        print each hit and its stack to the kernel log\n"
		"                   (ratelimited)\n"
		"      --dry-run    arm nothing: print the address, type and length\n"
		"                   the module resolved, where it would be armed, the\n"
		"                   debug registers it needs on each CPU and each\n"
		"                   piece; or why it cannot be armed (exit status 1)\n"
		"  -j, --json       print the watch as a JSON object, with its pieces:\n"
		"                   \"pieces\":[{\"cpu\":null,\"addr\":\"0x...\",\"len\":8}]\n"
		"                   (cpu null: every CPU the watch is armed on)\n"
		"  -h, --help       print this help and exit\n",
		HWBP_RANGE_MAX, sizeof(long), HWBP_PROBE_ARGS, HWBP_ALLOW_FUNCS);
}

/* The where line of a dry run, in words. */
static void print_where(const struct hwbp_watch *w)
{
	char where[HWBP_ON_MAX + 16];

	hwbp_where_str(where, sizeof(where), w);
	if (w->pid)
		printf("where:      %s (every thread of process %d)\n", where,
		       w->pid);
	else if (w->flags & HWBP_WATCH_CPU)
		printf("where:      %s (CPU %u only)\n", where, w->cpu);
	else if (w->percpu == HWBP_PERCPU_LOCAL)
		printf("where:      %s (each of %u CPUs its own instance)\n",
		       where, w->nr_cpus);
	else if (w->percpu == HWBP_PERCPU_CPU)
		printf("where:      %s (CPU %u's instance, from %u CPUs)\n",
		       where, w->percpu_cpu, w->nr_cpus);
	else if (w->percpu == HWBP_PERCPU_ALL)
		printf("where:      %s (every instance, from %u CPUs)\n",
		       where, w->nr_cpus);
	else
		printf("where:      %s (%u CPUs online)\n", where, w->nr_cpus);
}

static void print_dry_run(const struct hwbp_watch *w,
			  const struct hwbp_piece *p, size_t n)
{
	char line[256];
	size_t i;
	int cw;

	printf("dry run: nothing was armed\n");
	if (w->target[0])
		printf("target:     %.*s\n", HWBP_TARGET_MAX - 1, w->target);
	printf("address:    0x%016llx%s\n", (unsigned long long)w->addr,
	       w->percpu ? " (per-CPU offset)" : "");
	printf("type:       %s\n", hwbp_type_name(w->type));
	printf("length:     %u byte%s%s\n", w->len, w->len == 1 ? "" : "s",
	       w->flags & HWBP_WATCH_LEN_GUESS ? " (a guess: give -l)" : "");
	print_where(w);
	printf("registers:  %u per CPU\n", w->slots);
	printf("pieces:     %zu\n", n);
	cw = hwbp_pieces_cpu_width(p, n);
	snprintf(line, sizeof(line), "  %-*s  %-18s  %s", cw, "CPU",
		 "ADDRESS", "LEN");
	puts(line);
	for (i = 0; i < n; i++) {
		hwbp_piece_row(line, sizeof(line), "  ", cw, &p[i]);
		puts(line);
	}
}

static void json_add(const struct hwbp_watch *w, const struct hwbp_piece *p,
		     size_t n)
{
	struct hwbp_jw j;
	size_t i;

	hwbp_jw_init(&j, stdout);
	hwbp_jw_object(&j);
	hwbp_json_watch_fields(&j, w);
	hwbp_jw_key(&j, "pieces");
	hwbp_jw_array(&j);
	for (i = 0; i < n; i++)
		hwbp_json_piece(&j, &p[i]);
	hwbp_jw_array_end(&j);
	hwbp_jw_object_end(&j);
	hwbp_jw_end(&j);
}

int hwbp_cmd_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type",    required_argument, NULL, 't' },
		{ "len",     required_argument, NULL, 'l' },
		{ "pid",     required_argument, NULL, 'p' },
		{ "cpu",     required_argument, NULL, 'C' },
		{ "percpu",  required_argument, NULL, 'P' },
		{ "log",     no_argument,       NULL, 'L' },
		{ "dry-run", no_argument,       NULL, 'D' },
		{ "count-only", no_argument,    NULL, 'O' },
		{ "stack",   no_argument,       NULL, 'S' },
		{ "max-hits", required_argument, NULL, 'M' },
		{ "oneshot", no_argument,       NULL, '1' },
		{ "if-value", required_argument, NULL, 'V' },
		{ "changed", no_argument,       NULL, 'c' },
		{ "allow",   required_argument, NULL, 'A' },
		{ "on",      required_argument, NULL, 'N' },
		{ "until",   required_argument, NULL, 'U' },
		{ "json",    no_argument,       NULL, 'j' },
		{ "help",    no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct hwbp_add_args a = { 0 };
	struct hwbp_piece *pieces = NULL;
	char why[HWBP_WHY_MAX];
	struct hwbp_info info;
	struct hwbp_add add;
	bool widened;
	size_t n;
	int c, fd, ret;

	while ((c = hwbp_getopt(argc, argv, "t:l:p:jh", opts, "add")) != -1) {
		switch (c) {
		case 't':
			a.type = optarg;
			break;
		case 'l':
			a.len = optarg;
			break;
		case 'p':
			a.pid = optarg;
			break;
		case 'C':
			a.cpu = optarg;
			break;
		case 'P':
			a.percpu = optarg;
			break;
		case 'L':
			a.log = true;
			break;
		case 'D':
			a.dry_run = true;
			break;
		case 'O':
			a.count_only = true;
			break;
		case 'S':
			a.stack = true;
			break;
		case 'M':
			a.max_hits = optarg;
			break;
		case '1':
			a.oneshot = true;
			break;
		case 'V':
			a.if_value = optarg;
			break;
		case 'c':
			a.changed = true;
			break;
		case 'A':
			a.allow = optarg;
			break;
		case 'N':
			a.on = optarg;
			break;
		case 'U':
			a.until = optarg;
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
	if (optind >= argc && !a.on) {
		hwbp_err("add needs a TARGET: a symbol, symbol+offset or 0x address (see hwbp add --help)");
		return HWBP_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		hwbp_err("what is '%s'? add takes one TARGET (see hwbp add --help)",
			 argv[optind + 1]);
		return HWBP_EXIT_USAGE;
	}

	memset(&add, 0, sizeof(add));
	a.target = optind < argc ? argv[optind] : NULL;
	if (hwbp_parse_add(&a, &add.watch, &widened, why, sizeof(why))) {
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

	ret = hwbp_dev_add(fd, &add, &pieces, &n);
	close(fd);
	if (ret) {
		hwbp_err("%s", hwbp_add_str(why, sizeof(why), &add, ret,
					    info.slots_per_cpu));
		return HWBP_EXIT_FAIL;
	}

	if (add.watch.flags & HWBP_WATCH_LEN_GUESS)
		hwbp_err("note: kallsyms does not know the size of %s; %s %u bytes (give -l to choose)",
			 add.watch.target, a.dry_run ? "would watch" : "watching",
			 add.watch.len);

	if (hwbp_json)
		json_add(&add.watch, pieces, n);
	else if (a.dry_run)
		print_dry_run(&add.watch, pieces, n);
	else
		printf("%u\n", add.watch.id);
	free(pieces);
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
		"Usage: hwbp list [-v|--verbose] [-j|--json]\n"
		"\n"
		"List the watches and probes in id order, under a heading:\n"
		"  ID  TYPE  LEN  REGS  ADDRESS  WHERE  STATE  HITS  TARGET  FLAGS\n"
		"TYPE is w, rw or x, or probe or retprobe (hwbp probe); REGS the debug\n"
		"registers the watch takes on each CPU it is armed on (- for a probe,\n"
		"which takes none and has no LEN either); ADDRESS the per-CPU offset\n"
		"for a per-CPU variable, the function's address for a probe, - for a\n"
		"watch waiting for its --on call; WHERE is all (every CPU), cpuN\n"
		"(--cpu), pid:N (-p), percpu:local, percpu:cpuN or percpu:all\n"
		"(--percpu), call for a probe, on:FUNC for a watch waiting for its --on\n"
		"call (then, armed, all); STATE is armed, waiting (for the --on call),\n"
		"exited once a watched process is gone, stopped once --max-hits was\n"
		"reached, or gone once the module its memory or function was in was\n"
		"unloaded (in all three, its hits and records are kept); HITS (calls, for a\n"
		"probe)\n"
		"counts every CPU; TARGET is the symbol as given, or - for a raw\n"
		"address; FLAGS is log (hits go to the kernel log), param (armed by\n"
		"the module's parameters), len-guessed, record (hits are recorded),\n"
		"stack (with stacks), a list of those, or -.\n"
		"With no watches, list prints nothing at all (JSON: []), so that\n"
		"[ -z \"$(hwbp list)\" ] tests for none.\n"
		"\n"
		"Options:\n"
		"  -v, --verbose  under each watch, a line of its records:\n"
		"                   recorded N, dropped N, suppressed N, stacks dropped N\n"
		"                 (dropped: a CPU's ring was full; suppressed: the filter\n"
		"                 or allow-list kept them out), then the filter, the\n"
		"                 allow-list and max hits when set; for a probe\n"
		"                   by comm, arg 2:ustr, missed N\n"
		"                 (its --by and --arg; missed: calls kprobes could not\n"
		"                 hand over, say recursion), for an --on watch\n"
		"                   on FUNC:argN+OFF until FUNC:argM\n"
		"                 then its pieces: the\n"
		"                 CPU whose debug register holds it (all: every CPU the\n"
		"                 watch is armed on), its address and its length\n"
		"  -j, --json     print a JSON array of objects with the keys id,\n"
		"                 target (null for a raw address), addr (\"0x...\"),\n"
		"                 type, len, hits, flags (an array of strings), where,\n"
		"                 state, slots, nr_cpus, cpu (--cpu, or null), percpu\n"
		"                 (\"local\", \"all\", a CPU number, or null), pid (or\n"
		"                 null), filter (\"==V\", \"!=V\", \"changed\" or null),\n"
		"                 max_hits (or null), allow (or null), recorded,\n"
		"                 dropped, suppressed, stacks_dropped, probe_by\n"
		"                 (\"comm\", \"pid\", \"caller\", \"cpu\", \"stack\", \"arg\",\n"
		"                 \"retval\", or null), by_arg, arg, arg_kind (\"u64\",\n"
		"                 \"str\", \"ustr\"), missed, on and until (null when\n"
		"                 unset), and with -v\n"
		"                 pieces: [{\"cpu\":N or null,\n"
		"                 \"addr\":\"0x...\",\"len\":N}]\n"
		"  -h, --help     print this help and exit\n");
}

/* A watch's pieces, or none when it went away since it was listed. */
static int get_pieces(int fd, __u32 id, struct hwbp_piece **p, size_t *n)
{
	char why[HWBP_WHY_MAX];
	int ret;

	ret = hwbp_dev_pieces(fd, id, p, n);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_PIECES,
					       ret, hwbp_dev_path(), id));
	return ret;
}

static int print_table(int fd, const struct hwbp_watch *w, size_t n,
		       bool verbose)
{
	struct hwbp_piece *p;
	struct hwbp_table t;
	char line[512];
	size_t i, k, np;
	int cw;

	if (!n)
		return 0;
	hwbp_table_widths(&t, w, n);
	hwbp_table_header(line, sizeof(line), &t);
	puts(line);
	for (i = 0; i < n; i++) {
		hwbp_table_row(line, sizeof(line), &t, &w[i]);
		puts(line);
		if (!verbose)
			continue;
		hwbp_record_stats(line, sizeof(line), &w[i]);
		printf("      %s\n", line);
		if (get_pieces(fd, w[i].id, &p, &np))
			return -1;
		cw = hwbp_pieces_cpu_width(p, np);
		for (k = 0; k < np; k++) {
			hwbp_piece_row(line, sizeof(line), "      ", cw, &p[k]);
			puts(line);
		}
		free(p);
	}
	return 0;
}

static int print_json(int fd, const struct hwbp_watch *w, size_t n,
		      bool verbose)
{
	struct hwbp_piece *p;
	struct hwbp_jw j;
	size_t i, k, np;

	hwbp_jw_init(&j, stdout);
	hwbp_jw_array(&j);
	for (i = 0; i < n; i++) {
		hwbp_jw_object(&j);
		hwbp_json_watch_fields(&j, &w[i]);
		if (verbose) {
			if (get_pieces(fd, w[i].id, &p, &np)) {
				/* Close what is open: the output stays JSON. */
				hwbp_jw_object_end(&j);
				hwbp_jw_array_end(&j);
				hwbp_jw_end(&j);
				return -1;
			}
			hwbp_jw_key(&j, "pieces");
			hwbp_jw_array(&j);
			for (k = 0; k < np; k++)
				hwbp_json_piece(&j, &p[k]);
			hwbp_jw_array_end(&j);
			free(p);
		}
		hwbp_jw_object_end(&j);
	}
	hwbp_jw_array_end(&j);
	hwbp_jw_end(&j);
	return 0;
}

int hwbp_cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "json",    no_argument, NULL, 'j' },
		{ "help",    no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char why[HWBP_WHY_MAX];
	struct hwbp_watch *w;
	struct hwbp_info info;
	bool verbose = false;
	size_t n;
	int c, fd, ret;

	while ((c = hwbp_getopt(argc, argv, "vjh", opts, "list")) != -1) {
		switch (c) {
		case 'v':
			verbose = true;
			break;
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
	if (ret) {
		close(fd);
		hwbp_err("%s", hwbp_errno_str(why, sizeof(why), HWBP_OP_LIST,
					       ret, hwbp_dev_path(), 0));
		return HWBP_EXIT_FAIL;
	}

	if (hwbp_json)
		ret = print_json(fd, w, n, verbose);
	else
		ret = print_table(fd, w, n, verbose);
	close(fd);
	free(w);
	return ret ? HWBP_EXIT_FAIL : HWBP_EXIT_OK;
}
