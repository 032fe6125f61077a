"""rag.render.present (safe markdown, highlighting, markers), rag.render.export and
rag.app.feedback."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.app.feedback import read_feedback, record_feedback
from rag.errors import LLMError
from rag.render.export import conversation_dict, conversation_json, conversation_markdown
from rag.render.present import (
    answer_markdown,
    checked_stream,
    escape_markdown,
    highlighted_snippet,
    history_messages,
    split_quote,
    streamed_markdown,
)
from rag.schema import Answer, AnswerSentence, Citation, is_declined
from rag.settings import Settings

POISON = "<script>alert(1)</script> ![x](http://example.invalid/leak.png) [c](http://e.invalid)"


def unescape(md: str) -> str:
    """What CommonMark shows for text made only of backslash escapes."""
    md = md.replace("\u2060", "")  # the invisible joiner that breaks autolinks
    out, i = [], 0
    while i < len(md):
        if md[i] == "\\" and i + 1 < len(md):
            out.append(md[i + 1])
            i += 2
        else:
            out.append(md[i])
            i += 1
    return "".join(out)


def live(md: str, token: str) -> bool:
    """Does `token` occur with its first character unescaped?"""
    return re.search(r"(?<!\\)" + re.escape(token), md) is not None


def cite(n: int = 1, snippet: str = "Before. The quote here. After.", **kw: object) -> Citation:
    at = snippet.find("The quote here.")
    values: dict[str, object] = {
        "n": n, "source": "a.txt", "title": "Title", "date": "2022-01-02", "snippet": snippet,
        "score": 0.5, "start": 0, "end": len(snippet), "quote": "The quote here.",
        "quote_start": at if at >= 0 else None, "quote_end": at + 15 if at >= 0 else None,
    }
    values.update(kw)
    return Citation(**values)  # type: ignore[arg-type]


def answer(**kw: object) -> Answer:
    values: dict[str, object] = {
        "question": "Q?", "text": "The quote here. [1]", "supported": True,
        "citations": [cite()],
        "sentences": [AnswerSentence(text="The quote here.", citations=[1])],
        "answerer": "offline extractive",
    }
    values.update(kw)
    return Answer(**values)  # type: ignore[arg-type]


def test_escape_makes_html_images_and_links_inert() -> None:
    md = escape_markdown(POISON)
    assert "<" not in md.replace("\\<", "")
    assert "![" not in md and "](" not in md
    assert "http\\://" not in md  # no GFM autolink literal
    www = escape_markdown("see WWW.example.invalid or mail a@example.invalid")
    assert "WWW\\." not in www and "a\\@" not in www
    assert unescape(md) == POISON


def test_escape_drops_indentation_and_control_chars_but_keeps_paragraphs() -> None:
    md = escape_markdown("    code?\x07\n\nnext :red[x] $1$")
    assert md.startswith("code")
    assert "\x07" not in md
    assert "\n\n" in md
    assert unescape(md) == "code?\n\nnext :red[x] $1$"


@given(st.text(max_size=200))
def test_escape_round_trips_single_line_text(text: str) -> None:
    line = "".join(ch for ch in text if ch.isprintable())
    line = " ".join(line.split())
    assert unescape(escape_markdown(line)) == line


def test_split_quote_uses_offsets_then_text_then_gives_up() -> None:
    assert split_quote(cite()) == ("Before. ", "The quote here.", " After.")
    no_offsets = cite(quote_start=None, quote_end=None)
    assert split_quote(no_offsets) == ("Before. ", "The quote here.", " After.")
    bad = cite(quote="missing", quote_start=50, quote_end=10)
    assert split_quote(bad) == (bad.snippet, "", "")


def test_highlighted_snippet_highlights_only_the_quote_and_escapes_it() -> None:
    c = cite(snippet="<b>x</b>. The quote here. After.")
    md = highlighted_snippet(c)
    assert ":orange-background[The quote here\\.]" in md
    assert md.startswith("\\<b\\>x\\<\\/b\\>\\.")


def test_answer_markdown_markers_and_unsupported_flag() -> None:
    a = answer(
        text="Good. [1] Bad. [1]",
        sentences=[
            AnswerSentence(text="Good.", citations=[1]),
            AnswerSentence(text="Bad.", citations=[1], supported=False, support=0.1),
        ],
    )
    md = answer_markdown(a)
    assert md.count("\\[1\\]") == 2
    assert ":orange-background[Bad\\." in md and "not supported" in md
    assert ":orange-background[Good" not in md


def test_flag_says_which_number_the_source_lacks() -> None:
    a = answer(
        text="215 went. [1]",
        sentences=[AnswerSentence(text="215 went.", citations=[1], supported=False,
                                  support=0.8, note="215 is not in the cited source")],
    )
    md = answer_markdown(a)
    assert "not supported by the cited passages: 215 is not in the cited source" in md
    exported = conversation_markdown([a], exported_at="2024-01-01T00:00:00+00:00")
    assert "- 215 went. \\(215 is not in the cited source\\)" in exported


def test_answer_markdown_keeps_inline_markers_and_drops_unknown_ones() -> None:
    a = answer(sentences=[AnswerSentence(text="X [1] and Y [7].", citations=[1])])
    md = answer_markdown(a)
    assert ":blue[**\\[1\\]**]" in md
    assert ":blue[**\\[7\\]**]" not in md and "\\[7\\]" in md


def test_model_output_with_markdown_image_is_neutralised() -> None:
    a = answer(text=f"{POISON} [1]", sentences=[])
    md = answer_markdown(a)
    assert not live(md, "![") and not live(md, "<") and not live(md, "](")
    assert ":blue[**\\[1\\]**]" in md
    assert not live(streamed_markdown("partial ![x](http://example.invalid/p.png"), "![")


def test_declined_is_an_answer_without_citations() -> None:
    assert is_declined(answer(citations=[], sentences=[], supported=False))
    assert not is_declined(answer())


def test_history_messages_alternate_roles() -> None:
    msgs = history_messages([answer(question="A?"), answer(question="B?")])
    assert [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert msgs[2]["content"] == "B?"


def test_checked_stream_ends_at_the_answer_and_never_in_silence() -> None:
    final = answer()
    assert list(checked_stream(iter(["The ", "quote.", final, "late"]))) == [
        "The ", "quote.", final]
    with pytest.raises(LLMError):
        list(checked_stream(iter(["half an answer"])))


def test_exports_carry_citations() -> None:
    a, declined = answer(), answer(question="Bananas?", text="The articles don't say.",
                                   citations=[], sentences=[], supported=False)
    md = conversation_markdown([a, declined], exported_at="2024-01-01T00:00:00+00:00")
    assert "## 1. Q?" in md and "## 2. Bananas?" in md
    assert "\\[1\\] Title \\(2022-01-02\\), a.txt, score 0.500" in md
    assert "> The quote here." in md
    assert "*Declined:* The articles don't say." in md
    data = json.loads(conversation_json([a, declined]))
    assert data == json.loads(json.dumps(conversation_dict([a, declined], data["exported_at"])))
    assert data["turns"][0]["citations"][0]["source"] == "a.txt"
    assert data["turns"][0]["citations"][0]["quote"] == "The quote here."
    assert data["turns"][1]["declined"] is True


def test_feedback_appends_jsonl_records_from_many_threads(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    a = answer()

    def worker(i: int) -> None:
        record_feedback(settings, a, "up" if i % 2 else "down", f"comment {i}\nline two")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "data" / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 20
    records = read_feedback(settings)
    assert {r["comment"] for r in records} == {f"comment {i}\nline two" for i in range(20)}
    first = records[0]
    assert {"timestamp", "question", "answer", "citations", "rating", "comment"} <= set(first)
    assert first["question"] == "Q?" and first["citations"][0]["title"] == "Title"
    assert sorted(r["rating"] for r in records).count("up") == 10


def test_a_part_the_articles_do_not_answer_is_set_apart() -> None:
    a = answer(
        text="Gold went to X. [1] The articles don't say: nothing I found answers “Who won?”",
        sentences=[AnswerSentence(text="Gold went to X.", citations=[1]),
                   AnswerSentence(text="The articles don't say: nothing I found answers "
                                       "“Who won?”", declined=True)],
    )
    md = answer_markdown(a)
    assert md.endswith("*]") and ":gray[*The articles don" in md
    assert ":gray[*Gold" not in md
    # The flag decides, set where the answer is made; the wording alone doesn't.
    unflagged = a.model_copy(update={"sentences": [a.sentences[0], a.sentences[1].model_copy(
        update={"declined": False})]})
    assert ":gray[" not in answer_markdown(unflagged)


def test_reader_dates_and_card_labels_never_say_undated() -> None:
    from rag.render.present import card_label, reader_date

    assert reader_date("2021-12-15") == "15 December 2021"
    assert reader_date("2021-12") == "December 2021"
    assert reader_date(None) == "" and reader_date("") == ""
    label = card_label(cite(title="A <b>title</b>", date=None), outlet="Reuters")
    assert "undated" not in label and label.endswith("· Reuters")
    assert "\\<b\\>" in label
    assert card_label(cite()).endswith("· 2 January 2022")


def test_every_cited_sentence_of_a_passage_is_highlighted() -> None:
    from rag.render.present import cited_spans, highlighted_passage

    snippet = "One fact here. Filler text. Two fact here. Tail."
    c = cite(snippet=snippet, quote="One fact here.", quote_start=0, quote_end=14)
    a = answer(citations=[c], sentences=[
        AnswerSentence(text="One fact here.", citations=[1]),
        AnswerSentence(text="Two fact here.", citations=[1]),
    ])
    spans = cited_spans(a, c)
    assert [snippet[x:y] for x, y in spans] == ["One fact here.", "Two fact here."]
    md = highlighted_passage(snippet, spans)
    assert md.count(":orange-background[") == 2
    assert ":orange-background[Filler" not in md


def test_markers_link_to_their_cards_only_when_anchored() -> None:
    a = answer()
    assert "](#cite-t1-1)" in answer_markdown(a, anchor="t1")
    assert "](#" not in answer_markdown(a)


def test_passages_below_the_relevance_floor_are_not_evidence() -> None:
    from rag.render.present import EVIDENCE_FLOOR, evidence

    low, high = cite(n=1, score=0.081), cite(n=2, score=EVIDENCE_FLOOR + 0.1)
    assert evidence([low, high]) == [high]


def test_an_answer_resting_on_weak_passages_becomes_a_decline() -> None:
    from rag.render.present import WEAK_NOTE, apply_floor

    weak_only = answer(citations=[cite(score=0.093)])
    shown = apply_floor(weak_only)
    assert is_declined(shown) and "don't say" in shown.text
    assert weak_only.citations  # the original is left as it was
    mixed = answer(
        text="Good. [1] Weak. [2]",
        citations=[cite(n=1, score=0.5), cite(n=2, score=0.05)],
        sentences=[AnswerSentence(text="Good.", citations=[1]),
                   AnswerSentence(text="Weak.", citations=[2])],
    )
    flagged = apply_floor(mixed).sentences
    assert flagged[0].supported and not flagged[1].supported and flagged[1].note == WEAK_NOTE
    strong = answer()
    assert apply_floor(strong) is strong
