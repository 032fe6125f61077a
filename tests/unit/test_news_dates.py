"""Article dates with provenance, and relative time resolved against them."""

from __future__ import annotations

import datetime as dt

from rag.news.dates import date_corpus, infer_date
from rag.news.explicit import find_dates, fit_year
from rag.news.index import Source, _resolve_mentions
from rag.news.relative import Anchor, find_relative
from rag.text import sentence_spans


def test_a_date_line_is_given_and_labelled_so() -> None:
    d = infer_date("Some story text about a vote.", given="2021-12-15")
    assert (d.provenance, d.date, d.confidence) == ("given", "2021-12-15", 1.0)
    assert d.label == "2021-12-15 (given: date line)"


def test_a_city_dateline_in_the_first_paragraph_is_given() -> None:
    d = infer_date("By A Writer\n\nPORTVILLE, 19 March 2025 - About 300 people came last night.")
    assert (d.provenance, d.date, d.how) == ("given", "2025-03-19", "dateline")


def test_weekday_and_day_without_a_year_take_the_year_whose_calendar_fits() -> None:
    text = "The sea wall collapsed on the night of Sunday, January 12, flooding homes."
    d = infer_date(text, year_hint=2026)  # 12 January is a Sunday in 2025, not 2026
    assert (d.provenance, d.date) == ("inferred", "2025-01-12")
    assert "Sunday, January 12" in d.evidence and 0 < d.confidence < 1
    assert d.label.startswith("2025-01-12 (inferred from")


def test_only_future_dates_give_an_upper_bound_never_a_given_date() -> None:
    text = "The library will close at 5pm on Saturday, February 1, 2025, for a renovation."
    d = infer_date(text)
    assert (d.provenance, d.relation, d.date) == ("inferred", "before", "2025-02-01")
    assert d.label.startswith("before 2025-02-01 (inferred")


def test_a_past_clause_leading_to_a_date_dates_a_past_event() -> None:
    """"Will be out until the new year after he tore a hamstring on Saturday, November
    8": the tear is past (the article is dated by it), though the sentence looks ahead;
    "the window opens on January 1" is next year's."""
    text = ("Whitlock will be out until the new year after he tore a hamstring in the "
            "defeat at Millbeck on Saturday, November 8. The club will look at loans when "
            "the transfer window opens on January 1.")
    d = infer_date(text, None, 2025)
    assert (d.relation, d.date) == ("on", "2025-11-08")
    assert infer_date("The library will close on Saturday, February 1, 2025, after the "
                      "council agreed the plan.").relation == "before"


def test_next_spring_against_the_year_expected_gives_the_article_year() -> None:
    text = ("Games are scheduled for the city in 2028. Athletes will arrive next spring. "
            "The invasion began in February last year.")
    d = infer_date(text)
    assert (d.date, d.precision, d.provenance) == ("2027-01-01", "year", "inferred")
    assert d.label.startswith("2027 (inferred")


def test_no_dates_at_all_is_unknown_with_a_reason() -> None:
    d = infer_date("A story with no dates in it at all.")
    assert d.provenance == "unknown" and d.date is None and "no date" in d.note


def test_bad_and_contradictory_dates_are_notes_not_crashes() -> None:
    assert "not a date" in infer_date("Text.", given="2021-02-30").note
    bad_line = infer_date("Published Feb 30, 2021\n\nA story with no usable date.")
    assert bad_line.provenance == "unknown" and "could not be read" in bad_line.note
    contradiction = infer_date(
        "The bridge will open on March 3, 2025. It opened on March 9, 2025, to traffic.")
    assert contradiction.provenance == "inferred" and "contradict" in contradiction.note


