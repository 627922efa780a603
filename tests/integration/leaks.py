#!/usr/bin/env python3
"""tests/integration/leaks.py — nothing of a record reaches anyone below its level.

The leak test of docs/security.md. It builds an archive with records at levels 0-3,
each carrying canary words ("canaryL<level>...") in every free-text field of
archive/record_fields.def, in its file name and its text, in the tasks, links,
holds and edits around it; files them in open, closed, transferred and
to-be-destroyed dossiers, numbers them in open and secret registers, imports more
over HTTP. Then it reads every route of docs/openapi.yaml that reads (every
`format=`) and every CLI read command of `luutru --help`, as users of every role at
clearance 0-3, and fails on:

  - a canary of a level above the caller's clearance in a body, a header, a written
    file, or inside a zip/xlsx it returns;
  - a count (search total, dossier list, register rows, statistics, compliance
    totals) that differs from the count of the records the caller may see;
  - a route or command that has no case here (the lists come from openapi.yaml and
    `luutru --help`, so one added later fails until it is covered).

Prints "ok - ..." / "not ok - ..." lines for tests/run.sh.
"""
import http.client
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile

LUUTRU = os.environ.get("LUUTRU_BIN", os.path.abspath("build/luutru"))
SRC = os.environ.get("LUUTRU_SRC", os.getcwd())
WORK = tempfile.mkdtemp(prefix="luutru-leaks-")
DATA = os.path.join(WORK, "data")
ROLES = ["archivist", "officer", "inspector", "approver", "admin"]
LEVELS = [0, 1, 2, 3]
CANARY = re.compile(rb"canaryl([0-3])[a-z0-9]*", re.I)

results = {"ok": 0, "notok": 0}


def ok(name):
    results["ok"] += 1
    print("ok - leaks: " + name, flush=True)


def notok(name, detail=None):
    results["notok"] += 1
    print("not ok - leaks: " + name, flush=True)
    for line in (detail or "").splitlines()[:12]:
        print("#   " + line, flush=True)


def env_for(token=None):
    e = dict(os.environ)
    e["LUUTRU_DATA"] = DATA
    e["LUUTRU_LANG"] = "vi"
    e.pop("LUUTRU_USER", None)
    e.pop("LUUTRU_TOKEN", None)
    if token:
        e["LUUTRU_TOKEN"] = token
    return e


