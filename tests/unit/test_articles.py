from pathlib import Path

import pytest

from rag.errors import ArticleError
from rag.ingest.articles import clean, dateline, load_article
from tests.support.common import SEEDS


def test_leading_date_is_parsed_and_removed() -> None:
    a = load_article(SEEDS / "000_039771c1ec2c0d1b.txt")
    assert a.date == "2021-12-15"
    assert not a.text.startswith("date")
    assert a.text.startswith("Beijing and Moscow denounced")


def test_headline_becomes_title_and_leaves_body() -> None:
    a = load_article(SEEDS / "001_6d39dde49842dcc4.txt")
    assert a.title == "Putin backs China in rejecting Olympic diplomatic boycott"
    assert not a.text.startswith("Putin backs China")


def test_navigation_pager_and_credits_are_removed() -> None:
    a = load_article(SEEDS / "002_faca9d3fa81b27e5.txt")
    assert "LATEST NEWS" not in a.text
    assert "Previous article" not in a.text and "Next article" not in a.text
    assert "Photo: Reuters" not in a.text
    assert a.title.startswith("Putin and Xi flaunt their")
    b = load_article(SEEDS / "004_8a2d9f9cd888087d.txt")
    assert "SEE ALSO" not in b.text
    c = load_article(SEEDS / "003_808489e77434faa3.txt")
    assert "©Getty Images" not in c.text
    assert "re-integrate Russian and Belarusian athletes" in c.text


def test_article_without_headline_gets_lead_sentence_title() -> None:
    title, date, body = clean("date 2020-01-02 Officials met on Monday to discuss a long list "
                              "of topics including trade and climate.\n\nMore text here.")
    assert date == "2020-01-02"
    assert title.startswith("Officials met on Monday")
    assert title.endswith("…")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"hello\x00world", "NUL"),
        ("caf\xe9 cr\xe8me".encode("latin-1"), "UTF-8"),
        (b"Home LATEST NEWS x\nSEE ALSO:\nPhoto: AP", "boilerplate"),
    ],
)
def test_bad_files_name_the_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as err:
        load_article(path)
    assert "bad.txt" in str(err.value)
    assert reason.lower() in str(err.value).lower()


@pytest.mark.parametrize("line, iso", [
    ("Published December 15, 2021", "2021-12-15"),
    ("Dec. 15, 2021 10:22 AM", "2021-12-15"),
    ("15 December 2021", "2021-12-15"),
    ("2021/12/15", "2021-12-15"),
    ("Updated: Wed, Dec 15, 2021, 10:22 am EST", "2021-12-15"),
    ("Posted on 3rd March 2022", "2022-03-03"),
    ("2021-02-30", None),                                    # no such day
    ("December 2021", None),                                 # no day: not a date line
    ("Putin said on December 15, 2021 that he would go.", None),  # a sentence, not a date line
])
def test_date_lines(line: str, iso: str | None) -> None:
    assert dateline(line) == iso


def test_a_date_line_near_the_top_dates_the_article_and_leaves_the_body() -> None:
    title, date, body = clean(
        "Putin backs China\nPublished December 15, 2021\n\nPutin said on Tuesday that ...\n"
    )
    assert (title, date) == ("Putin backs China", "2021-12-15")
    assert body == "Putin said on Tuesday that ..."


def test_a_date_line_deep_in_the_story_stays_story_text() -> None:
    raw = "Title here\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird one.\n\n15 December 2021\n"
    title, date, body = clean(raw)
    assert date is None and body.endswith("15 December 2021")