def test_an_article_naming_only_a_weekday_takes_its_same_event_reports_date() -> None:
    articles = {
        "a.txt": ("The leaders spoke on Wednesday by video.", "2021-12-15"),
        "b.txt": ("The two leaders held a video call on Wednesday, officials said.", None),
        "c.txt": ("The two leaders met on Tuesday, officials said.", None),
    }
    dates = date_corpus(articles, {"b.txt": ["a.txt"], "c.txt": ["a.txt"]})
    assert (dates["b.txt"].date, dates["b.txt"].provenance) == ("2021-12-15", "inferred")
    assert "same event as a.txt" in dates["b.txt"].how
    assert dates["c.txt"].date is None  # 15 December 2021 was not a Tuesday


def test_explicit_dates_skip_money_counts_and_modal_may() -> None:
    found = [m.text for m in find_dates(
        "It cost £4.2 million in 2024; 2,360 names; the 2026-27 budget; we may 2024 go; "
        "on Tuesday, March 18 and 19 March 2025.")]
    assert found == ["2024", "Tuesday, March 18", "19 March 2025"]
    tuesday = find_dates("on Tuesday, March 18")[0]
    assert fit_year(tuesday, 2024) == 2025


def _relative(text: str, day: dt.date) -> dict[str, str]:
    return {m.text: m.date for m in find_relative(text, Anchor(day), sentence_spans(text))}


def test_relative_phrases_resolve_against_the_article_date() -> None:
    got = _relative(
        "Putin said on Wednesday the talks went well. The vote was yesterday. "
        "He spoke to Biden last week. The summit will be on Sunday. "
        "Their call came eight days after he spoke with Biden. Prices rose last December.",
        dt.date(2021, 12, 15))  # a Wednesday
    assert got["Wednesday"] == "2021-12-15"  # the article's own day
    assert got["yesterday"] == "2021-12-14"
    assert got["Sunday"] == "2021-12-19"  # future tense: the coming Sunday
    assert got["eight days after"] == "2021-12-07"  # the earlier event
    assert got["last December"] == "2020-12-01"
    assert got["last week"] == "2021-12-08"


def test_an_offset_in_tens_written_out_resolves() -> None:
    got = _relative("The fleet sailed thirty-one days ago.", dt.date(2021, 12, 15))
    assert got["thirty-one days ago"] == "2021-11-14"


def test_february_4_next_year_is_not_misread() -> None:
    text = "The Games open on February 4 next year, organisers said."
    mentions = _resolve_mentions(text, infer_date(text, given="2021-06-01"))
    assert [(m["text"], m["date"]) for m in mentions][0] == ("February 4", "2022-02-04")


def test_relative_phrases_of_an_article_known_only_to_the_year_are_not_guessed() -> None:
    text = "The visit ended yesterday. They meet again next year."
    got = {m.text: m.date for m in find_relative(
        text, Anchor(dt.date(2023, 1, 1), "year", 0.5), sentence_spans(text))}
    assert "yesterday" not in got and got["next year"].startswith("2024")


def test_source_dataclass_keeps_the_given_date() -> None:
    assert Source("a.txt", "T", "text", "2021-12-15").given == "2021-12-15"


def test_this_weekday_is_the_coming_one_even_without_a_future_verb() -> None:
    mentions = find_relative("He could play this Saturday.", Anchor(dt.date(2025, 1, 22)),  # a Wed
                             sentence_spans("He could play this Saturday."))
    assert [m.date for m in mentions] == ["2025-01-25"]
    past = find_relative("They lost on Saturday.", Anchor(dt.date(2025, 1, 22)),
                         sentence_spans("They lost on Saturday."))
    assert [m.date for m in past] == ["2025-01-18"]  # a bare weekday in the past tense


def test_next_weekday_written_on_that_weekday_is_a_week_on() -> None:
    text = "The Gulls drew 1-1 today. They travel to Kilbride next Saturday."
    saturday = dt.date(2025, 8, 9)
    assert _relative(text, saturday)["Saturday"] == "2025-08-16"
    assert _relative("They will play again on Saturday.", dt.date(2025, 8, 6))[
        "Saturday"] == "2025-08-09"  # from a Wednesday, the coming one
