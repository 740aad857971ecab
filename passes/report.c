/* SPDX-License-Identifier: ISC */
/*
 * The report: every event of every pass, kept as JSON Lines (the format is
 * described in unilink_passes.h) and handed as a human-readable line to the
 * caller's message function as it happens.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/text.h"
#include "internal.h"

struct unilink_report {
	struct strbuf json;
	unsigned errors;
	unilink_message_fn fn;
	void *ctx;
};

struct unilink_report *unilink_report_new(unilink_message_fn fn, void *ctx)
{
	struct unilink_report *r = xcalloc(1, sizeof(*r));

	sb_init(&r->json);
	r->fn = fn;
	r->ctx = ctx;
	return r;
}

void unilink_report_free(struct unilink_report *r)
{
	if (r == NULL)
		return;
	sb_free(&r->json);
	free(r);
}

const char *unilink_report_json(const struct unilink_report *r)
{
	return r->json.s;
}

unsigned unilink_report_error_count(const struct unilink_report *r)
{
	return r->errors;
}

static void json_field(struct strbuf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	sb_printf(b, ",\"%s\":", name);
	sb_add_json_string(b, value);
}

static void append_json(struct unilink_report *r, const struct event *ev)
{
	struct strbuf *b = &r->json;

	sb_add(b, "{\"pass\":");
	sb_add_json_string(b, ev->pass);
	json_field(b, "event", ev->event);
	json_field(b, "name", ev->name);
	json_field(b, "value", ev->value);
	json_field(b, "origin", ev->origin);
	json_field(b, "reason", ev->reason);
	sb_add(b, "}\n");
}

static enum unilink_severity severity_of(const char *event)
{
	if (event[0] == 'e')
		return UNILINK_ERROR;
	if (event[0] == 'n')
		return UNILINK_WARNING;
	return UNILINK_REMARK;
}

/* "fold net.mtu = 1500 (app.conf:3)", "remove tcp: <reason>", ... */
static void tell(struct unilink_report *r, const struct event *ev)
{
	struct strbuf line;
	char *shown;

	if (r->fn == NULL)
		return;
	sb_init(&line);
	if (ev->event[0] != 'e' && ev->event[0] != 'n')
		sb_printf(&line, "%s ", ev->event);
	if (ev->name != NULL)
		sb_add(&line, ev->name);
	if (ev->value != NULL)
		sb_printf(&line, " = %s", ev->value);
	if (ev->origin != NULL)
		sb_printf(&line, " (%s)", ev->origin);
	if (ev->reason != NULL)
		sb_printf(&line, "%s%s", ev->name != NULL ? ": " : "",
			  ev->reason);
	/* Control characters of a value never reach a terminal. */
	shown = xcalloc(UNI_TEXT_SHOW_SIZE(line.len), 1);
	uni_text_show_line(shown, line.s, line.len, line.len);
	r->fn(r->ctx, severity_of(ev->event), ev->pass, shown);
	free(shown);
	sb_free(&line);
}

void report_event(struct unilink_report *r, const struct event *ev)
{
	if (r == NULL)
		return;
	if (severity_of(ev->event) == UNILINK_ERROR)
		r->errors++;
	append_json(r, ev);
	tell(r, ev);
}

static void report_text(struct unilink_report *r, const char *pass,
			const char *event, const char *fmt, va_list ap)
{
	struct event ev = {.pass = pass, .event = event};
	char small[512];
	char *text = small;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		text = xcalloc((size_t)n + 1, 1);
		vsnprintf(text, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	ev.reason = text;
	report_event(r, &ev);
	if (text != small)
		free(text);
}

void report_error(struct unilink_report *r, const char *pass, const char *fmt,
		  ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_text(r, pass, "error", fmt, ap);
	va_end(ap);
}

void report_warning(struct unilink_report *r, const char *pass, const char *fmt,
		    ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_text(r, pass, "note", fmt, ap);
	va_end(ap);
}
