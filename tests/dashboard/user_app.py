"""The dashboard as NiceGUI's User fixture runs it (a main file, re-run for every test): the
scenario and the password come from the environment, never from sys.argv."""

import os
from pathlib import Path

from nicegui import ui

from staffsim.dashboard.auth import PasswordHash
from staffsim.dashboard.server import AppState, Settings, setup

settings = Settings(Path(os.environ["STAFFSIM_TEST_SCENARIO"]), tiles="off",
                    upload_limit=int(os.environ.get("STAFFSIM_TEST_UPLOAD_LIMIT", 10 * 2**20)))
password = os.environ.get("STAFFSIM_TEST_PASSWORD")
state = AppState.start(settings, PasswordHash.of(password) if password else None)
state.warm.join()
setup(state)
ui.run(storage_secret="staffsim tests")
