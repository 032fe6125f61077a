"""Model text is plain text with `[n]` markers; anything else a model (or a hostile
server) puts in it is removed before anyone shows it: HTML tags (`<script>`,
`<img onerror=…>`), markdown images (`![x](http://…)`, which a renderer would fetch)
and links (their text stays), and terminal control sequences. `StreamStripper` does
the same live, holding back a piece that may be the start of such a construct until
it is complete."""

from __future__ import annotations

import re

_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[@-_]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*[A-Za-z][\w+.-]*:[^)\n]*\)")
_TAG = re.compile(r"</?[A-Za-z!][^<>]*>")
# A suffix that may still become one of the above once more text arrives.
_OPEN = re.compile(r"\x1b[^\n]{0,40}$|<[^<>\n]*$|!?\[[^\]\n]*(?:\](?:\([^)\n]*)?)?$|!$")
HOLD = 300  # never hold back more than this many characters


def strip_markup(text: str) -> str:
    """`text` without tags, markdown images and links (their text kept), and control
    characters (newlines and tabs stay)."""
    text = _CONTROL.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    return _TAG.sub("", text)


class StreamStripper:
    """`strip_markup` for text that arrives in pieces."""

    def __init__(self) -> None:
        self._held = ""

    def feed(self, delta: str) -> str:
        text = self._held + delta
        found = _OPEN.search(text, max(0, len(text) - HOLD))
        end = found.start() if found else len(text)
        self._held = text[end:]
        return strip_markup(text[:end])

    def close(self) -> str:
        text, self._held = self._held, ""
        return strip_markup(text)
