"""Dialogs: editors, confirmations, wizards."""
