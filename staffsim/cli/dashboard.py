"""The ``dashboard`` command: the browser dashboard for province HR (``staffsim.dashboard``)."""

from __future__ import annotations

from pathlib import Path

import click

from staffsim.cli.common import LANG_OPTION, SET_OPTION, cli, overrides_from


@cli.command()
@LANG_OPTION  # (its messages here; each page has its own language switch)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to serve on; anything but this machine needs a password "
              "(STAFFSIM_DASHBOARD_PASSWORD or --password-file)")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--password-file", type=click.Path(path_type=Path),
              help="file whose first line is the login password")
@click.option("--tiles", type=click.Choice(["auto", "on", "off"]), default="auto",
              show_default=True, help="OpenStreetMap background: auto = when reachable")
@SET_OPTION
def dashboard(file: Path, host: str, port: int, password_file: Path | None, tiles: str,
              sets: tuple[str, ...]) -> None:
    """Serve a local web app for the scenario: map, levers, re-plan, explain, compare, and
    the decision annex (offline; Vietnamese by default)."""
    # deferred: the web stack loads only for this command
    from staffsim.dashboard.auth import password_for, read_password
    from staffsim.dashboard.server import Settings, serve

    password = password_for(host, read_password(password_file))
    serve(Settings(file, overrides_from(sets), host, port, tiles), password)
