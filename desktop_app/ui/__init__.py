"""The Qt user interface: a thin skin over desktop_app.services.

The store and the services the window needs at start are imported here, before any module of
the package imports Qt: PySide6 (6.12 here) reads the source of every module imported after it
(its `__feature__` check), which costs the app's start a tenth of a second for SQLAlchemy's
and the services' few hundred modules.
"""

import desktop_app.services.backup
import desktop_app.services.performance
import desktop_app.services.stores  # noqa: F401
