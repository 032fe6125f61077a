"""Turning answers into safe, readable markdown for the chat UI.

Article text and model output are untrusted: a poisoned article can carry `<script>`,
`![x](http://evil/leak.png)` (an image URL that leaks data when the browser loads it)
or a link. Everything untrusted goes through `escape_markdown`, which backslash-escapes
every markdown/HTML metacharacter so it renders as literal text; only the markup built
here (citation markers, highlights, flags) is live.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from rag.app.collection import Summary
from rag.errors import LLMError
from rag.schema import Answer, AnswerSentence, Citation

# CommonMark lets any ASCII punctuation be backslash-escaped, which stops links,
# images, HTML, Streamlit's `:color[...]`/`:emoji:` directives and `$math$`. GFM
# autolinks (`http://x`, `www.x`, `a@b.c`) are found in the text *after* escapes are
# decoded, so a WORD JOINER (U+2060, invisible) is put inside those patterns instead.
_PUNCT = frozenset(string.punctuation)
_WJ = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SPACES = re.compile(r"[ \t\f\v]+")
UNSUPPORTED_FLAG = "not supported by the cited passages"


def escape_markdown(text: str) -> str:
    """Untrusted text -> markdown that renders exactly that text, inert.

    Also drops control characters and leading indentation (which markdown would turn
    into a code block); paragraphs (blank lines) survive."""
    out: list[str] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = "".join(
            ch for ch in raw_line
            if ch == "\t" or unicodedata.category(ch)[0] != "C" or ch in "\u200d"
        )
        line = _SPACES.sub(" ", line).strip()
        line = _AUTOLINK.sub(_WJ, line)
        out.append("".join("\\" + ch if ch in _PUNCT else ch for ch in line))
    return "\n".join(out)


# Passages retrieved with a cosine below this are not evidence: never shown as a
# source or a "closest passage" (a poisoned passage was once quoted at 0.081).
EVIDENCE_FLOOR = 0.2


def marker(n: int, anchor: str | None = None) -> str:
    """A live citation marker: shows `[n]`, bold and blue; with an `anchor` (the
    turn's id) it is an in-page link `#cite-<anchor>-<n>` that the chat turns into
    "open and show source card n"."""
    if anchor:
        return f"[**\\[{n}\\]**](#cite-{anchor}-{n})"
    return f":blue[**\\[{n}\\]**]"


def split_quote(citation: Citation) -> tuple[str, str, str]:
    """(before, quote, after): the cited sentence inside the snippet, for highlighting.

    Uses quote_start/quote_end when they are valid, else finds the quote text; with no
    usable quote the whole snippet is `before`."""
    snippet = citation.snippet
    start, end = citation.quote_start, citation.quote_end
    if start is not None and end is not None and 0 <= start < end <= len(snippet):
        return snippet[:start], snippet[start:end], snippet[end:]
    if citation.quote:
        at = snippet.find(citation.quote)
        if at >= 0:
            stop = at + len(citation.quote)
            return snippet[:at], snippet[at:stop], snippet[stop:]
    return snippet, "", ""


def highlighted_snippet(citation: Citation) -> str:
    """The snippet as safe markdown with the cited sentence highlighted."""
    before, quote, after = split_quote(citation)
    if not quote.strip():
        return escape_markdown(before)
    lead = quote[: len(quote) - len(quote.lstrip())]
    trail = quote[len(quote.rstrip()):]
    parts = [escape_markdown(before + lead)]
    # One highlight per paragraph: a directive can't span a blank line.
    pieces = [p for p in quote.strip().split("\n") if p.strip()]
    parts.append("\n\n".join(f":orange-background[{escape_markdown(p)}]" for p in pieces))
    parts.append(escape_markdown(trail + after))
    return _join_inline(parts)


def _join_inline(parts: list[str]) -> str:
    """Join markdown fragments, keeping a space where the original text had one."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not out.endswith(("\n", " ")) and not part.startswith(("\n", " ")):
            out += " "
        out += part
    return out


def _sentence_markdown(sentence: AnswerSentence, known: set[int], anchor: str | None) -> str:
    text = sentence.text.strip()
    inline = [int(m.group(1)) for m in _MARKER.finditer(text)]
    if inline:
        # Markers written into the sentence (LLM answers): keep them where they are.
        pieces: list[str] = []
        pos = 0
        for m in _MARKER.finditer(text):
            pieces.append(escape_markdown(text[pos:m.start()]).rstrip())
            n = int(m.group(1))
            pieces.append(marker(n, anchor) if n in known else escape_markdown(m.group(0)))
            pos = m.end()
        pieces.append(escape_markdown(text[pos:]))
        body = _join_inline([p for p in pieces if p])
    else:
        body = escape_markdown(text)
        cites = [marker(n, anchor) for n in sentence.citations if n in known]
        if cites:
            body = f"{body} {''.join(cites)}"
    if sentence.declined:
        return f":gray[*{body}*]"  # a part of the question the articles don't answer
    if not sentence.supported:
        flag = UNSUPPORTED_FLAG + (f": {escape_markdown(sentence.note)}" if sentence.note else "")
        body = f":orange-background[{body}] :orange-badge[:material/warning: {flag}]"
    return body


def answer_markdown(answer: Answer, anchor: str | None = None) -> str:
    """The answer as safe markdown: escaped text, live `[n]` markers (links to the
    source cards when `anchor` is given), and sentences the grounding check flagged
    marked as unsupported."""
    known = {c.n for c in answer.citations}
    if answer.sentences:
        return " ".join(_sentence_markdown(s, known, anchor) for s in answer.sentences)
    return streamed_markdown(answer.text, known, anchor)


def streamed_markdown(
    text: str, known: Iterable[int] | None = None, anchor: str | None = None
) -> str:
    """Partial model output while it streams: escaped, `[n]` shown as markers."""
    allowed = None if known is None else set(known)
    pieces: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if allowed is not None and n not in allowed:
            continue
        pieces.append(escape_markdown(text[pos:m.start()]).rstrip())
        pieces.append(marker(n, anchor))
        pos = m.end()
    pieces.append(escape_markdown(text[pos:]))
    return _join_inline([p for p in pieces if p])


def citation_title(c: Citation) -> str:
    """Plain-text card heading (for labels that render as text, not markdown)."""
    return f"[{c.n}] {c.title or c.source}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def reader_date(date: str | None) -> str:
    """'2021-12-15' -> '15 December 2021' ('December 2021', '2021' for partial dates);
    '' when the date is unknown (never "undated")."""
    if not date:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip()[:10])
    if not m:
        return date.strip()
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month or not 1 <= int(month) <= 12:
        return year
    name = _MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day and 1 <= int(day) <= 31 else f"{name} {year}"


