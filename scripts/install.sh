#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 (mesa 3.5 and pulp 4.2 need it) and install staffsim in it.
# Finds python3.12 (verified in shared/stack.md), else 3.13, on PATH or under pyenv;
# idempotent (reuses a good .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

ok() { "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local v
  for cmd in python3.12 python3.13 python3; do
    if ok "$cmd"; then echo "$cmd"; return; fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$' | sort -V); do
      if ok env PYENV_VERSION="$v" python3; then echo "env PYENV_VERSION=$v python3"; return; fi
    done
  fi
  for d in "$HOME"/.pyenv/versions/3.1[2-9]*; do
    if [ -x "$d/bin/python3" ] && ok "$d/bin/python3"; then echo "$d/bin/python3"; return; fi
  done
  return 1
}

if [ -x .venv/bin/python ] && ok .venv/bin/python; then
  :
else
  py=$(find_python) || { echo "install.sh: no Python >= 3.12 found (tried python3.12, python3.13, python3, pyenv)" >&2; exit 1; }
  rm -rf .venv
  $py -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
# setuptools warns at every editable install that a folder named like the package (staffsim/,
# the command line's and dashboard's code, one part of the namespace) may take precedence:
# it is meant to, and the warning is 10 lines of noise for whoever installs
PYTHONWARNINGS="ignore:Editable installation:UserWarning" \
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
# An editable install leaves staffsim's own modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set (CI images, containers) every command would compile them again: about 0.15 s of each
# plan. Compile them once, as pip does for a regular install; Python recompiles in memory any
# module edited since (the .pyc holds the source's mtime), so a stale cache is never used.
.venv/bin/python -m compileall -q -j 0 model optimize results scenarios staffsim experiments i18n >/dev/null
echo "install.sh: staffsim installed in .venv ($(.venv/bin/python --version))" >&2
