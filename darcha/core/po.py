"""A small reader and writer for gettext .po files (enough for our catalogues: contexts, plurals, fuzzy).

Used by scripts/messages.py to derive the Uzbek Cyrillic catalogue and by the test that fails on a
missing translation.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        if self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in escaped or (escaped.endswith("\n") and escaped.count("\n") == 1):
        return '"' + escaped.replace("\n", "\\n") + '"'
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


class Catalogue:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._index = {(e.msgctxt, e.msgid): e for e in entries}

    @classmethod
    def read(cls, path: Path) -> Catalogue:
        entries: list[Entry] = []
        current = Entry()
        target: tuple[str, str | None] | None = None

        def flush() -> None:
            nonlocal current
            if current.msgid or current.msgstr or current.comments:
                entries.append(current)
            current = Entry()

        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line:
                flush()
                target = None
                continue
            if line.startswith("#~"):
                continue
            if line.startswith("#"):
                if target is not None and (current.msgid or current.msgstr):
                    flush()
                    target = None
                if line.startswith("#,") and "fuzzy" in line:
                    current.fuzzy = True
                    rest = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                    if rest:
                        current.comments.append("#, " + ", ".join(rest))
                else:
                    current.comments.append(raw)
                continue
            if line.startswith("msgctxt "):
                current.msgctxt = _unquote(line[8:])
                target = ("msgctxt", None)
            elif line.startswith("msgid_plural "):
                current.msgid_plural = _unquote(line[13:])
                target = ("msgid_plural", None)
            elif line.startswith("msgid "):
                current.msgid = _unquote(line[6:])
                target = ("msgid", None)
            elif line.startswith("msgstr["):
                index = line[7 : line.index("]")]
                current.msgstr_plural[index] = _unquote(line[line.index("]") + 1 :].strip())
                target = ("msgstr_plural", index)
            elif line.startswith("msgstr "):
                current.msgstr = _unquote(line[7:])
                target = ("msgstr", None)
            elif line.startswith('"') and target is not None:
                text = _unquote(line)
                kind, plural_index = target
                if kind == "msgctxt":
                    current.msgctxt = (current.msgctxt or "") + text
                elif kind == "msgid":
                    current.msgid += text
                elif kind == "msgid_plural":
                    current.msgid_plural = (current.msgid_plural or "") + text
                elif kind == "msgstr":
                    current.msgstr += text
                elif plural_index is not None:
                    current.msgstr_plural[plural_index] += text
        flush()
        return cls(entries)

    def find(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        return self._index.get((msgctxt, msgid))

    def untranslated(self) -> list[Entry]:
        return [e for e in self.entries if e.msgid and not e.translated]

    def write(self, path: Path) -> None:
        chunks = []
        for entry in self.entries:
            # Order of the PO format: comments and references, then flags, then the previous msgid
            # (kept only while the entry is fuzzy: it is what a translator compares against).
            lines = [c for c in entry.comments if not c.startswith("#|")]
            if entry.fuzzy:
                lines.append("#, fuzzy")
                lines += [c for c in entry.comments if c.startswith("#|")]
            if entry.msgctxt is not None:
                lines.append("msgctxt " + _quote(entry.msgctxt))
            lines.append("msgid " + _quote(entry.msgid))
            if entry.msgid_plural is not None:
                lines.append("msgid_plural " + _quote(entry.msgid_plural))
                for index in sorted(entry.msgstr_plural or {"0": "", "1": ""}):
                    lines.append(f"msgstr[{index}] " + _quote(entry.msgstr_plural.get(index, "")))
            else:
                lines.append("msgstr " + _quote(entry.msgstr))
            chunks.append("\n".join(lines))
        path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
