"""The reviewers' site: a landing page per report, a findings page that filters thousands of
findings in the browser, and links into GX Data Docs and dbt docs. Static files, openable from
disk. Report text is untrusted: every value is escaped, and the findings page renders its rows
with textContent from JSON embedded so that no `</script>` inside a value can end the block."""
from __future__ import annotations

import json
import logging
from html import escape
from pathlib import Path
from typing import Any

import duckdb

log = logging.getLogger(__name__)

STYLE = """
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       margin: 2rem; color: #1f2328; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.error { color: #b42318; font-weight: bold; } .warn { color: #9a6700; } .info { color: #57606a; }
.source { color: #57606a; font-size: 0.8rem; }
.id { color: #57606a; font-size: 0.7rem; word-break: break-all; }
col.rule { width: 12%; } col.where { width: 24%; } col.message { width: 26%; } col.ack { width: 14%; }
nav a { margin-right: 1rem; }
.filters { margin: 1rem 0; display: flex; gap: 1rem; flex-wrap: wrap; }
"""

FINDINGS_SCRIPT = """
const findings = JSON.parse(document.getElementById('findings-data').textContent);
const body = document.getElementById('findings-body');
const count = document.getElementById('shown-count');
const more = document.getElementById('show-more');
const filters = ['severity', 'check', 'report', 'acknowledged'].map(id => document.getElementById(id));
const search = document.getElementById('search');
const pageSize = 200;
let limit = pageSize;
function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}
function matches(f) {
  const [severity, check, report, acknowledged] = filters.map(s => s.value);
  const text = search.value.trim();
  return (!severity || f.severity === severity) && (!check || f.check_id === check)
    && (!report || f.report_id === report)
    && (!acknowledged || String(f.is_acknowledged) === acknowledged)
    && (!text || (f.message_zh + f.location + f.finding_id).includes(text));
}
function render() {
  const selected = findings.filter(matches);
  body.replaceChildren();
  for (const f of selected.slice(0, limit)) {
    const row = document.createElement('tr');
    cell(row, f.severity, f.severity);
    const rule = cell(row, f.check_name_zh + ' (' + f.check_id + ')');
    const id = document.createElement('div');
    id.className = 'id';
    id.textContent = f.finding_id;
    rule.appendChild(id);
    const where = cell(row, f.location);
    const source = document.createElement('div');
    source.className = 'source';
    const where_printed = f.source_page ? '原文第 ' + f.source_page + ' 页' : '原文第 ' + f.source_line + ' 行';
    source.textContent = f.source_line ? where_printed + '：' + (f.source_text || '') : '';
    where.appendChild(source);
    cell(row, f.printed_value, 'num');
    cell(row, f.expected_value, 'num');
    cell(row, f.difference, 'num');
    cell(row, f.rounding_only ? '尾数差异' : '实质差异');
    cell(row, f.is_acknowledged ? '已确认：' + (f.acknowledgement_reason || '') : '未确认');
    cell(row, f.message_zh);
    body.appendChild(row);
  }
  count.textContent = Math.min(limit, selected.length) + ' / ' + selected.length;
  more.hidden = selected.length <= limit;
}
filters.concat([search]).forEach(el => el.addEventListener('input', () => { limit = pageSize; render(); }));
more.addEventListener('click', () => { limit += pageSize; render(); });
render();
"""


def _rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        "<nav><a href=\"index.html\">概览 Overview</a><a href=\"findings.html\">问题清单 Findings</a>"
        "<a href=\"gx/index.html\">GX Data Docs</a><a href=\"dbt/index.html\">dbt docs</a></nav>"
        f"{body}</body></html>\n"
    )


