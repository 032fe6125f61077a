"""The model's own "yesterday" or "until Sunday" is shown with the day its cited
passage resolves it to; quotes and distances between days are left alone."""

from __future__ import annotations

from rag.news.inline import day_label, resolve_inline
from rag.schema import Answer, AnswerSentence, Citation

PASSAGE = ("An amber heat-health alert came into force yesterday and will last until "
           "Sunday, a week before the pools close.")
TIMES = [{"text": "yesterday", "date": "2025-07-14", "precision": "day"},
         {"text": "until Sunday", "date": "2025-07-20", "precision": "day"},
         {"text": "a week before", "date": "2025-07-13", "precision": "day"}]


def _answer(*texts: str) -> Answer:
    cite = Citation(n=1, source="a.txt", title="Heat", snippet=PASSAGE, score=1.0, start=0,
                    end=len(PASSAGE), times=TIMES)
    sentences = [AnswerSentence(text=t, citations=[1], supported=True) for t in texts]
    return Answer(question="q", text=" ".join(f"{t} [1]" for t in texts), supported=True,
                  citations=[cite], sentences=sentences)


def test_the_model_s_relative_days_get_the_day_they_stand_for() -> None:
    out = resolve_inline(_answer("The alert ran from yesterday to Sunday."))
    assert out.text == ("The alert ran from yesterday (Monday, 14 July 2025) to Sunday "
                        "(20 July 2025). [1]")
    assert out.sentences[0].text.startswith("The alert ran from yesterday (Monday")
    assert day_label("2025-07-20") == "Sunday, 20 July 2025"


def test_quotes_days_already_said_and_distances_are_left_alone() -> None:
    for text in (PASSAGE, 'The Met Office said "it started yesterday".',
                 "It began on 14 July 2025, yesterday.", "It ends a week before the pools close."):
        assert resolve_inline(_answer(text)).text == f"{text} [1]", text


def test_finish_gives_a_written_answer_its_days_from_the_news_index() -> None:
    from rag.news.answer import finish
    from tests.support.news import fake_embed, news_of, one_hot

    text = ("Heat alert\n\nBy Jo Reed, City Courier\n\nPublished July 15, 2025\n\n"
            "An amber heat-health alert came into force yesterday.")
    news = news_of({"a.txt": text}, lambda name: one_hot(0, 4))
    start = text.index("An amber")
    cite = Citation(n=1, source="a.txt", title="Heat alert", snippet=text[start:], score=1.0,
                    start=start, end=len(text))
    answer = Answer(question="q", text="The alert began yesterday. [1]", supported=True,
                    citations=[cite], sentences=[AnswerSentence(
                        text="The alert began yesterday.", citations=[1], supported=True)])
    out = finish(answer, "What is the alert?", lambda: news, fake_embed)
    assert "yesterday (Monday, 14 July 2025)" in out.text
