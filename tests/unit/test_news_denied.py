"""A yes/no question the articles dispute ("Did Russia run a state doping programme?"
against "Russia denies running a state-sponsored doping program") is answered with both
reports, cited; a denial of something else, or "rejected the boycott", leaves it be."""

from __future__ import annotations

from rag.news.answer import _news_answer
from rag.news.denied import denied
from rag.news.index import NewsIndex
from rag.schema import Answer, AnswerSentence, Citation
from tests.support.news import fake_embed, news_of

FOUND = "Russia was found to have used a state-backed doping programme at the Sochi Games."
ARTICLES = {
    "a.txt": f"Doping ban\n\nBy Jo Reed, City Courier\n\nPublished March 19, 2025\n\n{FOUND}",
    "b.txt": "Games row\n\nBy Ann Lee, City Post\n\nPublished March 20, 2025\n\nRussia has "
             "admitted flaws in its testing but denies running a state-sponsored doping "
             "program. Both countries rejected the boycott of the Games.",
}


def _news() -> NewsIndex:
    return news_of(ARTICLES)


def _yes(question: str, news: NewsIndex, quote: str = FOUND, source: str = "a.txt") -> Answer:
    """The model's "yes", citing `quote` (the report that Russia was found to have doped)."""
    body = news.texts[source]
    at = body.index(quote)
    cite = Citation(n=1, source=source, title="Doping ban", snippet=body, score=1.0,
                    start=0, end=len(body), quote=quote, quote_start=at,
                    quote_end=at + len(quote))
    text = "Yes, Russia ran a state doping programme. [1]"
    return Answer(question=question, text=text, supported=True, citations=[cite],
                  sentences=[AnswerSentence(text=text, citations=[1], supported=True)])


def test_a_yes_the_articles_deny_gives_both_reports() -> None:
    news = _news()
    q = "Did Russia run a state doping programme at the Sochi Games?"
    got = denied(q, _yes(q, news), news)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert text.startswith("The reports differ") and "denies running" in text \
        and "found to have used" in text
    assert [c.source for c in got[1]] == ["a.txt", "b.txt"]
    answer = _news_answer(_yes(q, news), q, news, fake_embed)
    assert "denies running" in answer.text and len(answer.citations) == 2


def test_no_denial_of_what_the_answer_says_leaves_it() -> None:
    news = _news()
    for q in ("Did the countries reject the boycott of the Games?",  # nothing cited denied
              "Was Russia found to have doped, or did it deny it?"):  # asks for versions
        assert denied(q, _yes(q, news), news) is None, q
    # "rejected the boycott" denies no claim
    boycott = {"c.txt": "Boycott\n\nBy Jo Reed, City Courier\n\nPublished March 19, 2025\n\n"
                        "The two countries opposed the boycott of the Games.",
               "d.txt": "Row\n\nBy Ann Lee, City Post\n\nPublished March 20, 2025\n\n"
                        "The two countries rejected the boycott of the Games."}
    other = news_of(boycott)
    q = "Did the two countries oppose the boycott of the Games?"
    assert denied(q, _yes(q, other, "The two countries opposed the boycott of the Games.",
                          "c.txt"), other) is None
    no = _yes("Did Russia run a state doping programme?", news)
    no.text = "No. [1]"
    assert denied(no.question, no, news) is None  # already says no
