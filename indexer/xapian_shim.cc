/*
 * indexer/xapian_shim.cc — see xapian_shim.h. The only C++ in luutru.
 *
 * Every extern "C" function runs its body inside guard(), which catches
 * every exception and turns it into an lt_status plus a message. Nothing
 * here decides what to index or how to rank: that is C code above.
 */
extern "C" {
#include "core/buf.h"
#include "core/error.h"
}
#include "indexer/xapian_shim.h"

#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct lt_xdb {
	std::unique_ptr<Xapian::Database> db; /* a WritableDatabase when writable */
	bool writable = false;
	bool in_tx = false;
	std::string path;

	Xapian::WritableDatabase &w()
	{
		return static_cast<Xapian::WritableDatabase &>(*db);
	}
};

struct lt_xdoc {
	Xapian::Document doc;
};

struct lt_xquery {
	Xapian::Query q;
};

struct lt_xmset {
	Xapian::MSet mset;
};

struct lt_xspy {
	Xapian::ValueCountMatchSpy spy;
	explicit lt_xspy(unsigned slot) : spy(slot)
	{
	}
};

namespace
{

int fail_xapian(lt_error *err, int code, const char *what, const Xapian::Error &e) noexcept
{
	try {
		std::string msg = e.get_msg();
		return lt_error_set(err, code, "%s: %s: %s: %s",
		                    LT_TR("chỉ mục tìm kiếm", "search index"), what, e.get_type(),
		                    msg.c_str());
	} catch (...) {
		return lt_error_set(err, code, "%s: %s: %s",
		                    LT_TR("chỉ mục tìm kiếm", "search index"), what, e.get_type());
	}
}

/* Run fn; any exception becomes a status and a message
 * "chỉ mục tìm kiếm: <what>: <Xapian's type>: <Xapian's message>".
 * Xapian::Error is not polymorphic, so the mapping is the order of the
 * catch clauses: subclasses before their bases. */
template <typename F> int guard(lt_error *err, const char *what, F fn) noexcept
{
	try {
		return fn();
	} catch (const Xapian::DatabaseLockError &e) {
		return fail_xapian(err, LT_EBUSY, what, e);
	} catch (const Xapian::DatabaseCorruptError &e) {
		return fail_xapian(err, LT_ECORRUPT, what, e);
	} catch (const Xapian::DatabaseVersionError &e) {
		return fail_xapian(err, LT_EVERSION, what, e);
	} catch (const Xapian::DatabaseNotFoundError &e) {
		return fail_xapian(err, LT_ENOTFOUND, what, e);
	} catch (const Xapian::DatabaseOpeningError &e) {
		return fail_xapian(err, LT_ENOTFOUND, what, e);
	} catch (const Xapian::QueryParserError &e) {
		return fail_xapian(err, LT_EINVAL, what, e);
	} catch (const Xapian::InvalidArgumentError &e) {
		return fail_xapian(err, LT_EINVAL, what, e);
	} catch (const Xapian::Error &e) {
		/* A full or read-only disk: its own status, so the C side can
		 * name the file system (core/fs.h) instead of "Error writing
		 * block N". Xapian keeps the errno only as its text. */
		const char *es = e.get_error_string();
		const std::string msg = e.get_msg();
		for (int code : {ENOSPC, EDQUOT, EROFS})
			if ((es && !strcmp(es, strerror(code))) ||
			    msg.find(strerror(code)) != std::string::npos)
				return fail_xapian(err, LT_ENOSPC, what, e);
		return fail_xapian(err, LT_EINDEX, what, e);
	} catch (const std::bad_alloc &) {
		return lt_error_set(err, LT_ENOMEM, "%s: %s: %s",
		                    LT_TR("chỉ mục tìm kiếm", "search index"), what,
		                    LT_TR("hết bộ nhớ", "out of memory"));
	} catch (const std::exception &e) {
		return lt_error_set(err, LT_ERR, "%s: %s: %s",
		                    LT_TR("chỉ mục tìm kiếm", "search index"), what, e.what());
	} catch (...) {
		return lt_error_set(err, LT_ERR, "%s: %s: %s",
		                    LT_TR("chỉ mục tìm kiếm", "search index"), what,
		                    LT_TR("lỗi không xác định", "unknown error"));
	}
}

int need_writable(lt_xdb *db, lt_error *err, const char *what)
{
	if (db->writable)
		return 0;
	return lt_error_set(err, LT_ERR, "%s: %s: %s", LT_TR("chỉ mục tìm kiếm", "search index"),
	                    what,
	                    LT_TR("cơ sở dữ liệu chỉ mở để đọc", "database opened read-only"));
}

int append(lt_buf *out, const std::string &s)
{
	return lt_buf_append(out, s.data(), s.size());
}

int new_query(lt_xquery **out, Xapian::Query q)
{
	*out = new lt_xquery{std::move(q)};
	return 0;
}

Xapian::Query::op map_op(lt_xop op)
{
	switch (op) {
	case LT_XOP_AND: return Xapian::Query::OP_AND;
	case LT_XOP_OR: return Xapian::Query::OP_OR;
	case LT_XOP_AND_NOT: return Xapian::Query::OP_AND_NOT;
	case LT_XOP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
	case LT_XOP_FILTER: return Xapian::Query::OP_FILTER;
	case LT_XOP_PHRASE: return Xapian::Query::OP_PHRASE;
	case LT_XOP_NEAR: return Xapian::Query::OP_NEAR;
	case LT_XOP_SYNONYM: return Xapian::Query::OP_SYNONYM;
	}
	throw Xapian::InvalidArgumentError("unknown query operator");
}

} // namespace

