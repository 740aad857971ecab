/* SPDX-License-Identifier: ISC */
/*
 * xenbus: the handshake steps shared by the Xen PV frontends, over the
 * xenstore client: probe for a device directory, read the backend's path and
 * domain (an out-of-range domain id is refused), wait for the backend's
 * state, write decimal nodes, and run a transaction again while xenstored
 * answers EAGAIN (an aborted transaction is never committed).
 */
#include <stdio.h>

#include "uni/boot.h"
#include "xenbus.h"

bool uni_xenbus_present(const char *dir)
{
	char names[64];

	if (uni_boot.platform != UNI_PLATFORM_XEN ||
	    uni_xs_init() != UNI_XEN_OK)
		return false;
	return uni_xs_directory(UNI_XS_NIL, dir, names, sizeof(names)) > 0;
}

int uni_xenbus_read_backend(const char *front, char *back, size_t cap,
			    domid_t *id)
{
	char path[UNI_XENBUS_PATH_MAX + 16];
	uint64_t v;
	int r;

	snprintf(path, sizeof(path), "%s/backend", front);
	r = uni_xs_read(UNI_XS_NIL, path, back, cap);
	if (r <= 0)
		return r < 0 ? r : UNI_XEN_EINVAL;
	snprintf(path, sizeof(path), "%s/backend-id", front);
	r = uni_xs_read_uint(UNI_XS_NIL, path, &v);
	if (r != UNI_XEN_OK || v >= DOMID_FIRST_RESERVED)
		return r != UNI_XEN_OK ? r : UNI_XEN_EINVAL;
	*id = (domid_t)v;
	return UNI_XEN_OK;
}

int uni_xenbus_wait_state(const char *back, int lo, int hi, uint64_t timeout_ns)
{
	char path[UNI_XENBUS_PATH_MAX + 8];

	snprintf(path, sizeof(path), "%s/state", back);
	return uni_xs_wait_state(path, lo, hi, timeout_ns);
}

int uni_xenbus_write(uni_xs_tx tx, const char *dir, const char *key,
		     const char *value)
{
	char path[UNI_XENBUS_PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	return uni_xs_write(tx, path, value);
}

int uni_xenbus_write_uint(uni_xs_tx tx, const char *dir, const char *key,
			  uint64_t value)
{
	char num[24];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)value);
	return uni_xenbus_write(tx, dir, key, num);
}

int uni_xenbus_transact(uni_xenbus_tx_fn body, void *arg)
{
	uni_xs_tx tx;
	int r;

	do {
		r = uni_xs_transaction_start(&tx);
		if (r != UNI_XEN_OK)
			return r;
		r = body(tx, arg);
		if (r != UNI_XEN_OK) {
			uni_xs_transaction_end(tx, true);
			return r;
		}
		r = uni_xs_transaction_end(tx, false);
	} while (r == UNI_XEN_EAGAIN);
	return r;
}
