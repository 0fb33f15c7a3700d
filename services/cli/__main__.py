"""``python -m services.cli``: the ``samspil`` command, as the launcher starts a service."""

import sys

from services.cli.main import main

sys.exit(main())
