"""The Qt user interface: a thin skin over desktop_app.services."""
