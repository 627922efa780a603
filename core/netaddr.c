/* core/netaddr.c — see netaddr.h. */
#include "core/netaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef struct range {
	lt_netaddr base;
	unsigned bits; /* prefix length */
} range;

struct lt_netaddr_list {
	range *items;
	size_t n;
};

static const unsigned char V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void set_v6(lt_netaddr *out, const unsigned char b[16])
{
	memset(out, 0, sizeof(*out));
	if (memcmp(b, V4_MAPPED, sizeof(V4_MAPPED)) == 0) {
		out->family = AF_INET;
		memcpy(out->bytes, b + 12, 4);
	} else {
		out->family = AF_INET6;
		memcpy(out->bytes, b, 16);
	}
}

int lt_netaddr_parse(lt_netaddr *out, const char *s, size_t len)
{
	char buf[LT_NETADDR_STRLEN];
	unsigned char b[16];

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, b) == 1) {
		memset(out, 0, sizeof(*out));
		out->family = AF_INET;
		memcpy(out->bytes, b, 4);
		return 0;
	}
	if (inet_pton(AF_INET6, buf, b) == 1) {
		set_v6(out, b);
		return 0;
	}
	return -1;
}

int lt_netaddr_from_sockaddr(lt_netaddr *out, const struct sockaddr *sa)
{
	memset(out, 0, sizeof(*out));
	if (!sa)
		return -1;
	if (sa->sa_family == AF_INET) {
		out->family = AF_INET;
		memcpy(out->bytes, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		set_v6(out, ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr);
		return 0;
	}
	return -1;
}

void lt_netaddr_format(const lt_netaddr *a, char *buf, size_t size)
{
	if (!a || (a->family != AF_INET && a->family != AF_INET6) ||
	    !inet_ntop(a->family, a->bytes, buf, (socklen_t)size))
		snprintf(buf, size, "?");
}

int lt_netaddr_equal(const lt_netaddr *a, const lt_netaddr *b)
{
	return a->family == b->family &&
	       memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) == 0;
}

static int in_range(const range *r, const lt_netaddr *a)
{
	unsigned full = r->bits / 8, rest = r->bits % 8;

	if (r->base.family != a->family)
		return 0;
	if (memcmp(r->base.bytes, a->bytes, full) != 0)
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		if ((r->base.bytes[full] & mask) != (a->bytes[full] & mask))
			return 0;
	}
	return 1;
}

static int is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

static int parse_range(range *r, const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);
	unsigned maxbits;

	if (lt_netaddr_parse(&r->base, s, slash ? (size_t)(slash - s) : len) != 0)
		return -1;
	maxbits = r->base.family == AF_INET ? 32 : 128;
	r->bits = maxbits;
	if (slash) {
		const char *p = slash + 1, *end = s + len;
		unsigned v = 0;
		if (p == end || end - p > 3)
			return -1;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			v = v * 10 + (unsigned)(*p - '0');
		}
		if (v > maxbits)
			return -1;
		r->bits = v;
	}
	return 0;
}

int lt_netaddr_list_parse(lt_netaddr_list **out, const char *text, lt_error *err)
{
	lt_netaddr_list *l = calloc(1, sizeof(*l));
	const char *p = text ? text : "";

	*out = NULL;
	if (!l)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	for (;;) {
		const char *start;
		range *grown;
		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !is_sep(*p))
			p++;
		grown = realloc(l->items, (l->n + 1) * sizeof(*grown));
		if (!grown) {
			lt_netaddr_list_free(l);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		l->items = grown;
		if (parse_range(&l->items[l->n], start, (size_t)(p - start)) != 0) {
			int len = (int)(p - start);
			lt_netaddr_list_free(l);
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("'%.*s' không phải địa chỉ IP hay dải CIDR",
			                          "'%.*s' is not an IP address or CIDR range"),
			                    len > 80 ? 80 : len, start);
		}
		l->n++;
	}
	*out = l;
	return LT_OK;
}

void lt_netaddr_list_free(lt_netaddr_list *list)
{
	if (!list)
		return;
	free(list->items);
	free(list);
}

size_t lt_netaddr_list_count(const lt_netaddr_list *list)
{
	return list ? list->n : 0;
}

int lt_netaddr_list_match(const lt_netaddr_list *list, const lt_netaddr *a)
{
	if (!list || !a)
		return 0;
	for (size_t i = 0; i < list->n; i++)
		if (in_range(&list->items[i], a))
			return 1;
	return 0;
}

/* One X-Forwarded-For hop: "192.0.2.1", "192.0.2.1:5000", "2001:db8::1",
 * "[2001:db8::1]:443", spaces around it trimmed. */
static int parse_hop(lt_netaddr *out, const char *s, size_t len)
{
	const char *colon;

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		return close ? lt_netaddr_parse(out, s, (size_t)(close - s) + 1) : -1;
	}
	colon = memchr(s, ':', len);
	if (colon && !memchr(colon + 1, ':', len - (size_t)(colon - s) - 1))
		len = (size_t)(colon - s); /* IPv4 with a port */
	return lt_netaddr_parse(out, s, len);
}

void lt_netaddr_forwarded_client(lt_netaddr *out, const lt_netaddr *peer, const char *xff,
                                 const lt_netaddr_list *trusted)
{
	const char *end;

	*out = *peer;
	if (!xff || !lt_netaddr_list_match(trusted, peer))
		return;
	end = xff + strlen(xff);
	while (end > xff) {
		const char *start = end;
		lt_netaddr hop;
		while (start > xff && start[-1] != ',')
			start--;
		if (parse_hop(&hop, start, (size_t)(end - start)) != 0)
			return; /* garbled: the last hop believed stays the client */
		*out = hop;
		if (!lt_netaddr_list_match(trusted, &hop))
			return;
		end = start > xff ? start - 1 : xff;
	}
}
