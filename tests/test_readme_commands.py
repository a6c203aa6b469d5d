"""The README's command list names every command the CLI has (issue 21: it left some out)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop_app.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def leaf_commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                deeper = leaf_commands(sub, (*prefix, name))
                found.extend(deeper or [(*prefix, name)])
    return found


def command_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Command line", 1)[1].split("## ", 1)[0]
    return [line for line in block.splitlines() if line.startswith("payout-desk")]


def test_every_command_is_in_the_readme() -> None:
    lines = command_lines()
    missing = []
    for words in leaf_commands(build_parser()):
        # "run lock" may be written "run recalc RUN_ID | run lock RUN_ID", "pause|activate"
        pattern = r"\b" + r"\b.*?\b".join(re.escape(w) for w in words) + r"\b"
        if not any(re.search(pattern, line) for line in lines):
            missing.append(" ".join(words))
    assert missing == []
