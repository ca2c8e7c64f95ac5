"""The Qt half of `frontline --self-check`: the platform and image-format plugins the app
needs, found and loadable (the usual reason a Qt app does not start on a PC is a platform
plugin whose libraries are missing: "could not load the Qt platform plugin xcb").

The check itself runs on the offscreen platform, so it works without a display (CI, a
build machine, a service account); the desktop platform plugin is loaded as a library,
which resolves its dependencies without opening a window. The app's own SVG icon is
rendered to prove the SVG plugin works end to end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QPluginLoader, QSize
from PySide6.QtGui import QGuiApplication, QIcon, QImageReader

from frontline.sync.selfcheck import ERROR, OK, WARNING, Check
from frontline.ui.resources import resources_dir

#: Platform plugins by OS: (required, optional).
PLATFORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "linux": (("offscreen", "xcb"), ("wayland",)),
    "win32": (("offscreen", "windows"), ()),
    "darwin": (("offscreen", "cocoa"), ()),
}
#: Image formats the app reads: PNG (built into QtGui), JPEG and SVG (plugins).
IMAGE_FORMATS = ("png", "jpeg", "svg")


def _plugin_file(folder: Path, name: str) -> Path | None:
    """The plugin library for platform `name` in `folder` (libqxcb.so, qwindows.dll...)."""
    for candidate in sorted(folder.glob(f"*q{name}.*")):
        if candidate.suffix in (".so", ".dll", ".dylib"):
            return candidate
    return None


def qt_checks() -> list[Check]:
    """Platform plugins, image formats and the app's icon. Creates an offscreen
    QGuiApplication when none exists."""
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["frontline", "-platform", "offscreen"])
    checks: list[Check] = []
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    required, optional = PLATFORMS.get(sys.platform, PLATFORMS["linux"])
    for name in (*required, *optional):
        path = _plugin_file(plugins / "platforms", name)
        if path is None:
            status = ERROR if name in required else WARNING
            checks.append(Check(f"qt platform {name}", status,
                                f"no {name} plugin in {plugins / 'platforms'}"))
            continue
        loader = QPluginLoader(str(path))
        if not loader.load():
            status = ERROR if name in required else WARNING
            checks.append(Check(f"qt platform {name}", status,
                                f"{path.name} does not load: {loader.errorString()}"))
            continue
        checks.append(Check(f"qt platform {name}", OK, f"{path.name} loads"))
    checks[0:0] = [Check("qt", OK, f"running on the {QGuiApplication.platformName()} "
                         f"platform; plugins in {plugins}")]
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    for fmt in IMAGE_FORMATS:
        if fmt in formats:
            checks.append(Check(f"qt image {fmt}", OK, "supported"))
        else:
            checks.append(Check(f"qt image {fmt}", ERROR, f"not supported (plugins in "
                                f"{plugins / 'imageformats'})"))
    base = resources_dir()
    icon_path = base / "icons" / "frontline.svg" if base else None
    if icon_path is None or not icon_path.is_file():
        checks.append(Check("resources", ERROR, "resources/ (icons, style sheet) not found"))
    else:
        image = QIcon(str(icon_path)).pixmap(QSize(32, 32)).toImage()
        rendered = not image.isNull() and any(
            image.pixelColor(x, y).alpha() for x in range(32) for y in range(32))
        checks.append(Check("resources", OK if rendered else ERROR,
                            f"{icon_path.parent.parent}: the app icon "
                            + ("renders" if rendered else "does not render (SVG icon engine)")))
    return checks
