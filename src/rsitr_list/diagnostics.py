"""One Diagnostic type for every problem found in the data, and its printing."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Diagnostic:
    """A problem at one field of one file.

    ``loc`` is the field path inside the YAML document (``("links", "doi")``);
    ``line``/``col`` are filled from it by :func:`rsitr_list.positions.resolve`.
    ``line=NO_POSITION`` marks a problem with the path itself (a folder or a link where
    a record belongs), which is printed without a position.
    """

    NO_POSITION: ClassVar[int] = -1

    path: str
    rule: str
    message: str
    loc: Loc = ()
    hint: str | None = None
    severity: Severity = "error"
    line: int = 0
    col: int = 0
    extra: tuple[str, ...] = field(default=(), compare=False)

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    def at(self, line: int, col: int) -> Diagnostic:
        return replace(self, line=line, col=col)

    def format(self) -> str:
        path = printable(self.path)
        where = f"{path}:{self.line}:{self.col}" if self.line > 0 else path
        subject = f" {printable(self.field)}:" if self.loc else ""
        text = f"{where}: {self.severity}[{self.rule}]{subject} {printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule, self.message)


# What a message must not pass to the terminal as it is: control characters (an ESC
# starts a terminal command), line breaks (a fake second diagnostic), and invisible
# format characters such as bidi overrides, which reorder the text around them.
_UNPRINTABLE = re.compile(
    r"[^\S ]|[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == " " or (ch.isspace() and unicodedata.category(ch) == "Zs"):
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text as it may be printed: characters that could hide or fake output are written as escapes."""
    if text.isprintable():
        return text
    return _UNPRINTABLE.sub(_escape, text)


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known value, if one is close enough."""
    if not isinstance(value, str):
        return None
    match = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def errors(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity == "error"]


def summary_line(diags: list[Diagnostic]) -> str:
    n_err = len(errors(diags))
    n_warn = len(diags) - n_err
    return f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"


# A file with more problems than this is shown only in part (the first ones by line): a
# hostile or badly broken file could otherwise print tens of thousands of lines.
MAX_SHOWN_PER_FILE = 50


def _capped_per_file(diags: list[Diagnostic]) -> list[tuple[Severity, str]]:
    lines: list[tuple[Severity, str]] = []
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    for path, group in by_path.items():
        lines += [(d.severity, d.format()) for d in group[:MAX_SHOWN_PER_FILE]]
        rest = group[MAX_SHOWN_PER_FILE:]
        if rest:
            severity: Severity = "error" if errors(rest) else "warning"
            lines.append(
                (
                    severity,
                    f"{printable(path)}: {len(rest)} more problem{'s' * (len(rest) != 1)} in this file "
                    "not shown; fix these and run again",
                )
            )
    return lines


def report(diags: list[Diagnostic], show_warnings: bool = True) -> list[tuple[Severity, str]]:
    """What a command shows of a run's diagnostics, line by line, for the CLI and the site alike.

    With show_warnings=False a valid list's warnings (e.g. a source's misprinted mR)
    shrink to one line, so they do not repeat on every build; on failure everything
    is shown, then a summary.
    """
    failed = bool(errors(diags))
    lines: list[tuple[Severity, str]] = []
    if show_warnings or failed:
        lines += _capped_per_file(diags)
    elif diags:
        lines.append(("warning", f"{len(diags)} warning{'s' * (len(diags) != 1)} (`rsitr-list validate` shows them)"))
    if failed:
        lines.append(("error", f"validation failed: {summary_line(diags)}"))
    return lines
