#!/bin/sh
# bench/make_corpus.sh — a manifest of N synthetic but realistic Vietnamese
# records for the speed and load benchmarks (bench/README.md).
#
#   bench/make_corpus.sh [N] [OUT_DIR]     default 500000 /work/bench-data/corpus-N
#
# ID_PREFIX (default "bench") starts every docId, so a second batch with
# another prefix imports as new records (bench/load.sh).
# Text: the 20,000 law articles of ../shared/fixtures/corpus/legal-sample.jsonl.gz
# and the 1,377 of alqac2022/corpus.jsonl, split into passages (paragraphs,
# short ones merged up to ~600 characters), repeated with new ids until N.
# Fields per record: docId, typeName (the source's type mapped to the
# NĐ 30 list, else rotated), codeNumber/codeNotation, issuedDate (the
# source's, shifted by the repetition round so years spread 2010-2025),
# organName (the issuer), subject (the source title), fileCode (a dossier
# per source document and round), department (rotated), secrecy (1 in 50
# is 1 "Mật"), text. Writes OUT_DIR/manifest.jsonl (for `luutru import`
# and bench/fts5_bench.c) and OUT_DIR/queries.txt (the mixed query set of bench/search_speed.sh).
# Generated data stays outside the repository.
set -eu
N=${1:-500000}
OUT=${2:-/work/bench-data/corpus-$N}
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=${LUUTRU_FIXTURES:-$HERE/../../shared/fixtures/corpus}
[ -f "$FIX/legal-sample.jsonl.gz" ] || FIX=/work/shared/fixtures/corpus
mkdir -p "$OUT"
python3 - "$N" "$OUT" "$FIX" "${ID_PREFIX:-bench}" <<'PY'
import gzip, json, random, re, sys, unicodedata
n, out, fix, prefix = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
random.seed(8)
TYPES = {"Nghị quyết": "01", "Quyết định": "02", "Chỉ thị": "03", "Quy chế": "04",
         "Quy định": "05", "Thông báo": "07", "Hướng dẫn": "08", "Kế hoạch": "10",
         "Báo cáo": "14", "Công văn": "22"}
ROT = ["02", "22", "07", "10", "14", "01", "08", "03"]
DEPTS = ["Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Tài chính", "Phòng Pháp chế",
         "Phòng Hành chính", "Phòng Kế hoạch"]
src = []
with gzip.open(fix + "/legal-sample.jsonl.gz", "rt", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        src.append((a["title"], a["text"], a.get("doc_type") or "", a.get("doc_number") or "",
                    a.get("doc_title") or "", a.get("issuer") or "", a.get("issued_date") or ""))
with open(fix + "/alqac2022/corpus.jsonl", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        src.append((a["title"], a["text"], "Luật", a.get("law_id") or "", a["title"].split(" - ")[0],
                    "Quốc hội", ""))
passages = []  # (source index, passage title, text)
for i, (title, text, *_rest) in enumerate(src):
    buf = ""
    k = 0
    for para in [p.strip() for p in text.split("\n") if p.strip()]:
        buf = (buf + " " + para).strip()
        if len(buf) >= 300:
            k += 1
            passages.append((i, "%s (đoạn %d)" % (title, k), buf[:2000]))
            buf = ""
    if buf or k == 0:
        k += 1
        passages.append((i, "%s (đoạn %d)" % (title, k), (buf or title)[:2000]))
def num_notation(s):
    m = re.match(r"^(\d+)/(.+)$", s.strip())
    if m and len(m.group(1)) <= 11 and len(m.group(2)) <= 30:
        return m.group(1), m.group(2)
    return None, None
man = open(out + "/manifest.jsonl", "w", encoding="utf-8")
count = 0
rnd = 0
while count < n:
    for (si, ptitle, text) in passages:
        if count >= n:
            break
        title, _t, dtype, dnum, dtitle, issuer, issued = src[si]
        code = TYPES.get(dtype) or ROT[(si + rnd) % len(ROT)]
        number, notation = num_notation(dnum)
        year = 2010 + (si * 7 + rnd * 3) % 16
        if re.match(r"^\d{4}-\d{2}-\d{2}$", issued):
            date = "%04d%s" % (year, issued[4:])
            if date[5:] == "02-29":
                date = date[:5] + "02-28"
        else:
            date = "%04d-%02d-%02d" % (year, 1 + si % 12, 1 + si % 28)
        rec = {"docId": "%s-%d" % (prefix, count), "typeName": code, "issuedDate": date,
               "organName": (issuer or "UBND tỉnh Nam Định")[:200],
               "subject": ("%s — %s" % (dtitle, ptitle))[:500] if dtitle else ptitle[:500],
               "fileCode": "%d.HS%05d" % (year, si % 20000),
               "department": DEPTS[(si + rnd) % len(DEPTS)],
               "secrecy": "1" if count % 50 == 49 else "0", "text": text}
        if number:
            rec["codeNumber"] = number
            rec["codeNotation"] = notation
        man.write(json.dumps(rec, ensure_ascii=False) + "\n")
        count += 1
    rnd += 1
man.close()
# The mixed query set: 1-3 words with and without diacritics, phrases,
# filters, whole questions (alqac2022), each line "kind<TAB>query".
def strip(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
words = ["hòa giải", "quyết định", "thuế thu nhập", "đất đai", "hợp đồng lao động",
         "bảo hiểm xã hội", "xử phạt vi phạm", "công chức", "giấy phép", "tài sản",
         "trẻ em", "môi trường", "doanh nghiệp", "thanh tra", "ngân sách nhà nước",
         "hộ tịch", "khiếu nại", "quốc phòng", "giáo dục", "y tế"]
qs = []
for w in words:
    qs.append(("words", w))
    qs.append(("words_folded", strip(w)))
    qs.append(("phrase", '"%s"' % w))
    qs.append(("filtered", "%s loai:02 nam:2015..2020" % strip(w)))
    qs.append(("faceted", w))
with open(fix + "/alqac2022/queries.jsonl", encoding="utf-8") as f:
    for i, line in enumerate(f):
        q = json.loads(line)
        text = q.get("text") or q.get("query") or ""
        nw = len(text.split())
        if 10 <= nw <= 20 and sum(1 for k, _ in qs if k.startswith("question")) < 40:
            qs.append(("question", text))
            qs.append(("question_folded", strip(text)))
with open(out + "/queries.txt", "w", encoding="utf-8") as f:
    for k, q in qs:
        f.write("%s\t%s\n" % (k, q.replace("\t", " ")))
print("%d records, %d passages from %d articles, %d queries -> %s" % (count, len(passages), len(src), len(qs), out))
PY
