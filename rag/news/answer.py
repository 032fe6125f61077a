"""The news layer's one hook into answering (`Engine._finish`): dates with
provenance on citations, then, for questions about time, coverage or disagreement,
an answer computed from the news index (date arithmetic in code, never by a model)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import numpy as np

from rag.answer.arithmetic import asks_difference
from rag.answer.days import lengths
from rag.news.agree import same_figures
from rag.news.cite import annotate
from rag.news.coverage import answer_coverage
from rag.news.denied import denied
from rag.news.disagree import asks_count, find_disagreement, weighs_versions
from rag.news.index import NewsIndex
from rag.news.inline import lead_day, resolve_inline
from rag.news.questions import classify
from rag.news.sameness import same_event
from rag.news.temporal import answer_time
from rag.news.versions import alternatives
from rag.schema import Answer, AnswerSentence, Citation, is_declined
from rag.text import terms

log = logging.getLogger(__name__)
Embed = Callable[[list[str]], np.ndarray]


Check = Callable[[Answer, str], Answer]


def finish(answer: Answer, question: str, news: Callable[[], NewsIndex], embed: Embed,
           check: Check | None = None) -> Answer:
    """The answer with dates on its citations, or a better one the news index gives.
    The news layer never breaks an answer: on any failure the answer goes out as is.
    `check(answer, event)` vets a date answer against the event the question asks the
    time of (the engine's anchor check: that event's rare names must be in what the
    dating sentences cite)."""
    try:
        index = news()
    except Exception:  # a damaged cache or store: answer without dates, say nothing
        log.exception("news index unavailable")
        return answer
    annotate(answer, index)
    try:
        # the answer's own "yesterday" gets its day first: a news reply that replaces
        # or extends it writes its own dates, and quotes stay word for word
        return _news_answer(resolve_inline(answer), question, index, embed, check)
    except Exception:  # an unexpected question shape: the engine's answer stands
        log.exception("news answer failed for %r", question)
        return answer


_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# not rag.news.match.names: that drops a name with a digit ("the G7 summit"), which would
# leave the year check below with no name to look for
_CAPITAL = re.compile(r"\b[A-Z][\w'’-]+")
_MONTH = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = re.compile(rf"{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}", re.I)
_AND_YEAR = re.compile(r"\b(?:month|day|date)\s+and\s+year\b", re.I)  # "April" is not enough
# "what day of the week": the weekday of the date resolved, not one the lead happens to say
_WEEKDAY_ASKED = re.compile(r"\bday\s+of\s+the\s+week\b|\bwhich\s+weekday\b", re.I)
_QUOTE = re.compile(r"['‘\"“][^'’\"”]{3,40}['’\"”]")


def _cited_says_when(lead: str, unit: str, answer: Answer, event: str = "") -> bool:
    """Is the date the answer gives written in a sentence it cites? A date a model
    worked out itself ("tomorrow" read as the article's own day) is left to the
    news index, which resolves relative dates against the article's date. A year must
    be said in a sentence holding half the names of the `event` asked about or more
    ("the 2016 Rio Olympics" does not date "the Tokyo Summer Olympics")."""
    quotes = [c.quote or c.snippet for c in answer.citations]
    quoted = " ".join(quotes)
    if unit == "year":
        wanted = set(terms(" ".join(_CAPITAL.findall(event))))
        return any(set(_YEAR.findall(lead)) & set(_YEAR.findall(q))
                   and 2 * len(wanted & set(terms(q))) >= len(wanted) for q in quotes)
    if unit == "month":
        return bool(_months(lead) & _months(quoted))
    return bool(_days(lead) & _days(quoted))


def _months(text: str) -> set[str]:
    return {m.group(0)[:3].lower() for m in re.finditer(_MONTH, text, re.I)}


def _days(text: str) -> set[tuple[str, str]]:
    """(month, day) of each "July 24" or "24 July" in a text."""
    out = set()
    for m in _DAY.finditer(text):
        day = re.search(r"\d{1,2}", m.group(0))
        month = re.search(r"[a-z]{3}", m.group(0).lower())
        if day and month:
            out.add((month.group(0), day.group(0).lstrip("0")))
    return out


def _cited_says_how_long(lead: str, answer: Answer) -> bool:
    """Does the answer's lead give a length a sentence it cites states ("out for six
    to eight weeks")? For "how long has X been …", that beats a span worked out from
    a start year in another sentence ("since 1998")."""
    quoted = " ".join(c.quote or c.snippet for c in answer.citations)
    return bool(lengths(lead) & lengths(quoted))


# "The reports agree on the cost", "both give the same figure": no difference seen
_AGREE = re.compile(r"\b(?:agree[ds]?|in\s+agreement|the\s+same\s+(?:figure|number|amount|"
                    r"cost|date|result|total|account)|consistent|identical)\b", re.I)
_ALSO_ASKS = re.compile(r",?\s+and\s+(?:which|what|who|whom|where|when|how|why)\b", re.I)
TIME_KINDS = ("when", "first", "between", "span", "since", "edge")
COVERAGE_KINDS = ("count", "which")


def _news_answer(answer: Answer, question: str, index: NewsIndex, embed: Embed,
                 check: Check | None = None) -> Answer:
    if same := same_event(question, index, embed):  # "were they the same event?"
        return _replace(answer, *same, index)
    ask = classify(question)
    if ask.kind in ("when", "none") and alternatives(question):
        differ = find_disagreement(question, index, embed)  # "2014 or 2015?": both, cited
        if differ:
            return _replace(answer, *differ, index)
    if ask.kind in TIME_KINDS:
        # the answer's lead sentence (its best) already says when, from what it cites: it
        # stands, unless reports of the story date it differently or the year was asked
        lead = answer.sentences[0].text if answer.sentences else answer.text
        reply = answer_time(ask, question, index, embed)
        if ask.kind == "when" and answer.supported \
                and _cited_says_when(lead, ask.unit, answer, " ".join(ask.parts)) \
                and not (_WEEKDAY_ASKED.search(question) and reply) \
                and not _QUOTE.search(question) and not (reply and len(reply[1]) > 1) \
                and not (_AND_YEAR.search(question) and not _YEAR.search(lead)):
            return answer
        if ask.kind == "since" and answer.supported and _cited_says_how_long(lead, answer):
            return answer
        # a lead a model wrote to answer (not the closest sentence, quoted: "in force
        # since yesterday" dates another event) says the day: "this Saturday", resolved
        if ask.kind == "when" and ask.unit in ("date", "day") and not _QUOTE.search(question) \
                and not answer.quoted and not (reply and len(reply[1]) > 1) \
                and (day := lead_day(answer)) and _days(lead) <= _days(day[1]):
            return _with_day(answer, *day)
        if reply:
            dated = _replace(answer, *reply, index)
            return check(dated, " ".join(ask.parts)) if check else dated
    if ask.kind in COVERAGE_KINDS:
        if weighs_versions(question) and (differ := find_disagreement(question, index, embed)):
            return _replace(answer, *differ, index)  # "which paper gave the bigger figure?"
        reply = answer_coverage(ask, index, embed)
        if reply:
            # "… covered by one article or several, and which agency reported it?": the
            # count, then the answer's own reply to the second question
            kept = (list(answer.sentences), list(answer.citations)) if (
                _ALSO_ASKS.search(question) and answer.citations
                and not is_declined(answer)) else None
            answer = _replace(answer, *reply, index)
            return _append(answer, *kept, index) if kept else answer
    if disputed := denied(question, answer, index):  # "Did Russia run …?": "Russia denies …"
        return _replace(answer, *disputed, index)
    if asks_difference(question) and not weighs_versions(question):
        return answer  # "how many more than …?": two figures are the point, not two versions
    cited = answer.citations[0].source if answer.citations else ""
    differ = find_disagreement(question, index, embed, prefer=cited)
    if differ is None:  # "did X and Y report the same result?": yes, when they do
        agreed = same_figures(question, index, embed)
        return _replace(answer, *agreed, index) if agreed else answer
    if weighs_versions(question) and _AGREE.search(answer.text):
        return _replace(answer, *differ, index)  # "they agree" where the reports differ
    if is_declined(answer) or not answer.citations:
        # a decline stands unless the question asks whether reports differ, or asks
        # how many of a thing, which reports of one story count differently (31 boats,
        # "nearly 50 vessels")
        answers = weighs_versions(question) or asks_count(question)
        return _replace(answer, *differ, index) if answers else answer
    return _append(answer, *differ, index)


def _with_day(answer: Answer, phrase: str, label: str, n: int) -> Answer:
    """The answer, its lead's relative day then written out ("this Saturday" is
    Saturday, 25 January 2025), cited to the passage that resolves it."""
    if label.split(", ", 1)[1] in answer.text:
        return answer  # already written out (the inline resolution)
    text = f"That is {label} (“{phrase}” resolved against the article's date). [{n}]"
    answer.sentences = [*answer.sentences, AnswerSentence(text=text, citations=[n])]
    answer.text = f"{answer.text} {text}"
    return answer


def _append(answer: Answer, sentences: list[AnswerSentence], citations: list[Citation],
            index: NewsIndex) -> Answer:
    """The answer, then the disagreement, its citations numbered after the answer's."""
    offset = max((c.n for c in answer.citations), default=0)
    for c in citations:
        c.n += offset
    for s in sentences:
        s.text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", s.text)
        s.citations = [n + offset for n in s.citations]
    answer.text = f"{answer.text} {' '.join(s.text for s in sentences)}"
    answer.sentences = [*answer.sentences, *sentences]
    answer.citations = [*answer.citations, *citations]
    return annotate(answer, index)


def _replace(answer: Answer, sentences: list[AnswerSentence], citations: list[Citation],
             index: NewsIndex) -> Answer:
    """The answer rewritten from the news index (its retrieved passages kept)."""
    answer.text = " ".join(s.text for s in sentences)
    answer.sentences = sentences
    answer.citations = citations
    answer.supported = True
    return annotate(answer, index)