def card_label(c: Citation, outlet: str | None = None) -> str:
    """Safe markdown for a folded source card: `[n] Title · 15 December 2021 · Outlet`."""
    bits = [f"**\\[{c.n}\\] {escape_markdown(' '.join((c.title or c.source).split()))}**"]
    if when := reader_date(c.date):
        bits.append(escape_markdown(when))
    if outlet:
        bits.append(escape_markdown(outlet))
    return " · ".join(bits)


def citation_meta(c: Citation) -> str:
    """Safe markdown line for the details: file · passage id · retrieval score."""
    bits = [f"`{c.source.replace('`', '')}`"]
    if c.chunk_id:
        bits.append(f"`{c.chunk_id.replace('`', '')}`")
    bits.append(f"score {c.score:.3f}")
    return " · ".join(bits)


def is_evidence(c: Citation, floor: float = EVIDENCE_FLOOR) -> bool:
    return c.score >= floor


def evidence(passages: Iterable[Citation], floor: float = EVIDENCE_FLOOR) -> list[Citation]:
    """The passages relevant enough to show as evidence (see EVIDENCE_FLOOR)."""
    return [c for c in passages if is_evidence(c, floor)]


WEAK_DECLINE = ("The articles don't say: the closest passages are too weakly related to "
                "the question to count as evidence.")
WEAK_NOTE = "its source is only weakly related to the question"


def apply_floor(answer: Answer, floor: float = EVIDENCE_FLOOR) -> Answer:
    """The answer as the chat shows it: one resting only on passages below the floor
    becomes a decline (its quotes are not evidence); in a mixed answer, a sentence
    citing only such passages is flagged. Declines are returned as they are."""
    if not answer.citations:
        return answer
    weak = {c.n for c in answer.citations if not is_evidence(c, floor)}
    if not weak:
        return answer
    if len(weak) == len(answer.citations):
        return answer.model_copy(update={
            "text": WEAK_DECLINE, "supported": False, "citations": [],
            "sentences": [AnswerSentence(text=WEAK_DECLINE, declined=True)],
        })
    sentences = [
        s.model_copy(update={"supported": False, "note": s.note or WEAK_NOTE})
        if s.citations and set(s.citations) <= weak else s
        for s in answer.sentences
    ]
    return answer.model_copy(update={"sentences": sentences})


