"""An HTML page parsed for tests: its tags with attributes, the text of each id'd table, its scripts."""

from html.parser import HTMLParser


class Page(HTMLParser):
    """Tags with their attributes, the text of each element id'd table, and every script's source."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.scripts: list[str] = []
        self._table: str | None = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self._table = attributes.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table and self.tables[self._table]:
            self.tables[self._table][-1].append("")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        elif self._table and self.tables[self._table] and self.tables[self._table][-1]:
            self.tables[self._table][-1][-1] += data
