/* SPDX-License-Identifier: ISC */
/*
 * Running other programs (clang-19, ld.lld-19, qemu) with fork/exec, the
 * progress lines of a build (one per stage, with its time), messages and
 * small file helpers. With -v every command is printed before it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"

int unilink_verbose;
int unilink_quiet;

void unilink_error(const char *fmt, ...)
{
	va_list ap;

	fputs("unilink: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void unilink_note(const char *fmt, ...)
{
	va_list ap;

	fputs("unilink: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *unilink_xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL) {
		fputs("unilink: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

char *unilink_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(unilink_xmalloc(n), s, n);
}

double unilink_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One progress line: "  passes        0.123 s  what". */
void unilink_stage(const char *stage, double start, const char *what)
{
	if (unilink_quiet)
		return;
	fprintf(stderr, "  %-12s %7.3f s  %s\n", stage, unilink_now() - start,
		what ? what : "");
}

static void print_cmd(const char *const argv[], const char *out)
{
	for (int i = 0; argv[i] != NULL; i++)
		fprintf(stderr, "%s%s", i ? " " : "+ ", argv[i]);
	if (out != NULL)
		fprintf(stderr, " > %s", out);
	fputc('\n', stderr);
}

static void child(const char *const argv[], const char *out)
{
	if (out != NULL) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0) {
			fprintf(stderr, "unilink: cannot write %s: %s\n", out,
				strerror(errno));
			_exit(127);
		}
		close(fd);
	}
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "unilink: cannot run %s: %s\n", argv[0],
		strerror(errno));
	_exit(127);
}

int unilink_run_cmd_to(const char *const argv[], const char *out)
{
	int status;
	pid_t pid;

	if (unilink_verbose)
		print_cmd(argv, out);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		unilink_error("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		child(argv, out);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int unilink_run_cmd(const char *const argv[])
{
	return unilink_run_cmd_to(argv, NULL);
}

char *unilink_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL) {
		unilink_error("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = unilink_xmalloc(n + 1);
	if (n > 0 && fread(buf, 1, n, f) != (size_t)n) {
		unilink_error("cannot read %s: short read", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

int unilink_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		unilink_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
