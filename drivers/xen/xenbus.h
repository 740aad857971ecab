/* SPDX-License-Identifier: ISC */
/*
 * xenbus: the handshake steps every Xen PV frontend (blkfront, netfront)
 * takes on top of the xenstore client. Paths are xenstore paths relative to
 * this domain's home, at most UNI_XENBUS_PATH_MAX bytes.
 */
#ifndef UNI_DRIVERS_XEN_XENBUS_H
#define UNI_DRIVERS_XEN_XENBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uni/xen.h"

#define UNI_XENBUS_PATH_MAX 128

/* True on Xen when xenstore answers and directory dir has a child. */
bool uni_xenbus_present(const char *dir);
/* The backend's path (front/backend) into back and its domain
 * (front/backend-id, below DOMID_FIRST_RESERVED) into *id. */
int uni_xenbus_read_backend(const char *front, char *back, size_t cap,
			    domid_t *id);
/* Wait until back/state holds a XenbusState in [lo, hi]; returns the state
 * or a negative code. */
int uni_xenbus_wait_state(const char *back, int lo, int hi,
			  uint64_t timeout_ns);
/* Write dir/key = value (or its decimal digits) inside tx. */
int uni_xenbus_write(uni_xs_tx tx, const char *dir, const char *key,
		     const char *value);
int uni_xenbus_write_uint(uni_xs_tx tx, const char *dir, const char *key,
			  uint64_t value);

/* The writes of one transaction: UNI_XEN_OK, or a code that aborts it. */
typedef int (*uni_xenbus_tx_fn)(uni_xs_tx tx, void *arg);
/* Run body(tx, arg) in a transaction, again while the commit answers
 * UNI_XEN_EAGAIN; the first error of body or xenstore is returned. */
int uni_xenbus_transact(uni_xenbus_tx_fn body, void *arg);

#endif
