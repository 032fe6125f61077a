"""Disagreeing figures: only figures of the kind a question asks for are compared, and
only in sentences about what the question names."""

from __future__ import annotations

from rag.news.disagree import asked_unit, find_disagreement
from rag.news.index import NewsIndex
from rag.news.match import names
from tests.support.news import fake_embed, news_of, one_hot

ARTICLES = {
    "post.txt": "Library reopens\n\nBy Ann Lee, City Post\n\nPublished May 3, 2025\n\n"
                "The Central Library reopened yesterday after a renovation costing "
                "£4.2 million, with 1,500 visitors on the first day.",
    "gazette.txt": "Library doors open\n\nBy Tom Hale, Quay Gazette\n\nPublished May 3, 2025\n\n"
                   "The Central Library reopened yesterday after a £4.8 million renovation "
                   "lasting three months.",
    "pool.txt": "Pool renovation\n\nBy Jo Reed, City Courier\n\nPublished May 3, 2025\n\n"
                "The renovation of the pool will last two weeks.",
}


def _news() -> NewsIndex:
    # the two library reports read alike
    return news_of(ARTICLES, lambda name: one_hot(0 if name != "pool.txt" else 1, 4))

def _two_reports(question: str, body_a: str, body_b: str, head_a: str = "Ferry approved",
                 head_b: str = "Packed chamber") -> str:
    """The disagreement found between a Courier and a Post report of one story (both
    read alike), as text."""
    articles = {
        "a.txt": f"{head_a}\n\nBy Jo Reed, City Courier\n\nPublished March 19, 2025\n\n{body_a}",
        "b.txt": f"{head_b}\n\nBy Ann Lee, City Post\n\nPublished March 19, 2025\n\n{body_b}",
    }
    got = find_disagreement(question, news_of(articles, lambda name: one_hot(0, 4)), fake_embed)
    assert got is not None
    return " ".join(s.text for s in got[0])


def test_the_kind_of_figure_a_question_asks_for() -> None:
    assert asked_unit("How much did the renovation cost?") == "money"
    assert asked_unit("How many people attended the meeting?") == ""  # a count
    assert asked_unit("How long did the debate last?") == "duration"
    assert asked_unit("How many days was the library shut?") == "duration"
    assert asked_unit("What did the mayor say?") is None


def test_names_are_the_capitalised_words_of_a_question() -> None:
    assert names("How much did the Central Library renovation cost?") == {"central", "library"}
    assert names("how much did it cost?") == set()


