"""What a fetched HTML page says: its title, its text, its anchors, and whether
it is an error page or a bot challenge in disguise. Pure functions on text."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from claimcheck import rx

__all__ = ["anchor_present", "decode_body", "fragment_is_checkable", "has_error_title", "is_challenge",
           "is_home_path", "is_html", "page_title", "says_not_found", "visible_text"]

_CHARSET = rx.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TITLE = rx.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = rx.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_STYLE = rx.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = rx.compile(r"<!--.*?-->", re.DOTALL)
_TAG = rx.compile(r"<[^>]+>")

# Phrases an error page uses about itself. Matched in the title, the first
# heading and the opening text; on their own they only make a page a
# *candidate* soft 404 (see prober.Prober._soft_404), never a verdict.
_NOT_FOUND = rx.compile(  # the lookahead (every phrase's first character) skips most positions at once
    r"(?=[4npdci])(?:\b404\b|\b410\b|not\s+found|page\s+(?:you\s+requested\s+)?(?:is\s+)?(?:missing|unavailable)"
    r"|no\s+longer\s+(?:available|exists?)|(?:does\s+not|doesn[’']t|did\s+not)\s+exist"
    r"|(?:cannot|can[’']t|could\s+not|couldn[’']t)\s+be\s+found|page\s+has\s+(?:been\s+)?(?:moved|removed|deleted)"
    r"|nicht\s+gefunden|introuvable|no\s+encontrad[ao]|non\s+trovat[ao]|niet\s+gevonden)",
    re.IGNORECASE,
)
# A title that is nothing but an error: strong enough alone when the site
# could not be compared with a random sibling path.
_ERROR_TITLE = rx.compile(
    r"^\W*(?:(?:error\s*)?404\b.*|(?:page\s+)?not\s+found\W*(?:[|\-–—:].*)?|page\s+not\s+found.*)$",
    re.IGNORECASE,
)
# Bot walls: a challenge title (Cloudflare, Akamai, generic captchas), or
# markup only challenge pages carry. A reCAPTCHA on a comment form is neither.
_CHALLENGE_TITLE = rx.compile(
    r"(?=[jacvdsp])(?:just\s+a\s+moment|attention\s+required|\bcaptcha\b|are\s+you\s+a\s+robot|access\s+denied"
    r"|verify\s+you\s+are\s+(?:a\s+)?human|ddos\s+protection|security\s+check|pardon\s+our\s+interruption"
    r"|checking\s+(?:your\s+browser|if\s+the\s+site\s+connection\s+is\s+secure))",
    re.IGNORECASE,
)
# Substrings, looked for in the lower-cased page: an IGNORECASE alternation took
# 40 ms on a 200 kB page, ``in`` takes well under one.
_CHALLENGE_MARKUP = ("cf-browser-verification", "/cdn-cgi/challenge-platform", "cf_chl_opt",
                     "px-captcha", "_incapsula_resource", "captcha-delivery.com",
                     'id="challenge-form"')
_BODY = rx.compile(r"<body\b", re.IGNORECASE)
_HIDDEN_OPENERS = ("<script", "<style", "<noscript", "<template", "<!--")
_LANGUAGES = ("ar|bg|ca|cs|da|de|el|en|es|et|eu|fa|fi|fr|gl|he|hi|hr|hu|id|it|ja|ko|lt|lv|ms|nb"
              "|nl|no|pl|pt|ro|ru|sk|sl|sr|sv|th|tr|uk|vi|zh")
_HOME = rx.compile(
    rf"^/?(?:(?:{_LANGUAGES})(?:[-_][a-z]{{2,4}})?/?)?"
    r"(?:(?:index|default|home)(?:\.(?:s?html?|php|aspx?|jsp))?/?)?$",
    re.IGNORECASE,
)


def is_html(content_type: str | None) -> bool:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return kind in {"text/html", "application/xhtml+xml"}


def decode_body(body: bytes, content_type: str | None) -> str:
    """The body as text: the header's charset, else a ``<meta charset>``, else UTF-8."""
    charset = None
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    if charset is None and (match := _CHARSET.search(body[:4096])):
        charset = match.group(1).decode("ascii")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _clean(fragment: str) -> str:
    # str.split() collapses whitespace as r"\s+" does, at a tenth of the cost
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def page_title(text: str) -> str:
    match = _TITLE.search(text)
    return _clean(match.group(1)) if match else ""


