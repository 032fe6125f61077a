"""Compound questions ("X, and what Y?"): split into parts, each looked up and,
when the whole question finds no answer, answered on its own."""

from __future__ import annotations

import pytest

from rag.answer.merge import merge_answers
from rag.core.condense import split_question
from rag.core.engine import Engine
from rag.schema import Answer, AnswerSentence, Citation


@pytest.mark.parametrize("question, parts", [
    ("How long did the call last, and when will the two leaders meet in person?",
     ["How long did the call last?", "When will the two leaders meet in person?"]),
    ("How many athletes compete, and on what condition are Russians allowed to compete?",
     ["How many athletes compete?", "On what condition are Russians allowed to compete?"]),
    ("Which summit were Russia and China left out of, and how did Beijing see it?",
     ["Which summit were Russia and China left out of?",
      "How did Beijing see it? (Russia, China)"]),   # the part leans on the first one
    ("Who is Yury Ushakov? What did he say?",
     ["Who is Yury Ushakov?", "What did he say? (Yury Ushakov)"]),
])
def test_compound_questions_split_into_standalone_parts(question: str, parts: list[str]) -> None:
    assert split_question(question) == parts


@pytest.mark.parametrize("question", [
    "How did Russia and China react to the boycott?",        # "and" joins names
    "Who won, and how?",                                      # "how" alone asks nothing new
    "What and why?",
    "And until what date do the Games run? (Beijing Winter Olympics)",  # a condensed follow-up
    "What sanctions did Russia face over doping at Sochi?",
    "Who? What? When? Where?",                                # too many, too empty
])
def test_single_questions_stay_whole(question: str) -> None:
    assert split_question(question) == [question]


def _cite(n: int, chunk: str) -> Citation:
    return Citation(n=n, source=chunk.split("#")[0], title="T", snippet="S", score=0.5,
                    start=0, end=1, chunk_id=chunk)


def _answer(sentences: list[tuple[str, int]], cites: list[Citation]) -> Answer:
    return Answer(question="q", text="", supported=bool(cites), citations=cites,
                  sentences=[AnswerSentence(text=t, citations=[n]) for t, n in sentences])


def test_merged_answer_renumbers_shared_passages_and_says_which_part_is_unanswered() -> None:
    first = _answer([("A one.", 1), ("A two.", 2)], [_cite(1, "a.txt#0"), _cite(2, "b.txt#3")])
    second = _answer([("B one.", 1), ("A two.", 2)], [_cite(1, "b.txt#3"), _cite(2, "a.txt#0")])
    nothing = Answer(question="q", text="The articles don't say.", supported=False)
    merged = merge_answers("Q?", [("First?", first), ("Who won?", nothing),
                                  ("Second?", second)], related=[])
    assert merged.supported
    assert [c.chunk_id for c in merged.citations] == ["a.txt#0", "b.txt#3"]
    assert [c.n for c in merged.citations] == [1, 2]
    texts = [s.text for s in merged.sentences]
    assert texts == ["A one.", "A two.", "The articles don't say: nothing I found answers "
                     "“Who won?”", "B one."]  # the repeated "A two." is kept once
    assert [s.citations for s in merged.sentences] == [[1], [2], [], [2]]
    assert merged.text.endswith("B one. [2]")


def test_all_parts_unanswered_is_a_decline() -> None:
    nothing = Answer(question="q", text="The articles don't say.", supported=False)
    merged = merge_answers("Q?", [("A?", nothing), ("B?", nothing)], related=[])
    assert not merged.supported and merged.citations == []
    assert merged.text.startswith("The articles don't say")


