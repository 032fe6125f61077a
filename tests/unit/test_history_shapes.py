"""One core (issue 14). One history shape: the CLI chat, the chat UI and the evals
build a conversation's history the same way, so the same conversation gives the same
standalone question wherever it is asked (before, the CLI passed `Answer` objects,
their standalone questions, while the UI and the evals passed the raw questions).
One `ensure_index`: the only place "no index yet, build it" is decided."""

from __future__ import annotations

from typing import Any

import pytest

import rag
from rag.core.condense import history_from_answers
from rag.core.engine import Engine
from rag.evals.runner import ask_items
from rag.evals.sets import EvalItem
from rag.render.present import history_messages
from rag.schema import is_declined

TURNS = ["What did Putin say about the diplomatic boycott?",
         "And what did Xi say?"]  # a follow-up: its standalone form differs
LAST = "Why?"


def test_cli_ui_and_evals_make_the_same_standalone_question(hash_engine: Engine) -> None:
    """Each interface's own code, all through `rag.ask` / `rag.ask_stream`."""
    from rag.app.answering import AnswerJob
    from rag.cli.common import answer_and_echo
    from rag.evals.runner import Core

    settings = hash_engine.settings
    first = rag.ask(TURNS[0], settings=settings)
    second = rag.ask(TURNS[1], history_from_answers([first]), settings=settings)
    assert second.standalone_question != TURNS[1]  # the follow-up was rewritten
    earlier = [first, second]

    cli = answer_and_echo(settings, LAST, history_from_answers(earlier), stream=True)
    job = AnswerJob(settings, LAST, history_messages(earlier), None)  # the chat UI's
    job.wait(60)
    assert job.answer is not None, job.error
    item = EvalItem("f", "followup", LAST, "ref", [], [], turns=list(TURNS), decline=True)
    rows, _ = ask_items(Core(settings), [item])  # the evals' path
    assert (cli.standalone_question == job.answer.standalone_question
            == rows[0]["standalone_question"])
    # The earlier turns enter the history as they were understood, not as typed.
    assert history_messages(earlier)[2]["content"] == second.standalone_question


def test_every_interface_gets_the_one_process_engine(hash_engine: Engine) -> None:
    assert rag.get_engine(hash_engine.settings) is hash_engine  # what the CLI, UI, evals use
    assert rag.ask("What did Putin say about the boycott?", settings=hash_engine.settings
                   ).text == hash_engine.ask("What did Putin say about the boycott?").text


def test_ensure_index_is_the_one_place_a_missing_index_is_built(
    tmp_path: Any, seeds: Any,
) -> None:
    import pytest

    from rag.errors import SeedsError
    from tests.support.common import make_settings

    engine = Engine.from_settings(make_settings(tmp_path, seeds, embed="hash"))
    said: list[str] = []
    assert engine.ensure_index(said.append) is True
    assert engine.store.count() > 0 and said == [f"No index yet: indexing {seeds} first…"]
    assert engine.ensure_index(said.append) is False and len(said) == 1
    nowhere = Engine.from_settings(make_settings(tmp_path / "other", tmp_path / "missing",
                                                 embed="hash"))
    with pytest.raises(SeedsError, match="no articles folder at .*missing.*rag index --seeds"):
        nowhere.ensure_index()


class ScriptedLocal:
    """Stands in for the local model's `stream` (the real one: test_local_model.py)."""

    def __init__(self, *pieces: str, fail: bool = False) -> None:
        self.pieces, self.fail = pieces, fail
        self.prompts: list[str] = []

    def stream(self, prompt: str, max_tokens: int, deadline_s: float) -> Any:
        from rag.errors import LLMError

        self.prompts.append(prompt)
        if self.fail:
            raise LLMError("the local model failed")
        return iter(self.pieces)


def test_local_model_rewrites_a_follow_up_from_the_previous_answer() -> None:
    from rag.core.condense import condense

    history = [{"role": "user", "content": "Who briefed reporters after the call?"},
               {"role": "assistant", "content": "Yury Ushakov briefed them [1]."}]
    model = ScriptedLocal("Standalone question: ", "What is Yury Ushakov's job title?")
    rewritten = condense("what's his job?", history, local=model)  # type: ignore[arg-type]
    assert rewritten == "What is Yury Ushakov's job title?"
    # The prompt carries the earlier answer, where "his" is resolved.
    assert "Yury Ushakov briefed them" in model.prompts[0]


def test_a_rewrite_keeps_the_question_word_it_was_asked_with() -> None:
    """The 1.5B model resolved "he" and wrote it into the question word: "What did he
    say about the conversation?" came back "Who did Yury Ushakov say ...?"."""
    from rag.core.condense import condense

    history = [{"role": "user", "content": "Who is Yury Ushakov?"}]
    model = ScriptedLocal("Who did Yury Ushakov say about the conversation?")
    assert condense("What did he say about the conversation?", history,
                    local=model) == "What did Yury Ushakov say about the conversation?"  # type: ignore[arg-type]
    model = ScriptedLocal("Why did the countries not send officials?")  # reworded: kept
    assert condense("What reason did they give?", history,
                    local=model) == "Why did the countries not send officials?"  # type: ignore[arg-type]