def visible_text(text: str, limit: int = 4000) -> str:
    """Roughly what a reader sees of the page's body, up to ``limit`` characters:
    tags, scripts, styles and comments removed, spaces collapsed.

    Works on a window after ``<body`` that grows until it holds enough text, so
    the opening of a 250 kB page costs what the opening costs (the whole page
    took 25 ms)."""
    body = _BODY.search(text)
    start = body.start() if body else 0
    window = max(8 * limit, 16_384)
    while True:
        end = start + window
        chunk = _SCRIPT_STYLE.sub(" ", _COMMENT.sub(" ", text[start:end]))
        if end < len(text):
            chunk = _cut_unfinished(chunk)
        cleaned = _clean(chunk)
        if len(cleaned) >= limit or end >= len(text):
            return cleaned[:limit]
        window *= 4


def _cut_unfinished(chunk: str) -> str:
    """A window's end may fall inside a script, a comment or a tag: drop from its start."""
    lowered = chunk.lower()
    cut = max(lowered.rfind(opener) for opener in _HIDDEN_OPENERS)  # complete ones are gone
    if cut >= 0:
        chunk = chunk[:cut]
    last_open = chunk.rfind("<")
    if last_open > chunk.rfind(">"):
        chunk = chunk[:last_open]
    return chunk


def says_not_found(text: str) -> bool:
    """The title, first heading or opening text calls the page missing."""
    title = page_title(text)
    heading = _H1.search(text)
    parts = [title, _clean(heading.group(1)) if heading else "", visible_text(text, 600)]
    return any(_NOT_FOUND.search(part) for part in parts if part)


def has_error_title(text: str) -> bool:
    return bool(_ERROR_TITLE.match(page_title(text)))


def is_challenge(text: str) -> bool:
    """A bot challenge (Cloudflare "Just a moment...", a captcha) rather than the page."""
    if _CHALLENGE_TITLE.search(page_title(text)):
        return True
    lowered = text.lower()
    return any(marker in lowered for marker in _CHALLENGE_MARKUP)


def is_home_path(url: str) -> bool:
    """``/``, ``/index.html``, ``/en/``, ``/home``: a site's front page."""
    parts = urlsplit(url)
    return not parts.query and bool(_HOME.match(parts.path or "/"))


def fragment_is_checkable(fragment: str) -> bool:
    """Plain anchors only: not ``#top`` (always valid), not a hash-bang route
    (``#!/x``, ``#/x``), a PDF open parameter (``#page=5``) or a text fragment
    (``#:~:text=``)."""
    if not fragment or fragment.lower() == "top":
        return False
    return not (fragment.startswith(("!", "/", ":~:")) or "=" in fragment)


def anchor_present(text: str, fragment: str) -> bool:
    """``id="fragment"`` or ``<a name="fragment">`` is in the page (GitHub's
    ``user-content-`` prefix for rendered Markdown accepted too)."""
    wanted = {fragment, unquote(fragment), f"user-content-{unquote(fragment)}"}
    for name in wanted:
        escaped = re.escape(name)
        value = rf"""(?:"{escaped}"|'{escaped}'|{escaped}(?=[\s/>]))"""
        if re.search(rf"""\s(?:id|name)\s*=\s*{value}""", text):
            return True
        if html.escape(name) != name:  # the attribute may hold the escaped form
            escaped = re.escape(html.escape(name, quote=True))
            if re.search(rf"""\s(?:id|name)\s*=\s*["']{escaped}["']""", text):
                return True
    return False