extern "C" {

/* ---- database --------------------------------------------------------- */

int lt_xdb_open(lt_xdb **out, const char *path, unsigned flags, lt_error *err)
{
	*out = nullptr;
	return guard(err, path, [&]() {
		std::unique_ptr<lt_xdb> h(new lt_xdb);
		h->path = path;
		if (flags & LT_XDB_WRITE) {
			h->db.reset(new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN));
			h->writable = true;
		} else {
			h->db.reset(new Xapian::Database(path));
		}
		*out = h.release();
		return 0;
	});
}

void lt_xdb_free(lt_xdb *db)
{
	if (!db)
		return;
	guard(nullptr, "close", [&]() {
		if (db->writable && db->in_tx)
			db->w().cancel_transaction();
		db->db->close();
		return 0;
	});
	delete db;
}

int lt_xdb_is_writable(const lt_xdb *db)
{
	return db->writable;
}

int lt_xdb_open_shards(lt_xdb **out, const char *const *specs, size_t n, unsigned timeout_ms,
                       lt_error *err)
{
	*out = nullptr;
	return guard(err, "open shards", [&]() {
		std::unique_ptr<lt_xdb> h(new lt_xdb);
		h->db.reset(new Xapian::Database());
		for (size_t i = 0; i < n; i++) {
			std::string spec(specs[i]);
			if (spec.compare(0, 6, "tcp://") == 0) {
				std::string hostport = spec.substr(6);
				size_t colon = hostport.rfind(':');
				if (colon == std::string::npos || colon == 0 ||
				    colon + 1 == hostport.size())
					throw Xapian::InvalidArgumentError(
					    "shard " + spec + ": expected tcp://HOST:PORT");
				std::string host = hostport.substr(0, colon);
				std::string port = hostport.substr(colon + 1);
				char *end = nullptr;
				unsigned long p = strtoul(port.c_str(), &end, 10);
				if (*end || p == 0 || p > 65535)
					throw Xapian::InvalidArgumentError("shard " + spec +
					                                   ": bad port");
				h->db->add_database(Xapian::Remote::open(host, (unsigned)p,
				                                         (useconds_t)timeout_ms,
				                                         (useconds_t)timeout_ms));
			} else {
				h->db->add_database(Xapian::Database(spec));
			}
		}
		h->path = n ? specs[0] : "";
		*out = h.release();
		return 0;
	});
}

int lt_xdb_reopen(lt_xdb *db, lt_error *err)
{
	return guard(err, "reopen", [&]() {
		if (!db->writable)
			db->db->reopen();
		return 0;
	});
}

int lt_xdb_revision(lt_xdb *db, uint64_t *out)
{
	*out = 0;
	return guard(nullptr, "revision", [&]() {
		if (db->db->size() != 1)
			return (int)LT_EINVAL;
		*out = db->db->get_revision();
		return 0;
	});
}

int lt_xdb_commit(lt_xdb *db, lt_error *err)
{
	if (need_writable(db, err, "commit"))
		return LT_ERR;
	return guard(err, "commit", [&]() {
		db->w().commit();
		return 0;
	});
}

int lt_xdb_begin(lt_xdb *db, lt_error *err)
{
	if (need_writable(db, err, "begin_transaction"))
		return LT_ERR;
	return guard(err, "begin_transaction", [&]() {
		db->w().begin_transaction(true);
		db->in_tx = true;
		return 0;
	});
}