def _number(value: Any, decimals: int = 2) -> str:
    return "" if value is None else f"{float(value):,.{decimals}f}"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    lines = []
    for row in rows:
        cells = "".join(
            f"<td class=\"num\">{escape(value)}</td>" if index in numeric else f"<td>{escape(value)}</td>"
            for index, value in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def data_docs_links(site: Path) -> dict[str, tuple[str | None, str | None]]:
    """Suite name -> (its page in GX Data Docs, its latest validation page), relative to site."""
    links: dict[str, tuple[str | None, str | None]] = {}
    docs = site / "gx"
    for page in sorted((docs / "expectations").glob("*.html")):
        runs = sorted((docs / "validations" / page.stem).rglob("*.html"))  # run names sort by time
        latest = runs[-1].relative_to(site).as_posix() if runs else None
        links[page.stem] = (page.relative_to(site).as_posix(), latest)
    return links


def _link(href: str | None, text: str) -> str:
    return f"<a href=\"{escape(href)}\">{escape(text)}</a>" if href else escape(text)


# Up to this many reports, the overview shows each in full; a corpus gets a table of reports
# (those with the most unacknowledged errors first) and the checks summed over all reports.
REPORTS_IN_DETAIL = 20
REPORTS_LISTED = 500

SUMMARY_HEADERS = ["报告 report", "本年收入合计 (万元)", "本年支出合计 (万元)", "预算执行率 %",
                   "基本支出占比 %", "错误 error", "警告 warn", "提示 info", "未确认错误"]


def _summary_cells(report: dict[str, Any]) -> list[str]:
    return [str(report["report_id"]), _number(report["total_income"]),
            _number(report["total_expenditure"]), _number(report["execution_rate_pct"]),
            _number(report["basic_share_pct"]), str(report["error_findings"]),
            str(report["warn_findings"]), str(report["info_findings"]),
            str(report["unacknowledged_error_findings"])]


def _reports_in_detail(connection: duckdb.DuckDBPyConnection) -> list[str]:
    parts = []
    for report in _rows(connection, "select * from main.report_summary order by report_id"):
        parts.append(
            f"<h2>{escape(str(report['unit_name']))} {escape(str(report['report_year']))} 年度"
            f"{escape(str(report['report_scope']))}</h2>"
            + _table(SUMMARY_HEADERS, [_summary_cells(report)], numeric={1, 2, 3, 4, 5, 6, 7, 8})
        )
    checks = _rows(connection, "select * from main.check_results order by report_id, check_id")
    parts.append("<h2>检查结果 What was checked</h2>")
    parts.append(
        _table(
            ["报告", "规则", "check", "检查位置", "通过", "尾数差异", "实质差异", "未确认错误", "结果"],
            [[str(c["report_id"]), str(c["check_name_zh"]), str(c["check_id"]),
              str(c["locations_checked"]), str(c["locations_passed"]),
              str(c["rounding_differences"]), str(c["material_differences"]),
              str(c["unacknowledged_errors"]), "通过" if c["passed"] else "有问题"]
             for c in checks],
            numeric={3, 4, 5, 6, 7},
        )
    )
    items = _rows(connection, "select * from main.budget_execution order by report_id, item_no")
    parts.append("<h2>预算执行 Budget execution (五(三))</h2>")
    parts.append(
        _table(
            ["报告", "序号", "科目", "年初预算", "支出决算", "完成率 %", "需说明", "原因说明"],
            [[str(i["report_id"]), str(i["item_no"]), str(i["subject_text"]),
              _number(i["initial_budget"]), _number(i["actual"]),
              _number(i["computed_completion_rate_pct"]),
              "是" if i["requires_explanation"] else "否", str(i["reason_text"] or "")]
             for i in items],
            numeric={3, 4, 5},
        )
    )
    return parts


def _corpus_overview(connection: duckdb.DuckDBPyConnection, reports: int) -> list[str]:
    listed = _rows(
        connection,
        f"""
        select * from main.report_summary
        order by unacknowledged_error_findings desc, error_findings desc, report_id
        limit {REPORTS_LISTED}
        """,
    )
    parts = [
        f"<h2>{reports} 份报告 reports</h2>",
        f"<p class=\"note\">列示未确认错误最多的 {len(listed)} 份；全部见 report_summary 表。"
        f" The {len(listed)} reports with the most unacknowledged errors; all are in report_summary.</p>",
        _table(["单位 unit", "年度", *SUMMARY_HEADERS],
               [[str(r["unit_name"]), str(r["report_year"]), *_summary_cells(r)] for r in listed],
               numeric={3, 4, 5, 6, 7, 8, 9, 10}),
    ]
    checks = _rows(
        connection,
        """
        select check_id, any_value(check_name_zh) as check_name_zh, count(*) as reports,
            sum(locations_checked) as locations_checked, sum(locations_passed) as locations_passed,
            sum(rounding_differences) as rounding_differences,
            sum(material_differences) as material_differences,
            sum(unacknowledged_errors) as unacknowledged_errors,
            count(*) filter (where not passed) as reports_with_differences
        from main.check_results group by check_id order by check_id
        """,
    )
    parts.append("<h2>检查结果 What was checked (all reports)</h2>")
    parts.append(
        _table(
            ["规则", "check", "报告数", "检查位置", "通过", "尾数差异", "实质差异", "未确认错误", "有差异的报告"],
            [[str(c["check_name_zh"]), str(c["check_id"]), str(c["reports"]), str(c["locations_checked"]),
              str(c["locations_passed"]), str(c["rounding_differences"]), str(c["material_differences"]),
              str(c["unacknowledged_errors"]), str(c["reports_with_differences"])] for c in checks],
            numeric={2, 3, 4, 5, 6, 7, 8},
        )
    )
    return parts


def index_page(
    connection: duckdb.DuckDBPyConnection, docs_links: dict[str, tuple[str | None, str | None]]
) -> str:
    parts = ["<h1>决算公开审核 juesuan</h1>"]
    reports = connection.execute("select count(*) from main.report_summary").fetchall()[0][0]
    if reports <= REPORTS_IN_DETAIL:
        parts += _reports_in_detail(connection)
    else:
        parts += _corpus_overview(connection, reports)
    gx = _rows(
        connection,
        "select suite, count(*) as expectations, count(*) filter (where success) as met "
        "from main.gx_validation_results group by suite order by suite",
    )
    parts.append("<h2>Great Expectations</h2>")
    head = "".join(f"<th>{h}</th>" for h in ("suite", "expectations", "met", "latest validation"))
    lines = []
    for g in gx:
        suite_page, validation_page = docs_links.get(str(g["suite"]), (None, None))
        lines.append(
            f"<tr><td>{_link(suite_page, str(g['suite']))}</td><td class=\"num\">{g['expectations']}</td>"
            f"<td class=\"num\">{g['met']}</td><td>{_link(validation_page, 'Data Docs')}</td></tr>"
        )
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>")
    return _page("juesuan 决算公开审核", "".join(parts))


# A page a browser opens: a corpus of thousands of reports has hundreds of thousands of findings,
# which the findings mart and its Parquet export hold in full.
PAGE_FINDINGS_LIMIT = 20000


def findings_page(connection: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    total = connection.execute("select count(*) from main.findings").fetchall()[0][0]
    findings = _rows(
        connection,
        f"""
        select finding_id, report_id, check_id, check_name_zh, severity, rounding_only, location,
            source_line, source_text, source_page, printed_value, expected_value, difference, message_zh,
            is_acknowledged, acknowledgement_reason
        from main.findings
        order by is_acknowledged, case severity when 'error' then 0 when 'warn' then 1 else 2 end,
            finding_id
        limit {PAGE_FINDINGS_LIMIT}
        """,
    )
    for finding in findings:
        for key in ("printed_value", "expected_value", "difference"):
            if finding[key] is not None:
                finding[key] = round(float(finding[key]), 4)
    # `<` is written as \\u003c, so no value can close the script element
    data = json.dumps(findings, ensure_ascii=False, default=str).replace("<", "\\u003c")

    def options(key: str) -> str:
        values = sorted({str(f[key]) for f in findings})
        return "".join(f"<option value=\"{escape(v)}\">{escape(v)}</option>" for v in values)

    body = (
        f"<h1>问题清单 Findings ({total})</h1>"
        + (
            f"<p class=\"note\">本页列示前 {len(findings)} 条（未确认优先，按严重程度）；全部 {total} 条见 findings 表"
            f"及 warehouse/parquet/findings.parquet。 The first {len(findings)} of {total} findings "
            "(unacknowledged first, by severity); all are in the findings mart and its Parquet export.</p>"
            if len(findings) < total else ""
        )
        + "<div class=\"filters\">"
        f"<label>严重程度 <select id=\"severity\"><option value=\"\">全部</option>{options('severity')}</select></label>"
        f"<label>规则 <select id=\"check\"><option value=\"\">全部</option>{options('check_id')}</select></label>"
        f"<label>报告 <select id=\"report\"><option value=\"\">全部</option>{options('report_id')}</select></label>"
        "<label>确认 <select id=\"acknowledged\"><option value=\"\">全部</option>"
        "<option value=\"false\">未确认</option><option value=\"true\">已确认</option></select></label>"
        "<label>搜索 <input id=\"search\" type=\"search\"></label>"
        "<span>显示 <span id=\"shown-count\"></span></span></div>"
        "<table><colgroup><col><col class=\"rule\"><col class=\"where\"><col><col><col><col>"
        "<col class=\"ack\"><col class=\"message\"></colgroup>"
        "<thead><tr><th>严重程度</th><th>规则 / 编号</th><th>位置 / 原文</th><th>列示数</th>"
        "<th>应为数</th><th>差额</th><th>性质</th><th>确认</th><th>问询表述</th>"
        "</tr></thead><tbody id=\"findings-body\"></tbody></table>"
        "<button id=\"show-more\" hidden>显示更多 Show more</button>"
        f"<script type=\"application/json\" id=\"findings-data\">{data}</script>"
        f"<script>{FINDINGS_SCRIPT}</script>"
    )
    return _page("问题清单 Findings", body), len(findings)


def build_findings_page(warehouse: Path, destination: Path) -> None:
    """findings.html: needs the findings only, so it is written while GX validates."""
    destination.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        page, count = findings_page(connection)
        log.info("site: writing the findings page (%d findings)", count)
        (destination / "findings.html").write_text(page, encoding="utf-8")


def build_overview_page(warehouse: Path, destination: Path) -> None:
    """index.html: the reports (or the corpus) and GX's results, stored in the warehouse first."""
    destination.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        log.info("site: writing the overview page")
        page = index_page(connection, data_docs_links(destination))
        (destination / "index.html").write_text(page, encoding="utf-8")