def test_money_figures_that_differ_are_both_given() -> None:
    got = find_disagreement("How much did the Central Library renovation cost?", _news(),
                            fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "4.2 million" in text and "4.8 million" in text
    assert {c.source for c in got[1]} == {"post.txt", "gazette.txt"}


def test_a_duration_about_something_else_is_no_second_version() -> None:
    # the pool's "two weeks" is a renovation's length too, but not the Central Library's
    got = find_disagreement("How long did the Central Library renovation last?", _news(),
                            fake_embed)
    assert got is None or "pool.txt" not in {c.source for c in got[1]}


def test_a_count_question_compares_counts_of_what_it_counts() -> None:
    from rag.news.disagree import counted_noun, counts_of

    assert counted_noun("How many people attended the meeting?") == "people"
    assert counted_noun("How many days did it last?") is None  # a duration
    assert counts_of("Some 212 residents signed in.", "people") == {(212.0, "")}
    assert counts_of("About 300 people crowded in.", "people") == {(300.0, "")}
    assert counts_of("It drew 1,486 responses.", "people") == set()  # not people
    assert counts_of("It passed by seven votes to four.", "votes") == {(7.0, "")}


def test_crowd_sizes_that_differ_are_both_given_and_other_counts_are_not() -> None:
    text = _two_reports(
        "How many people attended the meeting?",
        "The council approved the ferry last night. The consultation drew 1,486 responses. "
        "Some 212 residents signed in at the door for the meeting.",
        "About 300 people crowded into the meeting last night to watch the council approve "
        "the ferry.")
    assert "212 residents" in text and "300 people" in text and "1,486" not in text


def test_a_discrepancy_question_asks_the_figure_inside_it() -> None:
    text = _two_reports(
        "Is there any discrepancy about how many people came to the meeting?",
        "Some 212 residents signed in at the door for the meeting last night.",
        "About 300 people crowded into the meeting last night.")
    assert "212 residents" in text and "300 people" in text


def test_who_the_reports_credit_with_a_quote_when_they_differ() -> None:
    text = _two_reports(
        "Who do the reports credit with saying 'We cannot keep rowing against the tide'?",
        "Transport chair Ewan Pryce told the chamber: \"We cannot keep rowing against the "
        "tide.\"",
        "Mayor Rosalind Tench spoke last. \"We cannot keep rowing against the tide,\" she said.",
        head_b="Ferry vote")
    assert "Pryce" in text and "Tench" in text and "differ" in text


def test_two_speakers_of_one_quote_differ_though_both_reports_name_their_group() -> None:
    """Both reports name the Fishermen's Association; the quote is put to its chair in
    one and its deputy chair in the other: who said it is what differs."""
    text = _two_reports(
        'Who said "We will not watch our bay be buried in mud"?',
        '"We will not watch our bay be buried in mud," said Mairead Tolland, chair of the '
        "Harbourton Fishermen's Association, from the deck of the Morning Kittiwake.",
        "The Harbourton Fishermen's Association blocked the channel. \"We will not watch our "
        'bay be buried in mud," its deputy chair, Callum Reidy, told the Post.')
    assert "Tolland" in text and "Reidy" in text and "differ" in text


def test_counts_in_words_and_other_names_for_the_counted_thing() -> None:
    from rag.news.disagree import counts_of

    # "Thirty-one" is 31, not "one fishing boats"; "vessels" counts boats
    assert counts_of("Thirty-one fishing boats formed a line.", "boats") == {(31.0, "")}
    assert counts_of("Nearly 50 vessels blocked the entrance.", "boats") == {(50.0, "")}
    assert counts_of("Nearly 50 vessels blocked the entrance.", "people") == set()


def test_figures_with_a_suffix_keep_their_multiplier() -> None:
    from rag.news.disagree import numbers

    assert numbers("The ferry will cost £38m.") == {(38_000_000.0, "money")}
    assert numbers("It cost £4.2m in all.") == {(4_200_000.0, "money")}
    assert numbers("They sailed for ninety minutes.") == {(90.0, "minute")}


def test_a_figure_question_after_a_statement_is_still_a_figure_question() -> None:
    """"The council has 64 boats. How many took part?": the question is the last
    sentence, and reports that count differently are both given."""
    got = find_disagreement("The library has 40 staff. How much did the Central Library "
                            "renovation cost?", _news(), fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "4.2 million" in text and "4.8 million" in text


def test_what_each_of_the_papers_says_weighs_versions() -> None:
    from rag.news.disagree import weighs_versions
    assert weighs_versions("What did each of the three papers say about the crowd?")
    assert not weighs_versions("What did the paper say about the crowd?")


FLEET = {
    "radio.txt": "Boats block harbour\n\nBy Ann Lee, Radio Bay News\n\nPublished July 9, 2025\n\n"
                 "Thirty-one fishing boats took part in the blockade of the harbour "
                 "yesterday, turning back the dredger.",
    "herald.txt": "Fleet stops dredging\n\nBy Tom Hale, Bay Herald\n\nPublished July 9, 2025\n\n"
                  "Nearly 50 vessels took part in the blockade of the harbour yesterday. "
                  "A single adult ferry fare is not yet set, and the ferry scheme costs "
                  "£38 million.",
}


def _declined_answer(question: str) -> str:
    from rag.answer.extractive import declined
    from rag.news.answer import _news_answer

    news = news_of(FLEET, lambda name: one_hot(0, 4))  # one story, told twice
    return _news_answer(declined(question, []), question, news, fake_embed).text


def test_a_count_two_reports_give_differently_answers_a_decline() -> None:
    # an answerer that declined (say, on wording) is overruled: the reports count them
    text = _declined_answer("How many boats took part in the blockade?")
    assert "Reports differ" in text and "31" in text.replace("Thirty-one", "31") \
        and "50" in text
    text = _declined_answer("The association has 64 boats. How many vessels took part in "
                            "the blockade?")
    assert "Reports differ" in text


def test_a_price_question_met_by_another_cost_stays_declined() -> None:
    # "how much will a ticket cost?" is not answered by what the scheme costs
    text = _declined_answer("How much will a single adult ticket on the ferry cost?")
    assert text.startswith("The articles don't say")


def test_what_did_it_cost_compares_the_costs_the_reports_give() -> None:
    got = find_disagreement("What did the Central Library renovation cost?", _news(), fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "£4.2 million" in text and "£4.8 million" in text


def test_how_many_fishing_boats_counts_boats_whatever_the_reports_call_them() -> None:
    """"How many fishing boats": the boats (31 boats, "nearly 50 vessels"), not the
    word before them."""
    from rag.news.disagree import counted_noun

    assert counted_noun("How many fishing boats took part?") == "boats"
    assert counted_noun("How many Harbourton residents came?") == "residents"
    assert counted_noun("How many votes did it get?") == "votes"
    text = _two_reports(
        "How many fishing boats took part in the blockade?",
        "Thirty-one fishing boats blocked the harbour mouth yesterday in the blockade.",
        "Nearly 50 vessels blocked the harbour entrance yesterday in the blockade.",
        "Boats block harbour", "Fleet turns back dredger")
    assert "Thirty-one fishing boats" in text and "50 vessels" in text


def test_a_month_the_question_names_is_met_by_the_date_a_report_resolves() -> None:
    """"How many boats … in March?": the report that says "yesterday" (March 18: both
    are published March 19) counts as saying March; asked about July, it does not."""
    bodies = ("Thirty-one boats took part in the blockade of the harbour mouth yesterday.",
              "Nearly 50 boats took part in the blockade of the harbour mouth on Tuesday, "
              "March 18.")
    text = _two_reports("How many boats took part in the blockade of the harbour mouth in "
                        "March?", *bodies, "Boats block harbour", "Fleet turns back dredger")
    assert "Thirty-one boats" in text and "50 boats" in text
    articles = {"a.txt": f"Boats block harbour\n\nBy Jo Reed, City Courier\n\nPublished March "
                         f"19, 2025\n\n{bodies[0]}",
                "b.txt": f"Fleet turns back dredger\n\nBy Ann Lee, City Post\n\nPublished "
                         f"March 19, 2025\n\n{bodies[1]}"}
    assert find_disagreement("How many boats took part in the blockade of the harbour mouth "
                             "in July?", news_of(articles, lambda name: one_hot(0, 4)),
                             fake_embed) is None


def test_figures_from_another_story_are_no_second_version() -> None:
    """Two stories (they read apart, so they are not grouped) give two sums for the
    sea wall: the repair estimate and the budget's grant are not reports differing."""
    articles = {
        "storm.txt": "Storm hits sea wall\n\nBy Jo Reed, City Courier\n\nPublished January 13, "
                     "2025\n\nEngineers put the cost of the sea wall repairs at £640,000.",
        "budget.txt": "Budget approved\n\nBy Ann Lee, City Post\n\nPublished December 12, "
                      "2025\n\nThe budget sets aside £2.9 million for the sea wall repairs.",
    }
    news = news_of(articles, lambda name: one_hot(0 if name == "storm.txt" else 1, 4))
    assert news.group_of("storm.txt") == ["storm.txt"]
    assert find_disagreement("How much will the sea wall repairs cost?", news, fake_embed) is None


def test_how_do_the_reports_quote_gives_each_reports_wording() -> None:
    from rag.news.disagree import weighs_versions

    question = "How do the reports quote the mayor's description of the ferry?"
    assert weighs_versions(question)
    assert not weighs_versions("How do the ferries run?")
    text = _two_reports(question, "The mayor called the ferry \"a real lifeline\" last night.",
                        "The mayor described the ferry as \"the true lifeline\" of the city.")
    assert "a real lifeline" in text and "the true lifeline" in text


def test_each_report_s_figure_leads_its_quote_spelled_numbers_with_digits() -> None:
    """"Thirty-one boats" against "nearly 50 vessels": the answer names each figure
    ("gives thirty-one (31)") before the sentence that states it."""
    from rag.news.disagree import figure_words

    text = _two_reports(
        "How many boats took part in the blockade?",
        "Thirty-one fishing boats took part in the blockade of the harbour yesterday.",
        "Nearly 50 vessels took part in the blockade of the harbour on Wednesday.")
    assert "City Courier gives thirty-one (31): \u201cThirty-one fishing" in text
    assert "City Post gives 50: \u201cNearly 50 vessels" in text
    assert figure_words("It lasted two hours, not 90 minutes.", {90.0}) == "90 minutes"
    assert figure_words("It lasted two hours.", {90.0}) == ""


def test_do_the_articles_quote_him_the_same_way_gives_each_retelling_s_wording() -> None:
    """"Do the articles quote him the same way?" weighs the retellings of one story: the
    best report's quote and the other report's sentence closest to it ("the true model"),
    not that report's sentence closest to the question."""
    articles = {
        "a.txt": "Leaders talk\n\nBy Jo Reed, City Courier\n\nPublished March 19, 2025\n\n"
                 "The mayor described the partnership between the two towns as a real "
                 "model of cooperation, the mayor said.",
        "b.txt": "Towns agree\n\nBy Ann Lee, City Post\n\nPublished March 19, 2025\n\n"
                 "The mayor described the talks as warm. I see this partnership as the "
                 "true model of cooperation.",
    }
    news = news_of(articles, lambda name: one_hot(0, 4))
    q = ("How did the mayor describe the partnership between the two towns? Do the "
         "articles quote her the same way?")
    got = find_disagreement(q, news, fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "real model" in text and "true model" in text and "warm" not in text


def test_a_sentence_that_only_says_reports_differ_is_no_part_of_the_question() -> None:
    """"How many boats took part? I've seen different figures.": the cue overrules a
    decline, and the figure question alone is asked; a cue that asks for the wording
    ("Do the articles quote him the same way?") is kept."""
    from rag.news.disagree import _without_cue

    for cue in ("I've seen different figures.", "Do the reports agree?",
                "I've seen two versions."):
        text = _declined_answer(f"How many boats took part in the blockade? {cue}")
        assert "Reports differ" in text and "50" in text, cue
    kept = "How did Putin describe the ties? Do the articles quote him the same way?"
    assert _without_cue(kept) == kept
    size = "Radio says 31 boats. Do the reports agree on the size of the flotilla?"
    assert _without_cue(size) == size


def test_who_made_a_quoted_remark_after_a_leading_clause_and_an_apostrophe() -> None:
    """"As the vote closed, who from the council's side made the '…' remark?": a
    who-said question too; the quote is the quotation, not the stretch that starts at
    the apostrophe of "council's"."""
    for question in ("Who made the 'We cannot keep rowing against the tide' remark?",
                     "As the vote closed, who from the council's side was quoted saying "
                     "'We cannot keep rowing against the tide'?"):
        text = _two_reports(
            question,
            "Transport chair Ewan Pryce told the chamber: \"We cannot keep rowing against "
            "the tide.\"",
            "Mayor Rosalind Tench spoke last. \"We cannot keep rowing against the tide,\" she "
            "said.", head_b="Ferry vote")
        assert "Pryce" in text and "Tench" in text and "differ" in text, question


def test_a_how_many_more_question_is_no_question_of_differing_versions() -> None:
    """Two counts are what "how many more boats than …?" compares, not two reports'
    versions of one count: no "reports differ" is added to its answer."""
    from rag.news.answer import finish
    from rag.schema import Answer, AnswerSentence, Citation
    from tests.support.news import fake_embed, news_of

    index = news_of({
        "radio.txt": "Boats block harbour\n\nPublished July 9, 2025\n\nThirty fishing boats "
                     "blocked the harbour mouth yesterday in a protest against the dredger.",
        "herald.txt": "Boats block harbour mouth\n\nPublished July 9, 2025\n\nNearly 50 fishing "
                      "boats blocked the harbour mouth yesterday in a protest against the dredger.",
    }, lambda name: one_hot(0))
    text = index.texts["radio.txt"]
    cite = Citation(n=1, source="radio.txt", title="t", snippet=text, score=1.0, start=0,
                    end=len(text), quote=text)
    lead = "Thirty fishing boats blocked the harbour mouth. [1]"
    answer = Answer(question="q", text=lead, supported=True, citations=[cite],
                    sentences=[AnswerSentence(text=lead, citations=[1])])
    out = finish(answer, "How many more fishing boats blocked the harbour mouth than the 20 "
                         "the organisers expected?", lambda: index, fake_embed)
    assert "differ" not in out.text
    # asked how many, the two versions are given
    out = finish(answer.model_copy(deep=True), "How many fishing boats blocked the harbour "
                 "mouth?", lambda: index, fake_embed)
    assert "differ" in out.text and "50" in out.text


def test_the_outlets_a_figure_question_names_are_who_says_it_not_what_about() -> None:
    """"How many boats … according to Radio Bay News versus the Bay Herald?": the names
    are in bylines, not in the sentences that count the boats."""
    text = _declined_answer("How many boats took part in the blockade according to Radio "
                            "Bay News versus the Bay Herald?")
    assert "Reports differ" in text and "50" in text


def test_disagreeing_about_what_something_cost_asks_the_sum() -> None:
    """"Is there any disagreement between the Post and the Gazette about what the
    renovation cost?": the costs each report gives."""
    got = find_disagreement("Is there any disagreement between the City Post and the Quay "
                            "Gazette about what the Central Library renovation cost?", _news(),
                            fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "£4.2 million" in text and "£4.8 million" in text


def test_an_answer_saying_reports_agree_where_they_differ_is_replaced() -> None:
    """The model's "the reports agree on £4.8 million" is not shown beside "Reports
    differ": the versions, cited, answer "do they agree?". An answer that doesn't claim
    agreement keeps its own sentences, the versions after them."""
    from rag.news.answer import _news_answer
    from rag.schema import Answer, AnswerSentence, Citation

    def written(text: str) -> Answer:
        cite = Citation(n=1, source="gazette.txt", title="Library doors open", snippet="s",
                        score=1.0, start=0, end=1, chunk_id="gazette.txt#0")
        return Answer(question="q", text=text, supported=True, citations=[cite],
                      sentences=[AnswerSentence(text=text, citations=[1])])

    q = "Do the reports agree on what the Central Library renovation cost?"
    out = _news_answer(written("The reports agree it cost £4.8 million. [1]"), q, _news(),
                       fake_embed)
    assert "agree" not in out.text and "£4.2 million" in out.text
    out = _news_answer(written("It cost £4.8 million. [1]"), q, _news(), fake_embed)
    assert out.text.startswith("It cost £4.8 million.") and "£4.2 million" in out.text
