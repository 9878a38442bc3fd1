// SPDX-License-Identifier: GPL-2.0
/*
 * runas UID GID CMD [ARGS...]
 *
 * Run CMD with every user and group id set to UID/GID and no supplementary
 * groups: the guest's way to test what an unprivileged user may do (busybox
 * su needs a password database and a PAM-less login dance; this does not).
 * Built statically for the busybox initramfs by tests/vm/Makefile.
 *
 * Order matters: supplementary groups and the gid are dropped while still
 * root, the uid last. Every step is checked, and the result is verified:
 * a helper that silently kept root would make permission tests pass for the
 * wrong reason.
 *
 * Exit status: CMD's, or 125 for a usage or privilege error, 126 if CMD
 * could not be run, 127 if CMD was not found (as the shell does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *prog = "runas";

static unsigned long parse_id(const char *what, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v >= UINT_MAX) {
		fprintf(stderr, "%s: bad %s '%s': want a number below %u\n",
			prog, what, s, UINT_MAX);
		exit(125);
	}
	return v;
}

int main(int argc, char **argv)
{
	uid_t uid, ruid, euid, suid;
	gid_t gid, rgid, egid, sgid;

	if (argc < 4) {
		fprintf(stderr, "usage: %s UID GID CMD [ARGS...]\n", prog);
		return 125;
	}
	uid = parse_id("uid", argv[1]);
	gid = parse_id("gid", argv[2]);

	if (setgroups(0, NULL)) {
		fprintf(stderr, "%s: setgroups(0): %s\n", prog, strerror(errno));
		return 125;
	}
	if (setresgid(gid, gid, gid)) {
		fprintf(stderr, "%s: setresgid(%u): %s\n", prog, (unsigned)gid,
			strerror(errno));
		return 125;
	}
	if (setresuid(uid, uid, uid)) {
		fprintf(stderr, "%s: setresuid(%u): %s\n", prog, (unsigned)uid,
			strerror(errno));
		return 125;
	}
	if (getresuid(&ruid, &euid, &suid) || getresgid(&rgid, &egid, &sgid) ||
	    ruid != uid || euid != uid || suid != uid ||
	    rgid != gid || egid != gid || sgid != gid ||
	    getgroups(0, NULL) != 0) {
		fprintf(stderr, "%s: ids not dropped to %u:%u\n", prog,
			(unsigned)uid, (unsigned)gid);
		return 125;
	}

	execvp(argv[3], argv + 3);
	fprintf(stderr, "%s: %s: %s\n", prog, argv[3], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
