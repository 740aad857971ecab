/* SPDX-License-Identifier: ISC */
/*
 * `unilink run CONFIG|IMAGE`: boot under QEMU (microvm, or q35) with the
 * console on stdout and exit with the appliance's own status:
 * isa-debug-exit gives (status << 1) | 1; 124 when the timeout ended the
 * VM, 125 when it stopped without a status (reset, triple fault), 126 when
 * QEMU failed, 128 + N when signal N stopped run (and so the VM). The QEMU
 * command line is made here only (unilink_qemu_argv): NAME.qemu.sh beside
 * an image is written from it, and the tests and scripts boot through run.
 * A CONFIG is built first (into a temporary folder, by cli/commands.c),
 * then booted here.
 * An image built for Xen (appliance.platform = xen, or --platform xen)
 * boots on a real Xen 4.17 under QEMU through the harness of test/xen,
 * with the xl configuration beside the image. An image built for Linux
 * (appliance.platform = linux) is an executable: run_hosted.c starts it.
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
#include "codegen/codegen.h"
#include "run/note.h"
#include "run/run.h"
#include "unilink_build_config.h"

/*
 * The machine: microvm without auto-kernel-cmdline (QEMU would add
 * virtio_mmio.device= words, which the image's configuration reader
 * refuses; the image probes the MMIO window itself) and with modern
 * (virtio 1.x) virtio-mmio devices; or q35, where virtio is on PCI.
 */
static int machine_argv(const struct qemu_setup *q, const char **argv)
{
	int n = 0;

	argv[n++] = "-M";
	if (q->machine != NULL && strcmp(q->machine, "q35") == 0) {
		argv[n++] = "q35";
		return n;
	}
	argv[n++] = "microvm,auto-kernel-cmdline=off";
	argv[n++] = "-global";
	argv[n++] = "virtio-mmio.force-legacy=off";
	return n;
}

/* Whether the extra arguments bring their own network backend. */
static int has_netdev(const struct qemu_setup *q)
{
	for (int i = 0; i < q->nextra; i++) {
		const char *a = q->extra[i];

		a += a[0] == '-' && a[1] == '-'; /* QEMU takes -x and --x */
		if (!strcmp(a, "-netdev") || !strcmp(a, "-nic") ||
		    !strcmp(a, "-net"))
			return 1;
	}
	return 0;
}

/* The virtio-net device with user networking and the --hostfwd rules. */
static int net_argv(struct qemu_setup *q, const char **argv)
{
	int pci = q->machine != NULL && strcmp(q->machine, "q35") == 0;
	size_t len = snprintf(q->netdev, sizeof(q->netdev), "user,id=net0");

	for (int i = 0; i < q->nhostfwd; i++)
		len += snprintf(q->netdev + len, sizeof(q->netdev) - len,
				",hostfwd=%s", q->hostfwd[i]);
	argv[0] = "-netdev";
	argv[1] = q->netdev;
	argv[2] = "-device";
	argv[3] = pci ? "virtio-net-pci,netdev=net0"
		      : "virtio-net-device,netdev=net0";
	return 4;
}

int unilink_qemu_argv(struct qemu_setup *q, const char **argv)
{
	static char mem[32];
	int n = 0;

	snprintf(mem, sizeof(mem), "%ld", q->memory);
	argv[n++] = q->qemu;
	n += machine_argv(q, argv + n);
	const char *fixed[] = {"-accel",
			       q->accel,
			       "-cpu",
			       strcmp(q->accel, "kvm") ? "max" : "host",
			       "-m",
			       mem,
			       "-nodefaults",
			       "-no-user-config",
			       "-display",
			       "none",
			       "-serial",
			       "stdio",
			       "-no-reboot",
			       "-device",
			       "isa-debug-exit,iobase=0xf4,iosize=0x04",
			       "-kernel",
			       q->image,
			       "-append",
			       q->cmdline};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		argv[n++] = fixed[i];
	if ((q->net || q->nhostfwd) && !has_netdev(q))
		n += net_argv(q, argv + n);
	for (int i = 0; i < q->nextra; i++)
		argv[n++] = q->extra[i];
	argv[n] = NULL;
	return n;
}

/*
 * QEMU's stderr, relayed to ours: isa-debug-exit makes status 0 of the
 * appliance QEMU's exit status 1, which is also what QEMU exits with when
 * it refuses to start. An error line of QEMU's own ("qemu-system-x86_64:
 * ...", not a warning) tells the two apart.
 */
struct qemu_err {
	int fd;
	int failed;
	int outside_signal; /* "terminating on signal N" */
	char line[256];
	size_t n;
};

/* QEMU's line when a signal (from another process) ends it. */
#define TERMINATING ": terminating on signal "

