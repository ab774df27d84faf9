"""Click classes shared by every command: one exit-code convention for the whole CLI.

click exits with 2 on a usage error; here 2 means "dead links found" (check-links),
so every usage error exits 1, like any other error a user can fix.
"""

from __future__ import annotations

import click


class _UsageExitsOne:
    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except click.UsageError as e:
            e.exit_code = 1
            raise


class Command(_UsageExitsOne, click.Command):
    pass


class Group(_UsageExitsOne, click.Group):
    command_class = Command

    def resolve_command(self, ctx, args):  # type: ignore[no-untyped-def]
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as e:  # "No such command"
            e.exit_code = 1
            raise
