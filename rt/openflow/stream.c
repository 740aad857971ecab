/* SPDX-License-Identifier: ISC */
/*
 * OpenFlow framing (stream.h): the header's length cuts the stream into
 * messages. The buffer is twice the largest message, so a message that
 * started anywhere always fits once the bytes before it are moved down.
 */
#include <string.h>

#include "openflow/stream.h"
#include "openflow/wire.h"

void of_stream_init(struct of_stream *s)
{
	s->off = s->len = 0;
}

size_t of_stream_room(struct of_stream *s)
{
	if (s->off > 0) {
		memmove(s->buf, s->buf + s->off, s->len - s->off);
		s->len -= s->off;
		s->off = 0;
	}
	return sizeof(s->buf) - s->len;
}

uint8_t *of_stream_tail(struct of_stream *s)
{
	return s->buf + s->len;
}

void of_stream_added(struct of_stream *s, size_t n)
{
	s->len += n;
}

size_t of_stream_put(struct of_stream *s, const void *data, size_t len)
{
	size_t room = of_stream_room(s);

	if (len > room)
		len = room;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	return len;
}

enum of_stream_result of_stream_next(struct of_stream *s, struct bytes *msg)
{
	struct bytes rest = bytes_make(s->buf + s->off, s->len - s->off);
	struct of_header h;

	if (rest.len < OF_HEADER_LEN)
		return OF_STREAM_MORE;
	if (of_check_header(rest, &h) != OF_OK)
		return OF_STREAM_BROKEN;
	if (rest.len < h.length)
		return OF_STREAM_MORE;
	*msg = bytes_sub(rest, 0, h.length);
	s->off += h.length;
	return OF_STREAM_MESSAGE;
}
