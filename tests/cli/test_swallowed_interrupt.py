"""A Ctrl-C whose KeyboardInterrupt Python cannot raise (it lands in the weakref callback of
an import's module lock, or in a __del__: 'Exception ignored in ...') used to print that
traceback and let the command run on to exit 0 (CI: a Ctrl-C while plan wrote its folder).
The command now ends as interrupted, 130, without the traceback."""

import subprocess
import sys
import textwrap

import pytest

from ..conftest import SCENARIOS

PROBE = textwrap.dedent("""
    import sys
    import staffsim.results.run_folder as rf
    real = rf.write_run

    class Swallowed:
        def __del__(self):  # raised here, the exception is unraisable, as in an import lock
            raise KeyboardInterrupt

    def write_run(*a, **k):
        Swallowed()  # made and dropped: its __del__ raises where nothing can catch it
        return real(*a, **k)

    rf.write_run = write_run
    sys.argv = ["staffsim", "run", sys.argv[1], "--months", "1", "--set",
                "output.figures=false", "--out", sys.argv[2], "--lang", "en"]
    from staffsim.cli import main
    sys.exit(main())  # (as the staffsim command: the signal policy installed)
""")


@pytest.mark.slow  # a fresh interpreter, with the command line's signal policy installed
def test_an_interrupt_python_could_not_raise_ends_the_command_as_interrupted(tmp_path):
    r = subprocess.run([sys.executable, "-c", PROBE, str(SCENARIOS / "demo.toml"),
                        str(tmp_path / "o")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 130, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("staffsim: interrupted")
