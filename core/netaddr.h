/*
 * core/netaddr.h — IP addresses, address lists and the client behind a
 * reverse proxy.
 *
 * An lt_netaddr is an IPv4 or IPv6 address; an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is kept as the IPv4 address, so either spelling matches
 * either. An lt_netaddr_list holds addresses and CIDR ranges
 * ("127.0.0.1, 10.0.0.0/8, fd00::/8"), as written in luutru.conf's
 * trusted_proxies. A list is immutable after parsing and may be shared
 * between threads.
 */
#ifndef LT_CORE_NETADDR_H
#define LT_CORE_NETADDR_H

#include <stddef.h>

#include "core/error.h"

struct sockaddr;

typedef struct lt_netaddr {
	int family;              /* AF_INET or AF_INET6; 0 = none */
	unsigned char bytes[16]; /* network order; IPv4 uses the first 4 */
} lt_netaddr;

/* Room for lt_netaddr_format (INET6_ADDRSTRLEN). */
#define LT_NETADDR_STRLEN 46

/* The first len bytes of s as an address ("192.0.2.1", "2001:db8::1",
 * "[2001:db8::1]"); 0, or -1 when it is none. */
int lt_netaddr_parse(lt_netaddr *out, const char *s, size_t len);
/* An AF_INET / AF_INET6 socket address; -1 for any other family. */
int lt_netaddr_from_sockaddr(lt_netaddr *out, const struct sockaddr *sa);
/* The usual text form into buf (LT_NETADDR_STRLEN bytes); "?" for none. */
void lt_netaddr_format(const lt_netaddr *a, char *buf, size_t size);
int lt_netaddr_equal(const lt_netaddr *a, const lt_netaddr *b);

typedef struct lt_netaddr_list lt_netaddr_list;

/* Addresses and CIDR ranges separated by commas and/or spaces; "" gives an
 * empty list. A bad item is LT_EINVAL naming it. *out is freed with
 * lt_netaddr_list_free(). */
int lt_netaddr_list_parse(lt_netaddr_list **out, const char *text, lt_error *err);
void lt_netaddr_list_free(lt_netaddr_list *list);
size_t lt_netaddr_list_count(const lt_netaddr_list *list);
/* 1 when a falls in one of the list's ranges; list may be NULL (empty). */
int lt_netaddr_list_match(const lt_netaddr_list *list, const lt_netaddr *a);

/* The client of a request that arrived from peer with the given
 * X-Forwarded-For value (NULL when absent; several header lines joined
 * with commas, in order). Only a trusted peer is believed: its header is
 * read from the right, each hop that is itself trusted is stepped over,
 * and the first one that is not is the client. A malformed entry stops the
 * walk at the last hop believed (a proxy of ours), so a forged or garbled
 * header can never make a client look like someone else further left. An
 * untrusted peer, or no header, is the client itself. */
void lt_netaddr_forwarded_client(lt_netaddr *out, const lt_netaddr *peer, const char *xff,
                                 const lt_netaddr_list *trusted);

#endif