def cli(args, token=None, stdin=None):
    p = subprocess.run([LUUTRU] + args, env=env_for(token), input=stdin,
                       capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def must(args, what, token=None, stdin=None):
    rc, out, err = cli(args, token, stdin)
    if rc != 0:
        notok("setup: " + what, (out + err).decode("utf-8", "replace"))
        finish(1)
    return out


def finish(code=None):
    shutil.rmtree(WORK, ignore_errors=True)
    if code is None:
        code = 1 if results["notok"] else 0
    sys.exit(code)


# ---- what a body holds ------------------------------------------------------

def pdf_text(data):
    """The text of a PDF (the forms are searchable PDFs: pdftotext reads them)."""
    p = subprocess.run(["pdftotext", "-q", "-", "-"], input=data, capture_output=True,
                       timeout=60)
    return p.stdout


def canaries(data):
    """Canary levels found in data, looking inside zip files (xlsx, packages)
    and PDF forms."""
    found = []
    if data[:5] == b"%PDF-":
        data = data + b"\n" + pdf_text(data)
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    found += canaries(name.encode())
                    found += canaries(z.read(name))
            return found
        except zipfile.BadZipFile:
            pass
    for m in CANARY.finditer(data):
        found.append((int(m.group(1)), m.group(0).decode("ascii", "replace")))
    return found


def leaked(data, clearance):
    return sorted({w for lvl, w in canaries(data) if lvl > clearance})


# ---- the scene --------------------------------------------------------------

def string_fields():
    """(tag, length) of every free-text field of archive/record_fields.def."""
    out = []
    pat = re.compile(r'LT_FIELD\(\s*(\w+),\s*"(\w+)",\s*"(\w+)",\s*(\w+),\s*(\d+)')
    with open(os.path.join(SRC, "archive/record_fields.def"), encoding="utf-8") as f:
        for line in f:
            m = pat.search(line)
            if not m or m.group(4) not in ("STRING", "TEXT"):
                continue
            # Derived by filing, not typed: the dossier's code and archive code.
            if m.group(2) in ("fileCode", "docCode"):
                continue
            n = int(m.group(5)) or 200
            out.append((m.group(2), n))
    return out


FIELDS = string_fields()
records = {}   # name -> {"id", "level", "uid"}
dossiers = {}  # name -> {"id", "level"}
users = {}     # login -> {"role", "clearance", "token"}


def ingest(name, level, issued, kind="incoming", scan=None):
    fname = os.path.join(WORK, "canaryL%d%sfile.txt" % (level, name))
    if scan:  # a real scan, recognised by Tesseract (pages of `ocr review`)
        fname = fname[:-4] + os.path.splitext(scan)[1]
        shutil.copyfile(os.path.join(SRC, scan), fname)
    else:
        with open(fname, "w", encoding="utf-8") as f:
            f.write("leakcommon canaryL%d%stext văn bản thử\n" % (level, name))
    meta = ["--meta", "secrecy=%d" % level, "--meta", "issuedDate=" + issued,
            "--meta", "kind=" + kind, "--meta", "typeName=22"]
    if kind == "incoming":
        meta += ["--meta", "arrivalDate=" + issued]
    for tag, n in FIELDS:
        if tag == "codeNumber":
            continue  # a number, given by the register
        value = ("canaryL%d%s%s" % (level, name, tag))[:n]
        if scan and tag == "subject":
            value = "leakcommon " + value  # what a text file says in its text
        meta += ["--meta", "%s=%s" % (tag, value)]
    out = must(["ingest", fname, "--json"] + meta, "ingest " + name)
    rec = json.loads(out)["records"][0]
    records[name] = {"id": rec["id"], "level": level, "uid": rec["uid"]}
    return rec["id"]


def setup_scene():
    must(["init"], "init")
    with open(os.path.join(DATA, "luutru.conf"), "a", encoding="utf-8") as f:
        f.write("isolated = true\n")
    must(["config", "set", "organ_id", "000.00.00.H01"], "organ id")
    for role in ROLES:
        for c in LEVELS:
            login = "%s%d" % (role, c)
            must(["user", "add", login, "--role", role, "--clearance", str(c),
                  "--password-stdin"], "user " + login, stdin=b"matkhau-" + login.encode() + b"\n")
            out = must(["user", "token", login], "token " + login)
            tok = re.search(rb"[0-9a-f]{64}", out).group(0).decode()
            users[login] = {"role": role, "clearance": c, "token": tok}
    entries = {}

    def catalog(year, rows):
        plan = ["heading,heading_abbr,notation,title,retention,keeper,note"]
        for i, (name, title, retention) in enumerate(rows):
            entries[name] = "%02d.TH" % (i + 1)
            plan.append("TỔNG HỢP,TH,%s,%s,%s,VP," % (entries[name], title, retention))
        path = os.path.join(WORK, "plan%d.csv" % year)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(plan) + "\n")
        must(["catalog", "import", path, "--year", str(year)], "catalog %d" % year)

    rows = []
    for n in LEVELS:
        rows += [("open%d" % n, "Hồ sơ mở %d" % n, "10 năm"),
                 ("closed%d" % n, "Hồ sơ đóng %d" % n, "10 năm"),
                 ("perm%d" % n, "Hồ sơ vĩnh viễn %d" % n, "Vĩnh viễn")]
    rows.append(("mix", "Hồ sơ chung", "10 năm"))
    catalog(2024, rows)
    catalog(2010, [("old%d" % n, "Hồ sơ cũ %d" % n, "5 năm") for n in LEVELS])

    def dossier(name, year, entry, level, recs, title):
        out = must(["dossier", "open", "--year", str(year), "--entry", entry, "--json"],
                   "open " + name)
        d = json.loads(out)["id"]
        must(["dossier", "set", str(d), "title=" + title, "riskRecovery=0"], "title " + name)
        must(["dossier", "add", str(d)] + [str(records[r]["id"]) for r in recs], "file " + name)
        dossiers[name] = {"id": d, "level": level}
        return d

    for n in LEVELS:
        ingest("open%d" % n, n, "2024-0%d-10" % (n + 2))
        ingest("closed%d" % n, n, "2024-0%d-11" % (n + 2), "outgoing")
        # numbered before they are filed and closed (a closed dossier's
        # records are read-only, NĐ 30 Đ29.4)
        reg_in, reg_out = ("DEN", "DI") if n == 0 else ("DEN-MAT", "DI-MAT")
        must(["register", "assign", str(records["open%d" % n]["id"]), "--register", reg_in,
              "--date", "2024-0%d-10" % (n + 2)], "number open%d" % n)
        must(["register", "assign", str(records["closed%d" % n]["id"]), "--register", reg_out,
              "--date", "2024-0%d-11" % (n + 2)], "number closed%d" % n)
        ingest("perm%d" % n, n, "2024-0%d-12" % (n + 2))
        ingest("old%d" % n, n, "2010-0%d-13" % (n + 2))
        dossier("open%d" % n, 2024, entries["open%d" % n], n, ["open%d" % n],
                "canaryL%ddossieropen" % n)
        d = dossier("closed%d" % n, 2024, entries["closed%d" % n], n, ["closed%d" % n],
                    "canaryL%ddossierclosed" % n)
        must(["dossier", "close", str(d)], "close closed%d" % n)
        d = dossier("perm%d" % n, 2024, entries["perm%d" % n], n, ["perm%d" % n],
                    "canaryL%ddossierperm" % n)
        must(["dossier", "close", str(d)], "close perm%d" % n)
        must(["dossier", "archive", str(d)], "deposit perm%d" % n)
        d = dossier("old%d" % n, 2010, entries["old%d" % n], n, ["old%d" % n],
                    "canaryL%ddossierold" % n)
        must(["dossier", "close", str(d)], "close old%d" % n)
    # An administrative-procedure (TTHC) case per level, its component the
    # open record (QĐ 766 statistics count them).
    for n in LEVELS:
        out = must(["dossier", "open", "--tthc", "TTHC-%d" % n, "--procedure", "1.00%d" % n,
                    "--received", "2024-05-0%d" % (n + 1), "--json"], "open tthc%d" % n)
        d = json.loads(out)["id"]
        must(["dossier", "add", str(d), str(records["open%d" % n]["id"]), "--role",
              "component"], "file tthc%d" % n)
        dossiers["tthc%d" % n] = {"id": d, "level": n}
    # A dossier holding a public and a Tối mật record is at level 2.
    # A recognised page per level, below the review threshold (the OCR
    # review list names each page's record).
    for n in LEVELS:
        ingest("scan%d" % n, n, "2024-08-0%d" % (n + 1), scan="samples/nb-02-foot.png")
    ingest("mixpub", 0, "2024-07-01")
    ingest("mixsec", 2, "2024-07-02")
    dossier("mix", 2024, entries["mix"], 2, ["mixpub", "mixsec"], "canaryL2dossiermix")

    arch3 = users["archivist3"]["token"]
    for n in LEVELS:
        rid = str(records["open%d" % n]["id"])
        must(["hold", "place", "record", rid, "--reason", "canaryL%dholdreason" % n], "hold",
             token=arch3)
        must(["hold", "place", "dossier", str(dossiers["open%d" % n]["id"]), "--reason",
              "canaryL%dholddossier" % n], "hold dossier", token=arch3)
        out = must(["task", "add", rid, "--lead", "canaryL%dlead" % n, "--assignee",
                    "canaryL%dassignee" % n, "--due", "2024-12-31", "--json"], "task",
                   token=arch3)
        tid = str(json.loads(out)["id"])
        must(["task", "update", tid, "--result", "canaryL%dtaskresult" % n, "--reply",
              str(records["closed%d" % n]["id"])], "task update", token=arch3)
        must(["link", "add", rid, "refers_to", str(records["closed%d" % n]["id"]), "--note",
              "canaryL%dlinknote" % n], "link", token=arch3)
        must(["edit", rid, "--set", "description=canaryL%dedited" % n], "edit", token=arch3)
        must(["dispose", "propose", "--dossier", str(dossiers["old%d" % n]["id"]), "--reason",
              "canaryL%dexplanation" % n, "--date", "2026-12-01"], "propose old%d" % n,
             token=arch3)
        must(["transfer", "run", "--dossier", str(dossiers["perm%d" % n]["id"]), "-o",
              os.path.join(WORK, "t%d" % n)], "transfer perm%d" % n,
             token=arch3)
    # A link from a public record to a Tuyệt mật one.
    must(["link", "add", str(records["open0"]["id"]), "refers_to", str(records["open3"]["id"]),
          "--note", "canaryL3crossnote"], "cross link", token=arch3)


