/* SPDX-License-Identifier: ISC */
/*
 * A small appliance for the command's tests of the server in the image:
 * requests go through http_conn (www/http_conn.h) over www.root with the
 * default configuration, which takes the build's table (www/index.h), and
 * each reply is printed: its head, then its body: short text as it is,
 * a gzip member (1F 8B) in hex on a line "gzip: ...", else its length.
 * Date: Sun, 09 Sep 2001 01:46:40 GMT.
 */
#include <stdio.h>
#include <string.h>

#include "uni/data.h"
#include "www/http_conn.h"

UNI_DATA_EXTERN(www, root);

static const char *const requests[] = {
    "GET /index.html HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n",
    "GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n",
    "GET /index.html.gz HTTP/1.1\r\nHost: t\r\n\r\n",
    "HEAD /small.txt HTTP/1.0\r\n\r\n",
    "GET /index.html HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\n"
    "Accept-Encoding: gzip\r\n\r\n",
    "GET /index.html HTTP/1.1\r\nHost: t\r\nRange: bytes=0-2\r\n"
    "Connection: close\r\n\r\n",
};

static struct http_conn conn;

int main(void)
{
	struct http_config cfg;
	struct http_piece p;

	http_config_default(&cfg);
	cfg.epoch_offset_s = 1000000000;
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		int head = 1;

		http_conn_init(&conn, &UNI_DATA_VAR(www, root), &cfg, 0);
		http_conn_input(&conn, 0, (const uint8_t *)requests[i],
				strlen(requests[i]));
		printf("--- %zu\n", i);
		while (http_conn_output(&conn, &p)) {
			if (head || p.len < 8) {
				printf("%.*s", (int)p.len, (const char *)p.p);
			} else if (p.p[0] == 0x1f && p.p[1] == 0x8b) {
				printf("gzip: ");
				for (size_t k = 0; k < p.len; k++)
					printf("%02x", p.p[k]);
			} else {
				printf("[%zu bytes]", p.len);
			}
			head = 0;
			http_conn_sent(&conn, 0, p.len);
		}
		printf("\n");
	}
	return 0;
}