def test_engine_answers_the_part_the_articles_cover_and_declines_the_other(
    onnx_engine: Engine,
) -> None:
    answer = onnx_engine.ask(
        "Who won the men's downhill, and what did Putin say about politicising sport?"
    )
    assert answer.supported
    declined = [s for s in answer.sentences if not s.citations]
    assert len(declined) == 1 and "downhill" in declined[0].text
    quoted = " ".join(s.text for s in answer.sentences if s.citations).lower()
    assert "politici" in quoted
    for sentence in answer.sentences:
        for n in sentence.citations:
            cite = answer.citation(n)
            assert cite is not None and sentence.text in cite.snippet


def test_a_question_answered_as_a_whole_is_not_split(onnx_engine: Engine) -> None:
    answer = onnx_engine.ask(
        "How long did the Putin-Xi video call last, and when will the two leaders meet?"
    )
    assert answer.supported
    assert all(s.citations for s in answer.sentences)
    assert "90 minutes" in answer.text


def _said(text: str, n: int = 1) -> Answer:
    cite = Citation(n=n, source=f"{text[:5]}.txt", title="t", snippet=text, score=1.0, start=0,
                    end=len(text), chunk_id=f"{text[:5]}#0")
    return Answer(question="q", text=f"{text} [{n}]", supported=True, citations=[cite],
                  sentences=[AnswerSentence(text=f"{text} [{n}]", citations=[n],
                                            supported=True)])


def test_a_part_left_without_its_count_gets_its_quote() -> None:
    """The model answered only "what must they prove?"; "how many are going?" gets the
    quote that gives the count, cited after the model's own citation. A part the
    answer already meets asks for no quote."""
    from rag.answer.merge import complete_parts

    model = _said("They must prove their doping record is clean.")
    asked: list[str] = []

    def quote(text: str) -> Answer:
        asked.append(text)
        return _said(text)

    parts = [("How many athletes are going?", lambda: quote("The 212 athletes are going.")),
             ("What must they prove?", lambda: quote("Nothing."))]
    out = complete_parts(model, parts, [])
    assert "212 athletes" in out.text and "doping record" in out.text
    assert [c.n for c in out.citations] == [1, 2]
    assert asked == ["The 212 athletes are going."]  # the met part was not quoted
    assert complete_parts(_said("212 athletes are going."), parts, []).text.count("212") == 1


def test_a_part_no_sentence_takes_up_gets_its_quote() -> None:
    """"Which Olympics …, and which Russian event did China endorse in Moscow?" answered
    about the Olympics alone: the second part asks for no count or date, but no answer
    sentence shares its own words, so its quote is added. A part the answer takes up
    (in other words forms: "endorsed" for "endorse") is left alone."""
    from rag.answer.merge import complete_parts

    model = _said("Xi invited Putin to the Beijing Winter Olympics.")
    parts = [("Which Olympics did Xi invite Putin to?",
              lambda: _said("Xi invited Putin to the Beijing Olympics.", 2)),
             ("Which Russian event did China endorse in Moscow?",
              lambda: _said("In Moscow, China backed the Games of the Future in Kazan.", 2))]
    out = complete_parts(model, parts, [])
    assert "Winter Olympics" in out.text and "Games of the Future" in out.text
    assert [c.n for c in out.citations] == [1, 2]
    both = _said("Xi invited Putin to the Olympics; in Moscow China endorsed a Russian event.")
    assert complete_parts(both, parts, []).text == both.text


def test_two_spans_of_one_passage_are_cited_once_in_a_merged_sentence() -> None:
    from rag.answer.merge import merge_answers

    text = "Russia was stripped of its flag. It is suspended until 2022."
    cites = [Citation(n=k, source="a.txt", title="t", snippet=text, score=1.0, start=0,
                      end=len(text), chunk_id="a#0") for k in (1, 2)]
    answer = Answer(question="q", text=f"{text} [1][2]", supported=True, citations=cites,
                    sentences=[AnswerSentence(text=text, citations=[1, 2], supported=True)])
    merged = merge_answers("q", [("q", answer)], [])
    assert merged.sentences[0].citations == [1]
    assert len(merged.citations) == 1
