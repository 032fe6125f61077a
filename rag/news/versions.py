"""Either/or questions that weigh two versions ("Did the call last 90 minutes, or an
hour?", "2014 or 2015?"): the sentence, in two different reports, that bears out each
version, or nothing when the reports don't state both.

A user's either/or is usually not a disagreement at all ("was he there in person or
was it online??"): both reports may say the same thing, or one version is stated
nowhere. So each version's sentence must hold the words that set the version apart
(its core: "90 minutes", "an hour"), and the two sentences must speak of the same thing
(share words beyond the versions)."""

from __future__ import annotations

import re

from rag.answer.grounding import numbers as figures
from rag.news.coverage import article_scores
from rag.news.index import NewsIndex
from rag.news.match import Embed
from rag.text import CHAT_WORDS, sentence_spans, terms

Pick = tuple[str, tuple[int, int]]
MIN_SHARED = 2  # words the two versions' sentences must share beyond the versions themselves

# "… covered by several articles or just one", "… or not": a count or a yes/no, no version
_NO_VERSION = re.compile(r"(?:just\s+|only\s+)?(?:one|a\s+single|not|none)\b", re.I)


# "Which came first, A or B?", "Who got more votes, A or B?": a comparison, not two versions
_COMPARES = re.compile(r"^(?:which|who|whose|what)\b.*\b(?:first|earlier|earliest|later|latest|"
                       r"last|before|after|more|most|fewer|less|least|bigger|biggest|larger|"
                       r"largest|smaller|longer|shorter|higher|lower)\b", re.I)


def alternatives(q: str) -> list[str]:
    """The two versions a question weighs: "…: 2014 or 2015?", "confirm …, or just hope?"."""
    if _COMPARES.match(q):
        return []
    body = q.rstrip("?")
    m = re.search(r"(?::|,)\s*([^:,]+?)\s+or\s+([^:,]+)$", body) or re.search(
        r"\b((?:1[89]|20)\d{2})\s+or\s+((?:1[89]|20)\d{2})\b", body)
    if not m:
        m = re.search(r"^(?:did|does|do|is|was|were|has|have)\s+(.+?),?\s+or\s+(.+)$", body, re.I)
    if not m or _NO_VERSION.match(m.group(2)):
        return []
    return [m.group(1).strip(), m.group(2).strip()]


def _cores(pair: list[str]) -> tuple[str, str]:
    """The words that set each version apart: the second version up to its first stop
    ("the Wednesday, and how long …": "the Wednesday"), and as many of the first
    version's last words ("the blockade start on the Tuesday": "the Tuesday")."""
    second = re.split(r"[?!,;:]|\.(?!\d)", pair[1])[0].strip() or pair[1]
    words = pair[0].split()
    n = len(second.split())
    return (" ".join(words[-n:]) if n < len(words) else pair[0]), second


def _own(text: str) -> set[str]:
    """A version's words, without chat filler, which sets no version apart ("like")."""
    return set(terms(text)) - CHAT_WORDS


def versions(news: NewsIndex, q: str, pair: list[str], embed: Embed) -> list[Pick] | None:
    """For each version, the best sentence (in different articles) that bears it out."""
    core_a, core_b = _cores(pair)
    a_terms, b_terms = _own(pair[0]), _own(pair[1])
    own = [a_terms - b_terms, b_terms - a_terms]
    if not own[0] or not own[1]:
        return None
    context = q
    for part in (pair[0], pair[1]):
        context = context.replace(part, " ")
    context = f"{context} {pair[0][:len(pair[0]) - len(core_a)]} " \
              f"{pair[1][len(core_b):]}"  # what the question asks about, the versions left out
    ranked = article_scores(news, context if terms(context) else q, embed)[:8]
    sentences = {(s, sp): set(terms(news.texts[s][sp[0]:sp[1]]))
                 for _, s, _ in ranked for sp in sentence_spans(news.texts[s])}
    df: dict[str, int] = {}
    for have in sentences.values():
        for t in have:
            df[t] = df.get(t, 0) + 1
    asked = {t: 1.0 / df[t] for t in _own(context) - own[0] - own[1] if t in df}

    cores = [_own(core_a) or own[0], _own(core_b) or own[1]]
    stated = [figures(core_a), figures(core_b)]  # "£4.2 million or £4.8 million"
    picks: list[Pick] = []
    for distinct, core, figure in zip(own, cores, stated, strict=True):
        # the sentence holding this version's rarest words (weighted by 1/frequency),
        # then what else the question asks about; it must hold a word of the version
        # itself ("an hour", not only "the call" around it)
        best, best_score = None, 0.0
        for (source, span), have in sentences.items():
            if not core & have or (picks and source == picks[0][0]) or (
                    all(stated) and not figure <= figures(news.texts[source][span[0]:span[1]])):
                continue  # a version that is a figure: its sentence states that figure
            mine = sum(1.0 / df[t] for t in distinct & have)
            score = mine + 0.1 * sum(w for t, w in asked.items() if t in have) if mine else 0.0
            if score > best_score:
                best, best_score = (source, span), score
        if best is None:
            return None
        picks.append(best)
    shared = (sentences[picks[0]] & sentences[picks[1]]) - own[0] - own[1] - CHAT_WORDS
    return picks if len(shared) >= MIN_SHARED else None
