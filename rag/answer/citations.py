"""Citation markers in generated text: parse `[n]`, `[1, 2]`, `[1][2]` (and the
`[Source 1]` models sometimes write), drop markers that point at no source, and
renumber the rest in order of first appearance, both for the final answer and live
while it streams, so streamed and final numbers agree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.text import sentence_spans

_NUM = r"(?:sources?\s*|#)?\d{1,3}"
MARKER = re.compile(
    rf"\[\s*({_NUM}(?:\s*(?:,|;|and|&)\s*{_NUM})*)\s*\]", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")
# Reasoning blocks and chat-template tokens some servers leak into the text.
_THINK = re.compile(r"<think>.*?(</think>|$)", re.DOTALL | re.IGNORECASE)
_SPECIAL = re.compile(r"<\|?(?:end_of_turn|start_of_turn|eos|im_end|im_start|eot_id)\|?>")
_FENCE_ECHO = re.compile(r"</?\s*source\b[^>\n]*>?", re.IGNORECASE)  # our tags, echoed back
# "..., according to fact 2." : the prompt's label for the evidence, echoed as a source
_FACT_ECHO = re.compile(r",?\s+(?:according\s+to|as\s+stated\s+in|per)\s+(?:the\s+)?facts?"
                        r"(?:\s*\d+(?:\s*(?:,|and)\s*\d+)*)?(?=\s*[.\[;!?]|$)", re.IGNORECASE)


@dataclass
class Claim:
    """One sentence of a generated answer, without its markers, and the source
    numbers it cites (as written by the model until renumbered)."""

    text: str
    sources: list[int] = field(default_factory=list)
    newline_before: bool = False
    attributed: bool = False  # cited by us (best-matching passage), not by the model


def marker_numbers(marker: str) -> list[int]:
    return [int(d) for d in _DIGITS.findall(marker)]


def clean_output(raw: str) -> str:
    """Strip what isn't answer text: reasoning blocks, leaked template tokens, and
    source tags a small model copies from its prompt."""
    return _FACT_ECHO.sub("", _FENCE_ECHO.sub("", _SPECIAL.sub("", _THINK.sub("", raw)))).strip()


PICKED = 2  # facts quoted when the model answers with markers alone


def picked(raw: str, facts: list[str]) -> str:
    """A reply that is markers alone ("[3], [4], [5]") picks facts without wording an
    answer: the first `PICKED` facts it picks, quoted and cited, are its answer (they
    are then checked like any written sentence). Any other reply is returned as is."""
    chosen = [n for m in MARKER.finditer(raw) for n in marker_numbers(m.group(1))
              if 1 <= n <= len(facts)]
    if not chosen or re.search(r"\w", MARKER.sub(" ", clean_output(raw))):
        return raw
    return " ".join(f"{facts[n - 1]} [{n}]" for n in list(dict.fromkeys(chosen))[:PICKED])


def strip_markers(text: str) -> str:
    text = MARKER.sub(" ", text)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split())).strip()


def parse_claims(text: str) -> list[Claim]:
    """Split text into sentences and their markers. A marker that opens a sentence
    ("... said X. [1] Then ...") belongs to the sentence before it, unless it opens a
    line that goes on with text: a small model often lists facts as "[2] X.\n[4] Y."."""
    claims: list[Claim] = []
    prev_end = 0
    for a, b in sentence_spans(text):
        chunk = text[a:b]
        gap = text[prev_end:a]
        prev_end = b
        lead = re.match(rf"(?:\s*{MARKER.pattern})+", chunk, re.IGNORECASE)
        if lead and claims and not _opens_line(gap, chunk, lead.end()):
            claims[-1].sources.extend(_numbers_in(lead.group()))
            chunk = chunk[lead.end():]
        body = strip_markers(chunk)
        nums = _numbers_in(chunk)
        if not any(ch.isalnum() for ch in body):
            if claims:  # a stray "[2]." on its own
                claims[-1].sources.extend(nums)
            continue
        key = " ".join(body.lower().split())
        if any(" ".join(c.text.lower().split()) == key for c in claims):
            continue  # a small model repeating itself: keep the first
        claims.append(Claim(body, nums, newline_before="\n" in gap and bool(claims)))
    for claim in claims:
        claim.sources = list(dict.fromkeys(claim.sources))
    return claims


def _opens_line(gap: str, chunk: str, lead_end: int) -> bool:
    """Whether a sentence's leading markers start a line and the line goes on with
    the sentence's text ("\n[4] Y."), rather than ending the line before it."""
    before = gap + chunk[: len(chunk) - len(chunk.lstrip())]
    return "\n" in before and bool(chunk[lead_end:].split("\n", 1)[0].strip())


def _numbers_in(text: str) -> list[int]:
    return [n for m in MARKER.finditer(text) for n in marker_numbers(m.group(1))]


def drop_invalid(claims: list[Claim], n_sources: int) -> list[Claim]:
    """Keep only markers that point at a source the model was given."""
    for claim in claims:
        claim.sources = [n for n in claim.sources if 1 <= n <= n_sources]
    return claims


def numbering(claims: list[Claim]) -> dict[int, int]:
    """Source number -> answer citation number: model-cited sources in order of first
    appearance, then the sources we attributed (so the live stream's numbers hold)."""
    order: dict[int, int] = {}
    for attributed in (False, True):
        for claim in claims:
            if claim.attributed != attributed:
                continue
            for n in claim.sources:
                order.setdefault(n, len(order) + 1)
    return order


def render(claims: list[Claim], numbers: dict[int, int]) -> str:
    """The answer text: each sentence followed by its renumbered markers."""
    parts: list[str] = []
    for claim in claims:
        marks = "".join(f"[{numbers[n]}]" for n in claim.sources if n in numbers)
        sentence = f"{claim.text} {marks}" if marks else claim.text
        if parts:
            parts.append("\n" if claim.newline_before else " ")
        parts.append(sentence)
    return "".join(parts)


_OPENS_NESTED = re.compile(r"\[[\d,;\s-]*\[")


class StreamRenumberer:
    """Renumbers markers in streamed text as it arrives. Text after an unmatched `[`
    is held back until the bracket closes (or clearly isn't a marker)."""

    HOLD = 24  # longest marker we wait for

    def __init__(self, n_sources: int) -> None:
        self.n_sources = n_sources
        self.numbers: dict[int, int] = {}
        self._buf = ""

    def feed(self, delta: str) -> str:
        self._buf += delta
        out: list[str] = []
        while self._buf:
            i = self._buf.find("[")
            if i < 0:
                out.append(self._buf)
                self._buf = ""
                break
            out.append(self._buf[:i])
            self._buf = self._buf[i:]
            match = MARKER.match(self._buf)
            if match:
                out.append(self._render(match.group(1)))
                self._buf = self._buf[match.end():]
                continue
            if "]" in self._buf or len(self._buf) > self.HOLD:
                # a bracket, but not a marker; one opening digits and another bracket
                # ("[0[0]]") is dropped, or it would close into a marker ("[0]") that
                # points at no source once the inner one is dropped
                if not _OPENS_NESTED.match(self._buf):
                    out.append("[")
                self._buf = self._buf[1:]
                continue
            break  # maybe a marker still arriving
        return "".join(out)

    def close(self) -> str:
        rest, self._buf = self._buf, ""
        return rest

    def _render(self, inner: str) -> str:
        marks = []
        for n in marker_numbers(inner):
            if 1 <= n <= self.n_sources:
                new = self.numbers.setdefault(n, len(self.numbers) + 1)
                marks.append(f"[{new}]")
        return "".join(dict.fromkeys(marks))