# ---- the server -------------------------------------------------------------

class Server:
    def __init__(self):
        ready = os.path.join(WORK, "ready")
        self.proc = subprocess.Popen(
            [LUUTRU, "serve", "--listen", "127.0.0.1:0", "--threads", "4", "--ready-file", ready],
            env=env_for(), stdout=subprocess.DEVNULL, stderr=open(os.path.join(WORK, "serve.err"), "wb"))
        for _ in range(300):
            if os.path.exists(ready) and os.path.getsize(ready) > 0:
                break
            time.sleep(0.1)
        url = open(ready).read().strip()
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.conns = {}

    def request(self, method, path, token, body=None, ctype=None):
        key = token
        for attempt in range(2):
            c = self.conns.get(key)
            if c is None:
                c = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conns[key] = c
            headers = {"Authorization": "Bearer " + token, "Accept-Language": "vi"}
            if body is not None:
                headers["Content-Type"] = ctype or "application/json"
            try:
                c.request(method, path, body=body, headers=headers)
                r = c.getresponse()
                data = r.read()
                hdrs = "\n".join("%s: %s" % kv for kv in r.getheaders()).encode()
                return r.status, data, hdrs
            except (http.client.HTTPException, OSError):
                c.close()
                self.conns.pop(key, None)
        return 0, b"", b""

    def stop(self):
        for c in self.conns.values():
            c.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def curl_upload(srv, token, path, filename):
    p = subprocess.run(["curl", "-s", "-H", "Authorization: Bearer " + token, "-F",
                        "file=@" + filename, "http://%s:%d%s" % (srv.host, srv.port, path)],
                       capture_output=True, timeout=120)
    return json.loads(p.stdout or b"{}")


