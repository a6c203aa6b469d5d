"""The Qt user interface: a thin skin over desktop_app.services.

Nothing here is imported before the main window paints but Qt and the window's own modules: the
store, SQLAlchemy and the services are imported when the store is opened, after the first paint
(ui/app.py), so they are imported lazily (inside the functions that use them) by every module
the window needs to paint: app, main_window, main_menu, screens (the list), icons, theme.
"""