static void end_line(struct qemu_err *e)
{
	const char *sig;

	e->line[e->n] = '\0';
	if (strncmp(e->line, "qemu", 4) == 0 && strchr(e->line, ':') &&
	    strstr(e->line, "warning:") == NULL)
		e->failed = 1;
	sig = strstr(e->line, TERMINATING);
	if (strncmp(e->line, "qemu", 4) == 0 && sig != NULL)
		e->outside_signal = atoi(sig + strlen(TERMINATING));
	e->n = 0;
}

static void relay(struct qemu_err *e)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(e->fd, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, stderr);
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || e->n + 1 == sizeof(e->line))
				end_line(e);
			else
				e->line[e->n++] = buf[i];
		}
	}
	fflush(stderr);
}

static int child_status(int status, struct qemu_err *e)
{
	int rc;

	relay(e);
	if (e->n > 0)
		end_line(e);
	if (WIFSIGNALED(status)) {
		unilink_note("QEMU was killed by signal %d (%s), not by "
			     "unilink: the VM did not finish (status 126)",
			     WTERMSIG(status),
			     unilink_signal_name(WTERMSIG(status)));
		return 126;
	}
	if (!WIFEXITED(status))
		return 126;
	rc = WEXITSTATUS(status);
	if (rc == 0 && e->outside_signal > 0) {
		unilink_note("QEMU was stopped by signal %d (%s) from another "
			     "process: the VM did not finish (status 126)",
			     e->outside_signal,
			     unilink_signal_name(e->outside_signal));
		return 126;
	}
	if (rc == 0) {
		unilink_note("the VM stopped without an exit status (reset or "
			     "triple fault)");
		return 125;
	}
	if (rc == 1 && e->failed) {
		unilink_note("QEMU did not run the VM (its message is above)");
		return 126;
	}
	if (rc % 2 == 1)
		return rc >> 1;
	unilink_note("QEMU failed with status %d", rc);
	return 126;
}

/*
 * SIGTERM, SIGINT, SIGHUP, SIGQUIT or SIGPIPE while the VM runs: QEMU is
 * ended as on a timeout, and run exits with 128 + the signal's number, so
 * that a script that stops `unilink run` stops its VM too.
 */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* SIGTERM, then SIGKILL when QEMU has not ended within 5 s. */
static void end_qemu(pid_t pid)
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

/* A signal stopped run, which ended the VM: 128 + N. */
static int stopped(struct qemu_err *e)
{
	relay(e);
	unilink_note("signal %d (%s): the VM was stopped (status %d)",
		     (int)stop_signal, unilink_signal_name((int)stop_signal),
		     128 + (int)stop_signal);
	return 128 + stop_signal;
}

/* Wait for pid at most timeout seconds; then end it. */
static int wait_timeout(pid_t pid, int timeout, struct qemu_err *e)
{
	double end = unilink_now() + timeout;
	struct timespec ts = {0, 20 * 1000 * 1000};
	int status;

	while (unilink_now() < end && !stop_signal) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		/* a signal to our process group (^C) may end QEMU first */
		if (r == pid && stop_signal)
			return stopped(e);
		if (r == pid)
			return child_status(status, e);
		if (r < 0 && errno != EINTR)
			return 126;
		relay(e);
		nanosleep(&ts, NULL);
	}
	end_qemu(pid);
	if (stop_signal)
		return stopped(e);
	relay(e);
	unilink_note("the VM did not end within %ds (status 124)", timeout);
	return 124;
}

/* In the child: QEMU ends with us, even when we are killed. */
static void exec_qemu(const char **argv, int err_fd, pid_t parent)
{
	int fd = open("/dev/null", O_RDONLY);
	struct sigaction dfl[UNILINK_NSIGNALS];

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(126 << 1);
	unilink_signals_divert(SIG_DFL, dfl);
	dup2(fd, 0);
	dup2(err_fd, 2);
	close(err_fd);
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "unilink: cannot run %s: %s\n", argv[0],
		strerror(errno));
	_exit(126 << 1);
}

static void show_argv(const char **argv)
{
	if (!unilink_verbose)
		return;
	for (int i = 0; argv[i]; i++)
		fprintf(stderr, "%s%s", i ? " " : "+ ", argv[i]);
	fputc('\n', stderr);
}

static int boot(struct qemu_setup *q, int timeout)
{
	const char **argv =
	    unilink_xmalloc((RUN_MAX_ARGS + q->nextra) * sizeof(*argv));
	struct qemu_err e = {0};
	struct sigaction old[UNILINK_NSIGNALS];
	pid_t parent = getpid(), pid;
	int fds[2], rc = 126;

	unilink_qemu_argv(q, argv);
	show_argv(argv);
	fflush(NULL);
	stop_signal = 0;
	unilink_signals_divert(on_stop, old);
	if (pipe(fds) < 0)
		goto out;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		exec_qemu(argv, fds[1], parent);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		goto out;
	}
	e.fd = fds[0];
	fcntl(e.fd, F_SETFL, O_NONBLOCK);
	rc = wait_timeout(pid, timeout, &e);
	close(e.fd);
