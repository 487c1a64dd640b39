"""``python -m aikg`` is the same as the ``aikg`` command."""

import sys

from .cli import main

sys.exit(main())
