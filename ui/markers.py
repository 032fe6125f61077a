"""Clickable `[n]` markers. `rag.render.present.marker(n, anchor)` writes each marker as an
in-page link `#cite-<turn>-<n>`; this script (our own, fixed: no untrusted text goes
into it) turns a click on one into: open source card n of that turn
(`.st-key-card-<turn>-<n>`), scroll to it and outline it."""

from __future__ import annotations

import streamlit as st

_JS = """
export default function () {
  if (window.__ragCitationLinks) return;
  window.__ragCitationLinks = true;
  const style = document.createElement("style");
  style.textContent = ".rag-cite-active{outline:3px solid #1c83e1;outline-offset:3px;" +
    "border-radius:0.5rem}";
  document.head.appendChild(style);
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const id = link.getAttribute("href").slice("#cite-".length);
    const card = document.querySelector(".st-key-card-" + CSS.escape(id));
    if (!card) return;
    const details = card.querySelector("details");
    if (details && !details.open) {
      const summary = details.querySelector("summary");
      if (summary) summary.click(); else details.open = true;
    }
    document.querySelectorAll(".rag-cite-active")
      .forEach((el) => el.classList.remove("rag-cite-active"));
    card.classList.add("rag-cite-active");
    card.setAttribute("data-cited", "active");
    setTimeout(() => card.scrollIntoView({ block: "center" }), 50);
  }, true);
}
"""

_component = st.components.v2.component("rag_citation_links", js=_JS)


def citation_links() -> None:
    """Mount the click handler (once per page; it sizes to nothing)."""
    _component(key="citation-links", height=0)