out:
	unilink_signals_restore(old);
	free(argv);
	return rc;
}

/*
 * "memory=64", "# memory needed: 38 MiB: ...", "cmdline='...'" and the
 * rest from the image's NAME.qemu.sh.
 */
static int read_description(const char *image, struct qemu_setup *q,
			    char *cmdline, size_t size)
{
	char path[4200], line[4096];
	FILE *f;

	unilink_sibling(image, ".qemu.sh", path, sizeof(path));
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "memory=", 7))
			q->memory = atol(line + 7);
		else if (!strncmp(line, "# memory needed: ", 17))
			q->memory_need = atol(line + 17);
		else if (!strncmp(line, "net=", 4))
			q->net = atoi(line + 4);
		else if (!strncmp(line, "platform=", 9))
			snprintf(q->platform, sizeof(q->platform), "%s",
				 line + 9);
		else if (!strcmp(line, "variant=specialised"))
			q->specialised = 1;
		else if (!strncmp(line, "cmdline='", 9) && strlen(line) > 9) {
			snprintf(cmdline, size, "%s", line + 9);
			cmdline[strlen(cmdline) - 1] = '\0';
		}
	}
	fclose(f);
	return 1;
}

/*
 * The run note in the image (run/note.h) wins over NAME.qemu.sh, which may
 * be left from another build of the same name: the memory (computed from
 * the note and the image's extent), the network device, the platform and
 * the variant. 1 when the image has one, 0 when not, -1 after a message.
 */
static int read_note(const char *image, struct qemu_setup *q)
{
	struct run_note n;
	struct uni_mem_need need;
	int rc = unilink_note_read(image, &n);

	if (rc <= 0)
		return rc;
	if (unilink_note_memory(image, &n, &q->memory, &need) < 0)
		return -1;
	q->memory_need = (long)need.mib;
	q->net = n.net > 0 && strcmp(n.net_model, "none") != 0;
	snprintf(q->platform, sizeof(q->platform), "%s", n.platform);
	q->specialised = n.specialised;
	return 1;
}

/* How to boot image: its run note, NAME.qemu.sh, or --memory; 0 or -1. */
static int describe_image(const struct unilink_opts *o, const char *image,
			  struct qemu_setup *q, char *cmdline, size_t size)
{
	int side = read_description(image, q, cmdline, size);
	int note = read_note(image, q);

	if (note < 0)
		return -1;
	if (note || side || o->memory > 0)
		return 0;
	unilink_error("%s carries no run note (" UNILINK_NOTE_SECTION
		      ") and has no .qemu.sh beside it, so its memory and "
		      "network devices are unknown: expected an image of "
		      "`unilink build`, or one linked with the object of "
		      "`unilink data CONFIG`; or give --memory MIB (and a "
		      "-netdev after --); nothing was started (status 2)",
		      image);
	return -1;
}

/* The Xen harness: $UNILINK_XEN_RUN, or test/xen/xen-run.sh in the tree. */
static int xen_harness(char *out, size_t size)
{
	const char *env = getenv("UNILINK_XEN_RUN");

	if (env != NULL && env[0])
		snprintf(out, size, "%s", env);
	else
		snprintf(out, size, "%s/test/xen/xen-run.sh",
			 UNILINK_SOURCE_DIR);
	if (access(out, X_OK) == 0)
		return 0;
	unilink_error(
	    "the Xen test harness %s is missing (it comes with the "
	    "source tree, test/xen; or set UNILINK_XEN_RUN); on a Xen "
	    "host, use the NAME.xl.cfg beside the image: xl create -c "
	    "NAME.xl.cfg",
	    out);
	return -1;
}

/*
 * Boot on a real Xen 4.17 under QEMU with the harness of test/xen, with
 * the xl configuration beside the image. Its status is the guest's: 0 for
 * a poweroff (uni_exit(0)), 3 for a crash (any other exit status), 124
 * for a timeout; see test/xen/README.md.
 */
static int run_xen(const struct unilink_opts *o, const char *image)
{
	char harness[4200], cfg[4200], timeout[32];
	const char *argv[8];
	int n = 0;

	if (xen_harness(harness, sizeof(harness)) < 0)
		return 2;
	unilink_sibling(image, ".xl.cfg", cfg, sizeof(cfg));
	snprintf(timeout, sizeof(timeout), "%d", o->timeout ? o->timeout : 300);
	argv[n++] = harness;
	argv[n++] = "--timeout";
	argv[n++] = timeout;
	argv[n++] = image;
	if (access(cfg, R_OK) == 0)
		argv[n++] = cfg;
	argv[n] = NULL;
	return unilink_run_cmd(argv);
}

