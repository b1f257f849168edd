"""The model and decoding options ``translate`` and ``align --mt`` share, declared once.

Each type carries the option's name, metavar and help; the command gives the default
(``beams: Beams = None``). :func:`engine_options` turns the values into the one options object,
:func:`given_on_command_line` tells which of them the user typed (``align`` refuses them without ``--mt``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligntool.engines.translation.engines import engine_names

if TYPE_CHECKING:
    from aligntool.engines.translation.options import EngineOptions

Models = Annotated[list[str] | None, typer.Option(
    "--model", metavar="LANG=ID_OR_DIR",
    help="Model for a language: a Hub id or a local directory (repeatable). OPUS-MT (MarianMT) by default; "
         "NLLB-200 and M2M100 checkpoints are recognised by their config, e.g. "
         "kk=facebook/nllb-200-distilled-600M (NLLB weights are CC-BY-NC-4.0: non-commercial use only).")]
TargetTokens = Annotated[list[str] | None, typer.Option(
    "--target-token", metavar="LANG=TOKEN",
    help="Sentence-initial token of a multi-target model, e.g. kk=>>kaz_Cyrl<< (repeatable).")]
Beams = Annotated[int | None, typer.Option("--beams", help="Beam size (default: the model's, 4 for OPUS-MT).")]
MaxLength = Annotated[int | None, typer.Option(
    "--max-length", help="Most new tokens per sentence (default: 2 × source tokens + 10).")]
BatchTokens = Annotated[int, typer.Option("--batch-tokens", help="Source tokens per batch, padding included.")]
BatchMemory = Annotated[int, typer.Option(
    "--batch-memory", metavar="MB",
    help="Decoding memory a batch may take (estimated); larger is faster, 0 = no bound.")]
Device = Annotated[str, typer.Option("--device", metavar="auto|cpu|cuda", help="auto, cpu or cuda.")]
Engine = Annotated[str, typer.Option(
    "--engine", metavar="|".join(engine_names()),
    help="Decoder: auto (default: CTranslate2 at the fastest precision for the device, int8 on CPU; "
         "transformers if the model does not convert), ctranslate2, or transformers.")]
ComputeType = Annotated[str, typer.Option(
    "--compute-type", metavar="auto|float32|int8|int8_float32|…",
    help="Numeric precision: auto (fastest for the device), int8 (faster and smaller), float32 (matches the "
         "model exactly).")]
Threads = Annotated[int, typer.Option(
    "--threads", help="CPU threads for decoding (0: the CPUs this process may use, minus those other "
    "processes keep busy).")]

#: the options above: each command parameter is named as the
#: :class:`~aligntool.engines.translation.options.EngineOptions` field it sets
ENGINE_FIELDS = ("engine", "device", "compute_type", "threads", "beams", "max_length", "batch_tokens",
                 "batch_memory_mb")


def engine_options(**values: Any) -> EngineOptions:
    """The checked :class:`~aligntool.engines.translation.options.EngineOptions` from the options above, by
    parameter name (``engine_options(engine="ctranslate2", batch_memory_mb=320, …)``)."""
    from aligntool.engines.translation.options import EngineOptions

    return EngineOptions(**values)


def given_on_command_line(ctx: typer.Context, names: list[str]) -> list[str]:
    """The options among parameters ``names`` that the command line gave (as spelt there, e.g. ``--engine``);
    values from defaults or a ``--config`` table do not count."""
    spelling = {param.name: param.opts[0] for param in ctx.command.params}
    # compared by name: typer vendors its own click, whose ParameterSource is not public
    return [spelling[name] for name in names
            if getattr(ctx.get_parameter_source(name), "name", None) in ("COMMANDLINE", "ENVIRONMENT")]
