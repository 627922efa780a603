/* tests/unit/test_netaddr.c — core/netaddr: addresses, CIDR lists, and the
 * client behind trusted proxies (X-Forwarded-For read from the right);
 * luutru.conf's trusted_proxies checked when loading. */
#include "tests/unit/support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "core/config.h"
#include "core/netaddr.h"

static lt_netaddr addr(const char *s)
{
	lt_netaddr a;
	assert_int_equal(lt_netaddr_parse(&a, s, strlen(s)), 0);
	return a;
}

static void assert_addr(const lt_netaddr *a, const char *want)
{
	char buf[LT_NETADDR_STRLEN];
	lt_netaddr_format(a, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_parse(void **state)
{
	lt_netaddr a, b;
	struct sockaddr_in6 s6;

	(void)state;
	a = addr("192.0.2.1");
	assert_int_equal(a.family, AF_INET);
	assert_addr(&a, "192.0.2.1");
	a = addr("[2001:db8::1]");
	assert_addr(&a, "2001:db8::1");
	/* an IPv4-mapped IPv6 address is the IPv4 one */
	a = addr("::ffff:192.0.2.1");
	b = addr("192.0.2.1");
	assert_true(lt_netaddr_equal(&a, &b));
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:10.1.2.3", &s6.sin6_addr);
	assert_int_equal(lt_netaddr_from_sockaddr(&a, (struct sockaddr *)&s6), 0);
	assert_addr(&a, "10.1.2.3");
	assert_int_equal(lt_netaddr_parse(&a, "", 0), -1);
	assert_int_equal(lt_netaddr_parse(&a, "example.org", 11), -1);
	assert_int_equal(lt_netaddr_parse(&a, "192.0.2.256", 11), -1);
	assert_int_equal(lt_netaddr_parse(&a, "192.0.2.1 ", 10), -1);
	lt_netaddr_format(NULL, (char[8]){0}, 8);
}

static void test_list(void **state)
{
	lt_netaddr_list *l = NULL;
	lt_error err = LT_ERROR_INIT;
	lt_netaddr a;

	(void)state;
	assert_int_equal(
	    lt_netaddr_list_parse(&l, "127.0.0.1, 10.0.0.0/8  fd00::/8,192.0.2.128/25", &err), 0);
	assert_int_equal(lt_netaddr_list_count(l), 4);
	a = addr("127.0.0.1");
	assert_true(lt_netaddr_list_match(l, &a));
	a = addr("127.0.0.2");
	assert_false(lt_netaddr_list_match(l, &a));
	a = addr("10.255.1.1");
	assert_true(lt_netaddr_list_match(l, &a));
	a = addr("11.0.0.1");
	assert_false(lt_netaddr_list_match(l, &a));
	a = addr("fd12::5");
	assert_true(lt_netaddr_list_match(l, &a));
	a = addr("fe80::1");
	assert_false(lt_netaddr_list_match(l, &a));
	a = addr("192.0.2.200"); /* /25: the upper half */
	assert_true(lt_netaddr_list_match(l, &a));
	a = addr("192.0.2.100");
	assert_false(lt_netaddr_list_match(l, &a));
	a = addr("::ffff:10.0.0.9"); /* mapped: matches the IPv4 range */
	assert_true(lt_netaddr_list_match(l, &a));
	lt_netaddr_list_free(l);

	assert_int_equal(lt_netaddr_list_parse(&l, "", &err), 0);
	assert_int_equal(lt_netaddr_list_count(l), 0);
	assert_false(lt_netaddr_list_match(l, &a));
	assert_false(lt_netaddr_list_match(NULL, &a));
	lt_netaddr_list_free(l);

	/* 0.0.0.0/0 and ::/0 are whole families */
	assert_int_equal(lt_netaddr_list_parse(&l, "0.0.0.0/0", &err), 0);
	a = addr("203.0.113.9");
	assert_true(lt_netaddr_list_match(l, &a));
	a = addr("2001:db8::9");
	assert_false(lt_netaddr_list_match(l, &a));
	lt_netaddr_list_free(l);

	const char *bad[] = {"10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x",
	                     "proxy.local", "10.0.0.1;",  "1.2.3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l = (lt_netaddr_list *)1;
		assert_int_equal(lt_netaddr_list_parse(&l, bad[i], &err), LT_EINVAL);
		assert_null(l);
		assert_non_null(strstr(err.message, bad[i]));
	}
}

static void forwarded(const char *peer, const char *xff, const lt_netaddr_list *trusted,
                      const char *want)
{
	lt_netaddr p = addr(peer), out;
	lt_netaddr_forwarded_client(&out, &p, xff, trusted);
	assert_addr(&out, want);
}

static void test_forwarded(void **state)
{
	lt_netaddr_list *t = NULL;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_netaddr_list_parse(&t, "127.0.0.1 10.0.0.0/8", &err), 0);
	/* an untrusted peer is the client, whatever it says */
	forwarded("198.51.100.7", "203.0.113.1", t, "198.51.100.7");
	/* a trusted one without the header: itself */
	forwarded("127.0.0.1", NULL, t, "127.0.0.1");
	/* the right-most hop the proxy added */
	forwarded("127.0.0.1", "203.0.113.1", t, "203.0.113.1");
	/* a client's forged entries on the left are not believed */
	forwarded("127.0.0.1", "1.1.1.1, 203.0.113.1", t, "203.0.113.1");
	/* our own proxies on the path are stepped over */
	forwarded("127.0.0.1", "203.0.113.1, 10.1.1.1, 10.2.2.2", t, "203.0.113.1");
	/* several header lines, joined in order */
	forwarded("127.0.0.1", "9.9.9.9,203.0.113.1,10.1.1.1", t, "203.0.113.1");
	/* ports and brackets */
	forwarded("127.0.0.1", " 203.0.113.1:5123 ", t, "203.0.113.1");
	forwarded("127.0.0.1", "[2001:db8::7]:443", t, "2001:db8::7");
	forwarded("127.0.0.1", "2001:db8::8", t, "2001:db8::8");
	/* garbled: the last hop believed stays the client */
	forwarded("127.0.0.1", "203.0.113.1, unknown", t, "127.0.0.1");
	forwarded("127.0.0.1", "203.0.113.1, garbage, 10.1.1.1", t, "10.1.1.1");
	forwarded("127.0.0.1", "", t, "127.0.0.1");
	forwarded("127.0.0.1", "203.0.113.1,", t, "127.0.0.1");
	/* all hops trusted: the left-most */
	forwarded("127.0.0.1", "10.3.3.3, 10.1.1.1", t, "10.3.3.3");
	lt_netaddr_list_free(t);
}

static void test_config_key(void **state)
{
	lt_config *c = NULL;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_config_parse(&c,
	                                 "trusted_proxies = 127.0.0.1, ::1\n"
	                                 "http_header_timeout = 3\n"
	                                 "http_max_connections = 256\n",
	                                 "t.conf", &err),
	                 0);
	assert_string_equal(lt_config_str(c, LT_CONF_TRUSTED_PROXIES), "127.0.0.1, ::1");
	assert_int_equal(lt_config_u64(c, LT_CONF_HTTP_HEADER_TIMEOUT), 3);
	assert_int_equal(lt_config_u64(c, LT_CONF_HTTP_MAX_CONNECTIONS), 256);
	assert_int_equal(lt_config_u64(c, LT_CONF_HTTP_MAX_PER_ADDRESS), 64);
	lt_config_free(c);
	assert_string_equal(lt_config_str(NULL, LT_CONF_TRUSTED_PROXIES), "");
	/* a bad list refuses the file, naming the line and the item */
	assert_int_equal(
	    lt_config_parse(&c, "# x\ntrusted_proxies = 10.0.0.0/8, nginx\n", "t.conf", &err),
	    LT_EINVAL);
	assert_null(c);
	assert_non_null(strstr(err.message, "t.conf"));
	assert_non_null(strstr(err.message, "2"));
	assert_non_null(strstr(err.message, "nginx"));
	assert_int_equal(lt_config_parse(&c, "http_header_timeout = 0\n", "t.conf", &err),
	                 LT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_forwarded),
	    cmocka_unit_test(test_config_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
