"""The conversation: each turn in its own keyed container whose key says its state
(`turn-<id>-queued|streaming|answered|declined|error`), so a turn shows exactly its
own state. Questions are queued in session state first and answered one at a time in
the background (`rag.app.answering.AnswerJob`), so a question sent while another is being
answered waits, shown as queued, and the answer in progress is not restarted.
Rendering only: text comes from `rag.render.present`, answers from `rag.core.engine.Engine`."""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from rag.app.answering import AnswerJob
from rag.app.feedback import Rating, record_feedback
from rag.core.engine import Engine
from rag.errors import RagError
from rag.render import present
from rag.schema import Answer, Citation, is_declined
from rag.settings import Settings

TURNS = "turns"
Turn = dict[str, Any]


# --- state ----------------------------------------------------------------------------
def turns() -> list[Turn]:
    """This session's turns: {"id", "question", "state", "answer", "error", "feedback"}."""
    if TURNS not in st.session_state:
        st.session_state[TURNS] = []
    result: list[Turn] = st.session_state[TURNS]
    return result


def answers() -> list[Answer]:
    return [t["answer"] for t in turns() if t.get("answer") is not None]


def enqueue(question: str) -> None:
    turns().append({"id": uuid.uuid4().hex[:10], "question": question, "state": "queued",
                    "answer": None, "error": "", "feedback": None})


def finish(turn: Turn, answer: Answer) -> None:
    answer = present.apply_floor(answer)  # weak passages are not evidence
    turn["answer"] = answer
    turn["state"] = "declined" if is_declined(answer) else "answered"


# --- one turn -------------------------------------------------------------------------
def _question(turn: Turn) -> None:
    with st.chat_message("user"):
        st.markdown(present.escape_markdown(turn["question"]))
        answer: Answer | None = turn.get("answer")
        if answer and answer.standalone_question and \
                answer.standalone_question != answer.question:
            st.caption(
                f":material/manage_search: Interpreted as: "
                f"{present.escape_markdown(answer.standalone_question)}"
            )


def _card(answer: Answer, c: Citation, tid: str, outlets: dict[str, str], cited: bool) -> None:
    """A folded source card: title, date and outlet on the fold; the whole passage with
    every cited sentence highlighted inside."""
    with st.container(key=f"card-{tid}-{c.n}"):
        weak = not present.is_evidence(c)
        label = present.card_label(c, outlets.get(c.source))
        with st.expander(label + (" · weak match" if weak else ""), expanded=False):
            if weak:
                st.caption(":material/warning: This passage is a weak match for the "
                           "question (below the relevance floor): not evidence.")
                st.markdown(present.escape_markdown(c.snippet))
            elif cited:
                st.markdown(present.highlighted_passage(c.snippet, present.cited_spans(answer, c)))
            else:
                st.markdown(present.escape_markdown(c.snippet))


def _details(answer: Answer) -> None:
    with st.expander("Details", icon=":material/tune:"):
        for c in answer.citations or present.evidence(answer.passages):
            st.markdown(f"\\[{c.n}\\] {present.citation_meta(c)}")
        bits = [f"{name} {ms:,.0f} ms" for name, ms in answer.timings_ms.items()]
        if answer.verification:
            bits += [f"{k} {v:.2f}" for k, v in answer.verification.items()]
        if bits:
            st.caption(" · ".join(bits))


def _answer_body(turn: Turn, outlets: dict[str, str]) -> None:
    answer: Answer = turn["answer"]
    tid = turn["id"]
    if answer.notice:
        st.info(present.escape_markdown(answer.notice), icon=":material/info:")
    if turn["state"] == "declined":
        st.warning(present.escape_markdown(answer.text), icon=":material/search_off:")
        closest = present.evidence(answer.passages)[:3]
        if closest:
            st.caption(f"Closest passages ({len(closest)}): retrieved, but none of them "
                       "answers the question.")
            for c in closest:
                _card(answer, c, tid, outlets, cited=False)
    else:
        st.markdown(present.answer_markdown(answer, anchor=tid))
        if any(not s.supported for s in answer.sentences):
            st.caption(
                ":orange[:material/warning:] Highlighted sentences are not supported by the "
                "passages they cite: check them against the sources."
            )
        st.markdown("**Sources**")
        for c in answer.citations:
            _card(answer, c, tid, outlets, cited=True)
    _details(answer)
    st.caption(f":material/smart_toy: Answered by {present.escape_markdown(answer.answerer)}")