def cited_spans(answer: Answer, c: Citation) -> list[tuple[int, int]]:
    """Every span of `c.snippet` the answer cites: the quote of each citation of the
    same passage, and each answer sentence citing it that the passage holds verbatim."""
    same = [x for x in answer.citations if (x.chunk_id or x.n) == (c.chunk_id or c.n)]
    spans: set[tuple[int, int]] = set()
    for x in same or [c]:
        before, quote, _ = split_quote(x)
        if quote.strip():
            spans.add((len(before), len(before) + len(quote)))
    numbers = {x.n for x in same} | {c.n}
    for s in answer.sentences:
        text = _MARKER.sub("", s.text).strip()
        if text and numbers & set(s.citations) and (at := c.snippet.find(text)) >= 0:
            spans.add((at, at + len(text)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def highlighted_passage(snippet: str, spans: Iterable[tuple[int, int]]) -> str:
    """The passage as safe markdown with every span highlighted."""
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        if not (pos <= a < b <= len(snippet)):
            continue
        parts.append(escape_markdown(snippet[pos:a]))
        pieces = [p for p in snippet[a:b].strip().split("\n") if p.strip()]
        parts.append("\n\n".join(f":orange-background[{escape_markdown(p)}]" for p in pieces))
        pos = b
    parts.append(escape_markdown(snippet[pos:]))
    return _join_inline(parts)


def citation_line(c: Citation) -> str:
    """One plain-text line for exports: `[1] Title (2021-12-15), file.txt, score 0.378`."""
    date = f" ({c.date})" if c.date else ""
    return f"[{c.n}] {c.title or c.source}{date}, {c.source}, score {c.score:.3f}"


def format_when(epoch: float | None, now: float | None = None) -> str:
    """'2024-05-01 12:00 UTC (3 min ago)', or 'never'."""
    if epoch is None:
        return "never"
    stamp = datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    if now is None:
        now = datetime.now(tz=UTC).timestamp()
    age = max(0.0, now - epoch)
    if age < 60:
        ago = "just now"
    elif age < 3600:
        ago = f"{int(age // 60)} min ago"
    elif age < 86400:
        ago = f"{int(age // 3600)} h ago"
    else:
        ago = f"{int(age // 86400)} d ago"
    return f"{stamp} ({ago})"


def history_messages(answers: Iterable[Answer]) -> list[dict[str, str]]:
    """Past turns as chat messages, the history `ask`/`ask_stream` take (built by
    `rag.core.condense.history_from_answers`, as every interface builds it)."""
    from rag.core.condense import history_from_answers

    return history_from_answers(answers)


def checked_stream(stream: Iterable[str | Answer]) -> Iterator[str | Answer]:
    """Text deltas, then exactly one Answer (what `rag.ask_stream` yields); a stream
    that ends without an Answer is an LLMError, so the UI always has one message."""
    for item in stream:
        yield item
        if isinstance(item, Answer):
            return
    raise LLMError("the answer stream ended without an answer; please try again")


def answerer_line(answerer: str, provider: str) -> str:
    """One line (safe markdown) on who writes the answers."""
    name = escape_markdown(answerer)
    match provider:
        case "extractive":
            return "Answers are **quotes** from the articles (no language model)."
        case "local":
            return (f"Answers are written by a **local model** ({name}), checked against "
                    "the articles.")
        case "openai":
            return f"Answers are written by **OpenAI** ({name}), checked against the articles."
    return f"Answers are written by **{name}**, checked against the articles."


def collection_line(summary: Summary) -> str:
    """Safe markdown: '5 articles · 15 December 2021 – 3 March 2023 · outlets: …'."""
    bits = [f"**{summary.articles:,}** article{'s' if summary.articles != 1 else ''}"]
    first, last = reader_date(summary.first_date), reader_date(summary.last_date)
    if first:
        span = first if first == last else f"{first} – {last}"
        if summary.dated < summary.articles:
            span += f" ({summary.dated} of {summary.articles} dated)"
        bits.append(escape_markdown(span))
    else:
        bits.append("dates not given")
    if summary.outlets:
        bits.append("top outlets: " + ", ".join(
            f"{escape_markdown(name)} ({n})" for name, n in summary.outlets))
    else:
        bits.append("outlets not named in the articles")
    return " · ".join(bits)
