"""What a collection of indexed articles is, for the chat's first screen: how many
articles, the dates they span, the outlets that wrote them, and a few example
questions drawn from the articles themselves (no hard-coded questions: any folder
gets its own).

Pure functions of (source, title, date, text) tuples, so they work for any store and
are tested without one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.text import STOPWORDS, lead_sentence


@dataclass(frozen=True)
class Article:
    source: str
    title: str
    date: str | None  # ISO YYYY-MM-DD, or None when the article doesn't say
    text: str


@dataclass(frozen=True)
class Summary:
    articles: int
    first_date: str | None
    last_date: str | None
    dated: int  # how many articles have a known date
    outlets: list[tuple[str, int]]  # most frequent first
    outlet_of: dict[str, str]  # source -> outlet, where the article names one


# "By Jo Reed, Harbourton Courier" / "By Jo Reed | Reuters" / "Source: Reuters"
_BYLINE = re.compile(
    r"^\s*(?:by\s+[^,|\n]{2,60}?\s*[,|–—-]\s*(?P<a>[^\n]{2,60}?)"
    r"|(?:source|published by|publisher)\s*:\s*(?P<b>[^\n]{2,60}?))\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# "BEIJING (Reuters) -" / "MOSCOW, Dec 15 (AFP) —"
_WIRE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}\((?P<c>[A-Z][A-Za-z .&]{1,30})\)\s*[-–—]", re.M)


def outlet_of(text: str) -> str | None:
    """The outlet an article names in its byline or dateline (its first 600
    characters), or None."""
    head = text[:600]
    for pattern in (_BYLINE, _WIRE):
        m = pattern.search(head)
        if m:
            name = next(g for g in m.groups() if g)
            name = name.strip(" .")
            if name and not re.search(r"\d", name):
                return name
    return None


_AUTHOR = re.compile(r"^\s*by\s+(?P<who>[^,|\n]{2,60}?)\s*[,|–—-]", re.I | re.M)


def author_of(text: str) -> str | None:
    """The writer an article's byline names ("By Jo Reed, Harbourton Courier"), or None."""
    m = _AUTHOR.search(text[:600])
    return m.group("who").strip() if m else None


def byline(text: str) -> str:
    """An article's outlet, writer and opening sentence (the lede names whom the
    article is about), as one text; "" for no text."""
    return " ".join(filter(None, (outlet_of(text), author_of(text),
                                  lead_sentence(text) if text else "")))


def summarize(articles: Iterable[Article]) -> Summary:
    items = list(articles)
    dates = sorted(a.date for a in items if a.date)
    outlet_map = {a.source: o for a in items if (o := outlet_of(a.text))}
    counts = Counter(outlet_map.values())
    return Summary(
        articles=len(items),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        dated=len(dates),
        outlets=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3],
        outlet_of=outlet_map,
    )


# Names: two to four capitalised words ("Vladimir Putin", "Harbour Link").
_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3})\b")
_SAYS = r"\b(?:said|says|told|announced|warned|argued|added)\b"
_LEADING = {"the", "a", "an", "on", "in", "at", "but", "and", "as", "after", "when", "if",
            "president", "prime", "minister", "mr", "mrs", "ms", "dr"}
_TOPIC = re.compile(r"[a-z][a-z'-]{3,}")


def _names(text: str) -> list[str]:
    out = []
    for m in _NAME.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        if len(words) >= 2:
            out.append(" ".join(words))
    return out


_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "june", "july", "august",
             "september", "october", "november", "december", "today", "yesterday",
             "winter", "summer", "spring", "autumn", "first", "second", "third", "last",
             "next", "new", "says", "said"}


def _topic(title: str, name: str, text: str) -> str | None:
    """The title word the article's text repeats most (with the word before it when
    the text repeats the pair too): what the article is about, as a noun phrase."""
    rest = title.replace(name, " ") if name else title
    words = [w for w in _TOPIC.findall(rest.lower())
             if w not in STOPWORDS and w not in _CALENDAR and w not in name.lower()]
    # A common noun: the text writes it in lower case after a determiner ("the
    # diplomatic boycott"), so not "Putin", "denounced" or "meet".
    counts = {w: len(re.findall(rf"\b(?:the|a|an|its|their|his|her|this|that)\s+"
                                rf"(?:[a-z-]+\s+)?{re.escape(w)}\b", text)) for w in words}
    best = max(words, key=lambda w: (counts[w], words.index(w)), default=None)
    if best is None or counts[best] < 1:
        return None
    i = words.index(best)
    if i > 0 and len(re.findall(rf"\b{re.escape(words[i - 1])} {re.escape(best)}\b", text)) >= 2:
        return f"{words[i - 1]} {best}"
    return best


def example_questions(articles: Sequence[Article], k: int = 4) -> list[str]:
    """Up to `k` questions the articles can answer, one per article where possible:
    who said what about the article's subject (a name that speaks in its text and the
    title's key words), or what happened to a name the title carries."""
    by_name: Counter[str] = Counter()
    for a in articles:
        by_name.update(set(_names(a.title + "\n" + a.text)))
    questions: list[str] = []
    used: set[str] = set()
    ordered = sorted(articles, key=lambda a: (a.date or "", a.source), reverse=True)
    for a in ordered:
        if len(questions) >= k:
            break
        title = " ".join(a.title.split())
        if not title:
            continue
        speakers = [n for n in _names(a.text) if re.search(re.escape(n) + r"\s+" + _SAYS, a.text)]
        speakers += [n for n in _names(a.text)
                     if re.search(_SAYS + r"\s+" + re.escape(n), a.text)]
        speaker = next((n for n in speakers if n not in used), None)
        topic = _topic(title, speaker or "", a.text)
        if speaker and topic:
            question = f"What did {speaker} say about the {topic}?"
            used.add(speaker)
        else:
            names = sorted(set(_names(title)) - used, key=lambda n: -by_name[n])
            if names and topic:
                question = f"What happened with {names[0]} and the {topic}?"
                used.add(names[0])
            elif topic:
                question = f"What do the articles say about the {topic}?"
            else:
                continue
        if question not in questions:
            questions.append(question)
    return questions
