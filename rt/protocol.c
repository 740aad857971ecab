/* SPDX-License-Identifier: ISC */
/*
 * Protocol lookup: the first descriptor in the "uni_protocols" section for
 * (kind, number) whose enabling config switch, if it has one, is on, and
 * whose off_by string key, if it has one, is not "off".
 */
#include <stddef.h>
#include <string.h>

#include "uni/protocol.h"

const struct uni_protocol *uni_protocol_find(uint32_t kind, uint32_t number)
{
	const struct uni_protocol *p;

	for (p = __start_uni_protocols; p < __stop_uni_protocols; p++) {
		if (p->kind != kind || p->number != number)
			continue;
		if (p->enabled_by != NULL && !*p->enabled_by)
			continue;
		if (p->off_by != NULL && strcmp(*p->off_by, "off") == 0)
			continue;
		return p;
	}
	return NULL;
}
