"""Tables and JSON of ``panmun trust`` (kept apart from the command definitions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from panmun.commands._common import console as shared_console

if TYPE_CHECKING:
    from panmun.scenario.relationships import Relationship
    from panmun.trust.interventions import ConditionResult


def simulate_table(summary: dict[str, Any]) -> None:
    from rich.table import Table

    game = summary["game"]
    horizon = (
        f"{game['rounds']} rounds"
        if game["rounds"] is not None
        else f"continuation w = {game['continuation']:g}"
    )
    table = Table(title=f"{summary['reps']} matches, noise {game['noise']:g}, {horizon}")
    for col in ("player", "strategy", "mean score", "std. error", "cooperation rate"):
        table.add_column(col)
    for key in ("player1", "player2"):
        side = summary[key]
        err = side["stderr"]
        table.add_row(
            key,
            side["strategy"],
            f"{side['mean_score']:.2f}",
            "-" if err is None else f"{err:.2f}",
            f"{side['cooperation_rate']:.3f}",
        )
    console = shared_console()
    console.print(table)
    first = summary["mean_first_breakdown_round"]
    recovery = summary["recovery_share"]
    console.print(
        f"Mutual cooperation {summary['mutual_cooperation_rate']:.3f} of rounds; it broke down in "
        f"{summary['breakdown_share']:.1%} of matches"
        + (f" (first at round {first:.1f} on average)" if first is not None else "")
        + (f", and came back in {recovery:.1%} of those." if recovery is not None else ".")
    )


def relationship_json(rel: Relationship, inputs: Any, ranked: list[ConditionResult]) -> Any:
    base = next(r for r in ranked if not r.interventions)
    return {
        "id": rel.id,
        "actor_a": rel.actor_a,
        "actor_b": rel.actor_b,
        "period": rel.period,
        "strategy_a": inputs.strategy_a.label(),
        "strategy_b": inputs.strategy_b.label(),
        "results": [
            {
                "rank": k + 1,
                "interventions": list(r.interventions),
                "label": r.label,
                "p_sustained": r.sustained,
                "interval_90": [r.sustained_low, r.sustained_high],
                "stderr": r.sustained_stderr,
                "change_vs_baseline": r.sustained - base.sustained,
                "p_self_enforcing": r.self_enforcing,
                "mutual_cooperation_rate": r.mutual_cooperation,
            }
            for k, r in enumerate(ranked)
        ],
    }


def interventions_tables(out: list[Any], repair_window: int) -> None:
    from rich.table import Table

    console = shared_console()
    for rel in out:
        table = Table(
            title=(
                f"{rel['id']}: {rel['strategy_a']} vs {rel['strategy_b']}; one round = "
                f"{rel['period'] or 'one round'}; sustained = no lapse over {repair_window} rounds"
            )
        )
        for col in (
            "#",
            "condition",
            "P(sust.)",
            "90% range",
            "vs base",
            "P(self-enf.)",
            "mutual C",
        ):
            table.add_column(col, overflow="fold")
        for r in rel["results"]:
            low, high = r["interval_90"]
            table.add_row(
                str(r["rank"]),
                r["label"],
                f"{r['p_sustained']:.2f}±{r['stderr']:.2f}",
                f"{low:.2f}-{high:.2f}",
                f"{r['change_vs_baseline']:+.2f}",
                f"{r['p_self_enforcing']:.2f}",
                f"{r['mutual_cooperation_rate']:.2f}",
            )
        console.print(table)
