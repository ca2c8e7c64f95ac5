"""`python -m frontline` runs the desktop app (same as the `frontline` command)."""

from frontline.cli import main

raise SystemExit(main())