int lt_xdb_commit_tx(lt_xdb *db, lt_error *err)
{
	if (need_writable(db, err, "commit_transaction"))
		return LT_ERR;
	return guard(err, "commit_transaction", [&]() {
		db->in_tx = false;
		db->w().commit_transaction();
		return 0;
	});
}

void lt_xdb_cancel_tx(lt_xdb *db)
{
	if (!db || !db->writable || !db->in_tx)
		return;
	guard(nullptr, "cancel_transaction", [&]() {
		db->in_tx = false;
		db->w().cancel_transaction();
		return 0;
	});
}

int lt_xdb_doc_count(lt_xdb *db, uint64_t *out, lt_error *err)
{
	*out = 0;
	return guard(err, "get_doccount", [&]() {
		*out = db->db->get_doccount();
		return 0;
	});
}

int lt_xdb_term_freq(lt_xdb *db, const char *term, uint64_t *out, lt_error *err)
{
	*out = 0;
	return guard(err, "get_termfreq", [&]() {
		*out = db->db->get_termfreq(term);
		return 0;
	});
}

int lt_xdb_metadata_get(lt_xdb *db, const char *key, lt_buf *out, lt_error *err)
{
	return guard(err, "get_metadata", [&]() {
		if (append(out, db->db->get_metadata(key)))
			throw std::bad_alloc();
		return 0;
	});
}

int lt_xdb_metadata_set(lt_xdb *db, const char *key, const char *value, lt_error *err)
{
	if (need_writable(db, err, "set_metadata"))
		return LT_ERR;
	return guard(err, "set_metadata", [&]() {
		db->w().set_metadata(key, value);
		return 0;
	});
}

int lt_xdb_replace(lt_xdb *db, const char *unique_term, const lt_xdoc *doc, lt_error *err)
{
	if (need_writable(db, err, "replace_document"))
		return LT_ERR;
	return guard(err, "replace_document", [&]() {
		db->w().replace_document(unique_term, doc->doc);
		return 0;
	});
}

int lt_xdb_delete(lt_xdb *db, const char *term, lt_error *err)
{
	if (need_writable(db, err, "delete_document"))
		return LT_ERR;
	return guard(err, "delete_document", [&]() {
		db->w().delete_document(term);
		return 0;
	});
}

int lt_xdb_add_synonym(lt_xdb *db, const char *key, const char *synonym, lt_error *err)
{
	if (need_writable(db, err, "add_synonym"))
		return LT_ERR;
	return guard(err, "add_synonym", [&]() {
		db->w().add_synonym(key, synonym);
		return 0;
	});
}

int lt_xdb_clear_synonyms(lt_xdb *db, lt_error *err)
{
	if (need_writable(db, err, "clear_synonyms"))
		return LT_ERR;
	return guard(err, "clear_synonyms", [&]() {
		std::vector<std::string> keys;
		for (Xapian::TermIterator it = db->db->synonym_keys_begin();
		     it != db->db->synonym_keys_end(); ++it)
			keys.push_back(*it);
		for (const std::string &k : keys)
			db->w().clear_synonyms(k);
		return 0;
	});
}

int lt_xdb_synonym_prefix(lt_xdb *db, const char *prefix)
{
	int found = 0;
	guard(nullptr, "synonym_keys", [&]() {
		found = db->db->synonym_keys_begin(prefix) != db->db->synonym_keys_end(prefix);
		return 0;
	});
	return found;
}

int lt_xdb_synonyms(lt_xdb *db, const char *key,
                    int (*visit)(void *ctx, const char *synonym, size_t len), void *ctx,
                    lt_error *err)
{
	return guard(err, "synonyms", [&]() {
		for (Xapian::TermIterator it = db->db->synonyms_begin(key);
		     it != db->db->synonyms_end(key); ++it) {
			std::string v = *it;
			if (visit(ctx, v.data(), v.size()))
				break;
		}
		return 0;
	});
}

int lt_x_sortable_serialise(lt_buf *out, double value)
{
	return guard(nullptr, "sortable_serialise",
	             [&]() { return append(out, Xapian::sortable_serialise(value)); });
}

double lt_x_sortable_unserialise(const char *s, size_t len)
{
	double v = 0;
	guard(nullptr, "sortable_unserialise", [&]() {
		v = Xapian::sortable_unserialise(std::string(s, len));
		return 0;
	});
	return v;
}

/* ---- documents -------------------------------------------------------- */

int lt_xdoc_new(lt_xdoc **out, lt_error *err)
{
	*out = nullptr;
	return guard(err, "Document", [&]() {
		*out = new lt_xdoc;
		return 0;
	});
}

void lt_xdoc_free(lt_xdoc *doc)
{
	delete doc;
}