/* -D overrides on an image: appended to its boot command line. */
static void add_defines(const struct unilink_opts *o, char *cmdline,
			size_t size)
{
	for (int i = 0; i < o->ndefines; i++) {
		const char *eq = strchr(o->defines[i], '=');
		size_t n = strlen(cmdline);
		char key[256];

		if (eq == NULL || (size_t)(eq - o->defines[i]) >= sizeof(key))
			continue; /* refused when the options were read */
		snprintf(key, sizeof(key), "%.*s", (int)(eq - o->defines[i]),
			 o->defines[i]);
		unilink_cmdline_word(cmdline, size, &n, key, eq + 1);
	}
}

/* On Xen, the guest's VM is the xl configuration's. */
static int qemu_only(const struct unilink_opts *o)
{
	if (o->append == NULL && o->memory == 0 && o->machine == NULL &&
	    o->nqemu_args == 0)
		return 0;
	unilink_error("--append, --memory, --machine and QEMU arguments "
		      "apply under QEMU; an image for Xen boots with the xl "
		      "configuration beside it (found one of them with "
		      "platform xen)");
	return -1;
}

/* What the options change in the image's description. */
static int apply_options(const struct unilink_opts *o, struct qemu_setup *q,
			 char *cmdline, size_t size)
{
	if (o->append != NULL)
		snprintf(cmdline, size, "%s", o->append);
	if (o->memory > 0 && o->memory < q->memory_need) {
		unilink_error("--memory: expected at least %ld MiB for this "
			      "image (its build's estimate, from its run note "
			      "or the .qemu.sh beside it), found %ld MiB; "
			      "nothing was started",
			      q->memory_need, o->memory);
		return -1;
	}
	if (o->memory > 0)
		q->memory = o->memory;
	q->machine = o->machine;
	q->extra = (const char *const *)o->qemu_args;
	q->nextra = o->nqemu_args;
	q->hostfwd = o->hostfwd;
	q->nhostfwd = o->nhostfwd;
	if (o->nhostfwd > 0 && has_netdev(q)) {
		unilink_error(
		    "--hostfwd forwards to the network device of run; "
		    "the QEMU arguments bring their own (-netdev), "
		    "so give the rules there (hostfwd=...)");
		return -1;
	}
	add_defines(o, cmdline, size);
	q->cmdline = cmdline;
	return 0;
}

/* A hosted image: its command line, --append, -D; then run_hosted.c. */
static int run_linux(const struct unilink_opts *o, const char *image,
		     const struct qemu_setup *q, char *cmdline, size_t size)
{
	if (q->specialised && o->ndefines > 0) {
		unilink_error(
		    "%s is specialised: its configuration is folded "
		    "in, so -D cannot change it at start; rebuild with "
		    "-D, or run a generic image (--generic)",
		    image);
		return 2;
	}
	if (o->append != NULL)
		snprintf(cmdline, size, "%s", o->append);
	add_defines(o, cmdline, size);
	return unilink_run_hosted(o, image, cmdline,
				  o->timeout ? o->timeout : 60);
}

int unilink_run_image(const struct unilink_opts *o, const char *image)
{
	struct qemu_setup q = {0};
	char cmdline[4096] = "";
	const char *env = getenv("UNILINK_ACCEL");
	struct unilink_paths p;

	if (unilink_check_image(image, NULL) < 0) {
		unilink_error("%s is not an image that can boot; nothing was "
			      "started (status 2)",
			      image);
		return 2;
	}
	unilink_find_paths(&p);
	q.qemu = p.qemu;
	q.image = image;
	q.memory = 128;
	q.accel = o->accel ? o->accel : env && *env ? env : "tcg";
	if (describe_image(o, image, &q, cmdline, sizeof(cmdline)) < 0)
		return 2;
	if (unilink_check_platform(image, q.platform, o->platform) < 0)
		return 2;
	if ((!strcmp(q.platform, "linux") && o->platform == NULL) ||
	    (o->platform && !strcmp(o->platform, "linux")))
		return run_linux(o, image, &q, cmdline, sizeof(cmdline));
	if ((!strcmp(q.platform, "xen") && o->platform == NULL) ||
	    (o->platform && !strcmp(o->platform, "xen")))
		return qemu_only(o) < 0 ? 2 : run_xen(o, image);
	if (unilink_check_accel(q.accel) < 0)
		return 2;
	if (q.specialised && o->ndefines > 0) {
		unilink_error(
		    "%s is specialised: its configuration is folded "
		    "in, so -D cannot change it at boot; rebuild with "
		    "-D, or run a generic image (--generic)",
		    image);
		return 2;
	}
	if (apply_options(o, &q, cmdline, sizeof(cmdline)) < 0)
		return 2;
	return boot(&q, o->timeout ? o->timeout : 60);
}
