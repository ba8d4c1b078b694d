"""The figures of the statistical chapters (audit, futility reconstruction, modelled PFS): plotting
kept out of the notebooks. Each draws at most 6.9 in wide with text of at least 8 pt, labels in
words, status by marker shape as well as colour, and saves with `plots.save_figure`."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from . import audit
from .plots import AMCENESTRANT, PALETTE, save_figure, scale_on_top, use_book_style

WIDTH = 6.6  # the text column (6.9 in) less the 0.1 in savefig pads on each side, and a margin
FLAG, PASS = PALETTE["vermillion"], AMCENESTRANT
MARKER = {"pass": "o", "flag": "D"}


def p_value_audit(p_audit: pd.DataFrame, hrs: pd.DataFrame, name: str = "p-value-audit") -> None:
    """Reported p against the recomputed one, with the rounding ranges under both readings."""
    use_book_style()
    labels = audit.record_labels(hrs)
    order = p_audit.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.5 * len(order) + 1.6))
    for y, r in order.iterrows():
        colour = FLAG if r.verdict == "flag" else PASS
        ax.plot([r._low - r._p, r._high - r._p], [y, y], color=colour, linewidth=9, alpha=0.2, solid_capstyle="butt")
        ax.plot([r._low_full - r._p, r._high_full - r._p], [y, y], color=colour, linewidth=9, alpha=0.55,
                solid_capstyle="butt")
        ax.plot(r._reported - r._p, y, MARKER[r.verdict], color=colour, markersize=6, markeredgecolor="black",
                markeredgewidth=0.5)
    ticks = [textwrap.fill(labels[r["compared with"]], 34) + f"\np {r['reported p']} vs HR {r['HR (CI) as written']}"
             for _, r in order.iterrows()]
    ax.set_yticks(range(len(order)), ticks, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#555555", linewidth=1)
    ax.tick_params(axis="x", labelsize=8)
    scale_on_top(ax)
    ax.set_xlabel("reported p minus the p recomputed from the HR and CI as written\n"
                  "(light band: rounding as written; dark band: all numbers at the most decimals written)",
                  fontsize=8)
    ax.legend(handles=[plt.Line2D([], [], marker=MARKER[v], linestyle="none", color=c, markeredgecolor="black",
                                  markeredgewidth=0.5, label=v) for v, c in (("pass", PASS), ("flag", FLAG))],
              fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), borderaxespad=2.2, ncol=2, frameon=False)
    fig.tight_layout()
    save_figure(fig, name)
    plt.close(fig)


DESIGN_MARKERS = ["o", "s", "^", "D", "v"]


def futility_design(grid: pd.DataFrame, boundary: float, interim_hr: float, stop_probability,
                    name: str = "ameera5-conditional-power") -> None:
    """Left: conditional power under the design alternative and the enthusiastic predictive
    probability against the information fraction, one marker per design hazard ratio. Right: the
    probability that the interim estimate crosses the boundary, by true hazard ratio."""
    import numpy as np

    from .plots import CYCLE

    use_book_style()
    fig, axes = plt.subplots(1, 2, figsize=(WIDTH, 3.4), gridspec_kw={"width_ratios": [1.2, 1]})
    ax = axes[0]
    for (design_hr, rows), colour, marker in zip(grid.groupby("design HR"), CYCLE, DESIGN_MARKERS, strict=False):
        rows = rows.dropna(subset=["CP design"])
        ax.plot(rows["information fraction"], rows["CP design"], marker=marker, color=colour, linestyle="-",
                label=f"design HR {design_hr:.2f}: CP, design effect")
        ax.plot(rows["information fraction"], rows["PP enthusiastic"], marker=marker, color=colour, linestyle=":",
                markerfacecolor="white", label=f"design HR {design_hr:.2f}: PP, enthusiastic prior")
    ax.set_xlabel("information fraction at the interim", fontsize=8)
    ax.set_ylabel("probability of a positive final analysis", fontsize=8)
    ax.set_ylim(0, 1)
    ax.axhline(0.5, color="#555555", linewidth=0.8, linestyle="--")
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=8, loc="upper right", frameon=False)
    ax.set_title("Had AMEERA-5 continued (reconstruction)", fontsize=9)
    ax = axes[1]
    hrs = np.linspace(0.6, 1.4, 161)
    ax.plot(hrs, [stop_probability(h) for h in hrs], color=AMCENESTRANT)
    ax.axvline(interim_hr, color=FLAG, linestyle="--", linewidth=1)
    ax.annotate(f"interim\nestimate\n{interim_hr:g}", (interim_hr, 0.05), xytext=(4, 0), textcoords="offset points",
                color=FLAG, fontsize=8)
    ax.axvline(1, color="#555555", linewidth=0.8)
    ax.set_xlabel("true hazard ratio", fontsize=8)
    ax.set_ylabel(f"P(estimated HR > {boundary:g}) at the interim", fontsize=8)
    ax.set_ylim(0, 1)
    ax.tick_params(labelsize=8)
    ax.set_title("How often the rule stops", fontsize=9)
    fig.tight_layout()
    save_figure(fig, name)
    plt.close(fig)


def bayes_reanalysis(trials: dict[str, dict], priors, name: str = "bayes-reanalysis") -> None:
    """One panel per trial: each prior (dotted) and its posterior (one line style per prior) density of the hazard
    ratio on a log axis, with the estimate's likelihood (grey)."""
    import numpy as np
    from scipy.stats import norm

    from . import bayes
    from .plots import CYCLE

    use_book_style()
    grid = np.linspace(np.log(0.4), np.log(2.0), 400)
    fig, axes = plt.subplots(1, len(trials), figsize=(WIDTH, 3.6), sharey=True)
    for ax, (title, trial) in zip(axes, trials.items(), strict=True):
        estimate, se = np.log(trial["hr"]), trial["se"]
        ax.plot(np.exp(grid), norm.pdf(grid, estimate, se), color="#777777", linewidth=2.5, alpha=0.6,
                label="data (likelihood)")
        for prior, colour, style in zip(priors, CYCLE, ("-", "--", "-."), strict=False):
            mean, sd = bayes.posterior(prior.mean, prior.sd, estimate, se)
            ax.plot(np.exp(grid), norm.pdf(grid, prior.mean, prior.sd), color=colour, linestyle=":", linewidth=1)
            ax.plot(np.exp(grid), norm.pdf(grid, mean, sd), color=colour, linestyle=style,
                    label=f"{prior.name}: posterior (prior dotted)")
        ax.axvline(1, color="#555555", linewidth=0.8)
        ax.set_xscale("log")
        ticks = [0.5, 0.8, 1, 1.25, 2]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_xlabel("hazard ratio (log scale)", fontsize=8)
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].set_ylabel("density of ln HR", fontsize=8)
    fig.legend(*axes[0].get_legend_handles_labels(), fontsize=8, loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.16, 1, 1))  # the legend below both panels, clear of the curves
    save_figure(fig, name)
    plt.close(fig)


