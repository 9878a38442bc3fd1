// SPDX-License-Identifier: GPL-2.0
/*
 * uwrite [-r] [--early N_EARLY] [--fork] [--vfork] [--exec] N THREADS
 *
 * User memory written (or, with -r, read) by threads: the global
 * uwrite_target, 8 bytes on a 64-byte boundary. With SIGUSR1 blocked in
 * every thread:
 *
 *	creates N_EARLY "early" threads, which wait (--early; default 0)
 *	prints "ready PID 0xADDR"	ADDR: &uwrite_target
 *	waits for SIGUSR1
 *	the main thread makes N accesses
 *	the early threads are released, and each makes N accesses
 *	THREADS new threads are created, and each makes N accesses
 *	all are joined
 *	--fork: a forked child makes N accesses to its copy, and exits
 *	--vfork: a vfork child makes N accesses (to the parent's memory,
 *		which it borrows), and exits
 *	prints "children C"		C: the children's accesses (with
 *					--fork or --vfork only)
 *	prints "done TOTAL"		TOTAL: the accesses made, all threads,
 *					children not included
 *	waits for SIGUSR1
 *	--exec: executes itself again as "uwrite [-r] N 0" (same pid, new
 *		image, the same ADDR: the binary is static): "ready", N
 *		accesses, "done N" as above
 *	exits 0
 *
 * So a watch armed after "ready" meets threads that existed before it
 * (main, early), threads created after it, and, when asked, child processes
 * and a new image, which are not the memory it watches. Every write stores
 * a value not stored before by the same thread. Exits 1 with a message on
 * stderr if anything fails, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

volatile uint64_t uwrite_target __attribute__((aligned(64)));

static int reads;
static unsigned long n_access;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int go;
static uint64_t total;		/* under lock */
static volatile uint64_t sink;

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-r] [--early N_EARLY] [--fork] [--vfork] [--exec] N THREADS\n",
		prog);
	exit(2);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "uwrite: %s: %s\n", what, strerror(err));
	exit(1);
}

static unsigned long number(const char *prog, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || s[0] == '-')
		usage(prog);
	return v;
}

/*
 * The N accesses, and nothing else shared: reads, or writes of first,
 * first + 1, ... (a child writes values its parent never does).
 */
static void touch_n(uint64_t first)
{
	uint64_t sum = 0;
	unsigned long i;

	if (reads) {
		for (i = 0; i < n_access; i++)
			sum += uwrite_target;
		sink = sum;
	} else {
		for (i = 0; i < n_access; i++)
			uwrite_target = first + i;
	}
}

/* access_n: the N accesses of one thread; counts them in total. */
static void access_n(void)
{
	int err;

	touch_n(1);
	err = pthread_mutex_lock(&lock);
	if (err)
		die("pthread_mutex_lock", err);
	total += n_access;
	pthread_mutex_unlock(&lock);
}

/* A child's N accesses: nothing shared is touched but uwrite_target. */
static void child_access(void)
{
	touch_n(n_access + 1);
}

/* Waits for child @pid; dies unless it exited 0. */
static void reap(pid_t pid)
{
	int status;

	if (pid < 0)
		die("fork", errno);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid", errno);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("child", ECHILD);
}

/*
 * A vfork child's N accesses. The child runs on our stack while we wait,
 * so vfork() has a frame of its own here, with nothing in it to clobber.
 */
static __attribute__((noinline)) void vfork_access(void)
{
	pid_t pid = vfork();

	if (pid == 0) {
		child_access();
		_exit(0);
	}
	reap(pid);
}

static void *early_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	access_n();
	return NULL;
}

static void *late_thread(void *arg)
{
	(void)arg;
	access_n();
	return NULL;
}

static void wait_usr1(const sigset_t *set)
{
	int sig, err;

	err = sigwait(set, &sig);
	if (err)
		die("sigwait", err);
}

int main(int argc, char **argv)
{
	unsigned long n_early = 0, n_late, i;
	pthread_t *early, *late;
	sigset_t set;
	int a = 1, err, do_fork = 0, do_vfork = 0, do_exec = 0;
	unsigned long children = 0;
	pid_t pid;

	for (; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
		if (strcmp(argv[a], "-r") == 0) {
			reads = 1;
		} else if (strcmp(argv[a], "--early") == 0 && a + 1 < argc) {
			n_early = number(argv[0], argv[++a]);
		} else if (strcmp(argv[a], "--fork") == 0) {
			do_fork = 1;
		} else if (strcmp(argv[a], "--vfork") == 0) {
			do_vfork = 1;
		} else if (strcmp(argv[a], "--exec") == 0) {
			do_exec = 1;
		} else if (strcmp(argv[a], "--") == 0) {
			a++;
			break;
		} else {
			usage(argv[0]);
		}
	}
	if (argc - a != 2)
		usage(argv[0]);
	n_access = number(argv[0], argv[a]);
	n_late = number(argv[0], argv[a + 1]);

	early = calloc(n_early ? n_early : 1, sizeof(*early));
	late = calloc(n_late ? n_late : 1, sizeof(*late));
	if (!early || !late)
		die("calloc", ENOMEM);

	/* Blocked before any thread exists: every thread inherits it. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	err = pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (err)
		die("pthread_sigmask", err);

	for (i = 0; i < n_early; i++) {
		err = pthread_create(&early[i], NULL, early_thread, NULL);
		if (err)
			die("pthread_create", err);
	}

	printf("ready %d 0x%lx\n", (int)getpid(),
	       (unsigned long)&uwrite_target);
	fflush(stdout);
	wait_usr1(&set);

	access_n();

	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);

	for (i = 0; i < n_late; i++) {
		err = pthread_create(&late[i], NULL, late_thread, NULL);
		if (err)
			die("pthread_create", err);
	}
	for (i = 0; i < n_early; i++) {
		err = pthread_join(early[i], NULL);
		if (err)
			die("pthread_join", err);
	}
	for (i = 0; i < n_late; i++) {
		err = pthread_join(late[i], NULL);
		if (err)
			die("pthread_join", err);
	}

	if (do_fork) {
		pid = fork();
		if (pid == 0) {
			child_access();
			_exit(0);
		}
		reap(pid);
		children += n_access;
	}
	if (do_vfork) {
		vfork_access();
		children += n_access;
	}
	if (do_fork || do_vfork)
		printf("children %lu\n", children);

	printf("done %" PRIu64 "\n", total);
	fflush(stdout);
	wait_usr1(&set);
	free(early);
	free(late);
	if (do_exec) {
		char *args[] = { argv[0], reads ? "-r" : "--", argv[a], "0",
				 NULL };

		/* The mask survives the exec: SIGUSR1 stays blocked. */
		execv("/proc/self/exe", args);
		die("execv", errno);
	}
	return 0;
}