def http_scene(srv):
    """An import per level over HTTP (their reports name their records)."""
    imports = []
    for n in LEVELS:
        box = os.path.join(WORK, "box%d" % n)
        os.makedirs(box)
        with open(os.path.join(box, "manifest.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"docId": "canaryL%dimp" % n, "issuedDate": "2024-09-09",
                                "subject": "canaryL%dimportsubject" % n, "secrecy": n,
                                "text": "leakcommon canaryL%dimporttext" % n}) + "\n")
        z = os.path.join(WORK, "box%d.zip" % n)
        with zipfile.ZipFile(z, "w") as zf:
            zf.write(os.path.join(box, "manifest.jsonl"), "manifest.jsonl")
        j = curl_upload(srv, users["archivist%d" % n]["token"], "/api/v1/imports", z)
        if "id" not in j:
            notok("setup: import level %d" % n, json.dumps(j))
            return imports
        imports.append((j["id"], n))
    for iid, n in imports:
        for _ in range(300):
            st, body, _ = srv.request("GET", "/api/v1/imports/%d" % iid,
                                      users["archivist3"]["token"])
            if st == 200 and json.loads(body).get("state") != "running":
                break
            time.sleep(0.1)
    return imports


# ---- the routes -------------------------------------------------------------

def openapi_routes():
    """[(method, path, {query param: enum values or None})] of docs/openapi.yaml."""
    routes, path, method = [], None, None
    with open(os.path.join(SRC, "docs/openapi.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^  (/api/\S+):\s*$", line)
            if m:
                path, method = m.group(1), None
                continue
            m = re.match(r"^    (get|post|put|patch|delete):\s*$", line)
            if m and path:
                method = m.group(1).upper()
                routes.append((method, path, {}))
                continue
            m = re.search(r"name:\s*(\w+),\s*in:\s*query(.*)", line)
            if m and routes and method:
                enum = re.search(r"enum:\s*\[([^\]]*)\]", m.group(2))
                routes[-1][2][m.group(1)] = (
                    [v.strip() for v in enum.group(1).split(",")] if enum else None)
    return routes


# Routes that change the archive are tried by test_http; the leak test reads.
WRITES = {
    ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/records"), ("PATCH", "/api/v1/records/{id}"),
    ("POST", "/api/v1/records/{id}/links"), ("POST", "/api/v1/tasks"),
    ("PATCH", "/api/v1/tasks/{task}"), ("POST", "/api/v1/dossiers"),
    ("POST", "/api/v1/dossiers/{dossier}/records"), ("POST", "/api/v1/dossiers/{dossier}/close"),
    ("POST", "/api/v1/dossiers/{dossier}/reopen"), ("POST", "/api/v1/catalogs/{year}/import"),
    ("POST", "/api/v1/catalogs/{year}/finalize"), ("POST", "/api/v1/holds"),
    ("POST", "/api/v1/holds/{hold}/release"), ("POST", "/api/v1/disposition"),
    ("POST", "/api/v1/disposition/{batch}/approve"),
    ("POST", "/api/v1/disposition/{batch}/execute"), ("POST", "/api/v1/transfers"),
    ("POST", "/api/v1/imports"), ("POST", "/api/v1/packages/validate"),
    # long work: started by test_work.sh (an admin's reindex, verify, backup)
    ("POST", "/api/v1/work"),
    # records law (issue 18): written in the scene or by the archivist's year
    ("PATCH", "/api/v1/dossiers/{dossier}"), ("POST", "/api/v1/dossiers/{dossier}/retention-event"),
    ("POST", "/api/v1/deposits"), ("POST", "/api/v1/registers/{code}/assign"),
    ("POST", "/api/v1/registers/{code}/void"), ("POST", "/api/v1/catalogs/{year}/entries"),
    ("PATCH", "/api/v1/catalogs/{year}/entries/{notation}"),
    ("POST", "/api/v1/catalogs/{year}/headings"), ("POST", "/api/v1/disposition/{batch}/cancel"),
    # accounts (issue 22): no record data; tried by test_admin
    ("POST", "/api/v1/users"), ("PATCH", "/api/v1/users/{login}"),
    ("POST", "/api/v1/users/{login}/password"), ("POST", "/api/v1/users/{login}/tokens"),
    # a reviewer's correction of a page's text: tried by test_admin
    ("PUT", "/api/v1/records/{id}/pages/{page}/text"),
}
PUBLIC = {("GET", "/api/v1/health")}


def catalog_values(sql):
    import sqlite3
    db = sqlite3.connect(os.path.join(DATA, "catalog.db"))
    try:
        return [r for r in db.execute(sql)]
    finally:
        db.close()


def param_values(imports):
    """Every value of every path parameter, with the level it belongs to."""
    rec = [(str(r["id"]), r["level"]) for r in records.values()]
    files = [((str(rid), sha), lvl) for rid, sha, lvl in catalog_values(
        "SELECT f.record_id, f.sha256, r.secrecy FROM record_files f JOIN records r"
        " ON r.id = f.record_id")]
    return {
        "id": rec,
        "id}/{sha256": files,
        "job": [(str(j), lvl) for j, lvl in catalog_values(
            "SELECT j.id, r.secrecy FROM jobs j JOIN records r ON r.id = j.record_id")],
        "task": [(str(t), lvl) for t, lvl in catalog_values(
            "SELECT t.id, r.secrecy FROM tasks t JOIN records r ON r.id = t.record_id")],
        "dossier": [(str(d["id"]), d["level"]) for d in dossiers.values()],
        "code}/{year": [(("DEN", "2024"), 0), (("DI", "2024"), 0), (("DEN-MAT", "2024"), 1),
                        (("DI-MAT", "2024"), 1)],
        "year": [("2024", 0), ("2010", 0)],
        "batch": [(str(b), lvl) for b, lvl in catalog_values(
            "SELECT i.batch_id, d.secrecy FROM disposition_items i JOIN dossiers d"
            " ON d.id = i.dossier_id")],
        "transfer}/{file": [((str(t), f), None) for (t,) in catalog_values(
            "SELECT id FROM transfers") for f in ("package", "list", "handover")],
        "import": [(str(i), n) for i, n in imports],
        # long work: the imports (each named by its importer's level) and the OCR jobs
        "work": [(str(i), n) for i, n in imports] + [("ocr-%d" % j, lvl) for j, lvl in
                                                      catalog_values(
            "SELECT j.id, r.secrecy FROM jobs j JOIN records r ON r.id = j.record_id")],
        "deposit}/{form": [((str(p), f), lvl) for p, lvl in catalog_values(
            "SELECT p.id, max(d.secrecy) FROM deposits p JOIN dossiers d ON d.deposit_id = p.id"
            " GROUP BY p.id") for f in ("list", "handover")],
    }


def instances(method, path, query, values):
    """Concrete (url, body) pairs for a route; None when a parameter is unknown."""
    out = []
    params = re.findall(r"\{([^}]+)\}", path)
    key = "}/{".join(params)
    if params and key not in values:
        return None
    bases = [path]
    if params:
        bases = []
        for v, _ in values[key]:
            base = path
            for name, part in zip(params, v if isinstance(v, tuple) else (v,)):
                base = base.replace("{" + name + "}", urllib.parse.quote(part, safe=""))
            bases.append(base)
    for base in bases:
        qs = [{}]
        for name, enum in query.items():
            if enum:
                qs = [dict(q, **{name: e}) for q in qs for e in enum] + qs
        extra = []
        if path == "/api/v1/search":
            words = ["leakcommon"] + ["canaryL%dopen%dsubject" % (n, n) for n in LEVELS]
            qs = [dict(q, q=w, limit="50") for q in qs[:1] for w in words]
        if path == "/api/v1/tasks" and method == "GET":
            qs += [{"record": str(r["id"])} for r in records.values()]
        if path in ("/api/v1/retention/due", "/api/v1/disposition/candidates",
                    "/api/v1/transfers/candidates"):
            qs += [{"date": "2040-01-01"}]
        if path == "/api/v1/holds":
            qs += [{"all": "1"}]
        if path == "/api/v1/ocr/review":
            # every recognised page, each with its record's title
            qs += [{"threshold": "100"}] + [{"threshold": "100", "record": str(r["id"])}
                                            for r in records.values()]
        for q in qs:
            url = base + ("?" + urllib.parse.urlencode(q) if q else "")
            if method == "POST" and path == "/api/v1/search":
                extra.append((base, json.dumps({"q": q.get("q", "leakcommon"), "limit": 50})))
            elif method == "POST" and path == "/api/v1/packages":
                for d in dossiers.values():
                    extra.append((base, json.dumps({"dossiers": [str(d["id"])], "format": "zip"})))
                break
            else:
                out.append((url, None))
        out += extra
    # one per distinct request
    seen, uniq = set(), []
    for u in out:
        if u not in seen:
            seen.add(u)
            uniq.append(u)
    return uniq


def visible(c, kind="records"):
    if kind == "records":
        n = sum(1 for r in records.values() if r["level"] <= c)
        # one imported record per level
        return n + sum(1 for lvl in LEVELS if lvl <= c)
    if kind == "tthc":
        return sum(1 for name, d in dossiers.items() if name.startswith("tthc") and
                   d["level"] <= c)
    return sum(1 for d in dossiers.values() if d["level"] <= c)


def check_http(srv, imports):
    routes = openapi_routes()
    values = param_values(imports)
    unknown = []
    plan = []
    for method, path, query in routes:
        if (method, path) in WRITES or (method, path) in PUBLIC:
            continue
        inst = instances(method, path, query, values)
        if inst is None:
            unknown.append("%s %s" % (method, path))
            continue
        plan.append((method, path, inst))
    if unknown:
        notok("every reading route of openapi.yaml has a case here", "\n".join(unknown))
    else:
        ok("every reading route of openapi.yaml has a case here (%d routes)" % len(plan))
    total = 0
    for login, u in sorted(users.items()):
        c, tok = u["clearance"], u["token"]
        bad = []
        for method, path, inst in plan:
            for url, body in inst:
                st, data, hdrs = srv.request(method, url, tok, body)
                total += 1
                if st == 0:
                    bad.append("%s %s: no answer" % (method, url))
                    continue
                words = leaked(data + b"\n" + hdrs, c)
                if words:
                    bad.append("%s %s (%d): %s" % (method, url, st, " ".join(words[:4])))
        if bad:
            notok("HTTP as %s (clearance %d) shows nothing above it" % (login, c),
                  "\n".join(bad))
        else:
            ok("HTTP as %s (clearance %d) shows nothing above it" % (login, c))
        check_counts(srv, login, c, tok)
    ok("%d HTTP reads made" % total)


def check_counts(srv, login, c, tok):
    errs = []
    st, body, _ = srv.request("GET", "/api/v1/search?q=leakcommon&limit=50&facets=type,year,dossier", tok)
    if st == 200:
        j = json.loads(body)
        if j.get("total") != visible(c):
            errs.append("search total %s, visible %d" % (j.get("total"), visible(c)))
    st, body, _ = srv.request("GET", "/api/v1/dossiers", tok)
    if st == 200 and len(json.loads(body)["dossiers"]) != visible(c, "dossiers"):
        errs.append("dossier list %d, visible %d" % (len(json.loads(body)["dossiers"]),
                                                      visible(c, "dossiers")))
    st, body, _ = srv.request("GET", "/api/v1/statistics", tok)
    if st == 200:
        # QĐ 766 counts TTHC dossiers: one per level in the scene
        dig = json.loads(body)["tables"].get("digitisation", [])
        n = sum(int(r["dossiers"]) for r in dig)
        if n != visible(c, "tthc"):
            errs.append("statistics count %d TTHC dossiers, visible %d" % (
                n, visible(c, "tthc")))
    st, body, _ = srv.request("GET", "/api/v1/compliance", tok)
    if st == 200:
        t = json.loads(body)["tables"]
        listed = {}
        for f in t.get("findings", []):
            listed[str(f.get("rule"))] = listed.get(str(f.get("rule")), 0) + 1
        for r in t.get("rules", []):
            if int(r.get("findings") or 0) != listed.get(str(r.get("rule")), 0):
                errs.append("compliance rule %s counts %s, lists %d" % (
                    r.get("rule"), r.get("findings"), listed.get(str(r.get("rule")), 0)))
    for code, lvl in (("DEN", 0), ("DEN-MAT", 1)):
        st, body, _ = srv.request("GET", "/api/v1/registers/%s/2024" % code, tok)
        want = sum(1 for n in LEVELS if n <= c and (n == 0) == (code == "DEN"))
        if c < lvl:
            if st != 404:
                errs.append("register %s: %d, expected 404" % (code, st))
        elif st != 200 or len(json.loads(body)["rows"]) != want:
            errs.append("register %s rows %s, visible %d" % (
                code, len(json.loads(body)["rows"]) if st == 200 else st, want))
    if errs:
        notok("HTTP counts as %s are those of what clearance %d sees" % (login, c),
              "\n".join(errs))
    else:
        ok("HTTP counts as %s are those of what clearance %d sees" % (login, c))


def check_writes(srv):
    """Nobody stores a record above their own clearance, whatever the path."""
    before = catalog_values("SELECT count(*) FROM records")[0][0]
    f = os.path.join(WORK, "upload.txt")
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("tải lên thử\n")
    p = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                        "Authorization: Bearer " + users["archivist0"]["token"], "-F",
                        "file=@" + f, "-F", "secrecy=3",
                        "http://%s:%d/api/v1/records" % (srv.host, srv.port)],
                       capture_output=True, timeout=60)
    st, _, _ = srv.request("PATCH", "/api/v1/records/%d" % records["open0"]["id"],
                           users["archivist2"]["token"], json.dumps({"secrecy": 3}))
    box = os.path.join(WORK, "box-up")
    os.makedirs(box)
    with open(os.path.join(box, "manifest.jsonl"), "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"docId": "UP.1", "issuedDate": "2024-09-09", "subject": "x",
                             "secrecy": 2, "text": "x"}) + "\n")
    rc, out, _ = cli(["import", box, "--json"], users["archivist1"]["token"])
    after = catalog_values("SELECT count(*) FROM records")[0][0]
    lvl = catalog_values("SELECT secrecy FROM records WHERE id = %d" % records["open0"]["id"])
    if p.stdout == b"403" and st == 403 and rc != 0 and after == before and lvl == [(0,)]:
        ok("upload, PATCH and import above one's clearance are refused and store nothing")
    else:
        notok("upload, PATCH and import above one's clearance are refused and store nothing",
              "upload %s, PATCH %s, import exit %d, records %d → %d, level %s" % (
                  p.stdout.decode(), st, rc, before, after, lvl))
    st, body, _ = srv.request("GET", "/api/v1/compliance", users["admin3"]["token"])
    rules = {str(r.get("rule")): r for r in json.loads(body)["tables"]["rules"]} if st == 200 else {}
    if rules.get("43", {}).get("findings") in (0, "0"):
        ok("rule 43 passes on a deployment declared isolated in luutru.conf")
    else:
        notok("rule 43 passes on a deployment declared isolated in luutru.conf",
              json.dumps(rules.get("43")))


