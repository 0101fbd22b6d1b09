"""The ``staffsim`` command group and what its commands share (overrides, states, output)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from staffsim.scenarios.errors import ScenarioError, number_text, quote


def overrides_from(pairs: tuple[str, ...], **named: object) -> dict[str, object]:
    """The scenario overrides of --set KEY=VALUE ``pairs`` and of the flags that set a
    parameter (``named``: dotted key -> the flag's value, None when not given). A key given
    by both keeps the --set value in ``Overrides.shadowed``: the loader validates it as if
    alone and refuses it if it differs from the flag's (``loader._check_shadowed``)."""
    from staffsim.scenarios.loader import Overrides, parse_value

    out = Overrides()
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ScenarioError("command line", "--set", f"{quote(pair)} is not KEY=VALUE "
                                "(e.g. --set simulation.months=12)")
        out[key.strip()] = parse_value(value.strip())
    for k, v in named.items():
        if v is None:
            continue
        # the --set of the same key however it is spelled ('simulation."months"', with spaces
        # around a dot: the loader reads them as one key, and the flag's value won silently)
        same = [key for key in out if _key_read(key) == k]
        if same:
            out.shadowed[k] = (out.pop(same[-1]), _flag_text(k, v))
            for key in same[:-1]:
                out.pop(key)
        out[k] = v
    return out


def _key_read(key: str) -> str:
    """A --set key as the loader reads it, dotted ('simulation."months"' -> simulation.months;
    the key itself if it cannot be read: the loader then says why)."""
    from staffsim.scenarios.loader import _dotted_parts

    try:
        return ".".join(_dotted_parts(key))
    except ScenarioError:
        return key


def _flag_text(key: str, value: object) -> str:
    """How the flag that gave ``key`` was typed ('--months 2'); the key if unknown."""
    flags = {"simulation.seed": "--seed", "simulation.months": "--months",
             "compare.months": "--months", "simulation.replications": "--replications",
             "compare.replications": "--replications", "simulation.workers": "--workers",
             "optimizer.solver": "--solver", "optimizer.time_limit_s": "--time-limit",
             "optimizer.marginals": "--marginals"}
    flag = flags.get(key, key)
    if isinstance(value, bool):
        return flag if value else flag.replace("--", "--no-", 1)
    return f"{flag} {value:g}" if isinstance(value, float) else f"{flag} {value}"


class OutFolder(click.Path):
    """A result folder flag (``--out``): a path, never empty (``--out ''`` is the current
    folder to click, and was refused as 'already exists')."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("empty; give the folder to write", param, ctx)
        return super().convert(value, param, ctx)


class FiniteFloat(click.ParamType):
    """A float flag: finite (no inf or nan) and within [low, high]."""

    name = "number"

    def __init__(self, low: float | None = None, high: float | None = None,
                 low_open: bool = False) -> None:
        self.low, self.high, self.low_open = low, high, low_open

    def convert(self, value, param, ctx):
        try:
            x = float(value)
        except (TypeError, ValueError):
            self.fail(f"{quote(value)} is not a number.", param, ctx)
        if not math.isfinite(x):
            self.fail(f"{value} is not a finite number.", param, ctx)
        if ((self.low is not None and (x < self.low or (self.low_open and x == self.low)))
                or (self.high is not None and x > self.high)):
            # click's own words and notation (as its IntRange says), which the language's
            # messages word (``results.error_words``); the value never in scientific notation
            self.fail(f"{number_text(x)} is not in the range {self.describe()}.", param, ctx)
        return x

    def describe(self) -> str:
        """The allowed range as click writes it: '0<x<=604800', 'x>=0'."""

        def plain(v: float) -> str:  # 604800, 0.5: never 6.048e+05
            return str(int(v)) if v.is_integer() else repr(v)

        if self.high is None:
            if self.low is None:
                return "x"
            return f"x{'>' if self.low_open else '>='}{plain(self.low)}"
        if self.low is None:
            return f"x<={plain(self.high)}"
        return f"{plain(self.low)}{'<' if self.low_open else '<='}x<={plain(self.high)}"


def _set_language(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # deferred: Babel loads with the language, only for commands that print or draw
    from staffsim import i18n

    i18n.set_language(value)
    return value


LANG_OPTION = click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
    envvar="STAFFSIM_LANG", expose_value=False, is_eager=True, callback=_set_language,
    help="language of the tables, figures and reports (also STAFFSIM_LANG)")

SET_OPTION = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                          help="override any scenario parameter (dotted key), repeatable; a "
                          "key a flag of the command also sets (--months, --seed, ...) must "
                          "be given the same value by both, or the command is refused")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Simulate and optimise commune staffing in a Vietnamese province."""
    # Every command reads scenarios: register the constraint families' parameter sections
    # first (imported here, not at module level, so that --help starts fast).
    import staffsim.optimize.families  # noqa: F401


PLAN_OPTIONS = [
    click.option("--out", type=OutFolder(), help="result folder (must not exist)"),
    click.option("--solver", type=click.Choice(["highs", "cbc"]), help="MIP solver"),
    click.option("--time-limit", type=FiniteFloat(0, 604_800, low_open=True),
                 help="seconds per solve"),
    click.option("--month", type=click.IntRange(0, 600), default=0,
                 help="plan on the simulated state at this month (replication 0)"),
    SET_OPTION,
]


def plan_options(f):
    for opt in reversed(PLAN_OPTIONS):
        f = opt(f)
    return f


def emit(data: dict, as_json: bool, lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=jsonable))
    else:
        for line in lines:
            click.echo(line)


