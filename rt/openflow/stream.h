/* SPDX-License-Identifier: ISC */
/*
 * Message framing over a byte stream (TCP): bytes come in pieces of any
 * size; of_stream_next() hands out whole messages, each a view into the
 * stream's buffer valid until the next of_stream_put() or _next(). The
 * buffer holds at most one message of OFP_MAX_MSG bytes plus what follows
 * it, so a peer cannot make it grow; a header whose length is below 8
 * breaks the framing for good (OF_STREAM_BROKEN).
 */
#ifndef OPENFLOW_STREAM_H
#define OPENFLOW_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"

#define OF_STREAM_CAP (2 * 65536)

struct of_stream {
	size_t off, len; /* buf[off..len): received, not handed out */
	uint8_t buf[OF_STREAM_CAP];
};

enum of_stream_result {
	OF_STREAM_MESSAGE = 1, /* *msg is one whole message */
	OF_STREAM_MORE = 0,    /* no whole message yet */
	OF_STREAM_BROKEN = -1, /* a length below the header's: close */
};

void of_stream_init(struct of_stream *s);
/* The room left for of_stream_put() (moves the unread bytes down first). */
size_t of_stream_room(struct of_stream *s);
/* Appends at most of_stream_room() bytes of data; returns how many. */
size_t of_stream_put(struct of_stream *s, const void *data, size_t len);
/* Where the caller may read into directly, then of_stream_added(). */
uint8_t *of_stream_tail(struct of_stream *s);
void of_stream_added(struct of_stream *s, size_t n);
enum of_stream_result of_stream_next(struct of_stream *s, struct bytes *msg);

#endif