def modelled_pfs_curves(profiles: dict, a5: pd.DataFrame, landmarks: pd.DataFrame, labels: dict[str, str],
                        name: str = "modelled-pfs-curves") -> None:
    """Left: AMEERA-3 exponential (from the median) and Weibull curves with the reported points.
    Right: AMEERA-5 exponential curves through the six-month rates, with the rates and their CIs."""
    import numpy as np

    from . import stats
    from .plots import COMPARATOR

    use_book_style()
    months = np.linspace(0, 24, 241)
    fig, axes = plt.subplots(1, 2, figsize=(WIDTH, 3.6), sharey=True)
    ax = axes[0]
    for (key, profile), colour, marker in zip(profiles.items(), (AMCENESTRANT, COMPARATOR), ("o", "s"), strict=True):
        ax.plot(months, 100 * stats.exponential_survival(months, profile["times"][0]), color=colour,
                label=f"{labels[key]}: exponential")
        ax.plot(months, 100 * stats.weibull_survival(months, profile["fit"]["shape"], profile["fit"]["scale"]),
                color=colour, linestyle="--", label=f"{labels[key]}: Weibull")
        ax.plot(profile["times"], 100 * np.array(profile["survival"]), marker, color=colour)
    ax.set_title("AMEERA-3\n(points: reported median and landmarks)", fontsize=8)
    ax.set_xlabel("months from randomisation", fontsize=8)
    ax.set_ylabel("progression-free (%)", fontsize=8)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    ax = axes[1]
    for (_, r), marker in zip(a5.iterrows(), ("o", "s"), strict=True):
        colour = AMCENESTRANT if r.role != "control" else COMPARATOR
        ax.plot(months, 100 * stats.exponential_survival(months, r._m[0]), color=colour, linestyle=":",
                label=labels[r.arm])
        row = landmarks[landmarks.arm_id == r.arm].iloc[0]
        ax.errorbar(r.month, row.value, yerr=[[row.value - row.ci_low], [row.ci_high - row.value]], fmt=marker,
                    color=colour, capsize=3)
    ax.set_title("AMEERA-5\n(points: reported 6-month rates with CI)", fontsize=8)
    ax.set_xlabel("months from randomisation", fontsize=8)
    ax.set_ylim(0, 102)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    for ax in axes:
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    save_figure(fig, name)
    plt.close(fig)


