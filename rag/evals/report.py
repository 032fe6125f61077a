"""Eval reports: a Markdown summary, and a self-contained HTML page with the charts
embedded as PNG (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from rag.evals.runner import failures
from rag.evals.stats import METRICS, gap

LABELS = {
    "hit@1": "retrieval hit@1", "hit@3": "retrieval hit@3", "mrr": "retrieval MRR",
    "source_recall": "source recall", "citation_hit@3": "cited source hit@3",
    "facts_accuracy": "required-facts accuracy", "citation_precision": "citation precision",
    "grounded_rate": "grounded sentences", "decline_accuracy": "decline accuracy",
    "false_decline_rate": "false declines", "accuracy": "answer accuracy",
    "decline_precision": "decline precision", "decline_recall": "decline recall",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}
RATE_METRICS = [m for m in METRICS if not m.startswith("latency")]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value <= 1:
        return f"{value:.3f}"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def metrics_table(result: dict[str, Any]) -> list[dict[str, str]]:
    """Rows: one per metric; columns: overall and each question type."""
    scopes = {"overall": result["overall"], **result["by_type"]}
    rows = [{"metric": "questions", **{s: str(int(m.get("questions") or 0))
                                       for s, m in scopes.items()}}]
    for metric in METRICS:
        rows.append({"metric": LABELS[metric],
                     **{s: _fmt(m.get(metric)) for s, m in scopes.items()}})
    return rows


def _ci(metrics: dict[str, Any], key: str, lo: str, hi: str) -> str:
    value = metrics.get(key)
    if value is None:
        return "–"
    if metrics.get(lo) is None:
        return f"{value:.2f}"
    return f"{value:.2f} [{metrics[lo]:.2f}–{metrics[hi]:.2f}]"


def scopes_in(result: dict[str, Any]) -> list[str]:
    """The sets a result holds ("*" = all of them together, first when several)."""
    names = list(dict.fromkeys(k.split("|")[0] for k in result.get("groups", {})))
    named = [n for n in names if n != "*"]
    return (["*"] if len(named) > 1 else []) + named


def kind_table(result: dict[str, Any], scope: str = "*") -> list[dict[str, str]]:
    """One row per kind (and "all"): n, answer accuracy with its 95% CI and citation
    hit for each split, and the dev − test gap in accuracy."""
    grp = result.get("groups", {})
    kinds = sorted({k.split("|")[1] for k in grp if k.startswith(f"{scope}|")} - {"*"})
    splits = [s for s in ("dev", "test", "-") if f"{scope}|*|{s}" in grp]
    rows = []
    for kind in [*kinds, "*"]:
        row = {"kind": "all" if kind == "*" else kind}
        for sp in splits:
            m = grp.get(f"{scope}|{kind}|{sp}", {})
            label = "untagged" if sp == "-" else sp
            row[f"{label} n"] = str(int(m.get("questions") or 0))
            row[f"{label} accuracy [95% CI]"] = _ci(m, "accuracy", "accuracy_lo", "accuracy_hi")
            row[f"{label} citation hit"] = _ci(m, "citation_hit@3", "citation_hit_lo",
                                               "citation_hit_hi")
        if "dev" in splits and "test" in splits:
            g = gap(grp.get(f"{scope}|{kind}|dev", {}).get("accuracy"),
                    grp.get(f"{scope}|{kind}|test", {}).get("accuracy"))
            row["gap (dev − test)"] = "–" if g is None else f"{g:+.2f}"
        rows.append(row)
    return rows


def decline_table(result: dict[str, Any], scope: str = "*") -> list[dict[str, str]]:
    """Declines per split, precision and recall kept apart: recall over the questions
    that should be declined, precision over the answers that were declines, and
    answerable questions declined as false declines."""
    grp = result.get("groups", {})
    rows = []
    for sp in ("dev", "test", "-", "*"):
        m = grp.get(f"{scope}|*|{sp}")
        if not m or (sp == "*" and len([s for s in ("dev", "test", "-")
                                         if f"{scope}|*|{s}" in grp]) < 2):
            continue
        rows.append({
            "split": {"-": "untagged", "*": "all"}.get(sp, sp),
            "should decline": str(int(m.get("expected_declines") or 0)),
            "decline recall": _fmt(m.get("decline_recall")),
            "decline precision": _fmt(m.get("decline_precision")),
            "answerable": str(int(m.get("answerable") or 0)),
            "false declines": _fmt(m.get("false_decline_rate")),
        })
    return rows


def _md_table(rows: list[dict[str, str]]) -> list[str]:
    if not rows:
        return []
    cols = list(rows[0])
    return (["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
            + ["| " + " | ".join(r.get(c, "") for c in cols) + " |" for r in rows])


def scope_title(scope: str) -> str:
    """A scope's heading (all sets together, or one set): one wording for the
    Markdown, the HTML and the Evaluation page."""
    return "All sets" if scope == "*" else f"Set: {scope}"


def markdown(result: dict[str, Any], regressions: list[Any] | None = None) -> str:
    lines = [
        f"# Eval: {result.get('set') or 'question set'}",
        "",
        f"Answerer: {result.get('answerer') or '?'} · {len(result['items'])} questions · "
        f"split: {result.get('split', 'all')} · {result.get('created', '')}",
    ]
    for scope in scopes_in(result):
        lines += ["", f"## {scope_title(scope)}: accuracy by kind and split", ""]
        lines += _md_table(kind_table(result, scope))
        lines += ["", f"### {scope_title(scope)}: declines", ""]
        lines += _md_table(decline_table(result, scope))
    lines += ["", "## Retrieval and answer metrics by kind", ""]
    lines += _md_table(metrics_table(result))
    judge = result.get("judge")
    if judge:
        lines += ["", "## LLM-judged (llama-index evaluators)", "",
                  f"faithfulness {_fmt(judge.get('faithfulness'))} · relevancy "
                  f"{_fmt(judge.get('relevancy'))} · {judge.get('judged', 0)} answers judged"
                  + (f" · {len(judge['errors'])} judge errors" if judge.get("errors") else "")]
    if regressions is not None:
        lines += ["", "## Baseline gate", ""]
        lines += [f"- REGRESSION {r}" for r in regressions] or ["No metric dropped: gate passed."]
    failed = failures(result)
    lines += ["", f"## Failing questions ({len(failed)})", ""]
    for r in failed:
        tag = " · ".join(x for x in (r.get("set"), r["kind"], r.get("split")) if x)
        lines += [f"- **{r['id']}** ({tag}) {r['question']}",
                  f"  - answered: {_short(r['answer'])}",
                  f"  - cited: {', '.join(r['cited']) or 'nothing'}; expected: "
                  f"{', '.join(r['expected_sources']) or 'a decline'}"]
        if r.get("missing_facts"):
            lines.append(f"  - missing facts: {'; '.join(r['missing_facts'])}")
    return "\n".join(lines) + "\n"


def _short(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- charts --------------------------------------------------------------------
def chart_pngs(result: dict[str, Any]) -> dict[str, bytes]:
    """PNG images: one bar chart per metric (bars per question type), and a latency
    histogram. Empty without the `eval` extra (matplotlib): the tables stay."""
    try:
        import matplotlib
    except ImportError:
        return {}
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out: dict[str, bytes] = {}
    grp = result.get("groups", {})
    kinds = sorted({k.split("|")[1] for k in grp if k.startswith("*|")} - {"*"}) + ["*"]
    splits = [sp for sp in ("dev", "test", "-") if f"*|*|{sp}" in grp]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(kinds) + 2), 3.6))
    width = 0.8 / max(1, len(splits))
    for j, sp in enumerate(splits):
        values = [grp.get(f"*|{k}|{sp}", {}).get("accuracy") for k in kinds]
        xs = [i + j * width for i, v in enumerate(values) if v is not None]
        ys = [v for v in values if v is not None]
        ax.bar(xs, ys, width=width, label={"-": "untagged"}.get(sp, sp), color=f"C{j}")
    ax.set_xticks([i + width * (len(splits) - 1) / 2 for i in range(len(kinds))])
    ax.set_xticklabels(["all" if k == "*" else k for k in kinds], rotation=30, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("answer accuracy")
    ax.set_title("Answer accuracy by kind and split")
    if splits:
        ax.legend(fontsize=8)
    fig.tight_layout()
    out["metrics"] = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist([r["latency_ms"] for r in result["items"]], bins=20, color="C0")
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    fig.tight_layout()
    out["latency"] = _png(fig)
    plt.close(fig)
    return out


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return buf.getvalue()


def html_report(result: dict[str, Any], regressions: list[Any] | None = None) -> str:
    esc = html.escape
    table = ""
    for scope in scopes_in(result):
        table += (f"<h2>{esc(scope_title(scope))}: accuracy by kind and split</h2>"
                  + _html_table(kind_table(result, scope))
                  + f"<h3>{esc(scope_title(scope))}: declines</h3>"
                  + _html_table(decline_table(result, scope)))
    table += "<h2>Retrieval and answer metrics by kind</h2>" + _html_table(metrics_table(result))
    charts = "".join(
        f'<figure><img alt="{esc(name)} chart" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode()}"></figure>'
        for name, png in chart_pngs(result).items()
    )
    gate = ""
    if regressions is not None:
        items = "".join(f"<li>{esc(str(r))}</li>" for r in regressions)
        gate = ("<h2>Baseline gate</h2>"
                + (f"<ul class=bad>{items}</ul>" if regressions else "<p>Gate passed.</p>"))
    judge = result.get("judge")
    judged = ""
    if judge:
        judged = (f"<h2>LLM-judged</h2><p>faithfulness {_fmt(judge.get('faithfulness'))}, "
                  f"relevancy {_fmt(judge.get('relevancy'))} ({judge.get('judged', 0)} judged)</p>")
    failed = failures(result)
    fails = "".join(
        f"<li><b>{esc(r['id'])}</b> ({esc(r.get('set') or '')} {esc(r['kind'])} "
        f"{esc(r.get('split') or '')}) {esc(r['question'])}<br>"
        f"answered: <q>{esc(_short(r['answer'], 500))}</q><br>"
        f"cited: {esc(', '.join(r['cited']) or 'nothing')}; expected: "
        f"{esc(', '.join(r['expected_sources']) or 'a decline')}"
        + (f"<br>missing facts: {esc('; '.join(r['missing_facts']))}"
           if r.get("missing_facts") else "")
        + "</li>"
        for r in failed
    )
    title = esc(f"Eval: {result.get('set') or 'question set'}")
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}
td:first-child{{text-align:left}}img{{max-width:100%}}.bad{{color:#b00}}li{{margin:.5em 0}}</style>
</head><body><h1>{title}</h1>
<p>Answerer: {esc(str(result.get('answerer') or '?'))} · {len(result['items'])} questions ·
{esc(str(result.get('created', '')))}</p>
{table}{gate}{judged}<h2>Charts</h2>{charts}
<h2>Failing questions ({len(failed)})</h2><ul>{fails}</ul></body></html>
"""


def _html_table(rows: list[dict[str, str]]) -> str:
    esc = html.escape
    if not rows:
        return ""
    cols = list(rows[0])
    return ("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{esc(r.get(c, ''))}</td>" for c in cols)
                      + "</tr>" for r in rows) + "</table>")


def write_reports(
    result: dict[str, Any], out_dir: Path | str, regressions: list[Any] | None = None,
) -> dict[str, Path]:
    """Write result.json, report.md and report.html into out_dir."""
    from rag.evals.gate import save_result

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": save_result(result, out / "result.json"),
             "markdown": out / "report.md", "html": out / "report.html"}
    paths["markdown"].write_text(markdown(result, regressions), encoding="utf-8")
    paths["html"].write_text(html_report(result, regressions), encoding="utf-8")
    return paths
