"""The second verification: the facts an answer cites must, alone, answer the question.
A scripted model stands in for the local one (fast); the real model's separation of a
near miss from a right answer is tested in tests/integration/test_local_model.py."""

from __future__ import annotations

from rag.answer.recheck import CITED_DOUBT, cited_facts, recheck
from rag.schema import Answer, AnswerSentence, Citation, is_declined

SENTENCE = ("Harbour Authority chief executive Conrad Vell called the blockade "
            "\u201cdangerous and unlawful\u201d.")


class Scripted:
    """Answers every yes/no prompt with one probability, and keeps the prompts."""

    def __init__(self, p_yes: float) -> None:
        self.p_yes = p_yes
        self.prompts: list[str] = []

    def choice_probability(self, prompt: str, yes: str = "yes", no: str = "no") -> float:
        self.prompts.append(prompt)
        return self.p_yes


def written(text: str = "Conrad Vell is the chief constable. [1]", **kw: object) -> Answer:
    cite = Citation(n=1, source="a.txt", title="Boats block harbour", snippet=SENTENCE,
                    score=1.0, start=0, end=len(SENTENCE), chunk_id="a#0", quote=SENTENCE,
                    quote_start=0, quote_end=len(SENTENCE))
    return Answer(question="q", text=text, supported=True, citations=[cite, cite],
                  passages=[cite], verification={"p_yes": 0.7}, **kw)  # type: ignore[arg-type]


Q = "Who is the chief constable of Harbourton's police force?"


def test_an_answer_its_cited_facts_do_not_answer_is_declined() -> None:
    model = Scripted(CITED_DOUBT - 0.2)
    out = recheck(model, written(), Q, Q, [], None)  # type: ignore[arg-type]
    assert is_declined(out)
    assert out.verification == {"p_yes": 0.7, "p_cited": round(CITED_DOUBT - 0.2, 4)}
    # the model saw the cited sentence once, under its title, and the question
    (prompt,) = model.prompts
    assert prompt.count("Conrad Vell") == 1 and "Boats block harbour" in prompt and Q in prompt


def test_an_answer_its_cited_facts_answer_stands_with_the_probability_shown() -> None:
    answer = written()
    out = recheck(Scripted(CITED_DOUBT + 0.1), answer, Q, Q, [], None)  # type: ignore[arg-type]
    assert out is answer and not is_declined(out)
    assert out.verification["p_cited"] == round(CITED_DOUBT + 0.1, 4)


def test_a_right_answer_the_model_doubts_a_little_stands() -> None:
    """Dev (rounds 13-20): right answers at P(yes) 0.40-0.50 outnumber near misses there
    ("No claims have yet been made on the fund" at 0.40)."""
    answer = written()
    assert recheck(Scripted(0.45), answer, Q, Q, [], None) is answer  # type: ignore[arg-type]
    assert is_declined(recheck(Scripted(0.3), answer, Q, Q, [], None))  # type: ignore[arg-type]


def test_premises_corrections_and_declines_are_not_rechecked() -> None:
    model = Scripted(0.0)
    premised = recheck(model, written(), Q, Q, [], "the force has a chief")  # type: ignore[arg-type]
    correction = recheck(model, written(corrects_premise=True), Q, Q, [], None)  # type: ignore[arg-type]
    decline = Answer(question="q", text="The articles don't say.", supported=False)
    assert not is_declined(premised) and not is_declined(correction)
    assert recheck(model, decline, Q, Q, [], None) is decline  # type: ignore[arg-type]
    assert model.prompts == []


def test_long_cited_sentences_are_cut_like_the_evidence() -> None:
    answer = written()
    answer.citations[0].quote = " ".join(["word"] * 60)
    ((title, text),) = cited_facts(answer)  # two markers on one sentence: shown once
    assert title == "Boats block harbour" and text.endswith("…") and len(text.split()) == 41


def test_a_cited_sentence_pointing_back_is_shown_with_the_one_before_it() -> None:
    text = ("The trust will cut its music service. About 1,100 pupils take lessons "
            "through it. The board meets in June.")
    quote = "About 1,100 pupils take lessons through it."
    at = text.index(quote)
    cite = Citation(n=1, source="a.txt", title="Music cut", snippet=text, score=1.0,
                    start=0, end=len(text), chunk_id="a#0", quote=quote, quote_start=at,
                    quote_end=at + len(quote))
    answer = Answer(question="q", text=f"{quote} [1]", supported=True, citations=[cite],
                    passages=[cite])
    assert cited_facts(answer) == [("Music cut", f"The trust will cut its music service. "
                                                 f"{quote}")]
    # a sentence that names what it speaks of is shown alone
    cite.quote = "The board meets in June."
    cite.quote_start = text.index(cite.quote)
    cite.quote_end = cite.quote_start + len(cite.quote)
    assert cited_facts(answer) == [("Music cut", "The board meets in June.")]


FUND = "The authority will also set up a £1.2 million compensation fund for any fishermen."


def figure_answer(text: str) -> Answer:
    cite = Citation(n=1, source="a.txt", title="Deal struck", snippet=FUND, score=1.0,
                    start=0, end=len(FUND), chunk_id="a#0", quote=FUND, quote_start=0,
                    quote_end=len(FUND))
    return Answer(question="q", text=text, supported=True, citations=[cite], passages=[cite],
                  sentences=[AnswerSentence(text=text, citations=[1])])


def test_an_asked_amount_its_cited_sentence_states_needs_less_of_the_model() -> None:
    """"How big is the fund?" - "£1.2 million", as the cited sentence says it: the model
    doubting a paraphrased question (0.24 on round 29's dev) does not decline it; a
    figure the sentence doesn't state, or one the question gave, gets the usual bar."""
    q = "how big is the compensation fund if the dredging kills the mussels"
    right = figure_answer("The fund for fishermen will be £1.2 million.")
    assert recheck(Scripted(0.25), right, q, q, [], None) is right  # type: ignore[arg-type]
    assert is_declined(recheck(Scripted(0.1), right, q, q, [], None))  # type: ignore[arg-type]
    other = figure_answer("The fund for fishermen will be £2 million.")
    assert is_declined(recheck(Scripted(0.25), other, q, q, [], None))  # type: ignore[arg-type]
    given = "Is the £1.2 million fund big enough, and how many fishermen can claim?"
    assert is_declined(recheck(Scripted(0.25), right, given, given, [],  # type: ignore[arg-type]
                               None))
    cost = "Under the deal, what's the likely compensation bill?"  # a sum, asked
    assert recheck(Scripted(0.25), right, cost, cost, [], None) is right  # type: ignore[arg-type]
    what = "What is the fund for?"
    assert is_declined(recheck(Scripted(0.25), right, what, what, [], None))  # type: ignore[arg-type]
