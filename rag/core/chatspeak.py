"""Chat spellings written out: "which countrys r boycotting and y" asks "why", and
"putin n xi" means "and". Only lower-case words standing alone are read this way (a
capital R or N is a name or an initial), so retrieval, the evidence ranking and the
model all see the question as it was meant."""

from __future__ import annotations

import re

_WORDS = {
    "u": "you", "ur": "your", "r": "are", "n": "and", "y": "why", "w": "with",
    "wat": "what", "wut": "what", "wot": "what", "ppl": "people", "bc": "because",
    "cuz": "because", "coz": "because", "cos": "because", "abt": "about", "b4": "before",
    "thru": "through", "tho": "though", "irl": "in person", "govt": "government",
    "becuz": "because", "whats": "what's", "whos": "who's", "hows": "how's", "wheres": "where's",
    "dont": "don't", "didnt": "didn't", "doesnt": "doesn't", "wasnt": "wasn't",
    "isnt": "isn't", "werent": "weren't", "wont": "won't", "cant": "can't",
    "im": "I'm", "ive": "I've", "hes": "he's", "shes": "she's", "theyre": "they're",
}
_TOKEN = re.compile(r"(?<![\w'’/&-])(?:" + "|".join(map(re.escape, sorted(_WORDS, key=len,
                                                                        reverse=True)))
                    + r")(?![\w'’/&-])")


# "who pays 4 it", "who scored 4 the gulls": a lone 4 after a word and before a
# determiner or pronoun is "for"; "scored 4 goals" and "4 the 2nd time" are left alone.
_FOR = re.compile(r"(?<=[a-z] )4(?= (?:the|a|an|it|them|him|her|us|me|my|his|their|our|"
                  r"this|that|these|those)\b)")


def written_out(question: str) -> str:
    """The question with its chat spellings written out; unchanged when it has none."""
    return _FOR.sub("for", _TOKEN.sub(lambda m: _WORDS[m.group()], question))
