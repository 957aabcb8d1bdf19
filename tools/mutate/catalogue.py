"""The fixed catalogue of small source edits (mutants) applied to C# files of the model.

Line-based, on code formatted by `dotnet format` (spaces around binary operators, one
statement a line, braces always): no C# parser, so no Roslyn. String and character literals
and comments are masked before matching, so a message text or a comment is never mutated.

Operators, in the order they are listed:
  flip-comparison   < <=, <= <, > >=, >= >, == !=, != ==, 'is null' 'is not null' and back
  swap-logical      && ||, || &&
  delete-statement  a whole one-line statement (a call, an assignment, ++/--), not a
                    declaration, return, break, continue, throw or yield
  constant-by-one   an integer literal n -> n+1 and n-1 (not below 0); true <-> false
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

OPERATORS = ("flip-comparison", "swap-logical", "delete-statement", "constant-by-one")

_COMPARISONS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
_COMPARISON = re.compile(r"(?<= )(<=|>=|==|!=|<|>)(?= )")
_IS_NULL = re.compile(r"\bis (not )?null\b")
_LOGICAL = re.compile(r"(?<= )(&&|\|\|)(?= )")
_INTEGER = re.compile(r"(?<![\w.])(\d+)(?![\w.])")
_BOOLEAN = re.compile(r"\b(true|false)\b")

# Lines that start a declaration or a jump: deleting one does not compile or is not a
# small change of behaviour.
_NOT_DELETABLE = re.compile(
    r"^(var|return|using|namespace|break|continue|throw|yield|goto|case|default|public|private|"
    r"internal|protected|const|static|readonly|await using|else|if|for|foreach|while|do|switch|"
    r"lock|try|catch|finally)\b|^[\[{}().]")
_DECLARATION = re.compile(r"^[\w<>\[\],.?]+\s+\w+\s*(=(?!=)|;)")


@dataclass(frozen=True)
class Mutant:
    """One edit: replace `original` at `column` (0-based) of line `line` (1-based) of `path` with `replacement`."""

    path: str
    line: int
    column: int
    operator: str
    original: str
    replacement: str
    text: str  # the whole original line, stripped
    indent: int  # where the stripped text starts in the line
    occurrence: int = 1  # the same edit of the same line text earlier in the file makes this 2, 3, ...

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the file: the file, the line's text, where and what, and
        which of several identical lines (#2, #3, ... from the second on)."""
        repeat = f"#{self.occurrence}" if self.occurrence > 1 else ""
        if self.operator == "delete-statement":
            return f"{self.path}|{self.text}|delete{repeat}"
        return f"{self.path}|{self.text}|{self.column - self.indent}|{self.original}->{self.replacement}{repeat}"

    def apply(self, source: str) -> str:
        """The file's text with this edit made; the line must still read as when it was found."""
        lines = source.split("\n")
        raw = lines[self.line - 1]
        if raw.strip() != self.text:
            raise ValueError(f"{self.path}:{self.line} changed since the mutants were listed")
        if self.operator == "delete-statement":
            lines[self.line - 1] = raw[: len(raw) - len(raw.lstrip())] + "// (deleted by mutation)"
        else:
            end = self.column + len(self.original)
            if raw[self.column:end] != self.original:
                raise ValueError(f"{self.path}:{self.line}:{self.column} does not hold '{self.original}'")
            lines[self.line - 1] = raw[: self.column] + self.replacement + raw[end:]
        return "\n".join(lines)

    def describe(self) -> str:
        if self.operator == "delete-statement":
            return f"{self.path}:{self.line} {self.operator}: {self.text}"
        return f"{self.path}:{self.line}:{self.column + 1} {self.operator}: '{self.original}' -> '{self.replacement}' in {self.text}"


def mask(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line with comments and the contents of string and char literals replaced by spaces
    (quotes kept), and whether a /* comment is still open at its end."""
    out = []
    i = 0
    n = len(line)
    while i < n:
        if in_comment:
            end = line.find("*/", i)
            if end < 0:
                out.append(" " * (n - i))
                return "".join(out), True
            out.append(" " * (end + 2 - i))
            i = end + 2
            in_comment = False
            continue
        c = line[i]
        if line.startswith("//", i):
            out.append(" " * (n - i))
            break
        if line.startswith("/*", i):
            in_comment = True
            continue
        if c == '"' or (c in "$@" and i + 1 < n and line[i + 1] in '"$@'):
            # A string literal, plain, verbatim or interpolated: mask it whole, holes included.
            start = i
            while i < n and line[i] in "$@":
                i += 1
            verbatim = "@" in line[start:i]
            i += 1  # the opening quote
            while i < n:
                if line[i] == "\\" and not verbatim:
                    i += 2
                    continue
                if line[i] == '"':
                    if verbatim and i + 1 < n and line[i + 1] == '"':
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
            out.append('"' + " " * max(0, i - start - 2) + '"')
            continue
        if c == "'":
            end = i + 1
            while end < n and line[end] != "'":
                end += 2 if line[end] == "\\" else 1
            out.append("'" + " " * max(0, end - i - 1) + "'")
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)[:n].ljust(n), in_comment


def _ends_statement(code: str) -> bool:
    return code.rstrip().endswith((";", "{", "}")) or code.strip() == ""


def mutants_of(path: str, source: str) -> list[Mutant]:
    """Every mutant of the catalogue in the file, in line order, then operator order."""
    found: list[Mutant] = []
    in_comment = False
    previous_code = "{"
    for number, raw in enumerate(source.split("\n"), start=1):
        code, in_comment = mask(raw, in_comment)
        stripped = code.strip()
        text = raw.strip()
        if '"""' in raw or stripped.startswith("[") or stripped == "":
            if stripped:
                previous_code = code
            continue

        def add(operator: str, column: int, original: str, replacement: str) -> None:
            found.append(Mutant(path, number, column, operator, original, replacement, text, len(raw) - len(raw.lstrip())))

        for match in _COMPARISON.finditer(code):
            add("flip-comparison", match.start(), match.group(1), _COMPARISONS[match.group(1)])
        for match in _IS_NULL.finditer(code):
            add("flip-comparison", match.start(), match.group(0), "is null" if match.group(1) else "is not null")
        for match in _LOGICAL.finditer(code):
            add("swap-logical", match.start(), match.group(1), "||" if match.group(1) == "&&" else "&&")
        if (stripped.endswith(";") and _ends_statement(previous_code) and not _NOT_DELETABLE.match(stripped)
                and not _DECLARATION.match(stripped) and stripped.count("(") == stripped.count(")")):
            add("delete-statement", len(raw) - len(raw.lstrip()), text, "")
        if not re.match(r"^(public |private |internal )?const\b", stripped):
            for match in _INTEGER.finditer(code):
                value = int(match.group(1))
                add("constant-by-one", match.start(), match.group(1), str(value + 1))
                if value > 0:
                    add("constant-by-one", match.start(), match.group(1), str(value - 1))
        for match in _BOOLEAN.finditer(code):
            add("constant-by-one", match.start(), match.group(1), "false" if match.group(1) == "true" else "true")
        previous_code = code
    # Identical lines (two `return false;`, say) give identical edits: number them so that
    # every mutant has a key of its own.
    seen: dict[str, int] = {}
    numbered = []
    for mutant in found:
        seen[mutant.key] = seen.get(mutant.key, 0) + 1
        numbered.append(replace(mutant, occurrence=seen[mutant.key]) if seen[mutant.key] > 1 else mutant)
    return numbered
