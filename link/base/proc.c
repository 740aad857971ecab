/* SPDX-License-Identifier: ISC */
/*
 * Running other programs (clang-19, ld.lld-19, qemu) with fork/exec, the
 * progress lines of a build (one per stage, with its time), messages and
 * small file helpers. With -v every command is printed before it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"

int unilink_verbose;
int unilink_quiet;

/* Longer messages are cut: a value in them was not shown through show. */
#define MESSAGE_MAX 16384

const char *unilink_show(char out[UNILINK_SHOW_MAX], const char *s)
{
	return uni_text_show(out, s, strlen(s), UNILINK_SHOW_BYTES);
}

void unilink_print_line(const char *prefix, const char *text)
{
	static char shown[UNI_TEXT_SHOW_SIZE(MESSAGE_MAX + 32)];

	uni_text_show_line(shown, text, strlen(text), MESSAGE_MAX + 32);
	fprintf(stderr, "%s%s\n", prefix, shown);
}

static void message(const char *prefix, const char *fmt, va_list ap)
{
	static const char cut[] = "...(message cut)";
	static char text[MESSAGE_MAX + sizeof(cut)];

	if (vsnprintf(text, MESSAGE_MAX + 1, fmt, ap) > MESSAGE_MAX)
		memcpy(text + MESSAGE_MAX, cut, sizeof(cut));
	unilink_print_line(prefix, text);
}

void unilink_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("unilink: error: ", fmt, ap);
	va_end(ap);
}

void unilink_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("unilink: ", fmt, ap);
	va_end(ap);
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

/*
 * In the child: a process group of its own, so that a signal that stops
 * the command ends the child and what it started (signals.c); and it dies
 * with us even when we are killed.
 */
static void child(const char *const argv[], const char *out, pid_t parent,
		  const sigset_t *mask)
{
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	sigprocmask(SIG_SETMASK, mask, NULL);
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
	pid_t pid, parent = getpid();
	sigset_t block, old;

	if (unilink_verbose)
		print_cmd(argv, out);
	fflush(NULL);
	/* A signal between fork and unilink_child_group would miss the child.
	 */
	sigfillset(&block);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid == 0)
		child(argv, out, parent, &old);
	if (pid > 0) {
		setpgid(pid, pid); /* as the child does */
		unilink_child_group(pid);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		unilink_error("fork: %s", strerror(errno));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			unilink_child_group(0);
			return -1;
		}
	}
	unilink_child_group(0);
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
	struct stat st;
	char *buf;
	long n;

	if (f == NULL || fstat(fileno(f), &st) != 0) {
		unilink_error("cannot read %s: %s", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		unilink_error("%s: expected a file, found %s", path,
			      S_ISDIR(st.st_mode) ? "a directory"
						  : "a special file");
		fclose(f);
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
