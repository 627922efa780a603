/*
 * service/http_guard.h — keeps idle and slow clients from holding the HTTP
 * service: the deadlines of a request's head and body, the connection
 * limits, and who the client is behind a trusted reverse proxy.
 *
 * The guard keeps one entry per open connection (libmicrohttpd's
 * connection-notify callback adds and removes it) in one of three phases:
 *
 *   accepted ──▶ WAITING ──head complete──▶ BODY ──body complete──▶ BUSY
 *                   ▲          (request_start)  (body)     (request_busy)  │
 *                   │                    └──── no body ─────▶ BUSY ───────┤
 *                   └──────────── answer sent (request_done) ◀────────────┘
 *
 * The rules (docs/security.md, "The HTTP service"):
 *   1. WAITING — a fresh connection, or a kept-alive one between requests —
 *      has header_timeout seconds to deliver a complete request head,
 *      counted from its start or from the end of the last answer. A head
 *      that trickles in a byte at a time does not extend it.
 *   2. BODY is measured in windows of body_timeout seconds: each must bring
 *      at least body_min_rate bytes a second on average. An upload of any
 *      size that keeps moving is never cut; one that stalls or trickles is
 *      cut within a window.
 *   3. BUSY (the handler runs, the answer is sent) has no deadline here;
 *      libmicrohttpd's own inactivity timeout closes a client that stops
 *      reading its answer.
 *   4. At most max_connections are open. From 7/8 of that on, each new
 *      connection closes the connection that has waited longest for a
 *      request (WAITING, oldest first: idle keep-alive and silent sockets
 *      alike); when none waits at the limit, the new one is refused.
 *   5. One client address holds at most max_per_address connections; at
 *      that limit a new one from it closes that address's own longest
 *      waiting connection, or is refused when all of its connections are
 *      busy. Idle sockets therefore never lock an address out.
 *   6. Connections from trusted proxies (trusted_proxies) are not counted
 *      per address — they carry many clients. Their requests are counted
 *      per forwarded client instead (lt_netaddr_forwarded_client): at most
 *      max_per_address in progress at once (request_start says when one
 *      is over; the caller answers 429).
 * A connection in WAITING or BODY that has bytes waiting unread in the
 * kernel is not blamed: the server, not the client, is behind.
 *
 * A connection is closed by shutdown(2) on its socket from the guard's
 * thread; libmicrohttpd's thread then sees the end of stream and closes it
 * as usual. This is safe because the entry is removed (under the guard's
 * lock) in the CLOSED notification, which libmicrohttpd makes before it
 * closes the descriptor, so a number the guard holds is never reused.
 *
 * Threads: every function may be called from any libmicrohttpd thread;
 * the guard's own thread checks the deadlines four times a second and
 * calls opts.tick about once a second.
 */
#ifndef LT_SERVICE_HTTP_GUARD_H
#define LT_SERVICE_HTTP_GUARD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

#include "core/error.h"
#include "core/netaddr.h"

typedef struct lt_http_guard_options {
	unsigned header_timeout;  /* seconds */
	unsigned body_timeout;    /* seconds per window */
	uint64_t body_min_rate;   /* bytes per second */
	unsigned max_connections; /* in all */
	unsigned max_per_address;
	const char *trusted_proxies;  /* luutru.conf's list; NULL or "" = none */
	void (*tick)(void *tick_ctx); /* about once a second; may be NULL */
	void *tick_ctx;
} lt_http_guard_options;

typedef struct lt_http_guard lt_http_guard;

/* Counts since the start, for the log and the tests. */
typedef struct lt_http_guard_stats {
	uint64_t head_deadline; /* closed: request head not complete in time */
	uint64_t body_rate;     /* closed: body below the minimum rate */
	uint64_t evicted;       /* closed: waited longest when room was needed */
	uint64_t refused;       /* new connections refused (limits, nothing to evict) */
	uint64_t over_address;  /* proxied requests answered 429 (rule 6) */
} lt_http_guard_stats;

/* A guard and its thread. max_per_address must be below max_connections. */
int lt_http_guard_start(lt_http_guard **out, const lt_http_guard_options *opts, lt_error *err);
/* Stops the thread and frees the guard (after the daemon has stopped). */
void lt_http_guard_stop(lt_http_guard *g);
void lt_http_guard_get_stats(lt_http_guard *g, lt_http_guard_stats *st);

/* libmicrohttpd callbacks: the accept policy (rules 4, 5) and the
 * connection notification (cls is the guard). */
enum MHD_Result lt_http_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void lt_http_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code);

/* 1 when addr is one of trusted_proxies. */
int lt_http_guard_trusted(const lt_http_guard *g, const lt_netaddr *addr);
const lt_netaddr_list *lt_http_guard_proxies(const lt_http_guard *g);

/* The request's head is complete; client is who sent it (the peer, or the
 * forwarded client). Returns 1 when a trusted proxy's client already has
 * max_per_address requests in progress (rule 6), else 0. */
int lt_http_guard_request_start(lt_http_guard *g, struct MHD_Connection *conn, int has_body,
                                const lt_netaddr *client);
/* n bytes of the body arrived. */
void lt_http_guard_body(lt_http_guard *g, struct MHD_Connection *conn, size_t n);
/* The body is complete: the handler runs. */
void lt_http_guard_request_busy(lt_http_guard *g, struct MHD_Connection *conn);
/* The answer is sent (or the request ended): the connection waits again. */
void lt_http_guard_request_done(lt_http_guard *g, struct MHD_Connection *conn);
/* Close every connection that waits for a request (at shutdown). */
void lt_http_guard_close_waiting(lt_http_guard *g);

#endif
