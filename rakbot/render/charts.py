"""Charts as PNG (matplotlib, Agg backend, in the render worker). Three shapes cover the bot's
pictures: ranked bars per panel with a budget line (a round's ranking per funding area), one
series of bars (a ballot's result, attendance per institution), and two series side by side
(budget and committed amount per funding area). Text in DejaVu Sans, which matplotlib ships."""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

SELECTED = "#2e7d32"
OTHER = "#9e9e9e"
BAR = "#1565c0"
SECOND = "#f9a825"
DPI = 110


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(figure)
    return out.getvalue()


def _thousands(value: float, _position: int) -> str:
    """German thousands separators: 120.000."""
    return f"{value:,.0f}".replace(",", ".")


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def ranking(data: dict[str, Any]) -> bytes:
    """One panel per funding area: a bar per proposal (amount), best rank on top, selected ones
    green, and a dashed budget line below the last selected proposal."""
    panels = data["panels"]
    heights = [max(len(p["bars"]), 1) * 0.45 + 1.0 for p in panels]
    figure, axes = plt.subplots(
        len(panels),
        1,
        figsize=(8, sum(heights) + 0.6),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
        layout="constrained",
    )
    for axis, panel in zip(axes[:, 0], panels, strict=True):
        bars = panel["bars"]
        labels = [_short(b["label"]) for b in bars]
        values = [b["value"] for b in bars]
        colours = [SELECTED if b["highlight"] else OTHER for b in bars]
        positions = list(range(len(bars)))
        axis.barh(positions, values, color=colours)
        axis.set_yticks(positions, labels)
        axis.invert_yaxis()
        for position, bar in zip(positions, bars, strict=True):
            axis.text(bar["value"], position, f"  {bar['note']}", va="center", fontsize=8)
        if panel.get("cutoff") is not None:
            axis.axhline(panel["cutoff"] + 0.5, color="#c62828", linestyle="--", linewidth=1.2)
            axis.text(
                0,
                panel["cutoff"] + 0.5,
                data["cutoff_label"],
                color="#c62828",
                fontsize=8,
                va="bottom",
            )
        axis.set_title(panel["title"], fontsize=10, loc="left")
        axis.xaxis.set_major_formatter(FuncFormatter(_thousands))
        axis.margins(x=0.25)
    axes[-1, 0].set_xlabel(data["xlabel"], fontsize=8)
    figure.suptitle(textwrap.fill(data["title"], 70), fontsize=12)
    return _png(figure)


def bars(data: dict[str, Any]) -> bytes:
    """One series of bars, each with its number written on it."""
    items = data["bars"]
    figure, axis = plt.subplots(figsize=(8, max(2.5, len(items) * 0.45 + 1.2)))
    positions = list(range(len(items)))
    values = [item["value"] for item in items]
    axis.barh(positions, values, color=BAR)
    axis.set_yticks(positions, [_short(item["label"]) for item in items])
    axis.invert_yaxis()
    for position, item in zip(positions, items, strict=True):
        axis.text(item["value"], position, f"  {item['note']}", va="center", fontsize=9)
    axis.set_xlabel(data["xlabel"], fontsize=9)
    if data.get("xmax"):
        axis.set_xlim(0, data["xmax"])
    axis.margins(x=0.2)
    axis.set_title(textwrap.fill(data["title"], 80), fontsize=11, loc="left")
    return _png(figure)


def pairs(data: dict[str, Any]) -> bytes:
    """Two series side by side per category (e.g. budget and committed per funding area)."""
    categories = data["categories"]
    figure, axis = plt.subplots(figsize=(8, 4))
    positions = list(range(len(categories)))
    width = 0.4
    first, second = data["series"]
    axis.bar(
        [p - width / 2 for p in positions],
        first["values"],
        width,
        label=first["label"],
        color=OTHER,
    )
    axis.bar(
        [p + width / 2 for p in positions],
        second["values"],
        width,
        label=second["label"],
        color=SELECTED,
    )
    axis.set_xticks(positions, categories)
    axis.set_ylabel(data["ylabel"], fontsize=9)
    axis.yaxis.set_major_formatter(FuncFormatter(_thousands))
    axis.legend(fontsize=8)
    axis.set_title(data["title"], fontsize=11, loc="left")
    return _png(figure)


SHAPES = {"ranking": ranking, "bars": bars, "pairs": pairs}


def chart(data: dict[str, Any]) -> bytes:
    return SHAPES[data["shape"]](data)
