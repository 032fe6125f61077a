"""Validate the Harbourton corpus and its question set.

Run: python3 evals/corpora/harbourton/validate.py
"""
import collections, datetime as dt, glob, json, os, re, sys

BASE = os.path.dirname(os.path.abspath(__file__))
ART = os.path.join(BASE, "articles")
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
M = "|".join(MONTHS)
D = "|".join(DAYS)
errors = []

def err(msg):
    errors.append(msg)

# ---------------------------------------------------------------- articles
files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ART, "*.txt")))
if len(files) != 46:
    err(f"expected 46 articles, found {len(files)}")
for i, f in enumerate(files, 1):
    if not re.fullmatch(rf"{i:03d}_[a-z0-9_]+\.txt", f):
        err(f"bad article file name/order: {f}")

texts = {}
dated, undated, outlets = [], [], collections.Counter()
weekday_checks = 0
for f in files:
    t = open(os.path.join(ART, f), encoding="utf-8").read()
    texts[f] = t
    lines = t.split("\n")
    if not lines[0].strip() or lines[1] != "":
        err(f"{f}: first line must be headline followed by a blank line")
    paras = [p for p in t.strip().split("\n\n")]
    if any(not p.strip() for p in paras):
        err(f"{f}: empty paragraph")
    body_words = len(re.findall(r"\S+", "\n\n".join(paras[1:])))
    if not 120 <= body_words <= 250:
        err(f"{f}: {body_words} words (want 120-250)")
    by = re.search(r"^By [^,\n]+, (.+)$", t, re.M)
    if by:
        outlets[by.group(1).strip()] += 1
    pub = re.search(rf"^Published ({M}) (\d{{1,2}}), (2025)$", t, re.M)
    dl = re.search(rf"^HARBOURTON, (\d{{1,2}}) ({M}) (2025) - ", t, re.M)
    if pub:
        dated.append((f, dt.date(2025, MONTHS.index(pub.group(1)) + 1, int(pub.group(2)))))
    elif dl:
        dated.append((f, dt.date(2025, MONTHS.index(dl.group(2)) + 1, int(dl.group(1)))))
    else:
        undated.append(f)
        if not re.search(rf"({M}) \d{{1,2}}", t):
            err(f"{f}: undated article mentions no explicit date")
    # weekday/date consistency, both "Tuesday, March 18" and "Tuesday 18 March"
    for m in re.finditer(rf"\b({D}),? ({M}) (\d{{1,2}})\b", t):
        d = dt.date(2025, MONTHS.index(m.group(2)) + 1, int(m.group(3)))
        weekday_checks += 1
        if d.strftime("%A") != m.group(1):
            err(f"{f}: '{m.group(0)}' but {d} is a {d.strftime('%A')}")
    for m in re.finditer(rf"\b({D}),? (\d{{1,2}}) ({M})\b", t):
        d = dt.date(2025, MONTHS.index(m.group(3)) + 1, int(m.group(2)))
        weekday_checks += 1
        if d.strftime("%A") != m.group(1):
            err(f"{f}: '{m.group(0)}' but {d} is a {d.strftime('%A')}")

pubdates = dict(dated)
if any(not (dt.date(2025, 1, 1) <= d <= dt.date(2025, 12, 31)) for d in pubdates.values()):
    err("publication date outside 2025")
# relative expressions in dated articles, resolved for manual review
REL = re.compile(rf"\b(yesterday|last night|tomorrow|last ({D})|next ({D})|this ({D})|on ({D})|since yesterday|until ({D}))\b(?!,? ({M}|\d))")
rel_report = []
for f, d in dated:
    for m in REL.finditer(texts[f]):
        w = m.group(1)
        if "yesterday" in w or w == "last night":
            r = d - dt.timedelta(days=1)
        elif w == "tomorrow":
            r = d + dt.timedelta(days=1)
        else:
            day = w.split()[-1]
            k = DAYS.index(day)
            if w.startswith(("next", "this", "until")):
                r = d + dt.timedelta(days=(k - d.weekday()) % 7 or 7)
            else:  # "last X" / "on X" in a news report: most recent such day before publication
                r = d - dt.timedelta(days=(d.weekday() - k) % 7 or 7)
        rel_report.append(f"  {f} (pub {d} {d.strftime('%a')}): '{w}' -> {r} {r.strftime('%a')}")

# ---------------------------------------------------------------- questions
KINDS = {"factoid": 6, "paraphrase": 6, "noisy": 6, "near_miss": 6, "false_premise": 6,
         "followup": 6, "temporal": 6, "cross": 6, "same_story": 6, "disagreement": 6,
         "unanswerable": 6}
ALLOWED = {"id", "kind", "question", "answer", "facts", "sources", "decline", "history", "note"}
qs, ids = [], set()
with open(os.path.join(BASE, "questions.jsonl"), encoding="utf-8") as fh:
    for n, line in enumerate(fh, 1):
        try:
            q = json.loads(line)
        except Exception as e:
            err(f"questions.jsonl line {n}: does not parse ({e})")
            continue
        qs.append(q)
        for k in ("id", "kind", "question", "answer", "facts", "sources", "decline"):
            if k not in q:
                err(f"line {n}: missing {k}")
        extra = set(q) - ALLOWED
        if extra:
            err(f"{q.get('id')}: unexpected fields {extra}")
        if q["id"] in ids:
            err(f"duplicate id {q['id']}")
        ids.add(q["id"])
        if q["kind"] not in KINDS:
            err(f"{q['id']}: unknown kind {q['kind']}")
        for s in q["sources"]:
            if s not in texts:
                err(f"{q['id']}: source {s} does not exist")
        if q["decline"]:
            if q["facts"] or q["sources"]:
                err(f"{q['id']}: decline question must have empty facts and sources")
            if q["kind"] not in ("near_miss", "unanswerable"):
                err(f"{q['id']}: decline=true on kind {q['kind']}")
        else:
            if q["kind"] in ("near_miss", "unanswerable"):
                err(f"{q['id']}: {q['kind']} must have decline=true")
            if not q["facts"] or not q["sources"]:
                err(f"{q['id']}: non-decline question needs facts and sources")
            if not 1 <= len(q["facts"]) <= 2:
                err(f"{q['id']}: {len(q['facts'])} facts (want 1-2)")
            # the reference answer must satisfy its own facts
            for fact in q["facts"]:
                alts = fact if isinstance(fact, list) else [fact]
                if not all(isinstance(a, str) and a for a in alts):
                    err(f"{q['id']}: bad fact {fact!r}")
                if not any(a.lower() in q["answer"].lower() for a in alts):
                    err(f"{q['id']}: answer does not contain fact {fact!r}")
        if q["kind"] == "followup":
            h = q.get("history")
            if not (isinstance(h, list) and 1 <= len(h) <= 2 and all(isinstance(x, str) for x in h)):
                err(f"{q['id']}: followup needs history with 1-2 strings")
        elif "history" in q:
            err(f"{q['id']}: history on non-followup")

counts = collections.Counter(q["kind"] for q in qs)
for k, want in KINDS.items():
    if counts[k] != want:
        err(f"kind {k}: {counts[k]} questions, want {want}")

# ---------------------------------------------------------------- report
print(f"articles: {len(files)}  dated: {len(dated)}  undated: {len(undated)}  weekday/date pairs checked: {weekday_checks}")
print("outlet bylines:", dict(outlets))
print(f"questions: {len(qs)}", dict(counts))
print("relative expressions in dated articles (resolved):")
print("\n".join(rel_report))
if errors:
    print("\nERRORS:")
    print("\n".join("  " + e for e in errors))
    sys.exit(1)
print("\nOK")