int lt_xdoc_add_posting(lt_xdoc *doc, const char *term, size_t len, uint32_t pos, lt_error *err)
{
	return guard(err, "add_posting", [&]() {
		doc->doc.add_posting(std::string(term, len), pos);
		return 0;
	});
}

int lt_xdoc_add_term(lt_xdoc *doc, const char *term, size_t len, lt_error *err)
{
	return guard(err, "add_term", [&]() {
		doc->doc.add_term(std::string(term, len));
		return 0;
	});
}

int lt_xdoc_add_boolean_term(lt_xdoc *doc, const char *term, size_t len, lt_error *err)
{
	return guard(err, "add_boolean_term", [&]() {
		doc->doc.add_boolean_term(std::string(term, len));
		return 0;
	});
}

int lt_xdoc_add_value(lt_xdoc *doc, unsigned slot, const char *value, size_t len, lt_error *err)
{
	return guard(err, "add_value", [&]() {
		doc->doc.add_value(slot, std::string(value, len));
		return 0;
	});
}

int lt_xdoc_set_data(lt_xdoc *doc, const char *data, size_t len, lt_error *err)
{
	return guard(err, "set_data", [&]() {
		doc->doc.set_data(std::string(data, len));
		return 0;
	});
}

size_t lt_xdoc_term_count(const lt_xdoc *doc)
{
	size_t n = 0;
	guard(nullptr, "termlist_count", [&]() {
		n = doc->doc.termlist_count();
		return 0;
	});
	return n;
}

int lt_xdoc_has_term(const lt_xdoc *doc, const char *term)
{
	int found = 0;
	guard(nullptr, "termlist", [&]() {
		Xapian::TermIterator it = doc->doc.termlist_begin();
		it.skip_to(term);
		found = it != doc->doc.termlist_end() && *it == term;
		return 0;
	});
	return found;
}

/* ---- queries ---------------------------------------------------------- */

int lt_xquery_term(lt_xquery **out, const char *term, size_t len, lt_error *err)
{
	*out = nullptr;
	return guard(err, "Query",
	             [&]() { return new_query(out, Xapian::Query(std::string(term, len))); });
}

int lt_xquery_match_all(lt_xquery **out, lt_error *err)
{
	*out = nullptr;
	return guard(err, "Query", [&]() { return new_query(out, Xapian::Query::MatchAll); });
}

int lt_xquery_match_nothing(lt_xquery **out, lt_error *err)
{
	*out = nullptr;
	return guard(err, "Query", [&]() { return new_query(out, Xapian::Query::MatchNothing); });
}

int lt_xquery_scale(lt_xquery **out, const lt_xquery *q, double factor, lt_error *err)
{
	*out = nullptr;
	return guard(err, "OP_SCALE_WEIGHT", [&]() {
		return new_query(out, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor));
	});
}

int lt_xquery_combine(lt_xquery **out, lt_xop op, const lt_xquery *const *subs, size_t n,
                      unsigned window, lt_error *err)
{
	*out = nullptr;
	return guard(err, "Query", [&]() {
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++)
			v.push_back(subs[i]->q);
		Xapian::Query::op xop = map_op(op);
		if (xop == Xapian::Query::OP_PHRASE || xop == Xapian::Query::OP_NEAR)
			return new_query(out, Xapian::Query(xop, v.begin(), v.end(),
			                                    window ? window : (unsigned)n));
		return new_query(out, Xapian::Query(xop, v.begin(), v.end()));
	});
}

int lt_xquery_value_range(lt_xquery **out, unsigned slot, const char *lo, const char *hi,
                          lt_error *err)
{
	*out = nullptr;
	return guard(err, "OP_VALUE_RANGE", [&]() {
		if (lo && hi)
			return new_query(
			    out, Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
		if (lo)
			return new_query(out, Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo));
		if (hi)
			return new_query(out, Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
		return new_query(out, Xapian::Query::MatchAll);
	});
}

int lt_xquery_wildcard(lt_xquery **out, const char *prefix, unsigned max_expansion, lt_error *err)
{
	*out = nullptr;
	return guard(err, "OP_WILDCARD", [&]() {
		return new_query(out,
		                 Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion,
		                               Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
		                               Xapian::Query::OP_SYNONYM));
	});
}

int lt_xquery_is_empty(const lt_xquery *q)
{
	return q->q.empty();
}

int lt_xquery_describe(const lt_xquery *q, lt_buf *out)
{
	return guard(nullptr, "get_description",
	             [&]() { return append(out, q->q.get_description()); });
}

