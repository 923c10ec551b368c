"""``python -m oitparse``: the same as the ``oitparse`` console script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
