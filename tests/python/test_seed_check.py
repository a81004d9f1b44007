"""Bad seed files are refused before anything is built, with file, line and column."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, run_build
from juesuan.seed_check import check_seed_file, check_seeds

TYPES = {"report_id": "varchar", "amount": "decimal(20,4)", "decimals": "integer", "source_line": "integer"}


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "table_cells.csv"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "line", "column", "words"),
    [
        ("report_id,amount,decimals,source_line\nr,\"14,346.05\",2,128\n".encode(), 2, 2, "thousands separator"),
        ("report_id,amount,decimals,source_line\nr,１４.５,2,128\n".encode(), 2, 2, "plain decimal"),
        ("report_id,amount,decimals,source_line\nr,14346.05万元,2,128\n".encode(), 2, 2, "plain decimal"),
        ("report_id,amount,decimals,source_line\nr,14346.05,2\n".encode(), 2, 4, "has 3 fields"),
        ("report_id,amount,decimals\nr,1,2\n".encode(), 1, 1, "missing column 'source_line'"),
        ("report_id,amount,decimals,source_line,colour\nr,1,2,3,red\n".encode(), 1, 5, "unknown column"),
        ("\ufeffreport_id,amount,decimals,source_line\n".encode(), 1, 1, "byte-order mark"),
        ("report_id,amount,decimals,source_line\nr,1,2,第3行\n".encode("gbk"), 2, 4, "not UTF-8"),
        (b"", 1, 1, "is empty"),
    ],
    ids=["thousands", "fullwidth", "unit", "columns", "missing", "unknown", "bom", "gbk", "empty"],
)
def test_bad_seed_file_names_line_and_column(tmp_path, content, line, column, words) -> None:
    problems = check_seed_file(write(tmp_path, content), TYPES)
    assert problems, "the bad file must be refused"
    first = problems[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert str(first).startswith(f"{first.path}:{line}:{column}: ")


def test_quoted_multiline_cells_keep_line_numbers(tmp_path) -> None:
    content = 'report_id,amount,decimals,source_line\nr,"1",2,3\n"a\nb",x,2,3\n'.encode()
    problems = check_seed_file(write(tmp_path, content), TYPES)
    assert [(p.line, p.column) for p in problems] == [(3, 2)]


def test_committed_seeds_are_clean() -> None:
    assert check_seeds() == []


def test_build_refuses_a_bad_seed_and_builds_nothing(tmp_path) -> None:
    root = copy_project(tmp_path)
    path = root / "seeds" / "table_cells.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",14346.05,", ',"14,346.05",')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 2
    assert f"{path}:2:7: column 'amount'" in build.output
    assert not build.warehouse.exists()
