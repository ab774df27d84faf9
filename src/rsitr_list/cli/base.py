"""Click classes shared by every command: one exit-code convention for the whole CLI.

click exits with 2 on a usage error; here 2 means "dead links found" (check-links),
so every usage error exits 1, like any other error a user can fix.
"""

from __future__ import annotations

from typing import Any

import click


class Command(click.Command):
    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as e:
            e.exit_code = 1
            raise


class Group(Command, click.Group):
    """A group whose own usage errors (and its commands', through command_class) exit 1."""

    command_class = Command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as e:  # "No such command"
            e.exit_code = 1
            raise
