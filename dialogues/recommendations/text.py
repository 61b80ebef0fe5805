"""Recommendation text: a safe Markdown subset, and word-level diffs between revisions."""
import difflib
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
SAFE_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False})
_tokens = re.compile(r"\s+|[^\s]+")


def render_markdown(source: str) -> Markup:
    """Markdown → HTML: raw HTML is escaped by the parser, then nh3 keeps only the allow-list."""
    html = _markdown.render(source or "")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=SAFE_SCHEMES,
                            link_rel="noopener noreferrer nofollow"))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op in equal/insert/delete; the template escapes and marks them up."""
    a, b = _tokens.findall(old or ""), _tokens.findall(new or "")
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("equal", "delete"):
            parts.append((op, "".join(a[i1:i2])))
        elif op == "insert":
            parts.append((op, "".join(b[j1:j2])))
        else:  # replace
            parts += [("delete", "".join(a[i1:i2])), ("insert", "".join(b[j1:j2]))]
    return parts
