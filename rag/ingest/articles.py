"""Load article files and clean them: headline, publication date, body without site
boilerplate. Offsets everywhere else point into `Article.text` (the cleaned body)."""

from __future__ import annotations

import datetime
import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from rag.errors import ArticleError, SeedsError
from rag.text import sentence_spans

MAX_BYTES = 5_000_000
# Bump when cleaning changes what an article's text, title or date come out as: every
# indexed article is then cleaned and embedded again on the next `rag index`.
CLEANER_VERSION = 3
ARTICLE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

_DATE = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        home\b.*\blatest\s+news\b.*          # breadcrumb navigation
      | (?:previous|next)\s*article.*      # pager links
      | see\s+also\s*:?\s*                   # related-links header
      | (?:photo|image|picture|credit)s?\s*:.*  # photo credits
      | read\s+more\b.*
      | advertisement
      | share\s+(?:this|on)\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT = re.compile(r"\s*©\s*[A-Z][\w .&-]{1,40}$")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}


def _month(group: str) -> str:
    return rf"(?P<{group}>{'|'.join(_MONTH_NAMES)})[a-z]*\.?"


_DATELINE = re.compile(
    r"^(?:(?:published|updated|posted|first\s+published|date)\s*(?:on|:)?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:(?P<iso>\d{4}[-/]\d{1,2}[-/]\d{1,2})"
    rf"|{_month('mon1')}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_month('mon2')}\s+(?P<y2>\d{{4}}))"
    r"(?:\s*(?:,|at|-|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
DATELINE_SCAN = 3  # a date line counts among the first few lines only


@dataclass(frozen=True)
class Article:
    """One cleaned article; `source` is its file name, the key everywhere."""

    source: str
    title: str
    date: str | None
    text: str
    sha256: str


def load_article(path: Path) -> Article:
    """Read and clean one file, or raise ArticleError naming it."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever
            raise ArticleError(path, "not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            raise ArticleError(path, f"too large ({size:,} bytes; limit {MAX_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, f"can't be read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise ArticleError(path, "empty file")
    if b"\x00" in raw:
        raise ArticleError(path, "contains NUL bytes (binary, not text)")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    if path.suffix.lower() in HTML_SUFFIXES:
        from rag.ingest.html import html_to_text

        page = decoded
        decoded = html_to_text(page)
        if not _DATE.match(decoded) and (published := _page_date(page)):
            decoded = f"date {published}\n{decoded}"
    title, date, body = clean(decoded)
    if not sentence_spans(body):  # nothing with a letter or digit in it
        raise ArticleError(path, "no article text left after removing boilerplate")
    return Article(
        source=path.name,
        title=title,
        date=date,
        text=body,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _page_date(html: str) -> str | None:
    """A page's publication date from its metadata (htmldate, no guessing from the
    text: an inferred date is never a given one), when rag.ingest.html found none."""
    try:
        from htmldate import find_date

        found = find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on pages it can't parse; the page has no date then
        return None
    return found if isinstance(found, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found) else None


def clean(raw: str) -> tuple[str, str | None, str]:
    """Split raw text into (title, date, body), dropping navigation and credits."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    date: str | None = None
    match = _DATE.match(text)
    if match:
        date = match.group(1)
        text = text[match.end():]
    lines: list[str] = []
    for line in text.split("\n"):
        line = _CREDIT.sub("", line.rstrip())
        if _BOILERPLATE_LINE.match(line.strip()):
            continue
        if date is None and len([x for x in lines if x]) < DATELINE_SCAN:
            date = dateline(line.strip())
            if date:
                continue  # "Published December 15, 2021": metadata, not story text
        lines.append(line.strip())
    paragraphs = [p for p in "\n".join(lines).split("\n") if p]
    title = ""
    if len(paragraphs) > 1 and _is_headline(paragraphs[0]):
        title = paragraphs.pop(0).lstrip("#").strip()  # a Markdown "# Headline" too
    body = "\n\n".join(paragraphs)
    if not title:
        title = _title_from_body(body)
    return title, date, body


def dateline(line: str) -> str | None:
    """The ISO date of a line that is only a date ("Published Dec. 15, 2021 10:22 AM",
    "15 December 2021", "2021/12/15"), else None."""
    m = _DATELINE.match(line)
    if not m:
        return None
    if m.group("iso"):
        y, mo, d = (int(x) for x in re.split(r"[-/]", m.group("iso")))
    elif m.group("y1"):
        y, mo, d = int(m.group("y1")), _MONTHS[m.group("mon1")[:3].lower()], int(m.group("d1"))
    else:
        y, mo, d = int(m.group("y2")), _MONTHS[m.group("mon2")[:3].lower()], int(m.group("d2"))
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:  # "2021-02-30" is not a date
        return None


def _is_headline(line: str) -> bool:
    return len(line) <= 200 and len(line.split()) <= 30 and not line.endswith((".", '."', ".”"))


def _title_from_body(body: str, max_words: int = 12) -> str:
    """No headline: use the lead sentence, shortened, so citations still read well."""
    spans = sentence_spans(body)
    if not spans:
        return ""
    first = body[spans[0][0]:spans[0][1]].split()
    return " ".join(first[:max_words]) + ("…" if len(first) > max_words else "")


def article_paths(folder: Path) -> list[Path]:
    """Article files in a folder (sorted), or SeedsError when the folder is unusable."""
    if not folder.exists():
        raise SeedsError(f"articles folder not found: {folder}")
    if not folder.is_dir():
        raise SeedsError(f"not a folder: {folder}")
    return sorted(
        p for p in folder.iterdir()
        if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )
