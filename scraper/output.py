"""How `moviemaster parse` prints records: JSON lines (the contract), JSON, or a table."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from schemas import Film

if TYPE_CHECKING:
    from rich.table import Table

SILENT = "none"  # with --db and no --format: the records go to the database only


def record(source: str, film: Film) -> dict[str, object]:
    """The JSON object of one film page: its source first, then the record's fields."""
    return {"source": source, **film.model_dump(mode="json")}


class Printer:
    """Prints records as they come (jsonl) or all at the end (json, table)."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.fmt = fmt
        self.out = out
        self.records: list[dict[str, object]] = []

    def add(self, source: str, film: Film) -> None:
        if self.fmt == SILENT:
            return
        row = record(source, film)
        if self.fmt == "jsonl":
            self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            self.records.append(row)

    def close(self) -> None:
        if self.fmt == "json":
            json.dump(self.records, self.out, ensure_ascii=False, indent=2)
            self.out.write("\n")
        elif self.fmt == "table" and self.records:
            from rich.console import Console

            Console(file=self.out, highlight=False).print(_table(self.records))


def _table(records: list[dict[str, object]]) -> Table:
    from rich.table import Table

    table = Table(show_lines=True)
    for column in ("title", "updated", "author", "paragraphs", "cast (character: actor)"):
        table.add_column(column, overflow="fold")
    for row in records:
        cast = row["cast"]
        assert isinstance(cast, list)
        table.add_row(
            str(row["title"] or row["source"]),
            str(row["updated"] or ""),
            str(row["author"] or ""),
            str(len(row["synopsis"])),  # type: ignore[arg-type]
            "\n".join(f"{role['character']}: {role['actor']}" for role in cast),
        )
    return table