# ---- the command line -------------------------------------------------------

# Commands that only write, or read nothing of a record (tried elsewhere).
CLI_NO_RECORD_READS = {
    "init": "makes a data directory", "ingest": "writes records", "import": "writes records",
    "reindex": "rebuilds the index", "serve": "the HTTP service, read above",
    "user": "accounts only", "backup": "whole-archive copy, admin of clearance 3 (below)",
    "restore": "into a new data directory", "doctor": "the environment",
    "edit": "writes a record", "config": "agency settings",
}


def cli_reads():
    rid = {n: str(r["id"]) for n, r in records.items()}
    did = {n: str(d["id"]) for n, d in dossiers.items()}
    o = lambda name: os.path.join(WORK, "out", name)
    reads = {
        "search": [["search", "leakcommon", "--limit", "50", "--json"]] + [
            ["search", "canaryL%dopen%dsubject" % (n, n), "--json"] for n in LEVELS],
        "show": [["show", rid[n], "--json"] for n in rid] + [["show", rid["open3"]]],
        "history": [["history", rid["open%d" % n], "--json"] for n in LEVELS],
        "link": [["link", "list", rid["open%d" % n], "--json"] for n in LEVELS],
        "task": [["task", "list", "--json"], ["task", "list", "--record", rid["open2"]]],
        "tracking": [["tracking", "--json"], ["tracking", "--format", "csv"],
                     ["tracking", "--format", "html", "--output", o("tracking.html")]],
        "register": [["register", "list", "--json"], ["register", "duplicates", "--json"]] + [
            ["register", "print", "--register", r, "--year", "2024", "--format", f, "-o",
             o("reg-%s.%s" % (r, f))] for r in ("DEN", "DI", "DEN-MAT", "DI-MAT")
            for f in ("csv", "html")],
        "catalog": [["catalog", "list", "--json"],
                    ["catalog", "print", "--year", "2024", "--format", "csv"]],
        "dossier": [["dossier", "list", "--json"]] + [
            ["dossier", "show", did[n], "--json"] for n in did] + [
            ["dossier", "toc", did[n], "--format", "csv"] for n in did],
        "retention": [["retention", "due", "--date", "2040-01-01", "--json"],
                      ["retention", "schedule", "--json"]],
        "hold": [["hold", "list", "--all", "--json"]],
        "dispose": [["dispose", "list", "--json"], ["dispose", "list"],
                    ["dispose", "candidates", "--date", "2040-01-01", "--json"]] + [
            ["dispose", "report", str(b)] for b in range(1, 5)] + [
            ["dispose", "show", str(b), "--json"] for b in range(1, 5)] + [
            ["dispose", "show", str(b)] for b in range(1, 5)],
        "transfer": [["transfer", "candidates", "--date", "2040-01-01", "--json"],
                     ["transfer", "list", "--json"]],
        "check": [["check", "--format", "json"], ["check", "--format", "xlsx", "-o",
                                                   o("check.xlsx")]],
        "stats": [["stats", "--format", "json"], ["stats", "--format", "xlsx", "-o",
                                                   o("stats.xlsx")]],
        "ocr": [["ocr", "review", "--threshold", "101", "--json"]],
        "package": [["package", "export", did[n], "-o", o("pkg-%s.zip" % n)] for n in did],
        "verify": [["verify"]],
        "deposit": [["deposit", "list", "--json"]] + [
            ["deposit", "print", str(p), "--form", f, "--format", fmt, "-o",
             o("deposit-%d-%s.%s" % (p, f, fmt))] for p in range(1, 5)
            for f in ("list", "handover") for fmt in ("html", "pdf")],
        "synonyms": [["synonyms", "list", "--json"]],
    }
    return reads


