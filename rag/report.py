"""Eval reports: a Markdown summary, and a self-contained HTML page with the charts
embedded as PNG (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from rag.evals import METRICS, failures

LABELS = {
    "hit@1": "retrieval hit@1", "hit@3": "retrieval hit@3", "mrr": "retrieval MRR",
    "source_recall": "source recall", "citation_hit@3": "cited source hit@3",
    "facts_accuracy": "required-facts accuracy", "citation_precision": "citation precision",
    "grounded_rate": "grounded sentences", "decline_accuracy": "decline accuracy",
    "false_decline_rate": "false declines", "latency_p50_ms": "latency p50 (ms)",
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


def markdown(result: dict[str, Any], regressions: list[Any] | None = None) -> str:
    rows = metrics_table(result)
    cols = list(rows[0])
    lines = [
        f"# Eval: {result.get('set') or 'question set'}",
        "",
        f"Answerer: {result.get('answerer') or '?'} · {len(result['items'])} questions · "
        f"{result.get('created', '')}",
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "|".join("---" for _ in cols) + "|",
    ]
    lines += ["| " + " | ".join(r[c] for c in cols) + " |" for r in rows]
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
        lines += [f"- **{r['id']}** ({r['type']}) {r['question']}",
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
    histogram."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scopes = {"overall": result["overall"], **result["by_type"]}
    out: dict[str, bytes] = {}
    metrics = [m for m in RATE_METRICS if any(s.get(m) is not None for s in scopes.values())]
    ncols = 3
    nrows = max(1, -(-len(metrics) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 3.0 * nrows), squeeze=False)
    names = list(scopes)
    colors = ["#444444"] + [f"C{i}" for i in range(len(names) - 1)]
    for ax, metric in zip(axes.flat, metrics, strict=False):
        values = [scopes[s].get(metric) for s in names]
        shown = [(n, v, c) for n, v, c in zip(names, values, colors, strict=True) if v is not None]
        ax.bar([n for n, _, _ in shown], [v for _, v, _ in shown], color=[c for *_, c in shown])
        ax.set_ylim(0, 1.05)
        ax.set_title(LABELS[metric], fontsize=10)
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
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
    rows = metrics_table(result)
    cols = list(rows[0])
    table = "<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>"
    table += "".join(
        "<tr>" + "".join(f"<td>{esc(r[c])}</td>" for c in cols) + "</tr>" for r in rows
    ) + "</table>"
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
        f"<li><b>{esc(r['id'])}</b> ({esc(r['type'])}) {esc(r['question'])}<br>"
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


def write_reports(
    result: dict[str, Any], out_dir: Path | str, regressions: list[Any] | None = None,
) -> dict[str, Path]:
    """Write result.json, report.md and report.html into out_dir."""
    from rag.evals import save_result

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": save_result(result, out / "result.json"),
             "markdown": out / "report.md", "html": out / "report.html"}
    paths["markdown"].write_text(markdown(result, regressions), encoding="utf-8")
    paths["html"].write_text(html_report(result, regressions), encoding="utf-8")
    return paths
