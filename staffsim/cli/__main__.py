"""``python -m staffsim.cli``: the same as the ``staffsim`` command."""

import sys

from staffsim.cli import main

if __name__ == "__main__":
    sys.exit(main())
