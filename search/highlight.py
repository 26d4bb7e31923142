"""Highlighted text: backends mark matches with private-use sentinels; only here they become HTML.

Elasticsearch is asked to wrap matches in the sentinels instead of tags and the database backend
marks query words the same way, so escaping happens once, in `to_html`, for both: nothing a
story, a product or a query contains can reach the page as markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START = "\ue000"
END = "\ue001"
SNIPPET_LENGTH = 180
SENTINELS = re.compile(f"({START}|{END})")


def to_html(marked: str) -> SafeString:
    """Escape `marked` text and turn its sentinels into balanced <mark> elements."""
    html: list[str] = []
    open_mark = False
    for piece in SENTINELS.split(marked):
        if piece == START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif piece == END and open_mark:
            html.append("</mark>")
            open_mark = False
        elif piece not in (START, END):
            html.append(str(escape(piece)))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # every piece of text was escaped above


def mark_terms(text: str, terms: tuple[str, ...]) -> str:
    """Mark every word of `text` that starts with one of `terms` (case-insensitive)."""
    clean = strip_sentinels(text)
    if not terms:
        return clean
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    return pattern.sub(lambda match: f"{START}{match.group(0)}{END}", clean)


def snippet(text: str, terms: tuple[str, ...], length: int = SNIPPET_LENGTH) -> str:
    """A marked excerpt of `text` of about `length` characters around the first matching word."""
    clean = " ".join(strip_sentinels(text).split())
    start = 0
    if terms:
        alternatives = "|".join(re.escape(term) for term in terms)
        found = re.search(rf"\b(?:{alternatives})", clean, re.IGNORECASE)
        if found and found.start() > length // 2:
            start = clean.rfind(" ", 0, found.start() - length // 3) + 1
    excerpt = clean[start : start + length]
    if start + length < len(clean):
        excerpt = excerpt.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + mark_terms(excerpt, terms)


def strip_sentinels(text: str) -> str:
    """Text as stored can never carry our sentinels into a highlight."""
    return text.replace(START, "").replace(END, "")