void lt_xquery_free(lt_xquery *q)
{
	delete q;
}

/* ---- searching -------------------------------------------------------- */

int lt_xspy_new(lt_xspy **out, unsigned slot, lt_error *err)
{
	*out = nullptr;
	return guard(err, "ValueCountMatchSpy", [&]() {
		*out = new lt_xspy(slot);
		return 0;
	});
}

void lt_xspy_free(lt_xspy *spy)
{
	delete spy;
}

uint64_t lt_xspy_total(const lt_xspy *spy)
{
	return spy->spy.get_total();
}

int lt_xspy_top(const lt_xspy *spy, size_t max,
                int (*visit)(void *ctx, const char *value, size_t len, uint64_t count), void *ctx,
                lt_error *err)
{
	return guard(err, "ValueCountMatchSpy", [&]() {
		Xapian::TermIterator it = spy->spy.top_values_begin(max);
		Xapian::TermIterator end = spy->spy.top_values_end(max);
		for (; it != end; ++it) {
			std::string v = *it;
			if (visit(ctx, v.data(), v.size(), it.get_termfreq()))
				break;
		}
		return 0;
	});
}

int lt_xdb_search(lt_xmset **out, lt_xdb *db, const lt_xquery *q, const lt_xsearch_options *opts,
                  lt_error *err)
{
	*out = nullptr;
	return guard(err, "get_mset", [&]() {
		Xapian::Enquire enq(*db->db);
		enq.set_query(q->q);
		if (opts->bm25plus_delta > 0)
			enq.set_weighting_scheme(Xapian::BM25PlusWeight(
			    opts->bm25_k1, opts->bm25_k2, opts->bm25_k3, opts->bm25_b,
			    opts->bm25_min_normlen, opts->bm25plus_delta));
		else
			enq.set_weighting_scheme(Xapian::BM25Weight(opts->bm25_k1, opts->bm25_k2,
			                                            opts->bm25_k3, opts->bm25_b,
			                                            opts->bm25_min_normlen));
		if (opts->sort_slot >= 0)
			enq.set_sort_by_value_then_relevance((Xapian::valueno)opts->sort_slot,
			                                     opts->sort_reverse != 0);
		else
			enq.set_sort_by_relevance();
		for (size_t i = 0; i < opts->nspies; i++)
			enq.add_matchspy(&opts->spies[i]->spy);
		size_t at_least = opts->check_at_least;
		if (at_least < opts->offset + opts->limit)
			at_least = opts->offset + opts->limit;
		std::unique_ptr<lt_xmset> m(new lt_xmset);
		m->mset = enq.get_mset((Xapian::doccount)opts->offset,
		                       (Xapian::doccount)opts->limit, (Xapian::doccount)at_least);
		/* The enquire dies here; the spies keep their counts. */
		enq.clear_matchspies();
		*out = m.release();
		return 0;
	});
}

void lt_xmset_free(lt_xmset *m)
{
	delete m;
}

size_t lt_xmset_size(const lt_xmset *m)
{
	return m->mset.size();
}

uint64_t lt_xmset_estimated(const lt_xmset *m)
{
	return m->mset.get_matches_estimated();
}

uint64_t lt_xmset_lower_bound(const lt_xmset *m)
{
	return m->mset.get_matches_lower_bound();
}

uint64_t lt_xmset_upper_bound(const lt_xmset *m)
{
	return m->mset.get_matches_upper_bound();
}

uint32_t lt_xmset_docid(const lt_xmset *m, size_t i)
{
	return *(m->mset.begin() + (Xapian::doccount)i);
}

size_t lt_xmset_rank(const lt_xmset *m, size_t i)
{
	return (m->mset.begin() + (Xapian::doccount)i).get_rank();
}

double lt_xmset_weight(const lt_xmset *m, size_t i)
{
	return (m->mset.begin() + (Xapian::doccount)i).get_weight();
}

int lt_xmset_data(const lt_xmset *m, size_t i, lt_buf *out, lt_error *err)
{
	return guard(err, "get_data", [&]() {
		Xapian::Document d = (m->mset.begin() + (Xapian::doccount)i).get_document();
		if (append(out, d.get_data()))
			throw std::bad_alloc();
		return 0;
	});
}

int lt_xmset_value(const lt_xmset *m, size_t i, unsigned slot, lt_buf *out, lt_error *err)
{
	return guard(err, "get_value", [&]() {
		Xapian::Document d = (m->mset.begin() + (Xapian::doccount)i).get_document();
		if (append(out, d.get_value(slot)))
			throw std::bad_alloc();
		return 0;
	});
}

} /* extern "C" */
