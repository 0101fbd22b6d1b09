"""SIGTERM before the interrupt policy is installed (``staffsim.cli.main``)."""

from __future__ import annotations

import subprocess
import sys


def test_sigterm_before_the_policy_is_installed_says_so(tmp_path):
    """SIGTERM while the command loads (before ``interrupts.install``) killed the process
    with no line (a hostile trial: SIGTERM 0.2-0.6 s into plan, exit -15, stderr empty). The
    signal comes while the commands' module is imported, in a process of its own: one line,
    'terminated', exit 143."""
    code = ("import builtins, os, signal, sys\n"
            "sys.argv = ['staffsim', 'plan', 'any.toml', '--lang', 'en']\n"
            "import staffsim.cli as cli\n"
            "real = builtins.__import__\n"
            "def imp(name, *a, **k):\n"
            "    if name == 'staffsim.cli.app':\n"
            "        os.kill(os.getpid(), signal.SIGTERM)\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = imp\n"
            "sys.exit(cli.main())\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60, cwd=tmp_path)
    assert r.returncode == 143, (r.returncode, r.stderr)
    assert r.stderr.strip() == "staffsim: terminated; nothing was written"
