"""How statements go to the mail server, named apart from the settings (mail_settings) so the
command line can offer the choices without loading them."""

SECURITY_MODES = ("starttls", "ssl", "none")
