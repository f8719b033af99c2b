"""Real code lists for SYSVAK, read from files in place of konform's sample (Dok 31 §1.4, §6).

Dok 31 leaves the code lists to Volven and reproduces none (§1.4); `konform.sysvak.codes`
holds konform's sample. A vendor or a registry team with the real lists loads them with
`--code-lists PATH` (`konform serve sysvak`, `konform validate sysvak`) or
`PUT /_konform/sysvak/code-lists` on a running simulator. PATH is

* a directory of CSV files, one list each, named by the list's id (`9051.csv`,
  `vaksinekoder.csv`, …): a header row naming the code column (`code`, `kode`, `verdi` or
  `V`) and the name column (`name`, `navn`, `tekst`, `betegnelse` or `DN`), comma or
  semicolon separated, UTF-8; `vaksinekoder.csv` may add a `programme` column (ja/nei,
  true/false, 1/0) marking the childhood programme (§2.2);
* one such CSV file; or
* a JSON file `{"lists": [{"id": "9051", "name": "…", "codes": [{"code": "HER", "name":
  "HER-id", "programme": true}, …]}, …]}`.

A list read replaces the sample list with the same id; the others stay.
docs/reference/sysvak-code-lists.md is the user's page.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from konform.msghead import VOLVEN
from konform.sysvak.codes import CODE_LISTS, CodeList

CODE_COLUMNS = ("code", "kode", "verdi", "v")
NAME_COLUMNS = ("name", "navn", "tekst", "betegnelse", "dn")
YES, NO = ("ja", "true", "1", "x", "yes"), ("nei", "false", "0", "", "no")


class CodeListError(ValueError):
    """A code-list file konform cannot read; the message names the file and what is wrong."""


def load(path: Path) -> dict[str, CodeList]:
    """Every code list in `path` (a directory of CSV files, a CSV file or a JSON file), by id."""
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise CodeListError(f"{path}: no code list (*.csv) in this folder")
        return {found.id: found for found in map(_read_csv, files)}
    if not path.is_file():
        raise CodeListError(f"{path}: no such file or folder")
    if path.suffix.lower() == ".json":
        return _read_json(path)
    found = _read_csv(path)
    return {found.id: found}


def _named(
    list_id: str, name: str | None, codes: list[tuple[str, str]], programme: set[str] | None
) -> CodeList:
    sample = CODE_LISTS.get(list_id)
    oid = sample.oid if sample is not None else (VOLVEN + list_id if list_id.isdigit() else None)
    title = name or (sample.name if sample is not None else list_id)
    return CodeList(list_id, title, tuple(codes), oid, None if programme is None else frozenset(programme))


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CodeListError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise CodeListError(f"{path}: not UTF-8 (byte {error.start})") from None


def _column(header: list[str], names: tuple[str, ...], path: Path, what: str) -> int:
    folded = [h.strip().lower() for h in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    raise CodeListError(f"{path}:1: no {what} column (one of {', '.join(names)}); header: {header}")


def _flag(value: str, path: Path, line: int) -> bool:
    folded = value.strip().lower()
    if folded not in YES + NO:
        raise CodeListError(f"{path}:{line}: programme {value!r}: give ja/nei, true/false or 1/0")
    return folded in YES


def _read_csv(path: Path) -> CodeList:
    text = _text(path)
    first = text.splitlines()[0] if text.strip() else ""
    rows = list(csv.reader(text.splitlines(), delimiter=";" if first.count(";") > first.count(",") else ","))
    if not rows:
        raise CodeListError(f"{path}: empty; expected a header row and one code a row")
    header, *body = rows
    code_at = _column(header, CODE_COLUMNS, path, "code")
    name_at = _column(header, NAME_COLUMNS, path, "name")
    folded = [h.strip().lower() for h in header]
    programme_at = folded.index("programme") if "programme" in folded else None
    codes: list[tuple[str, str]] = []
    programme: set[str] | None = None if programme_at is None else set()
    for line, row in enumerate(body, 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(code_at, name_at):
            raise CodeListError(f"{path}:{line}: {len(row)} column(s), expected {len(header)}")
        code = row[code_at].strip()
        if not code:
            raise CodeListError(f"{path}:{line}: empty code")
        codes.append((code, row[name_at].strip()))
        marked = programme_at is not None and programme_at < len(row) and _flag(row[programme_at], path, line)
        if programme is not None and marked:
            programme.add(code)
    if not codes:
        raise CodeListError(f"{path}: no codes below the header")
    return _named(path.stem, None, codes, programme)


def _read_json(path: Path) -> dict[str, CodeList]:
    try:
        data: Any = json.loads(_text(path))
    except json.JSONDecodeError as error:
        raise CodeListError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None
    return from_json(data, str(path))


def from_json(data: Any, source: str = "code lists") -> dict[str, CodeList]:
    """Code lists from the JSON shape above (also the control API's body)."""
    lists = data.get("lists") if isinstance(data, dict) else None
    if not isinstance(lists, list) or not lists:
        raise CodeListError(
            f'{source}: expected {{"lists": [{{"id": …, "codes": [{{"code": …, "name": …}}]}}]}}'
        )
    found: dict[str, CodeList] = {}
    for index, entry in enumerate(lists):
        where = f"{source}: lists[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
            raise CodeListError(f"{where}: needs an id (a string)")
        codes = entry.get("codes")
        if not isinstance(codes, list) or not codes:
            raise CodeListError(f"{where} ({entry['id']}): needs codes, a non-empty list")
        pairs: list[tuple[str, str]] = []
        programme: set[str] = set()
        for number, code in enumerate(codes):
            if (
                not isinstance(code, dict)
                or not isinstance(code.get("code"), str)
                or not code["code"].strip()
            ):
                raise CodeListError(f"{where}.codes[{number}]: needs a code (a string)")
            pairs.append((code["code"].strip(), str(code.get("name", "")).strip()))
            if code.get("programme") is True:
                programme.add(code["code"].strip())
        marked = any("programme" in code for code in codes)
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        found[entry["id"].strip()] = _named(entry["id"].strip(), name, pairs, programme if marked else None)
    return found
