"""Generate docs/cli.md from the commands' own help: ``python -m nrkg.devtools.clidoc > docs/cli.md``."""

from __future__ import annotations

import click


def walk(command: click.Command, path: list[str], parent: click.Context | None = None):
    """Each command with its context; contexts chain to the root's, so settings such as ``-h`` carry down."""
    context = click.Context(command, info_name=" ".join(path), parent=parent, terminal_width=100,
                            max_content_width=100, **(command.context_settings if parent is None else {}))
    yield path, command, context
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(context)):
            yield from walk(command.get_command(context, name), path + [name], context)


def reference() -> str:
    from nrkg.cli import cli

    parts = ["# CLI reference", "",
             "Generated from the commands' `--help` by `python -m nrkg.devtools.clidoc > docs/cli.md`;",
             "a test fails when it is out of date.", ""]
    for path, command, context in walk(cli, ["nrkg"]):
        parts += [f"{'#' * min(len(path) + 1, 4)} {' '.join(path)}", "", "```text",
                  command.get_help(context).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