def test_a_failed_or_cut_local_rewrite_falls_back_to_the_heuristic() -> None:
    from rag.core.condense import condense, condense_offline
    from rag.llm.local import CUT

    history = [{"role": "user", "content": "What did Putin say about the boycott?"}]
    offline = condense_offline("And why?", [("user", history[0]["content"])])
    assert offline != "And why?"
    for model in (ScriptedLocal(fail=True), ScriptedLocal("What did Putin", CUT),
                  ScriptedLocal("")):
        assert condense("And why?", history, local=model) == offline  # type: ignore[arg-type]


def test_by_how_many_asks_the_margin_of_the_previous_question() -> None:
    """"by how many votes?" after "Who won the election?" is the winner's margin; a
    model's rewrite made it a count ("How many votes did Tench win?")."""
    from rag.core.condense import condense

    history = [{"role": "user", "content": "Who won the mayoral election?"},
               {"role": "assistant", "content": "Lindqvist won, ahead of Tench [1]."}]
    model = ScriptedLocal("How many votes did Tench win in the mayoral election?")
    assert condense("by how many votes?", history, local=model) == (  # type: ignore[arg-type]
        "Who won the mayoral election by how many votes?")
    assert condense("And by how much?", history) == "Who won the mayoral election by how much?"
    assert model.prompts == []  # decided without the model
    assert condense("by how many votes?", []) == "by how many votes?"


def test_a_rewrite_that_drops_a_name_of_the_previous_question_gets_it_back() -> None:
    """"Who was that against?" after "Who scored the Gulls' first goal in the Regional
    Premier League?": a rewrite that keeps the Gulls but drops the league would find the
    cup game; the league is added back. A rewrite about someone else stands."""
    from rag.core.condense import condense

    history = [{"role": "user",
                "content": "Who scored the Gulls' first goal in the Regional Premier League?"},
               {"role": "assistant", "content": "Jonah Whitlock scored it [1]."}]
    model = ScriptedLocal("Who was the Gulls' first goal scored against?")
    assert condense("Who was that against?", history, local=model) == (  # type: ignore[arg-type]
        "Who was the Gulls' first goal scored against? (Regional Premier League)")
    # a name kept in another form ("Russia" for "Russian") is not added back
    from rag.core.condense import _kept_names

    rewrite = "At which Winter Games before Beijing did Russia compete without its flag?"
    assert _kept_names(rewrite, "Where did that happen before?", [
        ("user", "Why will Russian athletes compete without their flag in Beijing?")]) == rewrite
    model = ScriptedLocal("How old is Gideon Marsh?")
    assert condense("How old is that candidate, Marsh?", history,  # type: ignore[arg-type]
                    local=model) == "How old is Gideon Marsh?"


def test_a_follow_up_declined_for_a_name_keeps_its_standalone_form(
        hash_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader sees how a follow-up was understood, also when a check after the
    answerer (the question's rare names, here made to miss) turns it into a decline."""
    import rag.core.engine as engine_module
    from rag.answer.extractive import declined

    monkeypatch.setattr(engine_module, "anchored", lambda answer, *_, **__: declined(
        answer.question, answer.passages, "The articles don't say: no passage names him."))
    settings = hash_engine.settings
    first = rag.ask(TURNS[0], settings=settings)
    answer = rag.ask(TURNS[1], history_from_answers([first]), settings=settings)
    assert is_declined(answer) and "names him" in answer.text
    assert answer.standalone_question and answer.standalone_question != TURNS[1]


def test_a_rewrite_that_adds_nothing_to_the_question_falls_back_to_the_heuristic() -> None:
    """"Where were those talks held?" rewritten "Where were the talks held?" resolved
    nothing: the heuristic appends the names of the turn before instead."""
    from rag.core.condense import condense, condense_offline

    history = [{"role": "user", "content": "Who chaired the talks with the Harbour Authority?"},
               {"role": "assistant", "content": "Judge Ellen Marsh chaired them [1]."}]
    turns = [("user", history[0]["content"]), ("assistant", history[1]["content"])]
    offline = condense_offline("Where were those talks held?", turns)
    assert "Harbour Authority" in offline
    model = ScriptedLocal("Where were the talks held?")
    assert condense("Where were those talks held?", history,  # type: ignore[arg-type]
                    local=model) == offline
    named = ScriptedLocal("Where were the Harbour Authority talks held?")
    assert condense("Where were those talks held?", history,  # type: ignore[arg-type]
                    local=named) == "Where were the Harbour Authority talks held?"
