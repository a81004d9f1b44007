"""Project keys: the English names of a report's projects, whatever words each place prints.

The vocabulary is `juesuan/data/project_keys.csv` (`project_key,name`; the same table as the
"Project keys" section of docs/fact_keys.md, `name` as the 绩效自评情况汇总表 prints it). One project
is printed under slightly different names in different places (the summary table, its own 项目绩效
自评表, the narrative 十三(三)): `干部培训、档案管理及公开招聘经费` / `…公开招录经费`, `劳动监察欠新应急
周转资金项目` / `…周转资金`, `2023年度…` / `2023-2024 年度…`. Names are therefore compared after
`normalise` (no spaces or HTML, no leading year, no trailing 项目/绩效自评表) by a similarity ratio.

The API:

- `project_key(name)` -> the vocabulary key, or None when no vocabulary name is close enough
  (`VOCABULARY_THRESHOLD`: strict, because a wrong key silently joins two projects' facts).
- `best_match(name, candidates, threshold)` -> the closest of some `{key: name}` candidates (a
  `Match`), or None when none reaches the threshold or two are equally close. Use it with the
  report's own projects (e.g. its 绩效自评情况汇总表 rows) as candidates and `LOCAL_THRESHOLD`:
  within one report the candidates are few and all of one unit, so a looser match is safe.
- `fallback_key(name, row_no)` -> a deterministic key for a project outside the vocabulary:
  `project_<row_no>` (its 序号 in the summary table) or `project_<8 hex digits of the name>`.
- `key_or_fallback(name, extraction, place, row_no)` -> `project_key(name)`, else the fallback
  key, recorded with `extraction.skip` so a person can add the project to the vocabulary.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from juesuan.extract.result import Extraction
from juesuan.extract.source import Place

VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "data" / "project_keys.csv"
# A vocabulary name this close (difflib ratio of the normalised names) names the same project.
# 招聘/招录 in a 16-character name scores 0.94, 人才发展资金 vs 人才发展专项资金 0.86; two different
# projects sharing a generic tail (教育专项资金 vs 就业专项资金) score 0.67.
VOCABULARY_THRESHOLD = 0.8
# Within one report (candidates: that report's own projects, all of one unit): looser, but above
# the 0.57 that two different projects sharing a generic tail score (人才发展专项资金 / 就业专项资金).
LOCAL_THRESHOLD = 0.6
# Two candidates closer to each other than this in score are a tie: no match.
TIE_MARGIN = 0.05

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_LEADING_YEAR = re.compile(r"^\d{4}(?:[-—–~至]\d{4})?年度?")
_TRAILING = re.compile(r"(?:项目)?(?:绩效自评表)?$")
_BRACKETS = str.maketrans("（）：", "():")


@dataclass(frozen=True)
class Match:
    key: str
    name: str  # the candidate's name that matched
    score: float


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, str]:
    """`{project_key: name}` from juesuan/data/project_keys.csv, in file order."""
    with VOCABULARY_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["project_key"]: row["name"] for row in csv.DictReader(handle)}


def normalise(name: str) -> str:
    """The part of a printed project name that tells projects apart: no spaces or HTML tags,
    half-width brackets, no leading year (`2024年`, `2023-2024 年度`), no trailing `项目` or
    `项目绩效自评表`."""
    text = _SPACE.sub("", _TAG.sub("", name)).translate(_BRACKETS)
    text = _LEADING_YEAR.sub("", text)
    return _TRAILING.sub("", text) or text


def similarity(a: str, b: str) -> float:
    """0..1: difflib's ratio of the two normalised names."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def best_match(
    name: str, candidates: Mapping[str, str] | Iterable[tuple[str, str]], threshold: float = LOCAL_THRESHOLD,
) -> Match | None:
    """The candidate (`{key: name}` or `(key, name)` pairs) whose name is closest to `name`, if it
    reaches `threshold` and no other candidate with another key is as close (within TIE_MARGIN)."""
    pairs = candidates.items() if isinstance(candidates, Mapping) else candidates
    scored = sorted(((similarity(name, other), key, other) for key, other in pairs), key=lambda s: -s[0])
    if not scored or scored[0][0] < threshold:
        return None
    score, key, other = scored[0]
    if any(s >= score - TIE_MARGIN and k != key for s, k, _ in scored[1:]):
        return None
    return Match(key, other, round(score, 4))


def project_key(name: str) -> str | None:
    """The vocabulary's key for a printed project name, or None if the name is not in it."""
    match = best_match(name, vocabulary(), VOCABULARY_THRESHOLD)
    return match.key if match else None


def fallback_key(name: str, row_no: str | int | None = None) -> str:
    """A deterministic key for a project outside the vocabulary."""
    if row_no not in (None, ""):
        return f"project_{row_no}"
    return "project_" + hashlib.sha1(normalise(name).encode("utf-8")).hexdigest()[:8]


def key_or_fallback(name: str, extraction: Extraction, place: Place, row_no: str | int | None = None) -> str:
    """`project_key(name)`, else `fallback_key(name, row_no)`, noted (extraction.skip) so that a
    person can give the project a proper key in juesuan/data/project_keys.csv."""
    key = project_key(name)
    if key is not None:
        return key
    key = fallback_key(name, row_no)
    extraction.skip(
        place, name,
        f"project not in the project-key vocabulary (juesuan/data/project_keys.csv): keyed {key}; "
        "add it to the vocabulary to name it",
    )
    return key