def median_ratio_vs_hr(both: pd.DataFrame, name: str = "median-ratio-vs-hr") -> None:
    """Reported hazard ratio (with its CI) against the ratio of medians (with its derived interval),
    log scales; rows whose HR interval excludes the ratio drawn as squares in a second colour and
    named in words."""
    import numpy as np

    use_book_style()
    fig, ax = plt.subplots(figsize=(WIDTH * 0.8, 4.6))
    flagged: list[str] = []
    for _, r in both.sort_values("hr").iterrows():
        inside = bool(r["inside CI"])
        colour, marker = (PASS, "o") if inside else (FLAG, "s")
        ratio = r["ratio of medians (derived)"]
        ax.errorbar(ratio, r.hr, yerr=[[r.hr - r.ci_low], [r.ci_high - r.hr]],
                    xerr=[[ratio - r["ratio low (derived)"]], [r["ratio high (derived)"] - ratio]], fmt=marker,
                    color=colour, capsize=2, markersize=5, alpha=0.85, elinewidth=0.8)
        if not inside:
            flagged.append(f"{len(flagged) + 1}  {r.trial}, {r.population}")
            ax.annotate(str(len(flagged)), (ratio, r.hr), fontsize=8, xytext=(-5, 4), textcoords="offset points",
                        color=colour, ha="right", fontweight="bold")
    values = np.concatenate([both["ratio low (derived)"], both["ratio high (derived)"], both.ci_low, both.ci_high])
    lims = np.array([values.min() * 0.9, values.max() * 1.1])
    ax.plot(lims, lims, color="#555555", linewidth=0.8, linestyle="--")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*lims)
    ax.set_ylim(*lims)
    ticks = [t for t in (0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.4, 2, 3) if lims[0] <= t <= lims[1]]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.tick_params(labelsize=8)
    ax.text(0.98, 0.02, "ratio outside the HR's CI:\n" + "\n".join(flagged), transform=ax.transAxes, fontsize=8,
            ha="right", va="bottom", color=FLAG)
    ax.set_xlabel("control median / experimental median, with its interval (derived)", fontsize=8)
    ax.set_ylabel("reported hazard ratio with its CI", fontsize=8)
    ax.legend(handles=[plt.Line2D([], [], marker="o", linestyle="none", color=PASS, label="ratio inside the HR's CI"),
                       plt.Line2D([], [], marker="s", linestyle="none", color=FLAG, label="ratio outside it")],
              fontsize=8, loc="upper left", frameon=False)
    fig.tight_layout()
    save_figure(fig, name)
    plt.close(fig)
