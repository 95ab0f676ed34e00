"""Generate docs/cli.md from the commands' own help: ``python -m nrkg.clidoc > docs/cli.md``."""

from __future__ import annotations

import click


def walk(command: click.Command, path: list[str]):
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(click.Context(command))):
            yield from walk(command.get_command(click.Context(command), name), path + [name])


def reference() -> str:
    from .cli import cli

    parts = ["# CLI reference", "",
             "Generated from the commands' `--help` by `python -m nrkg.clidoc > docs/cli.md`;",
             "a test fails when it is out of date.", ""]
    for path, command in walk(cli, ["nrkg"]):
        context = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100)
        parts += [f"{'#' * min(len(path) + 1, 4)} {' '.join(path)}", "", "```text",
                  command.get_help(context).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
