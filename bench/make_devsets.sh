#!/bin/sh
# bench/make_devsets.sh — the judged query sets of bench/relevance.sh
# (bench/README.md, "Search quality").
#
#   bench/make_devsets.sh [OUT_DIR]          default build/devsets
#
# Writes, in the ALQAC layout (corpus.jsonl, queries.jsonl, qrels.tsv)
# that search/eval.c reads, each query with its "classes":
#
#   OUT/alqac       ALQAC 2022's 520 questions and 1,377 articles
#                   (../shared/fixtures/corpus/alqac2022), classified;
#   OUT/legal-dev   queries made from the 20,000 Pháp điển articles of
#   OUT/legal-test  legal-sample.jsonl.gz, split by source document (a
#                   document's articles are all in one half): weights are
#                   chosen on alqac and legal-dev only; legal-test is
#                   reported, never tuned on.
#
# Classes: abbr (the query has an abbreviation of indexer/synonyms.def),
# heading (it holds >= 80 % of the words of a relevant article's heading),
# short (a relevant article's text is under 500 characters), docnum (it
# has a document number such as 57/2020/QH14), other (none of these).
#
# The legal-* queries are made from each article the way people type:
#   heading  the article's heading (one word dropped from headings of six
#            words or more); only headings no other article shares;
#   short    the same, for articles under 500 characters;
#   abbr     a heading holding an expansion of synonyms.def, the expansion
#            replaced by its abbreviation ("bảo hiểm y tế" -> "BHYT");
#   docnum   a document number as typed: "57/2020/QH14", "số 57/2020/QH14",
#            "57 2020/QH14" (space for the first slash), zero-padded or not
#            ("5/..." for "05/..."), alone (every article of the document is
#            relevant) or after the heading (that article only).
# Generated data stays outside the repository.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-${BUILD:-build}/devsets}
FIX=${LUUTRU_FIXTURES:-$HERE/../../shared/fixtures/corpus}
[ -f "$FIX/legal-sample.jsonl.gz" ] || FIX=/work/shared/fixtures/corpus
mkdir -p "$OUT"
python3 - "$OUT" "$FIX" "$HERE/../indexer/synonyms.def" <<'PY'
import gzip, json, os, random, re, sys, unicodedata, zlib
out, fix, syn_path = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(20)

def fold(s):
    s = unicodedata.normalize("NFC", s).lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")

def words(s):
    return re.findall(r"\w+", fold(s))

syn = []
for line in open(syn_path, encoding="utf-8"):
    m = re.match(r'\s*LT_SYNONYM\("([^"]+)",\s*"([^"]+)"\)', line)
    if m:
        syn.append((m.group(1), m.group(2)))
abbrs = {a for a, _ in syn}

def heading(title):
    # "Điều 37.1.LQ.2. Giải thích từ ngữ" / "91/2015/QH13 - Điều 1. Phạm vi"
    m = re.search(r"Điều\s+\S+\s+(.*)$", title)
    if m:
        return m.group(1).strip()
    return "" if "Điều" in title else title.strip()

def classes(text, rel_articles):
    c = set()
    text = unicodedata.normalize("NFC", text)
    plain = re.sub(r"\b\d+(/\d{4})?/[\w-]+|\b\d+\s+[A-ZĐ]{2,}-[\w-]+", " ", text)
    toks = re.findall(r"[\w&-]+", plain)
    if any(t in abbrs or any(p in abbrs for p in t.split("-")) for t in toks):
        c.add("abbr")
    if re.search(r"\b\d+/(\d{4}/)?[A-ZĐ]", text) or re.search(r"\b\d+\s+[A-ZĐ]{2,}-[A-Z]", text):
        c.add("docnum")
    qw = set(words(text))
    for a in rel_articles:
        hw = words(heading(a["title"]))
        if hw and sum(1 for w in hw if w in qw) >= 0.8 * len(hw):
            c.add("heading")
        if len(a["text"]) < 500:
            c.add("short")
    return sorted(c) or ["other"]

