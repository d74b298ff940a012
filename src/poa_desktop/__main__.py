"""Allow ``python -m poa_desktop``."""

from poa_desktop.cli import main

raise SystemExit(main())