def _save_feedback(turn: Turn, settings: Settings) -> None:
    """on_change of the thumbs: save at once (one JSONL record)."""
    choice = st.session_state.get(f"fb-{turn['id']}")
    if choice is None:
        return
    rating: Rating = "up" if choice == 1 else "down"
    try:
        record_feedback(settings, turn["answer"], rating)
    except RagError as exc:
        turn["feedback"] = {"error": str(exc)}
        return
    turn["feedback"] = {"rating": rating}


def _save_comment(turn: Turn, settings: Settings) -> None:
    comment = st.session_state.get(f"fbc-{turn['id']}", "").strip()
    fb = turn.get("feedback") or {}
    if not comment or "rating" not in fb:
        return
    try:
        record_feedback(settings, turn["answer"], fb["rating"], comment)
    except RagError as exc:
        turn["feedback"] = {**fb, "error": str(exc)}
        return
    turn["feedback"] = {**fb, "comment": True}


def _feedback(turn: Turn, settings: Settings) -> None:
    """Thumbs (Material icons: no emoji font needed); saved on click, confirmed."""
    tid = turn["id"]
    st.feedback("thumbs", key=f"fb-{tid}", on_change=_save_feedback, args=(turn, settings))
    fb = turn.get("feedback") or {}
    if fb.get("error"):
        st.error(present.escape_markdown(fb["error"]), icon=":material/error:")
    elif "rating" in fb:
        word = "helpful" if fb["rating"] == "up" else "not helpful"
        st.caption(f":material/check_circle: Feedback saved ({word}). Thank you!")
        if fb.get("comment"):
            st.caption(":material/check_circle: Comment saved.")
        else:
            with st.form(key=f"fbform-{tid}", border=False):
                st.text_input("Add a comment (optional)", key=f"fbc-{tid}",
                              placeholder="What was good or wrong about this answer?")
                st.form_submit_button("Save comment", on_click=_save_comment,
                                      args=(turn, settings))


def show_turn(turn: Turn, settings: Settings, outlets: dict[str, str],
              indexing: bool = False) -> None:
    with st.container(key=f"turn-{turn['id']}-{turn['state']}"):
        _question(turn)
        with st.chat_message("assistant"):
            if turn["state"] == "queued" and indexing:
                st.caption(":material/schedule: Queued: answered when re-indexing has "
                           "finished.")
            elif turn["state"] == "queued":
                st.caption(":material/schedule: Queued: answered when the question before "
                           "it has been answered.")
            elif turn["state"] == "error":
                st.error(present.escape_markdown(turn["error"]), icon=":material/error:")
            else:
                _answer_body(turn, outlets)
                _feedback(turn, settings)


# --- answering (in the background; the page polls) ---------------------------------
def start_next(eng: Engine, top_k: int) -> None:
    """Start answering the first queued question, unless one is being answered."""
    all_turns = turns()
    if any(t["state"] == "streaming" for t in all_turns):
        return
    turn = next((t for t in all_turns if t["state"] == "queued"), None)
    if turn is None:
        return
    history = present.history_messages(
        [t["answer"] for t in all_turns if t is not turn and t.get("answer") is not None]
    )
    turn["job"] = AnswerJob(eng.settings, turn["question"], history, top_k)
    turn["state"] = "streaming"


def _settle(turn: Turn) -> bool:
    """Move a finished job's outcome into the turn; True when it finished."""
    job: AnswerJob | None = turn.get("job")
    if job is None or not job.done:
        return False
    if job.answer is not None:
        finish(turn, job.answer)
    else:
        turn["state"], turn["error"] = "error", job.error or "no answer came back"
    turn["job"] = None
    return True


def show_streaming(turn: Turn, outlets: dict[str, str]) -> None:
    """The turn being answered: what is happening, the evidence as soon as it is
    found, then the text as it is written; redrawn every 0.3 s until done."""

    @st.fragment(run_every=0.3)
    def live() -> None:
        if _settle(turn):
            st.rerun(scope="app")
        job: AnswerJob = turn["job"]
        with st.container(key=f"turn-{turn['id']}-streaming"):
            _question(turn)
            with st.chat_message("assistant"):
                st.caption(f":material/hourglass_top: {present.escape_markdown(job.status())}")
                if job.text:
                    st.markdown(present.streamed_markdown(job.text) + " ▌")
                evidence = present.evidence(job.evidence)
                if evidence:
                    st.markdown(f"**Evidence found** ({len(evidence)} passages)")
                    for c in evidence[:5]:
                        with st.container(key=f"evidence-{turn['id']}-{c.n}"):
                            st.markdown(present.card_label(c, outlets.get(c.source)))

    live()
