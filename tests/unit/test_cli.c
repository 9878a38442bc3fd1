// SPDX-License-Identifier: GPL-2.0
/*
 * The real tool/hwbp binary, run with a table of argument vectors, in the
 * manner of ethtool's test-cmdline.c: each row is an expected exit status,
 * the arguments, and optionally text that stdout or stderr must contain.
 *
 * $HWBP_TOOL names the binary (default ../../tool/hwbp). HWBP_DEVICE is
 * pointed at a path that does not exist, so commands that reach the device
 * fail with exit 1 and the "not loaded" sentence, and everything that must
 * be refused as misuse (exit 2) is shown to be refused before the device is
 * opened. A second device, /dev/null, opens but answers no ioctl (ENOTTY).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#define NO_DEVICE	"/nonexistent/hwbp"
#define NOT_LOADED	NO_DEVICE " not found: the hwbp module is not loaded (insmod kmod/hwbp.ko)"

struct row {
	int status;
	const char *args;	/* split on blanks */
	const char *out;	/* stdout contains this, if set */
	const char *err;	/* stderr contains this, if set */
	const char *dev;	/* HWBP_DEVICE, NO_DEVICE if NULL */
};

static const struct row rows[] = {
	/* help and version: stdout, exit 0 */
	{ 0, "--help", "Usage: hwbp [OPTIONS] COMMAND [ARGS]", "", NULL },
	{ 0, "-h", "Commands:", "", NULL },
	{ 0, "-V", "hwbp 0.1.0", "", NULL },
	{ 0, "--version", "(ABI 5)", "", NULL },
	{ 0, "--version", "module: not loaded (no " NO_DEVICE ")", "", NULL },
	{ 0, "-j -V", "\"module\":\"not loaded\"", "", NULL },
	{ 1, "--version", "hwbp 0.1.0 (ABI 5)", "hwbp: /dev/null does not speak this ABI", "/dev/null" },
	{ 0, "help --help", "Usage: hwbp [OPTIONS] COMMAND", "", NULL },
	{ 0, "help", "Usage: hwbp", "", NULL },
	{ 0, "help add", "Usage: hwbp add TARGET", "", NULL },
	{ 0, "add --help", "x86 debug registers cannot trap reads alone", "", NULL },
	{ 0, "add -h", "Usage: hwbp add", "", NULL },
	{ 0, "del --help", "Usage: hwbp del ID...", "", NULL },
	{ 0, "list --help", "ID  TYPE  LEN  REGS  ADDRESS  WHERE  STATE  HITS  TARGET  FLAGS", "", NULL },
	{ 0, "add --help", "split by the module", "", NULL },
	{ 0, "add --help", "--dry-run", "", NULL },
	{ 0, "info --help", "CPU  ONLINE  REGISTERS  HWBP  FREE  OTHERS", "", NULL },
	{ 0, "info --help", "Usage: hwbp info", "", NULL },
	{ 0, "-j list --help", "Usage: hwbp list", "", NULL },
	/* misuse: stderr, exit 2, device never touched */
	{ 2, "", NULL, "Usage: hwbp", NULL },
	{ 2, "frobnicate", "", "hwbp: what is 'frobnicate'? expected a command: add, probe, del, list, hits, stacks, counts, clear, monitor, info, help", NULL },
	{ 2, "--frob", "", "hwbp: unknown option '--frob' (see hwbp --help)", NULL },
	{ 2, "-q list", "", "unknown option '-q'", NULL },
	{ 2, "help frob", "", "what is 'frob'?", NULL },
	{ 2, "add", "", "hwbp: add needs a TARGET", NULL },
	{ 2, "add pid_max jiffies", "", "add takes one TARGET", NULL },
	{ 2, "add -l 0 pid_max", "", "hwbp: length 0 is not one the debug registers can watch", NULL },
	{ 2, "add -l 3 pid_max", "", "use 1, 2, 4 or 8, or a range of 9 to 4096 bytes", NULL },
	{ 2, "add -l 4097 pid_max", "", "or a range of 9 to 4096 bytes", NULL },
	{ 2, "add -l 2 0xffffffff81000001", "", "is not aligned to its length 2", NULL },
	{ 2, "add -l 16 0xfffffffffffffff8", "", "hwbp: the 16 bytes at address 0xfffffffffffffff8 run past the end of the address space: watch fewer bytes", NULL },
	{ 2, "add -p 123 pid_max", "", "hwbp: 'pid_max' is a kernel symbol: -p watches user memory of the process and takes a 0x address", NULL },
	{ 2, "add --pid 123 jiffies+8", "", "'jiffies+8' is a kernel symbol", NULL },
	{ 2, "add -p 123 --cpu 1 0x7ffd1000", "", "hwbp: a process watch follows the process's threads from CPU to CPU: drop --cpu", NULL },
	{ 2, "add -p 123 --percpu local 0x7ffd1000", "", "drop --percpu", NULL },
	{ 2, "add -p 0 0x7ffd1000", "", "what is '0' after -p?", NULL },
	{ 2, "add -p abc 0x7ffd1000", "", "what is 'abc' after -p?", NULL },
	{ 2, "add -p", "", "option '-p' needs an argument", NULL },
	{ 2, "add --cpu x pid_max", "", "hwbp: what is 'x' after --cpu? expected a CPU number", NULL },
	{ 2, "add --cpu -1 pid_max", "", "what is '-1' after --cpu?", NULL },
	{ 2, "add --percpu pid_max", "", "add needs a TARGET", NULL },
	{ 2, "add --percpu pid_max runqueues", "", "what is 'pid_max' after --percpu?", NULL },
	{ 2, "add --percpu some runqueues", "", "expected local (each CPU its own instance), a CPU number (that CPU's instance) or all", NULL },
	{ 2, "add --percpu", "", "option '--percpu' needs an argument", NULL },
	{ 2, "add --dry-run=yes pid_max", "", "hwbp: option '--dry-run' takes no argument (see hwbp add --help)", NULL },
	{ 2, "add --log=1 pid_max", "", "option '--log' takes no argument", NULL },
	{ 2, "list -x", "", "unknown option '-x'", NULL },
	{ 2, "add -l four pid_max", "", "what is 'four'?", NULL },
	{ 2, "add -t x -l 4 0xffffffff81000000", "", "hwbp: an execute watch covers one instruction and takes length 8 on x86 (sizeof(long)); drop -l or use -l 8", NULL },
	{ 2, "add -l 4 -t x pid_max", "", "drop -l or use -l 8", NULL },
	{ 2, "add -t q pid_max", "", "hwbp: what is 'q'? expected an access type: r, w, rw or x", NULL },
	{ 2, "add -t", "", "option '-t' needs an argument", NULL },
	{ 2, "add pid_max --len", "", "option '--len' needs an argument", NULL },
	{ 2, "add --frob pid_max", "", "unknown option '--frob' (see hwbp add --help)", NULL },
	{ 2, "add 123", "", "hwbp: what is '123'? expected a symbol, symbol+offset or 0x address", NULL },
	{ 2, "add 0xzz", "", "what is '0xzz'?", NULL },
	{ 2, "add pid_max+zz", "", "what is 'zz' in 'pid_max+zz'?", NULL },
	{ 2, "add +8", "", "what is '+8'?", NULL },
	{ 2, "add -l 4 0xffffffff81000002", "", "is not aligned to its length 4", NULL },
	{ 2, "del abc", "", "hwbp: what is 'abc'? expected a watch id", NULL },
	{ 2, "del 1 abc", "", "what is 'abc'?", NULL },
	{ 2, "del 0", "", "ids start at 1", NULL },
	{ 2, "del", "", "hwbp: del needs an ID or --all", NULL },
	{ 2, "del --all 3", "", "either ids or --all", NULL },
	{ 2, "del -j 3", "", "unknown option '-j'", NULL },
	{ 2, "list extra", "", "list takes no arguments", NULL },
	{ 2, "info extra", "", "info takes no arguments", NULL },
	/* hits, stacks, counts, clear and the recording options of add */
	{ 0, "hits --help", "Usage: hwbp hits [ID]", "", NULL },
	{ 0, "stacks --help", "Usage: hwbp stacks [ID]", "", NULL },
	{ 0, "counts --help", "COUNT  PERCENT  KEY", "", NULL },
	{ 0, "clear --help", "Usage: hwbp clear [ID]", "", NULL },
	{ 0, "add --help", "--count-only", "", NULL },
	{ 0, "--help", "HWBP_KALLSYMS", "", NULL },
	{ 2, "hits 1 2", "", "hwbp: what is '2'? hits takes at most one ID (see hwbp hits --help)", NULL },
	{ 2, "hits 0", "", "ids start at 1", NULL },
	{ 2, "hits -n 0", "", "hwbp: what is '0' after -n? expected a number, 1 or more", NULL },
	{ 2, "hits -n", "", "option '-n' needs an argument", NULL },
	{ 2, "hits --frob", "", "unknown option '--frob' (see hwbp hits --help)", NULL },
	{ 2, "stacks abc", "", "what is 'abc'? expected a watch id", NULL },
	/* without --by, a probe is counted by its own --by: that takes the module */
	{ 1, "counts", "", NOT_LOADED, NULL },
	{ 1, "counts 1", "", NOT_LOADED, NULL },
	{ 2, "counts --by tid", "", "hwbp: what is 'tid' after --by? expected ip, stack, pid, comm or cpu; for probes also caller, arg or retval", NULL },
	{ 2, "counts --by", "", "option '--by' needs an argument", NULL },
	{ 2, "clear 1 2", "", "clear takes at most one ID", NULL },
	{ 2, "clear x", "", "what is 'x'?", NULL },
	{ 2, "add --count-only --stack pid_max", "", "hwbp: --stack needs hit records and --count-only keeps none: drop one of them", NULL },
	{ 2, "add --count-only --if-value ==1 pid_max", "", "--if-value needs hit records", NULL },
	{ 2, "add --changed --count-only pid_max", "", "--changed needs hit records", NULL },
	{ 2, "add --count-only --allow vfs_write pid_max", "", "--allow needs hit records", NULL },
	/* probes and watches armed by a call */
	{ 0, "probe --help", "hwbp probe vfs_read --arg 2:ustr", "", NULL },
	{ 0, "probe --help", "never :str", "", NULL },
	{ 0, "help probe", "Usage: hwbp probe FUNC", "", NULL },
	{ 0, "add --help", "accesses just after the call", "", NULL },
	{ 0, "add --help", "One object at", "", NULL },
	{ 0, "list --help", "retprobe", "", NULL },
	{ 0, "counts --help", "-[8, 16)", "", NULL },
	{ 1, "probe vfs_read --arg 2:ustr", "", NOT_LOADED, NULL },
	{ 1, "add --on kfree:arg1 -l 8", "", NOT_LOADED, NULL },
	{ 2, "probe", "", "hwbp: probe needs a FUNC", NULL },
	{ 2, "probe vfs_read vfs_write", "", "probe takes one FUNC", NULL },
	{ 2, "probe 0xffffffff81000000", "", "hwbp: a probe takes a function name, not an address", NULL },
	{ 2, "probe 123", "", "what is '123'?", NULL },
	{ 2, "probe vfs_read --arg 2:ustr --count-only", "", "hwbp: --arg is captured in each call's record and --count-only keeps none", NULL },
	{ 2, "probe vfs_read --arg 0", "", "what is '0' after --arg?", NULL },
	{ 2, "probe vfs_read --arg 7", "", "with N from 1 to 6", NULL },
	{ 2, "probe vfs_read --arg 2:wstr", "", "what is 'wstr' in '2:wstr'?", NULL },
	{ 2, "probe vfs_read --by arg7", "", "expected arg1 to arg6", NULL },
	{ 2, "probe vfs_read --by tid", "", "what is 'tid' after --by?", NULL },
	{ 2, "probe vfs_read --by retval", "", "add --ret", NULL },
	{ 2, "probe --ret vfs_read+4", "", "drop the offset", NULL },
	{ 2, "probe vfs_read --by stack --count-only", "", "--by stack needs call records", NULL },
	{ 2, "probe --frob vfs_read", "", "unknown option '--frob' (see hwbp probe --help)", NULL },
	{ 2, "probe vfs_read --arg", "", "option '--arg' needs an argument", NULL },
	{ 2, "add --on kfree:arg1", "", "hwbp: --on needs -l LEN", NULL },
	{ 2, "add --on kfree:arg1 -l 8 pid_max", "", "with --on, give no TARGET", NULL },
	{ 2, "add --on kfree -l 8", "", "what is 'kfree' after --on?", NULL },
	{ 2, "add --on kfree:arg7 -l 8", "", "what is 'arg7' in 'kfree:arg7'?", NULL },
	{ 2, "add --on kfree:arg1+zz -l 8", "", "what is 'zz' in 'kfree:arg1+zz'?", NULL },
	{ 2, "add --on kfree:arg1 --until kfree:arg1+8 -l 8", "", "--until takes no +OFF", NULL },
	{ 2, "add --until kfree:arg1 pid_max", "", "--until needs --on", NULL },
	{ 2, "add --on kfree:arg1 -l 8 -t x", "", "use -t w or -t rw", NULL },
	{ 2, "add --on kfree:arg1 -l 8 -p 5", "", "drop -p", NULL },
	{ 2, "add --on", "", "option '--on' needs an argument", NULL },
	{ 2, "counts --by arg7", "", "what is 'arg7' after --by?", NULL },
	{ 2, "add --if-value 5 pid_max", "", "expected ==VALUE or !=VALUE", NULL },
	{ 2, "add --if-value ==-5 pid_max", "", "takes no negative value", NULL },
	{ 2, "add --if-value ==1 --changed pid_max", "", "give one value filter", NULL },
	{ 2, "add -l 2 --if-value ==0x10000 pid_max", "", "does not fit in the watch's 2 bytes", NULL },
	{ 2, "add -t x --changed vfs_read", "", "an execute watch has no value to compare", NULL },
	{ 2, "add -t x --if-value !=0 vfs_read", "", "drop --if-value and --changed", NULL },
	{ 2, "add --allow a,b,c,d,e,f,g,h,i pid_max", "", "more than 8 functions", NULL },
	{ 2, "add --allow a,,b pid_max", "", "has an empty name", NULL },
	{ 2, "add --allow f+4 pid_max", "", "without an offset", NULL },
	{ 2, "add --max-hits 0 pid_max", "", "what is '0' after --max-hits?", NULL },
	{ 2, "add --max-hits 2 --oneshot pid_max", "", "--oneshot is --max-hits 1", NULL },
	{ 2, "add --oneshot=1 pid_max", "", "option '--oneshot' takes no argument", NULL },
	{ 1, "add --stack --changed --allow vfs_write,vfs_read --max-hits 5 pid_max", "", NOT_LOADED, NULL },
	{ 1, "add --count-only --oneshot -t x vfs_read", "", NOT_LOADED, NULL },
	{ 1, "add -p 123 --stack --if-value !=0xff -l 1 0x7ffd1000", "", NOT_LOADED, NULL },
	{ 1, "hits", "", NOT_LOADED, NULL },
	{ 1, "hits 1 -f -n 5 --json", "", NOT_LOADED, NULL },
	{ 1, "stacks 1", "", NOT_LOADED, NULL },
	{ 1, "counts --by ip", "", NOT_LOADED, NULL },
	{ 1, "counts 2 --by comm -j", "", NOT_LOADED, NULL },
	{ 1, "clear", "", NOT_LOADED, NULL },
	{ 1, "clear 3", "", NOT_LOADED, NULL },
	{ 1, "hits", "", "does not speak this ABI", "/dev/null" },
	{ 1, "clear", "", "does not speak this ABI", "/dev/null" },
	/* well-formed: reaches the device, which is not there */
	{ 1, "add pid_max", "", NOT_LOADED, NULL },
	{ 1, "add -t r pid_max", "", NOT_LOADED, NULL },
	{ 1, "add -t x pid_max", "", NOT_LOADED, NULL },
	{ 1, "add -t x -l 8 0xffffffff81000000", "", NOT_LOADED, NULL },
	{ 1, "add --log -t rw -l 8 jiffies+0x8", "", NOT_LOADED, NULL },
	{ 1, "--json add pid_max", "", NOT_LOADED, NULL },
	{ 1, "add -l 40 pid_max", "", NOT_LOADED, NULL },
	{ 1, "add -l 4096 0xffffffff81000001", "", NOT_LOADED, NULL },
	{ 1, "add --cpu 1 pid_max", "", NOT_LOADED, NULL },
	{ 1, "add --percpu local runqueues+0x10 -l 8", "", NOT_LOADED, NULL },
	{ 1, "add --percpu 3 --cpu 0 runqueues", "", NOT_LOADED, NULL },
	{ 1, "add --percpu all runqueues", "", NOT_LOADED, NULL },
	{ 1, "add -p 123 -t rw -l 8 0x7ffd1000", "", NOT_LOADED, NULL },
	{ 1, "add --dry-run pid_max", "", NOT_LOADED, NULL },
	{ 1, "add --dry-run --json -l 40 pid_max", "", NOT_LOADED, NULL },
	{ 1, "list -v", "", NOT_LOADED, NULL },
	{ 1, "list --verbose --json", "", NOT_LOADED, NULL },
	{ 1, "del 1", "", NOT_LOADED, NULL },
	{ 1, "del 1 2 3", "", NOT_LOADED, NULL },
	{ 1, "del --all", "", NOT_LOADED, NULL },
	{ 1, "list", "", NOT_LOADED, NULL },
	{ 1, "list --json", "", NOT_LOADED, NULL },
	{ 1, "-j list", "", NOT_LOADED, NULL },
	{ 1, "info", "", NOT_LOADED, NULL },
	{ 1, "info -j", "", NOT_LOADED, NULL },
	/* hwbp monitor: the host has no hwbp netlink family */
	{ 0, "monitor --help", "Usage: hwbp monitor [ID] [-n|--count N] [-j|--json]", "", NULL },
	{ 0, "help monitor", "# watch 3: 120 hits not shown (rate limit)", "", NULL },
	{ 2, "monitor abc", "", "hwbp: what is 'abc'? expected a watch id", NULL },
	{ 2, "monitor 1 2", "", "what is '2'? monitor takes at most one ID", NULL },
	{ 2, "monitor -n 0", "", "what is '0' after -n?", NULL },
	{ 2, "monitor -n", "", "option '-n' needs an argument", NULL },
	{ 2, "monitor --follow", "", "unknown option '--follow' (see hwbp monitor --help)", NULL },
	{ 1, "monitor", "", "hwbp: the hwbp netlink family is not registered: the hwbp module is not loaded (insmod kmod/hwbp.ko)", NULL },
	{ 1, "monitor 3 -n 2 --json", "", "the hwbp module is not loaded (insmod kmod/hwbp.ko)", NULL },
	{ 1, "-j monitor", "", "the hwbp netlink family is not registered", "/dev/null" },
	/* a device that is not ours */
	{ 1, "list", "", "hwbp: /dev/null does not speak this ABI: tool and module versions differ", "/dev/null" },
	{ 1, "info", "", "does not speak this ABI", "/dev/null" },
	{ 1, "add pid_max", "", "does not speak this ABI", "/dev/null" },
};

