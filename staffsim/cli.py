"""The ``staffsim`` command line."""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import click

from scenarios.errors import ScenarioError


def _overrides(pairs: tuple[str, ...], **named: object) -> dict[str, object]:
    from scenarios.loader import parse_value

    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ScenarioError("command line", "--set", f"{pair!r} is not KEY=VALUE "
                                "(e.g. --set simulation.months=12)")
        out[key.strip()] = parse_value(value.strip())
    out.update({k: v for k, v in named.items() if v is not None})
    return out


SET_OPTION = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                          help="override any scenario parameter (dotted key), repeatable")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Simulate and optimise commune staffing in a Vietnamese province."""


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="result folder (must not exist)")
@click.option("--seed", type=click.IntRange(min=0), help="root seed")
@click.option("--months", type=click.IntRange(1, 600), help="simulation horizon")
@click.option("--replications", type=click.IntRange(1, 10000), help="seeded replications")
@click.option("--workers", type=click.IntRange(1, 256), help="processes for replications")
@SET_OPTION
def run(file: Path, out: Path | None, seed: int | None, months: int | None,
        replications: int | None, workers: int | None, sets: tuple[str, ...]) -> None:
    """Simulate a scenario and write a result folder."""
    from tqdm import tqdm

    from model.run import initial_roster, run_scenario
    from results.folder import default_folder
    from results.run_folder import headline, write_run
    from scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, _overrides(
        sets, **{"simulation.seed": seed, "simulation.months": months,
                 "simulation.replications": replications, "simulation.workers": workers}))
    p = scenario.params
    final = out or default_folder(p.output.folder, scenario.path.stem, p.simulation.seed)
    if final.exists():
        raise ScenarioError(final, "--out", "already exists; choose a new folder")
    timings = {"load_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    roster = initial_roster(scenario)
    timings["roster_s"] = time.perf_counter() - t0
    click.echo(f"{scenario.name}: {len(scenario.communes)} communes, "
               f"{int(roster.active.sum())} officials, {p.simulation.months} months x "
               f"{p.simulation.replications} replication(s), seed {p.simulation.seed}", err=True)
    t0 = time.perf_counter()
    with tqdm(total=p.simulation.replications, unit="run", desc="simulating",
              disable=None, file=sys.stderr) as bar:
        results = run_scenario(scenario, progress=bar.update)
    timings["simulate_s"] = time.perf_counter() - t0
    command = shlex.join(["staffsim", *sys.argv[1:]])
    folder = write_run(final, scenario, roster, results, timings, command)
    for line in headline(folder / "summary.json"):
        click.echo(line)
    click.echo(f"wrote {folder}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@SET_OPTION
def validate(file: Path, sets: tuple[str, ...]) -> None:
    """Check a scenario file and its data tables; print a one-line verdict."""
    from scenarios.loader import load_scenario

    sc = load_scenario(file, _overrides(sets))
    roster = "roster table" if sc.roster is not None else "generated roster"
    click.echo(f"{file}: ok ({sc.name}: {len(sc.communes)} communes, {roster})")


@cli.command()
def schema() -> None:
    """Print the JSON schema of scenario files (units, defaults and meanings)."""
    from scenarios.params import Params

    click.echo(json.dumps(Params.model_json_schema(), indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors and exit code 2 for bad input, never a traceback."""
    try:
        cli.main(args=argv, prog_name="staffsim", standalone_mode=False)
    except ScenarioError as e:
        click.echo(f"staffsim: error: {e}", err=True)
        return 2
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        click.echo(f"staffsim: error: {e.format_message()}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("staffsim: interrupted; nothing was written", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("staffsim: interrupted; nothing was written", err=True)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
