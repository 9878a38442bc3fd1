// SPDX-License-Identifier: GPL-2.0
/*
 * poke FILE VALUE COUNT [INTERVAL_MS]
 *
 * Write VALUE to FILE (a sysctl, say) COUNT times, INTERVAL_MS apart: a
 * stand-in for a daemon that keeps "tuning" a kernel variable. Copy it to a
 * telling name first; its comm is what hwbp reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	long count, ms, i;
	size_t len;
	int fd;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: %s FILE VALUE COUNT [INTERVAL_MS]\n",
			argv[0]);
		return 2;
	}
	count = strtol(argv[3], NULL, 10);
	ms = argc == 5 ? strtol(argv[4], NULL, 10) : 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	len = strlen(argv[2]);

	for (i = 0; i < count; i++) {
		fd = open(argv[1], O_WRONLY);
		if (fd < 0 || write(fd, argv[2], len) != (ssize_t)len) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1],
				strerror(errno));
			return 1;
		}
		close(fd);
		if (ms)
			nanosleep(&ts, NULL);
	}
	return 0;
}
