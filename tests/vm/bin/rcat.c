// SPDX-License-Identifier: GPL-2.0
/*
 * rcat FILE...: cat with read(2) and write(2) only. busybox's cat copies
 * with sendfile(2), which never calls vfs_read(); the probe tests count
 * vfs_read() calls of a program named cat (copy this one to .../cat).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int i, fd;

	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			perror(argv[i]);
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(1, buf, n) != n)
				return 1;
		close(fd);
	}
	return 0;
}
