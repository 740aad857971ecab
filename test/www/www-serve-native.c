/* SPDX-License-Identifier: ISC */
/*
 * Serves a directory with the HTTP core of rt/www (http_conn.h) on a
 * loopback TCP port, for the differential test against nginx
 * (nginx-diff.sh) without a VM:
 *
 *   www-serve-native [-m MTIME] PORT DIR
 *
 * The tree is read once at start as `unilink build` compiles www.root:
 * regular files, followed symbolic links, hidden names skipped except
 * .well-known, sorted by URL path (bytewise). -m gives every file's
 * Last-Modified (seconds since 1970). PORT 0 picks a free port. Prints
 * "ready PORT" once listening; ends on SIGTERM/SIGINT.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "www/http_conn.h"
#include "www/tree.h"

#define CONNS_MAX 64

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "www-serve-native: %s%s%s\n", what, arg ? ": " : "",
		arg ? arg : "");
	exit(1);
}

static struct uni_data_file *files;
static size_t nfiles, capfiles;

static void add_file(const char *path, const char *url, off_t size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = malloc(size ? (size_t)size : 1);

	if (!f || !data || fread(data, 1, (size_t)size, f) != (size_t)size)
		die("cannot read", path);
	fclose(f);
	if (nfiles == capfiles) {
		capfiles = capfiles ? 2 * capfiles : 64;
		files = realloc(files, capfiles * sizeof(*files));
		if (!files)
			die("out of memory", NULL);
	}
	files[nfiles].name = strdup(url);
	files[nfiles].data = data;
	files[nfiles].size = (uint64_t)size;
	nfiles++;
}

/* Adds the files below path (directory), named url + "/" + entry. */
static void walk(const char *path, const char *url, int depth)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		die("cannot open directory", path);
	if (depth > 32)
		die("deeper than 32 directories", path);
	while ((e = readdir(d)) != NULL) {
		char p[4096], u[4096];
		struct stat st;

		if (e->d_name[0] == '.' &&
		    strcmp(e->d_name, ".well-known") != 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		snprintf(u, sizeof(u), "%s/%s", url, e->d_name);
		if (stat(p, &st) != 0)
			die("cannot stat", p);
		if (S_ISDIR(st.st_mode))
			walk(p, u, depth + 1);
		else if (S_ISREG(st.st_mode))
			add_file(p, u, st.st_size);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct uni_data_file *)a)->name,
		      ((const struct uni_data_file *)b)->name);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

struct conn {
	int fd;		 /* -1: free */
	int eof;	 /* the peer's FIN came */
	uint64_t linger; /* closing: read and drop until then, else 0 */
	struct http_conn h;
	uint8_t pending[4096]; /* received, not yet taken by http_conn */
	size_t npending;
};

static struct conn *conns[CONNS_MAX];