def write_set(d, corpus_path, queries, qrels):
    os.makedirs(d, exist_ok=True)
    link = os.path.join(d, "corpus.jsonl")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.abspath(corpus_path), link)
    with open(os.path.join(d, "queries.jsonl"), "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    with open(os.path.join(d, "qrels.tsv"), "w", encoding="utf-8") as f:
        for qid, docs in qrels:
            for doc in docs:
                f.write("%s\t0\t%s\t1\n" % (qid, doc))

# ---- ALQAC, classified ------------------------------------------------------
arts = {}
for line in open(fix + "/alqac2022/corpus.jsonl", encoding="utf-8"):
    a = json.loads(line)
    arts[a["id"]] = a
rel = {}
for line in open(fix + "/alqac2022/qrels.tsv", encoding="utf-8"):
    p = line.split()
    if len(p) == 4 and p[3] != "0":
        rel.setdefault(p[0], []).append(p[2])
qs, qr = [], []
for line in open(fix + "/alqac2022/queries.jsonl", encoding="utf-8"):
    q = json.loads(line)
    r = rel.get(q["id"], [])
    qs.append({"id": q["id"], "text": q["text"],
               "classes": classes(q["text"], [arts[i] for i in r if i in arts])})
    qr.append((q["id"], r))
write_set(out + "/alqac", fix + "/alqac2022/corpus.jsonl", qs, qr)

# ---- legal-sample: the collection and the two halves ------------------------
src = []
with gzip.open(fix + "/legal-sample.jsonl.gz", "rt", encoding="utf-8") as f:
    for line in f:
        src.append(json.loads(line))
corpus = out + "/legal-corpus.jsonl"
with open(corpus, "w", encoding="utf-8") as f:
    for a in src:
        f.write(json.dumps({k: a.get(k) or "" for k in
                            ("id", "title", "text", "doc_number", "doc_title", "issuer")},
                           ensure_ascii=False) + "\n")
by_heading = {}
by_number = {}
for a in src:
    by_heading.setdefault(" ".join(words(heading(a["title"]))), []).append(a)
    if a.get("doc_number"):
        by_number.setdefault(a["doc_number"], []).append(a)

def half(a):
    return "dev" if zlib.crc32((a.get("doc_number") or a["doc_title"]).encode()) % 2 == 0 else "test"

def typed_heading(a):
    h = heading(a["title"])
    w = h.split()
    if len(w) >= 6:
        del w[random.randrange(1, len(w))]
    return " ".join(w)

sets = {"dev": ([], []), "test": ([], [])}
def add(a, kind, text, relevant):
    qs, qr = sets[half(a)]
    qid = "%s-%s-%d" % (half(a), kind, len(qs) + 1)
    qs.append({"id": qid, "text": text,
               "classes": classes(text, [x for x in src if x["id"] in relevant][:50])
               if kind != "docnum" else classes(text, [a] if len(relevant) == 1 else [])})
    qr.append((qid, relevant))

uniq = [a for a in src if len(by_heading[" ".join(words(heading(a["title"])))]) == 1
        and len(words(heading(a["title"]))) >= 3]
random.shuffle(uniq)
long_ = [a for a in uniq if len(a["text"]) >= 500][:500]
short = [a for a in uniq if len(a["text"]) < 500][:400]
for a in long_:
    add(a, "heading", typed_heading(a), [a["id"]])
for a in short:
    add(a, "short", typed_heading(a), [a["id"]])
# Abbreviations: a heading with an expansion in it (whole words).
n_abbr = 0
syn_long = sorted(syn, key=lambda p: -len(p[1]))
for a in uniq:
    h = heading(a["title"])
    fh = " " + " ".join(words(h)) + " "
    for ab, ex in syn_long:
        fe = " " + " ".join(words(ex)) + " "
        if len(words(ex)) >= 2 and fe in fh:
            m = re.search(re.escape(ex), h, re.IGNORECASE)
            if not m:
                continue
            add(a, "abbr", h[:m.start()] + ab + h[m.end():], [a["id"]])
            n_abbr += 1
            break
    if n_abbr >= 400:
        break
# Document numbers as typed.
nums = sorted(by_number)
random.shuffle(nums)
for i, num in enumerate(nums[:300]):
    m = re.match(r"^0*(\d+)/(.+)$", num)
    if not m:
        continue
    n, notation = m.group(1), m.group(2)
    other = ("0" + n if len(n) == 1 else n) if num.startswith(n) else n
    spaced = (n + " " + notation if "/" not in notation
              else n + "/" + notation.replace("-", " "))
    forms = [num, "số " + num, spaced, other + "/" + notation]
    text = forms[i % len(forms)]
    members = by_number[num]
    add(members[0], "docnum", text, [x["id"] for x in members])
    a = random.choice(members)
    if len(by_heading[" ".join(words(heading(a["title"])))]) >= 1:
        add(a, "docnum", heading(a["title"]) + " " + forms[(i + 1) % len(forms)], [a["id"]])
for h, (qs, qr) in sets.items():
    write_set(out + "/legal-" + h, corpus, qs, qr)
for name in ("alqac", "legal-dev", "legal-test"):
    counts = {}
    for line in open(os.path.join(out, name, "queries.jsonl"), encoding="utf-8"):
        for c in json.loads(line)["classes"]:
            counts[c] = counts.get(c, 0) + 1
    print(name, sum(1 for _ in open(os.path.join(out, name, "queries.jsonl"))), counts)
PY
