/* service/http_guard.c — see http_guard.h (the rules are numbered there). */
#include "service/http_guard.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define CHECK_EVERY_MS 250
#define LOG_EVERY_S    60

enum phase { WAITING, BODY, BUSY };

typedef struct gconn {
	struct gconn *prev, *next;
	int fd;
	lt_netaddr peer;
	int peer_trusted;
	lt_netaddr client; /* of the request in progress: the peer, or the forwarded client */
	enum phase phase;
	double since;        /* the phase began (monotonic seconds) */
	double window_start; /* BODY: the current rate window */
	uint64_t window_bytes;
	int closing; /* shut down by the guard; libmicrohttpd closes it next */
} gconn;

struct lt_http_guard {
	lt_http_guard_options o;
	lt_netaddr_list *trusted;
	pthread_mutex_t mu; /* everything below */
	pthread_cond_t cv;
	pthread_t tid;
	int stop;
	gconn *head;
	size_t live; /* entries not closing */
	lt_http_guard_stats st, logged;
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Bytes the client sent that no libmicrohttpd thread has read yet. */
static int has_unread(int fd)
{
	int n = 0;
	return ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

static void close_conn(lt_http_guard *g, gconn *c, const char *why)
{
	char addr[LT_NETADDR_STRLEN];

	lt_netaddr_format(&c->peer, addr, sizeof(addr));
	lt_log_debug("http: closing a connection from %s: %s", addr, why);
	shutdown(c->fd, SHUT_RDWR);
	c->closing = 1;
	g->live--;
}

/* The connection that has waited longest for a request — of addr only,
 * when given —, leaving out those with a request waiting unread; NULL
 * when none waits. */
static gconn *longest_waiting(lt_http_guard *g, const lt_netaddr *addr)
{
	gconn *best = NULL;

	for (gconn *c = g->head; c; c = c->next) {
		if (c->closing || c->phase != WAITING)
			continue;
		if (addr && (c->peer_trusted || !lt_netaddr_equal(&c->peer, addr)))
			continue;
		if (best && c->since >= best->since)
			continue;
		if (has_unread(c->fd))
			continue;
		best = c;
	}
	return best;
}

/* Rule 4: from here on, room is made before it runs out. */
static size_t high_water(const lt_http_guard *g)
{
	size_t max = g->o.max_connections, hw = max - max / 8;
	return hw ? hw : 1;
}

enum MHD_Result lt_http_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	lt_http_guard *g = cls;
	enum MHD_Result ok = MHD_YES;
	lt_netaddr a;

	(void)addrlen;
	if (lt_netaddr_from_sockaddr(&a, addr) != 0)
		return MHD_YES;
	pthread_mutex_lock(&g->mu);
	if (!lt_netaddr_list_match(g->trusted, &a)) { /* rule 5 */
		size_t n = 0;
		for (gconn *c = g->head; c; c = c->next)
			if (!c->closing && !c->peer_trusted && lt_netaddr_equal(&c->peer, &a))
				n++;
		if (n >= g->o.max_per_address) {
			gconn *v = longest_waiting(g, &a);
			if (v) {
				close_conn(g, v, "room for a new connection from the same address");
				g->st.evicted++;
			} else {
				g->st.refused++;
				ok = MHD_NO;
			}
		}
	}
	if (ok == MHD_YES && g->live >= high_water(g)) { /* rule 4 */
		gconn *v = longest_waiting(g, NULL);
		if (v) {
			close_conn(g, v, "room for a new connection");
			g->st.evicted++;
		} else if (g->live >= g->o.max_connections) {
			g->st.refused++;
			ok = MHD_NO;
		}
	}
	pthread_mutex_unlock(&g->mu);
	return ok;
}

void lt_http_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	lt_http_guard *g = cls;
	gconn *c;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = NULL;
		if (!fd || !(c = calloc(1, sizeof(*c)))) {
			lt_log_warn("http: a connection the guard cannot track (out of memory)");
			return;
		}
		c->fd = fd->connect_fd;
		lt_netaddr_from_sockaddr(&c->peer, ad ? ad->client_addr : NULL);
		c->peer_trusted = lt_netaddr_list_match(g->trusted, &c->peer);
		c->client = c->peer;
		c->phase = WAITING;
		c->since = now_s();
		pthread_mutex_lock(&g->mu);
		c->next = g->head;
		if (g->head)
			g->head->prev = c;
		g->head = c;
		g->live++;
		pthread_mutex_unlock(&g->mu);
		*socket_context = c;
		return;
	}
	c = *socket_context;
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (!c->closing)
		g->live--;
	pthread_mutex_unlock(&g->mu);
	free(c);
	*socket_context = NULL;
}

static gconn *entry_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *i =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

int lt_http_guard_request_start(lt_http_guard *g, struct MHD_Connection *conn, int has_body,
                                const lt_netaddr *client)
{
	gconn *c = entry_of(conn);
	double t = now_s();
	int over = 0;

	if (!c)
		return 0;
	pthread_mutex_lock(&g->mu);
	c->phase = has_body ? BODY : BUSY;
	c->since = c->window_start = t;
	c->window_bytes = 0;
	c->client = *client;
	if (c->peer_trusted && !lt_netaddr_equal(client, &c->peer)) { /* rule 6 */
		size_t n = 0;
		for (gconn *o = g->head; o; o = o->next)
			if (o != c && !o->closing && o->phase != WAITING &&
			    lt_netaddr_equal(&o->client, client))
				n++;
		if (n >= g->o.max_per_address) {
			over = 1;
			g->st.over_address++;
		}
	}
	pthread_mutex_unlock(&g->mu);
	return over;
}

