"""Test input written with ``*italic*`` markup, as PDF converters mark titles."""

from __future__ import annotations


def italic(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Text and italic spans from ``*italic*`` markup (``\\*`` is a literal star)."""
    text, spans, start, index = "", [], None, 0
    while index < len(marked):
        if marked.startswith("\\*", index):
            text, index = text + "*", index + 2
            continue
        if marked[index] == "*":
            if start is None:
                start = len(text)
            else:
                spans.append((start, len(text)))
                start = None
        else:
            text += marked[index]
        index += 1
    return text, spans
