/* SPDX-License-Identifier: ISC */
/* The descriptions of the drop reasons, in the order of enum net_drop. */
#include "net/drop.h"

static const char *const drop_texts[NET_DROP_COUNT] = {
#define NET_DROP_TEXT_(name, text) text,
    NET_DROP_REASONS(NET_DROP_TEXT_)
#undef NET_DROP_TEXT_
};

const char *net_drop_text(enum net_drop why)
{
	if ((unsigned)why >= NET_DROP_COUNT)
		return "unknown reason";
	return drop_texts[why];
}