/* Feeds what waits, sends what the connection has; 0 when it is done. */
static int pump(struct conn *c, uint64_t now)
{
	struct http_piece piece;

	for (;;) {
		if (c->npending) {
			size_t took = http_conn_input(&c->h, now, c->pending,
						      c->npending);
			memmove(c->pending, c->pending + took,
				c->npending - took);
			c->npending -= took;
		}
		if (!http_conn_output(&c->h, &piece))
			break;
		ssize_t n = send(c->fd, piece.p, piece.len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK;
		http_conn_sent(&c->h, now, (size_t)n);
		if ((size_t)n < piece.len)
			break;
	}
	if (now >= http_conn_deadline(&c->h))
		http_conn_timeout(&c->h, now);
	return !http_conn_done(&c->h);
}

/*
 * Done: a FIN now, then what the peer still sends is read and dropped for
 * up to 2 s (a lingering close, as nginx's), so that a close with unread
 * input does not reset the connection before the reply is read.
 */
static void conn_close(struct conn *c, uint64_t now)
{
	shutdown(c->fd, SHUT_WR);
	c->linger = now + 2000000000u;
}

static void conn_free(struct conn *c)
{
	close(c->fd);
	c->fd = -1;
}

int main(int argc, char **argv)
{
	struct http_config cfg;
	struct uni_data_set site;
	const char *why;
	uint64_t at;
	int opt;

	http_config_default(&cfg);
	while ((opt = getopt(argc, argv, "m:")) != -1) {
		if (opt != 'm')
			die("usage: www-serve-native [-m MTIME] PORT DIR",
			    NULL);
		char *end;
		cfg.last_modified = strtoll(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || cfg.last_modified < 0)
			die("-m: expected seconds since 1970, found", optarg);
	}
	if (argc - optind != 2)
		die("usage: www-serve-native [-m MTIME] PORT DIR", NULL);
	char *end;
	long port = strtol(argv[optind], &end, 10);
	if (*argv[optind] == '\0' || *end != '\0' || port < 0 || port > 65535)
		die("expected a port from 0 to 65535, found", argv[optind]);
	walk(argv[optind + 1], "", 0);
	qsort(files, nfiles, sizeof(*files), by_name);
	site.files = files;
	site.count = nfiles;
	if (www_tree_check(&site, &why, &at) != 0)
		die("the tree does not check", why);
	cfg.epoch_offset_s = (uint64_t)time(NULL) - now_ns() / 1000000000u;

	struct sockaddr_in a = {0};
	socklen_t al = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(lfd, 64) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &al) != 0)
		die("cannot listen", strerror(errno));
	fcntl(lfd, F_SETFL, O_NONBLOCK);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("ready %u\n", ntohs(a.sin_port));
	fflush(stdout);

	for (int i = 0; i < CONNS_MAX; i++) {
		conns[i] = calloc(1, sizeof(*conns[i]));
		if (!conns[i])
			die("out of memory", NULL);
		conns[i]->fd = -1;
	}
	while (!stop) {
		struct pollfd p[CONNS_MAX + 1];
		uint64_t now = now_ns(), next = UINT64_MAX;

		p[0] = (struct pollfd){lfd, POLLIN, 0};
		for (int i = 0; i < CONNS_MAX; i++) {
			struct conn *c = conns[i];
			struct http_piece piece;

			p[i + 1] = (struct pollfd){c->fd, 0, 0};
			if (c->fd < 0)
				continue;
			if (c->linger) {
				p[i + 1].events = POLLIN;
				if (c->linger < next)
					next = c->linger;
				continue;
			}
			if (!c->eof && c->npending < sizeof(c->pending))
				p[i + 1].events |= POLLIN;
			if (http_conn_output(&c->h, &piece))
				p[i + 1].events |= POLLOUT;
			if (http_conn_deadline(&c->h) < next)
				next = http_conn_deadline(&c->h);
		}
		int wait = next == UINT64_MAX ? 1000
			   : next <= now      ? 0
					 : (int)((next - now) / 1000000 + 1);
		if (poll(p, CONNS_MAX + 1, wait > 1000 ? 1000 : wait) < 0)
			continue;
		now = now_ns();
		if (p[0].revents & POLLIN) {
			int fd = accept(lfd, NULL, NULL);
			int i = 0;

			while (fd >= 0 && i < CONNS_MAX && conns[i]->fd >= 0)
				i++;
			if (fd >= 0 && i == CONNS_MAX)
				close(fd); /* full: as the image, refuse */
			else if (fd >= 0) {
				fcntl(fd, F_SETFL, O_NONBLOCK);
				conns[i]->fd = fd;
				conns[i]->eof = 0;
				conns[i]->linger = 0;
				conns[i]->npending = 0;
				http_conn_init(&conns[i]->h, &site, &cfg, now);
			}
		}
		for (int i = 0; i < CONNS_MAX; i++) {
			struct conn *c = conns[i];

			if (c->fd < 0)
				continue;
			if (c->linger) {
				uint8_t drop[4096];

				ssize_t n = 1;

				if (p[i + 1].revents &
				    (POLLIN | POLLHUP | POLLERR))
					n = recv(c->fd, drop, sizeof(drop), 0);
				if (now >= c->linger || n == 0 ||
				    (n < 0 && errno != EAGAIN &&
				     errno != EINTR))
					conn_free(c);
				continue;
			}
			if (p[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) {
				ssize_t n =
				    recv(c->fd, c->pending + c->npending,
					 sizeof(c->pending) - c->npending, 0);
				if (n > 0)
					c->npending += (size_t)n;
				else if (n == 0) {
					c->eof = 1;
					http_conn_eof(&c->h, now);
				} else if (errno != EAGAIN && errno != EINTR) {
					conn_free(c);
					continue;
				}
			}
			if (!pump(c, now))
				conn_close(c, now);
		}
	}
	return 0;
}