static const char *tool;

/* Read all of @fd into a malloc()ed string. */
static char *slurp(int fd)
{
	size_t len = 0, room = 4096;
	char *buf = malloc(room);
	ssize_t n;

	assert_non_null(buf);
	while ((n = read(fd, buf + len, room - len - 1)) > 0) {
		len += n;
		if (room - len < 2) {
			room *= 2;
			buf = realloc(buf, room);
			assert_non_null(buf);
		}
	}
	buf[len] = '\0';
	close(fd);
	return buf;
}

static void run_row(void **state)
{
	const struct row *r = *state;
	char args[256], *argv[32], *tok, *save = NULL, *out, *err;
	int argc = 0, po[2], pe[2], wstatus;
	pid_t pid;

	snprintf(args, sizeof(args), "%s", r->args);
	argv[argc++] = (char *)tool;
	for (tok = strtok_r(args, " ", &save); tok && argc < 31;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;

	assert_int_equal(pipe(po), 0);
	assert_int_equal(pipe(pe), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		setenv("HWBP_DEVICE", r->dev ? r->dev : NO_DEVICE, 1);
		execv(tool, argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	/* Outputs are small: read one, then the other. */
	out = slurp(po[0]);
	err = slurp(pe[0]);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);

	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != r->status ||
	    (r->out && (*r->out ? !strstr(out, r->out) : *out != '\0')) ||
	    (r->err && (*r->err ? !strstr(err, r->err) : *err != '\0')) ||
	    /* errors are whole "hwbp: " lines */
	    (r->status && r->err && *r->err && strncmp(err, "hwbp: ", 6) &&
	     strncmp(err, "Usage:", 6))) {
		print_error("hwbp %s\n  exit %d (want %d)\n  stdout: %s\n  stderr: %s\n",
			    r->args, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1,
			    r->status, out, err);
		free(out);
		free(err);
		fail();
	}
	free(out);
	free(err);
}

int main(void)
{
	static struct CMUnitTest tests[sizeof(rows) / sizeof(rows[0])];
	static char names[ARRAY_SIZE(rows)][300];
	unsigned int i;

	tool = getenv("HWBP_TOOL");
	if (!tool || !*tool)
		tool = "../../tool/hwbp";
	if (access(tool, X_OK)) {
		fprintf(stderr, "test_cli: %s is not there: build the tool first (make -C tool)\n", tool);
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		snprintf(names[i], sizeof(names[i]), "cli__hwbp %s%s__exit_%d",
			 rows[i].args, rows[i].dev ? " (dev /dev/null)" : "",
			 rows[i].status);
		tests[i].name = names[i];
		tests[i].test_func = run_row;
		tests[i].initial_state = (void *)&rows[i];
	}
	return _cmocka_run_group_tests("cli", tests, ARRAY_SIZE(tests), NULL, NULL);
}
