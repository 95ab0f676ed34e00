"""What every command shares: the group class that maps errors to exit codes, and option helpers."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from nrkg.errors import NrkgError


class Settings:
    """Global options, set on the group and read by every command."""

    def __init__(self, out: Path | None = None, verbose: int = 0, quiet: bool = False):
        self.out, self.verbose, self.quiet = out, verbose, quiet

    def progress(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"nrkg: {message}", err=True)

    def ensure_built(self):
        from nrkg.build.pipeline import ensure_built

        return ensure_built(self.out, progress=self.progress)


class NrkgGroup(click.Group):
    """Prints project errors as ``error[ID]: …`` and exits with their code (2 input, 1 check failed)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NrkgError as error:
            if settings_of(ctx).verbose:
                traceback.print_exc()
            click.echo(error.render(), err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader went away (`nrkg query … | head`): stop quietly, as other Unix tools do; point
            # stdout at /dev/null so the interpreter's final flush does not raise again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except Exception as error:  # a bug: say so plainly, with the trace on request
            if settings_of(ctx).verbose:
                traceback.print_exc()
            click.echo(f"error[internal-error]: {type(error).__name__}: {error}\n"
                       "  hint: run again with -v for the traceback and report it", err=True)
            ctx.exit(2)


def settings_of(ctx: click.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


pass_settings = click.make_pass_decorator(Settings, ensure=True)


def write_text(text: str, output: Path | None) -> None:
    """Write to a file atomically, or to standard output."""
    if output is None:
        click.echo(text, nl=False)
        return
    from nrkg.files import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise NrkgError("output-unwritable", f"{output}: cannot be written ({exc.strerror})",
                        "choose another path with -o") from None


def read_stdin() -> str:
    return sys.stdin.read()