def jsonable(o):
    """``results.folder.json_default`` (arrays, dates), and dataclasses as their fields."""
    if hasattr(o, "__dataclass_fields__"):
        return {k: getattr(o, k) for k in o.__dataclass_fields__}
    from staffsim.results.folder import json_default

    return json_default(o)


def save_folder(out: Path | None, scenario, name: str, data: dict, command: str,
                extra: dict[str, str] | None = None, force: bool = False) -> None:
    """Write a small result folder (JSON, extra text files, resolved scenario, manifest)."""
    if out is None:
        return
    from staffsim.results.folder import atomic_folder, manifest, write_json, write_resolved_scenario

    with atomic_folder(out, force=force, inputs=scenario.input_files) as tmp:
        write_json(tmp / f"{name}.json", json.loads(json.dumps(data, default=jsonable)))
        for fname, text in (extra or {}).items():
            (tmp / fname).write_text(text, encoding="utf-8")
        write_resolved_scenario(tmp, scenario)
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()),
            overrides=scenario.overrides, input_sha256=scenario.input_hashes))
    from staffsim.results.words import words

    _ = words()
    click.echo(_("wrote {path}", path=out), err=True)


def check_out(out: Path | None, force: bool = False, inputs: list[Path] | tuple = ()) -> None:
    """Claim the output folder before the work (see ``results.folder.claim_output``)."""
    from staffsim.results.folder import claim_output

    if out is not None:
        claim_output(out, force, inputs)


def start_figures() -> None:
    """Start the figure worker first thing in a command that draws: matplotlib then loads on
    the other core while the command works (``results.plots.worker``)."""
    from staffsim.results.plots import worker

    worker.start()


def scenario_read(scenario) -> None:
    """What a command that writes a folder does once its scenario is read: the figure worker
    stops if the scenario draws no figures (``output.figures``), and the machine facts its
    manifest records are read in a thread now (``results.folder.prepare_manifest``), while
    this process is small: the git and uname processes it starts share the process's memory
    until they exec (vfork), so started at the end they doubled the measured peak of the
    process tree for a moment (plan Thanh Hóa 250 -> 370 MB)."""
    from staffsim.results.folder import prepare_manifest

    prepare_manifest()
    if not scenario.params.output.figures:
        from staffsim.results.plots import worker

        worker.stop()
