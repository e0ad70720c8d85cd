"""What the Content-Security-Policy forbids, found in a page's HTML.

The policy (script-src 'self', style-src 'self') refuses inline scripts, `<style>` elements,
`style` attributes, event-handler attributes and `javascript:` addresses. Chromium reports
a violation only on the pages a browser test opens; reading the HTML of every page any test
fetches catches the rest, including form errors, previews and error pages.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Script types that the browser does not run: data islands are allowed by the policy.
_DATA_TYPES = frozenset({"application/json", "application/ld+json", "text/template"})


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script_inline = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            kind = (named.get("type") or "").lower()
            self._script_inline = not named.get("src") and kind not in _DATA_TYPES
            self._script_text = []

    def handle_data(self, data: str) -> None:
        if self._script_inline:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script_inline:
            text = "".join(self._script_text).strip()
            if text:
                self.found.append(f"inline <script>: {text[:60]!r}")
            self._script_inline = False


def inline_code(html: str) -> list[str]:
    """The inline scripts, styles and handlers in `html` that the policy would refuse."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
