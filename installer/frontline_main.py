"""The bundled app's entry script: the same as the `frontline` console script.

PyInstaller freezes a script, not a console-script entry point; this is that script.
`installer/frontline.spec` builds it into `dist/frontline/frontline`.
"""

from frontline.cli import main

raise SystemExit(main())
