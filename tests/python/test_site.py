"""The reviewers' site: built with the warehouse, links that resolve, every finding listed, and
rendered in a real browser with Chinese text; report text cannot run as script."""
from __future__ import annotations

import json
import re
from pathlib import Path

from browser import dump_dom, screenshot
from conftest import Build, copy_project, edit_seed, run_build


def site_of(build: Build) -> Path:
    return build.warehouse.parent / "site"


def embedded_findings(page: Path) -> list[dict]:
    html = page.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', html, re.S)
    return json.loads(data.group(1))


def test_site_is_built_and_its_links_resolve(clean_build: Build) -> None:
    site = site_of(clean_build)
    assert (clean_build.root / "site" / "index.html").exists()  # site/ in the project opens it
    for page in ("index.html", "findings.html"):
        for target in re.findall(r'href="([^"#]+)"', (site / page).read_text(encoding="utf-8")):
            assert (site / target).exists(), f"{page} links to missing {target}"
    assert (site / "gx" / "index.html").exists() and (site / "dbt" / "index.html").exists()
    validations = list((site / "gx" / "validations").rglob("*.html"))
    assert validations, "Data Docs show the latest validation"


def test_findings_page_lists_every_finding(clean_build: Build) -> None:
    listed = {f["finding_id"] for f in embedded_findings(site_of(clean_build) / "findings.html")}
    assert listed == set(clean_build.findings())


def test_findings_render_in_chromium_with_chinese_text(clean_build: Build, tmp_path: Path) -> None:
    page = site_of(clean_build) / "findings.html"
    dom = dump_dom(page, tmp_path / "profile")
    findings = clean_build.findings()
    rows = re.findall(r"<tr>", dom.split('id="findings-body"', 1)[1])
    assert len(rows) == min(200, len(findings))
    some = sorted(findings.values(), key=lambda f: f["finding_id"])[:5]
    for finding in some:
        assert finding["finding_id"] in dom
    assert "超出尾数误差范围" in dom and "尾数差异" in dom
    png = screenshot(page, tmp_path / "profile", tmp_path / "findings.png")
    assert png.stat().st_size > 10_000
    overview = screenshot(site_of(clean_build) / "index.html", tmp_path / "profile", tmp_path / "index.png")
    assert overview.stat().st_size > 10_000


def test_report_text_is_shown_as_text_not_run(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    attack = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'
    edit_seed(root, "line_items", {"item_no": "1"}, {"reason_text": attack + "调减指标"})
    edit_seed(root, "narrative_paragraphs", {"paragraph_id": "p0390"}, {"text": attack + "XX"})
    build = run_build(root)
    assert build.warehouse.exists(), build.output[-3000:]
    site = site_of(build)
    for page in ("index.html", "findings.html"):
        dom = dump_dom(site / page, tmp_path / "profile")
        assert "pwned" not in re.search(r"<title>(.*?)</title>", dom).group(1)
        assert "&lt;script&gt;document.title" in dom, page  # shown, escaped, as text