void lt_http_guard_body(lt_http_guard *g, struct MHD_Connection *conn, size_t n)
{
	gconn *c = entry_of(conn);

	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->window_bytes += n;
	pthread_mutex_unlock(&g->mu);
}

static void set_phase(lt_http_guard *g, struct MHD_Connection *conn, enum phase p)
{
	gconn *c = entry_of(conn);

	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->phase = p;
	c->since = now_s();
	if (p == WAITING)
		c->client = c->peer;
	pthread_mutex_unlock(&g->mu);
}

void lt_http_guard_request_busy(lt_http_guard *g, struct MHD_Connection *conn)
{
	set_phase(g, conn, BUSY);
}

void lt_http_guard_request_done(lt_http_guard *g, struct MHD_Connection *conn)
{
	set_phase(g, conn, WAITING);
}

void lt_http_guard_close_waiting(lt_http_guard *g)
{
	pthread_mutex_lock(&g->mu);
	for (gconn *c = g->head; c; c = c->next)
		if (!c->closing && c->phase == WAITING)
			close_conn(g, c, "the service stops");
	pthread_mutex_unlock(&g->mu);
}

/* Rules 1 and 2, under the lock. */
static void check_deadlines(lt_http_guard *g, double t)
{
	uint64_t need = g->o.body_min_rate * g->o.body_timeout;

	for (gconn *c = g->head; c; c = c->next) {
		if (c->closing)
			continue;
		if (c->phase == WAITING && t - c->since >= g->o.header_timeout) {
			if (!has_unread(c->fd)) {
				close_conn(g, c, "request head not complete in time");
				g->st.head_deadline++;
			}
		} else if (c->phase == BODY && t - c->window_start >= g->o.body_timeout) {
			if (c->window_bytes >= need) {
				c->window_start = t;
				c->window_bytes = 0;
			} else if (!has_unread(c->fd)) {
				close_conn(g, c, "request body below the minimum rate");
				g->st.body_rate++;
			}
		}
	}
}

/* What the guard did since the last report (at most one a minute). */
static void log_report(lt_http_guard *g, double seconds)
{
	lt_http_guard_stats d = {
	    g->st.head_deadline - g->logged.head_deadline,
	    g->st.body_rate - g->logged.body_rate,
	    g->st.evicted - g->logged.evicted,
	    g->st.refused - g->logged.refused,
	    g->st.over_address - g->logged.over_address,
	};
	if (d.head_deadline || d.body_rate || d.evicted || d.refused || d.over_address)
		lt_log_warn("http: in the last %.0f s, connections closed: %" PRIu64
		            " at the request-head deadline, %" PRIu64
		            " below the body rate, %" PRIu64 " waiting ones to make room; %" PRIu64
		            " refused; %" PRIu64 " proxied requests over the per-address limit",
		            seconds, d.head_deadline, d.body_rate, d.evicted, d.refused,
		            d.over_address);
	g->logged = g->st;
}

static void *guard_main(void *arg)
{
	lt_http_guard *g = arg;
	double last_tick = now_s(), last_log = last_tick;

	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		struct timespec ts;
		double t;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += CHECK_EVERY_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->cv, &g->mu, &ts);
		if (g->stop)
			break;
		t = now_s();
		check_deadlines(g, t);
		if (t - last_log >= LOG_EVERY_S) {
			log_report(g, t - last_log);
			last_log = t;
		}
		if (g->o.tick && t - last_tick >= 1) {
			last_tick = t;
			pthread_mutex_unlock(&g->mu);
			g->o.tick(g->o.tick_ctx);
			pthread_mutex_lock(&g->mu);
		}
	}
	log_report(g, now_s() - last_log);
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int lt_http_guard_start(lt_http_guard **out, const lt_http_guard_options *opts, lt_error *err)
{
	lt_http_guard *g;
	pthread_condattr_t ca;
	int rc;

	*out = NULL;
	if (!opts->header_timeout || !opts->body_timeout || !opts->max_connections ||
	    !opts->max_per_address || opts->max_per_address >= opts->max_connections)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("giới hạn kết nối sai: http_max_connections_per_address (%u) phải nhỏ "
		          "hơn http_max_connections (%u)",
		          "bad connection limits: http_max_connections_per_address (%u) must be "
		          "below http_max_connections (%u)"),
		    opts->max_per_address, opts->max_connections);
	if (!(g = calloc(1, sizeof(*g))))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	g->o = *opts;
	g->o.trusted_proxies = NULL;
	if ((rc = lt_netaddr_list_parse(&g->trusted, opts->trusted_proxies, err)) != LT_OK) {
		free(g);
		return rc;
	}
	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((rc = pthread_create(&g->tid, NULL, guard_main, g)) != 0) {
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		lt_netaddr_list_free(g->trusted);
		free(g);
		return lt_error_set(err, LT_EIO, "pthread_create: %s", strerror(rc));
	}
	*out = g;
	return LT_OK;
}

void lt_http_guard_stop(lt_http_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->tid, NULL);
	while (g->head) { /* none once the daemon has stopped; freed all the same */
		gconn *c = g->head;
		g->head = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	lt_netaddr_list_free(g->trusted);
	free(g);
}

void lt_http_guard_get_stats(lt_http_guard *g, lt_http_guard_stats *st)
{
	pthread_mutex_lock(&g->mu);
	*st = g->st;
	pthread_mutex_unlock(&g->mu);
}

int lt_http_guard_trusted(const lt_http_guard *g, const lt_netaddr *addr)
{
	return lt_netaddr_list_match(g->trusted, addr);
}

const lt_netaddr_list *lt_http_guard_proxies(const lt_http_guard *g)
{
	return g->trusted;
}