def help_commands():
    rc, out, _ = cli(["--help"])
    names = []
    on = False
    for line in out.decode("utf-8", "replace").splitlines():
        if line.strip().endswith(":") and ("Lệnh" in line or "Commands" in line):
            on = True
            continue
        m = re.match(r"^  ([a-z]+)\s", line)
        if on and m:
            names.append(m.group(1))
        elif on and line.strip() == "" and names:
            break
    return names


def check_cli():
    os.makedirs(os.path.join(WORK, "out"), exist_ok=True)
    reads = cli_reads()
    names = help_commands()
    missing = [n for n in names if n not in reads and n not in CLI_NO_RECORD_READS]
    if missing or not names:
        notok("every command of luutru --help has a case here", " ".join(missing) or "none")
    else:
        ok("every command of luutru --help has a case here (%d commands)" % len(names))
    for login, u in sorted(users.items()):
        c, tok = u["clearance"], u["token"]
        bad = []
        # Every command as every user; every case of it as one role per
        # clearance (the CLI's reads depend on the clearance, its roles on
        # legal acts, which are writes).
        full = u["role"] == "inspector"
        for cmd, runs in reads.items():
            for args in (runs if full else runs[:1]):
                outs = [a for i, a in enumerate(args) if i and args[i - 1] in ("-o", "--output")]
                for f in outs:
                    if os.path.exists(f):
                        os.remove(f)
                rc, out, err = cli(args, tok)
                data = out + b"\n" + err
                for f in outs:
                    if os.path.exists(f):
                        data += b"\n" + open(f, "rb").read()
                words = leaked(data, c)
                if words:
                    bad.append("%s (exit %d): %s" % (" ".join(args), rc, " ".join(words[:4])))
        # the count of what a search finds
        rc, out, _ = cli(["search", "leakcommon", "--limit", "50", "--json"], tok)
        if rc == 0 and json.loads(out).get("total") != visible(c):
            bad.append("search total %s, visible %d" % (json.loads(out).get("total"), visible(c)))
        if bad:
            notok("CLI as %s (clearance %d) shows nothing above it" % (login, c), "\n".join(bad))
        else:
            ok("CLI as %s (clearance %d) shows nothing above it" % (login, c))


