/* search/cache.c — see cache.h. A chained hash table over a doubly linked
 * recency list, under one mutex; entries are copied in and out, so no
 * caller ever holds a pointer into the cache. */
#include "search/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fs.h"

#define DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define REFRESH_QUEUE     1024 /* keys waiting for the refresher, at most */

typedef struct entry {
	struct entry *next_in_bucket;
	struct entry *newer, *older; /* recency list */
	uint64_t hash;
	size_t bytes;
	lt_search_cache_state state;
	double superseded; /* monotonic seconds a newer state was first asked for; 0 */
	int queued;        /* in the refresh queue */
	lt_search_match match;
	char key[]; /* NUL-terminated */
} entry;

struct lt_search_cache {
	pthread_mutex_t mu;
	entry **buckets;
	size_t nbuckets; /* a power of two */
	entry *newest, *oldest;
	size_t entries, bytes, max_entries, max_bytes;
	unsigned computing; /* misses and refreshes not yet put back */
	unsigned busy, stale_max;
	uint64_t hits, stale, misses, refreshed;
	/* keys answered stale, for lt_search_cache_next_refresh() */
	pthread_cond_t refresh_cv;
	char *refresh[REFRESH_QUEUE];
	size_t rhead, rcount;
	int stopping;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void lt_search_match_free(lt_search_match *m)
{
	if (!m)
		return;
	lt_facets_free(m->facets);
	free(m->rows);
	m->rows = NULL;
	m->nrows = 0;
	m->total = 0;
}

static int facet_copy(lt_facet *dst, const lt_facet *src)
{
	dst->wanted = src->wanted;
	dst->n = 0;
	dst->values = NULL;
	if (src->n == 0)
		return 0;
	dst->values = calloc(src->n, sizeof(*dst->values));
	if (!dst->values)
		return LT_ENOMEM;
	for (size_t i = 0; i < src->n; i++) {
		lt_facet_value *v = &dst->values[i];
		v->value = strdup(src->values[i].value);
		v->label = strdup(src->values[i].label);
		v->count = src->values[i].count;
		dst->n++;
		if (!v->value || !v->label)
			return LT_ENOMEM;
	}
	return 0;
}

int lt_search_match_copy(lt_search_match *dst, const lt_search_match *src)
{
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	dst->total = src->total;
	if (src->nrows) {
		dst->rows = malloc(src->nrows * sizeof(*dst->rows));
		if (!dst->rows)
			return LT_ENOMEM;
		memcpy(dst->rows, src->rows, src->nrows * sizeof(*dst->rows));
		dst->nrows = src->nrows;
	}
	for (int f = 0; rc == 0 && f < LT_FACET__COUNT; f++)
		rc = facet_copy(&dst->facets[f], &src->facets[f]);
	if (rc)
		lt_search_match_free(dst);
	return rc;
}

/* What an entry costs, roughly: its own block, rows and facet strings. */
static size_t match_bytes(const lt_search_match *m, size_t keylen)
{
	size_t n = sizeof(entry) + keylen + 1 + m->nrows * sizeof(*m->rows);
	for (int f = 0; f < LT_FACET__COUNT; f++)
		for (size_t i = 0; i < m->facets[f].n; i++)
			n += sizeof(lt_facet_value) + strlen(m->facets[f].values[i].value) +
			     strlen(m->facets[f].values[i].label) + 2;
	return n;
}

uint64_t lt_search_cache_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

int lt_search_cache_new(lt_search_cache **out, size_t max_entries, size_t max_bytes, lt_error *err)
{
	lt_search_cache *c;
	size_t nb = 16;

	*out = NULL;
	if (max_entries < 1 || max_entries > LT_SEARCH_CACHE_MAX)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("bộ nhớ đệm tìm kiếm phải từ 1 đến %d mục, không phải %zu",
		          "the search cache must hold 1 to %d entries, not %zu"),
		    LT_SEARCH_CACHE_MAX, max_entries);
	while (nb < max_entries)
		nb <<= 1;
	c = calloc(1, sizeof(*c));
	if (c)
		c->buckets = calloc(nb, sizeof(*c->buckets));
	if (!c || !c->buckets || pthread_mutex_init(&c->mu, NULL) != 0) {
		if (c)
			free(c->buckets);
		free(c);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	if (pthread_cond_init(&c->refresh_cv, NULL) != 0) {
		pthread_mutex_destroy(&c->mu);
		free(c->buckets);
		free(c);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	c->nbuckets = nb;
	c->max_entries = max_entries;
	c->max_bytes = max_bytes ? max_bytes : DEFAULT_MAX_BYTES;
	{
		/* Half the processors recomputing, the other half answering. */
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		c->busy = ncpu > 2 ? (unsigned)ncpu / 2 : 1;
	}
	c->stale_max = LT_SEARCH_CACHE_STALE_MAX;
	*out = c;
	return 0;
}

void lt_search_cache_set_stale(lt_search_cache *c, unsigned busy, unsigned stale_max)
{
	pthread_mutex_lock(&c->mu);
	c->busy = busy;
	c->stale_max = stale_max;
	pthread_mutex_unlock(&c->mu);
}

static int same_state(lt_search_cache_state a, lt_search_cache_state b)
{
	return a.generation == b.generation && a.revision == b.revision;
}

static void unlink_recency(lt_search_cache *c, entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void push_newest(lt_search_cache *c, entry *e)
{
	e->older = c->newest;
	e->newer = NULL;
	if (c->newest)
		c->newest->newer = e;
	c->newest = e;
	if (!c->oldest)
		c->oldest = e;
}

static entry **find_slot(lt_search_cache *c, const char *key, uint64_t h)
{
	entry **p = &c->buckets[h & (c->nbuckets - 1)];
	while (*p && ((*p)->hash != h || strcmp((*p)->key, key) != 0))
		p = &(*p)->next_in_bucket;
	return p;
}

static void remove_entry(lt_search_cache *c, entry *e)
{
	entry **p = find_slot(c, e->key, e->hash);
	*p = e->next_in_bucket;
	unlink_recency(c, e);
	c->entries--;
	c->bytes -= e->bytes;
	lt_search_match_free(&e->match);
	free(e);
}

void lt_search_cache_free(lt_search_cache *c)
{
	if (!c)
		return;
	while (c->oldest)
		remove_entry(c, c->oldest);
	for (size_t i = 0; i < c->rcount; i++)
		free(c->refresh[(c->rhead + i) % REFRESH_QUEUE]);
	pthread_cond_destroy(&c->refresh_cv);
	pthread_mutex_destroy(&c->mu);
	free(c->buckets);
	free(c);
}

lt_search_cache_answer lt_search_cache_get(lt_search_cache *c, const char *key,
                                           lt_search_cache_state state, lt_search_match *out)
{
	uint64_t h = lt_search_cache_hash(key);
	lt_search_cache_answer ans = LT_CACHE_MISS;
	entry *e;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&c->mu);
	e = *find_slot(c, key, h);
	if (e && same_state(e->state, state)) {
		ans = LT_CACHE_HIT;
	} else if (e) {
		double now = now_s();
		if (e->superseded == 0)
			e->superseded = now;
		if (c->busy && c->computing >= c->busy && now - e->superseded <= c->stale_max)
			ans = LT_CACHE_STALE;
	}
	if (ans != LT_CACHE_MISS && lt_search_match_copy(out, &e->match) != 0)
		ans = LT_CACHE_MISS;
	if (ans != LT_CACHE_MISS) {
		unlink_recency(c, e);
		push_newest(c, e);
	}
	/* Answered stale: the refresher recomputes it, off the request. */
	if (ans == LT_CACHE_STALE && !e->queued && c->rcount < REFRESH_QUEUE) {
		char *k = strdup(key);
		if (k) {
			c->refresh[(c->rhead + c->rcount++) % REFRESH_QUEUE] = k;
			e->queued = 1;
			pthread_cond_signal(&c->refresh_cv);
		}
	}
	if (ans == LT_CACHE_HIT)
		c->hits++;
	else if (ans == LT_CACHE_STALE)
		c->stale++;
	else {
		c->misses++;
		c->computing++;
	}
	pthread_mutex_unlock(&c->mu);
	return ans;
}

/* Under c->mu: a computation begun by a miss has ended. */
static void computed_locked(lt_search_cache *c)
{
	if (c->computing)
		c->computing--;
}

static void computed(lt_search_cache *c)
{
	pthread_mutex_lock(&c->mu);
	computed_locked(c);
	pthread_mutex_unlock(&c->mu);
}

void lt_search_cache_put(lt_search_cache *c, const char *key, lt_search_cache_state state,
                         const lt_search_match *m)
{
	size_t keylen = strlen(key);
	size_t bytes = m ? match_bytes(m, keylen) : 0;
	uint64_t h = lt_search_cache_hash(key);
	entry *e, *old;

	/* One huge page of facets must not empty the cache. */
	if (!m || bytes > c->max_bytes / 4 || !(e = malloc(sizeof(*e) + keylen + 1))) {
		computed(c);
		return;
	}
	memset(e, 0, sizeof(*e));
	memcpy(e->key, key, keylen + 1);
	e->hash = h;
	e->bytes = bytes;
	e->state = state;
	if (lt_search_match_copy(&e->match, m) != 0) {
		free(e);
		computed(c);
		return;
	}
	pthread_mutex_lock(&c->mu);
	computed_locked(c);
	old = *find_slot(c, key, h);
	if (old && old->state.generation == state.generation &&
	    old->state.revision > state.revision) {
		/* A slower search of an older revision: the newer entry stays. */
		pthread_mutex_unlock(&c->mu);
		lt_search_match_free(&e->match);
		free(e);
		return;
	}
	if (old)
		remove_entry(c, old);
	while (c->oldest && (c->entries + 1 > c->max_entries || c->bytes + bytes > c->max_bytes))
		remove_entry(c, c->oldest);
	e->next_in_bucket = c->buckets[h & (c->nbuckets - 1)];
	c->buckets[h & (c->nbuckets - 1)] = e;
	push_newest(c, e);
	c->entries++;
	c->bytes += bytes;
	pthread_mutex_unlock(&c->mu);
}

char *lt_search_cache_next_refresh(lt_search_cache *c)
{
	char *key = NULL;
	entry *e;

	pthread_mutex_lock(&c->mu);
	while (c->rcount == 0 && !c->stopping)
		pthread_cond_wait(&c->refresh_cv, &c->mu);
	if (c->rcount && !c->stopping) {
		key = c->refresh[c->rhead];
		c->rhead = (c->rhead + 1) % REFRESH_QUEUE;
		c->rcount--;
		e = *find_slot(c, key, lt_search_cache_hash(key));
		if (e)
			e->queued = 0;
		c->computing++;
		c->refreshed++;
	}
	pthread_mutex_unlock(&c->mu);
	return key;
}

int lt_search_cache_warm(lt_search_cache *c, const char *key)
{
	int queued = 0;
	char *k;

	pthread_mutex_lock(&c->mu);
	if (!c->stopping && c->rcount < REFRESH_QUEUE &&
	    !*find_slot(c, key, lt_search_cache_hash(key)) && (k = strdup(key)) != NULL) {
		c->refresh[(c->rhead + c->rcount++) % REFRESH_QUEUE] = k;
		pthread_cond_signal(&c->refresh_cv);
		queued = 1;
	}
	pthread_mutex_unlock(&c->mu);
	return queued;
}

/* The saved keys: a header line, then per key its length in bytes on a
 * line and the key (it may hold any byte but NUL) followed by a newline. */
#define KEYS_MAGIC    "luutru-search-keys 1\n"
#define KEYS_MAX_FILE ((size_t)64 << 20)

int lt_search_cache_save_keys(lt_search_cache *c, const char *path, lt_error *err)
{
	lt_buf out = LT_BUF_INIT;
	int rc = LT_OK, failed = lt_buf_puts(&out, KEYS_MAGIC) != 0;
	size_t n = 0;

	pthread_mutex_lock(&c->mu);
	for (entry *e = c->newest; e && n < REFRESH_QUEUE && !failed; e = e->older, n++) {
		size_t len = strlen(e->key);
		failed = lt_buf_printf(&out, "%zu\n", len) != 0 ||
		         lt_buf_append(&out, e->key, len) != 0 || lt_buf_putc(&out, '\n') != 0;
	}
	pthread_mutex_unlock(&c->mu);
	if (failed)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	else
		rc = lt_fs_write_atomic(path, out.data, out.len, err);
	lt_buf_free(&out);
	return rc;
}

int lt_search_cache_warm_from(lt_search_cache *c, const char *path, size_t *queued, lt_error *err)
{
	lt_buf in = LT_BUF_INIT;
	size_t pos, magic = strlen(KEYS_MAGIC);
	int rc;

	*queued = 0;
	if (!lt_fs_exists(path))
		return LT_OK;
	rc = lt_fs_read_file(&in, path, KEYS_MAX_FILE, err);
	if (rc == LT_OK && (in.len < magic || memcmp(in.data, KEYS_MAGIC, magic) != 0))
		rc = lt_error_set(err, LT_ECORRUPT, "%s: %s", path,
		                  LT_TR("không phải tệp khóa tìm kiếm của luutru",
		                        "not a luutru search keys file"));
	for (pos = magic; rc == LT_OK && pos < in.len;) {
		char *end = NULL;
		unsigned long long len = strtoull(in.data + pos, &end, 10);
		size_t at = end ? (size_t)(end - in.data) : pos;

		if (end == in.data + pos || at >= in.len || *end != '\n' || len == 0 ||
		    len > in.len - at - 1 || at + 1 + len >= in.len ||
		    in.data[at + 1 + len] != '\n' || memchr(in.data + at + 1, '\0', len)) {
			rc = lt_error_set(
			    err, LT_ECORRUPT, "%s: %s", path,
			    LT_TR("tệp khóa tìm kiếm bị hỏng", "the search keys file is damaged"));
			break;
		}
		in.data[at + 1 + len] = '\0';
		*queued += (size_t)lt_search_cache_warm(c, in.data + at + 1);
		pos = at + 1 + len + 1;
	}
	lt_buf_free(&in);
	return rc;
}

size_t lt_search_cache_refresh_pending(lt_search_cache *c)
{
	size_t n;

	pthread_mutex_lock(&c->mu);
	n = c->rcount + c->computing;
	pthread_mutex_unlock(&c->mu);
	return n;
}

void lt_search_cache_stop_refresh(lt_search_cache *c)
{
	pthread_mutex_lock(&c->mu);
	c->stopping = 1;
	pthread_cond_broadcast(&c->refresh_cv);
	pthread_mutex_unlock(&c->mu);
}

void lt_search_cache_get_stats(lt_search_cache *c, lt_search_cache_stats *out)
{
	pthread_mutex_lock(&c->mu);
	out->hits = c->hits;
	out->stale = c->stale;
	out->misses = c->misses;
	out->refreshed = c->refreshed;
	out->entries = c->entries;
	out->bytes = c->bytes;
	pthread_mutex_unlock(&c->mu);
}
