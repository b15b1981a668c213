"""Numbers written as words ("seven", "twenty-two") and quantifiers over a set
("more than half of", "three of", "none of"), read as tests over (part, whole).

Kept apart from the rules because two read numbers the same way: C003 in
``prose`` (a duration such as "a seven-year break") and C006 in
``consistency`` (a count such as "three of the five members"). The quantifier's test is kept next to its pattern, whose
named groups (``q``, ``only``, ``bound``, ``k``) it reads.
"""

from __future__ import annotations

import re

from claimcheck import rx

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}


def number_from_word(word: str) -> int | None:
    """The value of digits or a number word ("a" and "an" count as one)."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in NUMBER_WORDS and unit in NUMBER_WORDS and NUMBER_WORDS[unit] < 10:
            return NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
        return None
    return NUMBER_WORDS.get(word)


def spell_number(n: int) -> str:
    words = {v: k for k, v in NUMBER_WORDS.items() if k not in {"a", "an"}}
    return words.get(n, str(n))


def count_from_word(word: str | None) -> int | None:
    """A count of members: like ``number_from_word``, but "a"/"an" is no count."""
    if word is None:
        return None
    return None if word.lower() in {"a", "an"} else number_from_word(word)


QUANTIFIER = (r"(?P<q>more\s+than\s+half(?:\s+of)?|over\s+half(?:\s+of)?|less\s+than\s+half(?:\s+of)?|"
              r"fewer\s+than\s+half(?:\s+of)?|(?:about\s+|nearly\s+|almost\s+)?half\s+(?:of\s+)?|"
              r"(?:the\s+|a\s+)?majority\s+of|most(?:\s+of)?|all(?:\s+of)?|every|none\s+of|no|"
              r"only\s+(?P<only>\w+)(?:\s+of)?|(?:at\s+least|more\s+than|exactly|just)\s+(?P<bound>\w+)(?:\s+of)?|"
              r"(?P<k>\w+)\s+(?:out\s+)?of)")


def quantifier_test(match: re.Match[str]):
    """(predicate over (shared, total), what the text claims) for the quantifier
    matched by ``QUANTIFIER``; None when its number cannot be read."""
    q = " ".join(match.group("q").lower().split())
    q = rx.sub(r"\s+of$", "", q)
    if q in {"more than half", "over half"} or "majority" in q or q == "most":
        return (lambda s, n: s * 2 > n), q
    if q in {"less than half", "fewer than half"}:
        return (lambda s, n: s * 2 < n), q
    if q.endswith("half"):
        if q != "half":  # about / nearly half
            return (lambda s, n: abs(s * 2 - n) <= 2), q
        return (lambda s, n: s * 2 in (n - 1, n, n + 1)), q
    if q in {"all", "every"}:
        return (lambda s, n: s == n), q
    if q in {"none", "no"}:
        return (lambda s, n: s == 0), q
    if match.group("only"):
        k = count_from_word(match.group("only"))
        return None if k is None else ((lambda s, n, k=k: s == k), q)
    if match.group("bound"):
        k = count_from_word(match.group("bound"))
        if k is None:
            return None
        if q.startswith("at least"):
            return (lambda s, n, k=k: s >= k), q
        if q.startswith("more than"):
            return (lambda s, n, k=k: s > k), q
        return (lambda s, n, k=k: s == k), q
    if match.group("k"):
        k = count_from_word(match.group("k"))
        return None if k is None else ((lambda s, n, k=k: s == k), q)
    return None
