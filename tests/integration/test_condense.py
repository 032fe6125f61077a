"""Follow-up questions become standalone ones before retrieval."""

from __future__ import annotations

import pytest

from rag.core.condense import (
    condense,
    condense_offline,
    is_follow_up,
    key_phrases,
    turns_from_history,
)
from rag.core.engine import Engine
from rag.llm.scripted import ScriptedLLM
from rag.schema import Answer

PUTIN_Q = "What did Putin say about Xi Jinping?"


def test_history_shapes_all_accepted() -> None:
    answer = Answer(question=PUTIN_Q, text="He called him a friend [1].", supported=True)
    as_messages = [{"role": "user", "content": PUTIN_Q},
                   {"role": "assistant", "content": "He called him a friend [1]."}]
    expected = [("user", PUTIN_Q), ("assistant", "He called him a friend [1].")]
    assert turns_from_history(as_messages) == expected
    assert turns_from_history([answer]) == expected
    assert turns_from_history([answer.model_dump()]) == expected
    assert turns_from_history(None) == []
    assert turns_from_history([{"role": "system", "content": "x"}, 3, "text"]) == []


def test_previous_standalone_question_is_preferred() -> None:
    prior = Answer(question="And him?", standalone_question="And him? (Putin)", text="t",
                   supported=True).model_dump()
    assert turns_from_history([prior])[0] == ("user", "And him? (Putin)")


@pytest.mark.parametrize("question, follow_up", [
    ("What did he say about the boycott?", True),
    ("And Xi?", True),
    ("What about the doping?", True),
    ("Why?", True),
    ("Which countries announced a diplomatic boycott of Beijing 2022?", False),
])
def test_follow_up_detection(question: str, follow_up: bool) -> None:
    assert is_follow_up(question) is follow_up


def test_offline_adds_the_previous_names() -> None:
    turns = [("user", PUTIN_Q), ("assistant", "Xi is his friend [1].")]
    out = condense_offline("What did he say about the boycott?", turns)
    assert out.startswith("What did he say about the boycott?")
    assert "Putin" in out and "Xi Jinping" in out


def test_offline_leaves_standalone_questions_alone() -> None:
    turns = [("user", PUTIN_Q)]
    q = "Which countries announced a diplomatic boycott of Beijing 2022?"
    assert condense_offline(q, turns) == q
    assert condense("What did he say?", []) == "What did he say?"


def test_key_phrases_names_then_words() -> None:
    assert key_phrases("Did Putin attend the Games of the Future?") == [
        "Putin", "Games of the Future",
    ]
    assert key_phrases("why was russia banned?") == ["russia", "banned"]


def test_llm_rewrites_with_the_conversation_in_its_prompt() -> None:
    llm = ScriptedLLM(['Standalone question: "What did Putin say about the boycott?"'])
    out = condense("What did he say about the boycott?", [{"role": "user", "content": PUTIN_Q}],
                   llm)
    assert out == "What did Putin say about the boycott?"
    prompt = llm.received[0][-1].content or ""
    assert PUTIN_Q in prompt and "What did he say about the boycott?" in prompt


def test_llm_garbage_falls_back_to_the_heuristic() -> None:
    llm = ScriptedLLM(["   \n  "])
    out = condense("What did he say about the boycott?", [{"role": "user", "content": PUTIN_Q}],
                   llm)
    assert "Putin" in out


def test_engine_follow_up_retrieves_with_the_standalone_question(hash_engine: Engine) -> None:
    history = [{"role": "user", "content": "What did Wang Wenbin say?"}]
    answer = hash_engine.ask("What did he say about the domino effect?", history)
    assert "Wang Wenbin" in answer.standalone_question
    assert answer.question == "What did he say about the domino effect?"


@pytest.mark.integration
def test_follow_up_finds_the_putin_passages(onnx_engine: Engine) -> None:
    history = [{"role": "user", "content": "What did Putin say about Xi?"},
               {"role": "assistant", "content": "He called Xi a friend [1]."}]
    answer = onnx_engine.ask("What did he say about the boycott?", history)
    assert "Putin" in answer.standalone_question
    top = answer.passages[:3]
    assert all("Putin" in p.snippet or "Putin" in p.title for p in top)
    assert answer.supported
    assert any("Putin" in (c.quote or c.snippet) for c in answer.citations)


@pytest.mark.integration
@pytest.mark.parametrize("earlier, follow_up, name", [
    ("What did Wang Wenbin say about the boycott?", "What else did he say?", "Wang Wenbin"),
    ("What did Biden do?", "What did he say about the boycott?", "Biden"),
])
def test_same_follow_up_retrieves_what_the_conversation_is_about(
    onnx_engine: Engine, earlier: str, follow_up: str, name: str
) -> None:
    alone = onnx_engine.ask(follow_up)
    followed = onnx_engine.ask(follow_up, [{"role": "user", "content": earlier}])
    assert name in followed.standalone_question

    def mentions(answer: Answer) -> int:
        return sum(name.split()[0] in p.snippet for p in answer.passages)

    assert mentions(followed) >= 2
    assert mentions(followed) > mentions(alone)


def test_after_who_he_or_she_is_whom_the_answer_named() -> None:
    """"Which councillor represents Saltmarsh?" answered "Bernadette Quill …": "she" in
    the next question is Bernadette Quill, and still is a question later; after a
    question that asked no who, the previous question's names stand."""
    turns = [("user", "Which councillor represents Saltmarsh ward?"),
             ("assistant", "Bernadette Quill represents Saltmarsh ward. [1]")]
    assert condense_offline("What did she say about the sea wall?", turns) == \
        "What did she say about the sea wall? (Bernadette Quill)"
    turns += [("user", "What did she say about the ferry?"),
              ("assistant", "Quill called it a luxury. [1]")]
    assert condense_offline("And what did she say after the storm?", turns).endswith(
        "(Bernadette Quill)")
    other = [("user", PUTIN_Q), ("assistant", "Ushakov said Putin called Xi a friend. [1]")]
    assert condense_offline("What did he say about the boycott?", other).endswith(
        "(Putin, Xi Jinping)")