def check_openapi_document():
    """docs/openapi.yaml is YAML, and its routes are the ones the line
    reader above takes the list of routes to check from."""
    try:
        import yaml
    except ImportError:
        notok("openapi: python3-yaml is required (tools/install-deps.sh)")
        return
    try:
        with open(os.path.join(SRC, "docs/openapi.yaml"), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except yaml.YAMLError as e:
        notok("openapi: docs/openapi.yaml is not valid YAML", str(e))
        return
    parsed = {(m.upper(), p) for p, ops in (doc.get("paths") or {}).items()
              for m in (ops or {}) if m in ("get", "post", "put", "patch", "delete")}
    listed = {(m, p) for m, p, _ in openapi_routes()}
    if parsed == listed:
        ok("openapi: docs/openapi.yaml parses as YAML, %d operations, the same the test reads" % len(parsed))
    else:
        notok("openapi: the YAML and the test's route list differ",
              "only in the YAML: %s; only in the list: %s" % (sorted(parsed - listed), sorted(listed - parsed)))


def main():
    for tool in ("curl",):
        if not shutil.which(tool):
            notok("%s is required (tools/install-deps.sh)" % tool)
            finish(1)
    check_openapi_document()
    setup_scene()
    ok("scene: %d records at levels 0-3, %d dossiers, %d users" % (
        len(records), len(dossiers), len(users)))
    srv = Server()
    try:
        imports = http_scene(srv)
        # the index follows the catalog through the outbox
        time.sleep(1)
        check_http(srv, imports)
        check_writes(srv)
    finally:
        srv.stop()
    check_cli()
    finish()


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:  # a crash of the test is a failure, said so
        import traceback
        notok("the leak test itself failed", traceback.format_exc())
        finish(1)
