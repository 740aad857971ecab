/* SPDX-License-Identifier: ISC */
/*
 * `unilink run` of a hosted image (appliance.platform = linux, or
 * --platform linux): the image is a static Linux executable, started
 * directly with its boot command line as arguments (the generic image's
 * settings from NAME.qemu.sh, --append, then the -D overrides), the
 * console on our stdout and stderr, stdin from /dev/null. Its network
 * card is the TAP device net0.tap, which must exist (`ip tuntap add NAME
 * mode tap [user USER]`) or the process needs CAP_NET_ADMIN: run the
 * command inside a network namespace (`ip netns exec NS unilink run ...`)
 * to keep the traffic there. The status is the appliance's own (main()'s
 * return value, exit_group); 128 + N when signal N ended it or run; 124
 * when the timeout ended it; 126 when it could not be started. The QEMU
 * options (--memory, --machine, --hostfwd, --accel, QEMU arguments) are
 * refused: there is no VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "run/run.h"

#define HOSTED_MAX_ARGS 256

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static int vm_options(const struct unilink_opts *o)
{
	if (o->memory == 0 && o->machine == NULL && o->nqemu_args == 0 &&
	    o->nhostfwd == 0 && o->accel == NULL)
		return 0;
	unilink_error(
	    "--memory, --machine, --hostfwd, --accel and QEMU "
	    "arguments apply to a VM; a hosted image (platform "
	    "linux) is a process: its memory is appliance.memory, "
	    "its network the TAP device net0.tap (found one of them)");
	return -1;
}

/* The arguments: the image, then the words of the command line. */
static int hosted_argv(const char *image, char *cmdline, const char **argv)
{
	int n = 0;
	char *save = NULL;

	argv[n++] = image;
	for (char *w = strtok_r(cmdline, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		if (n == HOSTED_MAX_ARGS) {
			unilink_error("the command line has more than %d "
				      "words; nothing was started",
				      HOSTED_MAX_ARGS - 1);
			return -1;
		}
		argv[n++] = w;
	}
	argv[n] = NULL;
	return n;
}

/* SIGTERM, then SIGKILL when it has not ended within 5 s. */
static void end_child(pid_t pid)
{
	struct timespec ts = {0, 20 * 1000 * 1000};
	int status, i;

	kill(pid, SIGTERM);
	for (i = 0; i < 250 && waitpid(pid, &status, WNOHANG) == 0; i++)
		nanosleep(&ts, NULL);
	if (i == 250) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
}

static int child_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status)) {
		unilink_note("the appliance was ended by signal %d (%s) "
			     "(status %d)",
			     WTERMSIG(status),
			     unilink_signal_name(WTERMSIG(status)),
			     128 + WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return 126;
}

static int wait_child(pid_t pid, int timeout)
{
	double end = unilink_now() + timeout;
	struct timespec ts = {0, 10 * 1000 * 1000};
	int status;

	while (unilink_now() < end && !stop_signal) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return child_status(status);
		if (r < 0 && errno != EINTR)
			return 126;
		nanosleep(&ts, NULL);
	}
	end_child(pid);
	if (stop_signal) {
		unilink_note("signal %d (%s): the appliance was stopped "
			     "(status %d)",
			     (int)stop_signal,
			     unilink_signal_name((int)stop_signal),
			     128 + (int)stop_signal);
		return 128 + stop_signal;
	}
	unilink_note("the appliance did not end within %ds (status 124)",
		     timeout);
	return 124;
}

static void exec_image(const char **argv, pid_t parent)
{
	struct sigaction dfl[UNILINK_NSIGNALS];
	int fd = open("/dev/null", O_RDONLY);

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(126);
	unilink_signals_divert(SIG_DFL, dfl);
	if (fd >= 0)
		dup2(fd, 0);
	execv(argv[0], (char *const *)argv);
	fprintf(stderr, "unilink: cannot run %s: %s\n", argv[0],
		strerror(errno));
	_exit(126);
}

int unilink_run_hosted(const struct unilink_opts *o, const char *image,
		       char *cmdline, int timeout)
{
	const char *argv[HOSTED_MAX_ARGS + 1];
	struct sigaction old[UNILINK_NSIGNALS];
	pid_t parent = getpid(), pid;
	int rc;

	if (vm_options(o) < 0 || hosted_argv(image, cmdline, argv) < 0)
		return 2;
	if (unilink_verbose) {
		for (int i = 0; argv[i]; i++)
			fprintf(stderr, "%s%s", i ? " " : "+ ", argv[i]);
		fputc('\n', stderr);
	}
	fflush(NULL);
	stop_signal = 0;
	unilink_signals_divert(on_stop, old);
	pid = fork();
	if (pid == 0)
		exec_image(argv, parent);
	rc = pid < 0 ? 126 : wait_child(pid, timeout);
	unilink_signals_restore(old);
	return rc;
}
