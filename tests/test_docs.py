"""README.md documents every command and option of the CLI, and opens with the two set-up
commands that CI runs."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from scraper.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands.items())


@pytest.mark.parametrize("name,command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_option_is_in_the_readme(name: str, command: click.Command) -> None:
    assert f"moviemaster {name}" in README
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            for option in parameter.opts:
                if option.startswith("--"):
                    assert option in README, f"{name} {option}"


def test_readme_opens_with_the_two_setup_commands() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    setup = README.split("```", 2)[1].strip().splitlines()[1:]
    commands = [line for line in setup if line and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[1] in ci  # CI runs the test command exactly as written
