"""Answers: the result types every caller sees, and the answerers that make them."""

from rag.schema import Answer, AnswerSentence, Citation

__all__ = ["Answer", "AnswerSentence", "Citation"]
