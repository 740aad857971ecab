/* SPDX-License-Identifier: ISC */
/*
 * Nothing of a run stays behind when the process ends: the temporary
 * folders and files of the command are registered here, and so is the
 * child it waits for (clang, ld.lld, the Xen harness; each in a process
 * group of its own). SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE end the
 * child's group (SIGTERM, then SIGKILL after a grace period), remove what
 * is registered, say which signal stopped the command and raise the signal
 * again, so that the caller sees the command die of it (128 + N in a
 * shell); an exit() on the way (out of memory) removes them too. The
 * handler only makes async-signal-safe calls: the folders are
 * listed with getdents64, not opendir, and the message is written with
 * write(2).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"

#define TEMP_MAX 16

/* A slot is written before it is marked used, and unmarked first. */
static struct {
	volatile sig_atomic_t kind; /* 0 free, 1 file, 2 folder */
	char path[PATH_MAX];
} temps[TEMP_MAX];

static volatile pid_t child_group;

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))
_Static_assert(NFATAL == UNILINK_NSIGNALS, "base.h counts the signals");

const char *unilink_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	case SIGQUIT:
		return "SIGQUIT";
	case SIGPIPE:
		return "SIGPIPE";
	case SIGKILL:
		return "SIGKILL";
	default:
		return "a signal";
	}
}

/* The files of a folder and then the folder (one level of subfolders). */
static void remove_tree(int parent, const char *path, int depth)
{
	char buf[4096];
	int fd = openat(parent, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	long n;

	if (fd < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			/* struct linux_dirent64: ino, off, reclen, type, name
			 */
			unsigned short reclen;
			const char *name = buf + off + 19;

			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			off += reclen;
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				continue;
			if (unlinkat(fd, name, 0) != 0 && depth > 0)
				remove_tree(fd, name, depth - 1);
		}
	}
	close(fd);
	unlinkat(parent, path, AT_REMOVEDIR);
}

void unilink_remove_dir(const char *dir)
{
	remove_tree(AT_FDCWD, dir, 1);
}

void unilink_temp_add(const char *path, int folder)
{
	for (int i = 0; i < TEMP_MAX; i++) {
		if (temps[i].kind != 0)
			continue;
		strncpy(temps[i].path, path, sizeof(temps[i].path) - 1);
		temps[i].kind = folder ? 2 : 1;
		return;
	}
}

void unilink_temp_forget(const char *path)
{
	for (int i = 0; i < TEMP_MAX; i++)
		if (temps[i].kind != 0 && strcmp(temps[i].path, path) == 0)
			temps[i].kind = 0;
}

void unilink_child_group(pid_t pid)
{
	child_group = pid;
}

/* SIGTERM to the child's group; SIGKILL when it has not ended in 5 s. */
static void end_child(void)
{
	struct timespec ts = {0, 20 * 1000 * 1000};
	pid_t pid = child_group;
	int i;

	if (pid <= 0)
		return;
	kill(-pid, SIGTERM);
	for (i = 0; i < 250 && waitpid(pid, NULL, WNOHANG) == 0; i++)
		nanosleep(&ts, NULL);
	kill(-pid, SIGKILL);
	if (i == 250)
		waitpid(pid, NULL, 0);
}

static void say(const char *s)
{
	ssize_t r = write(2, s, strlen(s));

	(void)r;
}

/* "unilink: stopped by signal 15 (SIGTERM)", without stdio. */
static void tell_signal(int sig)
{
	char num[8];
	int n = 0;

	num[n++] = (char)('0' + sig / 10 % 10);
	num[n++] = (char)('0' + sig % 10);
	num[n] = '\0';
	say("unilink: stopped by signal ");
	say(sig < 10 ? num + 1 : num);
	say(" (");
	say(unilink_signal_name(sig));
	say(")\n");
}

static void remove_temps(void)
{
	for (int i = 0; i < TEMP_MAX; i++) {
		if (temps[i].kind == 1)
			unlink(temps[i].path);
		else if (temps[i].kind == 2)
			remove_tree(AT_FDCWD, temps[i].path, 1);
		temps[i].kind = 0;
	}
}

static void on_fatal(int sig)
{
	int saved = errno;

	end_child();
	remove_temps();
	tell_signal(sig); /* on a closed stderr too: SIGPIPE is blocked here */
	signal(sig, SIG_DFL);
	errno = saved;
	raise(sig); /* delivered when the handler returns */
}

void unilink_signals_init(void)
{
	struct sigaction sa = {0};

	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, NULL);
	atexit(remove_temps); /* exit() on the way, out of memory */
}

/*
 * For `unilink run` while it owns a VM: handler (SIG_DFL too) instead of
 * the cleanup for the same signals, the previous actions into old
 * (UNILINK_NSIGNALS entries); unilink_signals_restore puts them back.
 */
void unilink_signals_divert(void (*handler)(int), struct sigaction *old)
{
	struct sigaction sa = {0};

	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &old[i]);
}

void unilink_signals_restore(const struct sigaction *old)
{
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &old[i], NULL);
}
