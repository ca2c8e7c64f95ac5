"""Docs that cannot rot: every `frontline` subcommand is documented in the README."""

import argparse
from pathlib import Path

from frontline.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_frontline_subcommand_is_documented_in_the_readme():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    missing = [name for name in commands if f"frontline {name}" not in README]
    assert commands and missing == []


def test_the_readme_gives_the_two_commands_ci_runs():
    assert "bash .ci/demo" in README and "bash .ci/test" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "bash .ci/test" in ci
