// SPDX-License-Identifier: GPL-2.0
/*
 * jitpage [--noexec] N
 *
 * The case that breaks bpftrace: code in an anonymous page, as a JIT makes
 * it. Maps one page at 0x10000000, read-write-execute (with --noexec: only
 * read-write), and copies `nop; ret` (0x90 0xc3) into it. Then, with
 * SIGUSR1 blocked:
 *
 *	prints "ready PID"		a watch can be armed on 0x10000000 now
 *	waits for SIGUSR1
 *	calls the page N times		(not with --noexec)
 *	prints "done"
 *	waits for SIGUSR1
 *	exits 0
 *
 * Exits 1 with a message on stderr if anything fails, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE_ADDR 0x10000000UL

static const unsigned char code[] = { 0x90, 0xc3 };	/* nop; ret */

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--noexec] N\n", prog);
	exit(2);
}

static void wait_usr1(const sigset_t *set)
{
	int sig, err;

	err = sigwait(set, &sig);
	if (err) {
		fprintf(stderr, "jitpage: sigwait: %s\n", strerror(err));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int noexec = 0, prot;
	unsigned long n, i;
	void (*fn)(void);
	sigset_t set;
	char *end;
	long psz;
	void *p;

	if (argc == 3 && strcmp(argv[1], "--noexec") == 0)
		noexec = 1;
	else if (argc != 2)
		usage(argv[0]);
	errno = 0;
	n = strtoul(argv[argc - 1], &end, 0);
	if (errno || *end || end == argv[argc - 1] || argv[argc - 1][0] == '-')
		usage(argv[0]);

	psz = sysconf(_SC_PAGESIZE);
	prot = PROT_READ | PROT_WRITE | (noexec ? 0 : PROT_EXEC);
	p = mmap((void *)PAGE_ADDR, psz, prot,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "jitpage: mmap at %#lx: %s\n", PAGE_ADDR,
			strerror(errno));
		return 1;
	}
	if (p != (void *)PAGE_ADDR) {
		/* A kernel without MAP_FIXED_NOREPLACE takes it as a hint. */
		fprintf(stderr, "jitpage: mmap gave %p, not %#lx\n", p,
			PAGE_ADDR);
		return 1;
	}
	memcpy(p, code, sizeof(code));
	fn = (void (*)(void))p;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL)) {
		fprintf(stderr, "jitpage: sigprocmask: %s\n", strerror(errno));
		return 1;
	}

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	wait_usr1(&set);

	if (!noexec)
		for (i = 0; i < n; i++)
			fn();

	printf("done\n");
	fflush(stdout);
	wait_usr1(&set);
	return 0;
}
