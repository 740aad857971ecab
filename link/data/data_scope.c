/* SPDX-License-Identifier: ISC */
/*
 * Where the files a data key names may be: a configuration is often not
 * the user's own (a shared appliance, a downloaded example), so its paths
 * stay inside its folder: an absolute path, "..", or a symbolic link that
 * leads out of the folder is refused unless the configuration says
 * data.allow_outside = true. A path given with -D is typed by the user and
 * may be anywhere; what that file $INCLUDEs stays inside its folder. The
 * test is on the resolved path (realpath), so "a/../../x" and a link to
 * /etc are caught alike.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/value.h"
#include "data/data.h"

/* data.allow_outside as a boolean; -1 after a message. */
static int allow_outside(const struct unilink_conf *c, int *out)
{
	const char *v = unilink_conf_get(c, "data", "allow_outside", "false");
	struct uni_config_key k = {.type = UNI_CFG_BOOL};
	union uni_config_value val;
	char shown[UNILINK_SHOW_MAX];

	if (uni_config_parse_value(&k, v, strlen(v), &val) == 0) {
		*out = val.b;
		return 0;
	}
	unilink_error("data.allow_outside = \"%s\": expected a boolean "
		      "(true/false, yes/no, on/off, 1/0)",
		      unilink_show(shown, v));
	return -1;
}

int unilink_data_scope(const struct unilink_conf *c, const char *section,
		       const char *key, struct data_scope *scope)
{
	const char *origin = unilink_config_origin(c->config, section, key);

	memset(scope, 0, sizeof(*scope));
	snprintf(scope->root, sizeof(scope->root), "%s", c->dir);
	scope->from_define = origin != NULL && strcmp(origin, "-D") == 0;
	return allow_outside(c, &scope->anywhere);
}

/* Whether the resolved path real is root or below it. */
static int inside(const char *root, const char *real)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return 1;
	return strncmp(real, root, n) == 0 &&
	       (real[n] == '/' || real[n] == '\0');
}

int unilink_data_allowed(const struct data_scope *scope, const char *key,
			 const char *path, int include)
{
	char real[PATH_MAX], shown[UNILINK_SHOW_MAX], rshown[UNILINK_SHOW_MAX];

	if (scope->anywhere)
		return 0;
	if (realpath(path, real) == NULL)
		return 0; /* the reader says why it cannot be read */
	if (inside(scope->root, real))
		return 0;
	unilink_error("%s: %s%s leads out of the folder %s (to %s); expected "
		      "a path inside it, or data.allow_outside = true in the "
		      "configuration%s%s%s",
		      key, include ? "$INCLUDE " : "",
		      unilink_show(shown, path), scope->root,
		      unilink_show(rshown, real),
		      include ? "" : ", or the path on the command line (-D ",
		      include ? "" : key, include ? "" : "=PATH)");
	return -1;
}
