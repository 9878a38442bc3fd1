// SPDX-License-Identifier: GPL-2.0
/*
 * nocap CAP CMD [ARGS...]
 *
 * Run CMD as the same user without capability number CAP (for example 19,
 * CAP_SYS_PTRACE): removed from the bounding set, so that it does not come
 * back when root executes CMD, and from the ambient, inheritable,
 * permitted and effective sets. The guest's way to test what root without
 * one capability may do. The result is checked: a helper that silently
 * kept the capability would make a refusal test pass for the wrong reason.
 *
 * Exit status: CMD's, or 125 for a usage or privilege error, 126 if CMD
 * could not be run, 127 if CMD was not found.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int caps(int set, struct __user_cap_data_struct *data)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};

	return syscall(set ? SYS_capset : SYS_capget, &hdr, data);
}

int main(int argc, char **argv)
{
	struct __user_cap_data_struct data[2];
	unsigned long cap;
	char *end;

	if (argc < 3) {
		fprintf(stderr, "usage: nocap CAP CMD [ARGS...]\n");
		return 125;
	}
	errno = 0;
	cap = strtoul(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || cap > CAP_LAST_CAP) {
		fprintf(stderr, "nocap: bad capability number '%s'\n", argv[1]);
		return 125;
	}
	if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) ||
	    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) ||
	    caps(0, data)) {
		fprintf(stderr, "nocap: %s\n", strerror(errno));
		return 125;
	}
	data[cap / 32].effective &= ~(1U << (cap % 32));
	data[cap / 32].permitted &= ~(1U << (cap % 32));
	data[cap / 32].inheritable &= ~(1U << (cap % 32));
	if (caps(1, data)) {
		fprintf(stderr, "nocap: capset: %s\n", strerror(errno));
		return 125;
	}
	if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 0) {
		fprintf(stderr, "nocap: capability %lu still bounded\n", cap);
		return 125;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "nocap: %s: %s\n", argv[2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
