"""CLI commands: aligntool glossary list|show|add|edit|remove|validate|forms|check|extract|export|import.

A thin layer over :mod:`aligntool.engines.terminology`: options map to the API's arguments, errors are
AligntoolErrors (one line, exit code) handled in :func:`aligntool.cli.app.run_cli`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligntool.engines.terminology.forms import entry_forms, term_forms

if TYPE_CHECKING:
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.formats.glossary.model import Entry, Term


glossary_app = typer.Typer(
    name="glossary",
    help="Maintain the CSTO terminology glossary; check translations; exchange with CAT tools and MT services.",
    no_args_is_help=True,
)

GlossaryOpt = Annotated[Path | None, typer.Option(
    "--glossary", "-g", metavar="FILE",
    help="The glossary file (default: $ALIGNTOOL_GLOSSARY, ./glossary/csto.yaml, then the "
         "copy shipped with aligntool; see aligntool.engines.terminology.locate).")]


def _glossary(given: Path | None, editing: bool = False) -> Path:
    from aligntool.engines.terminology.locate import find_glossary

    return find_glossary(given, editing=editing)


def _optional_glossary(given: Path | None) -> Glossary:
    from aligntool.engines.terminology.locate import optional_glossary
    from aligntool.engines.terminology.termbase import Glossary

    found = optional_glossary(given)
    return Glossary.load(found) if found is not None else Glossary([])


def _split_langs(value: str) -> list[str]:
    from aligntool.core.languages import base_language

    return [base_language(code) for code in value.split(",") if code.strip()]


@glossary_app.command("list")
def list_entries(
    glossary: GlossaryOpt = None,
    entry_type: Annotated[str | None, typer.Option("--type", metavar="TYPE", help="Only entries of this type.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Only entries with terms that need review.")] = False,
) -> int:
    """One line per entry: id, type and the preferred term in each language."""
    from aligntool.engines.terminology.termbase import Glossary

    loaded = Glossary.load(_glossary(glossary))
    for entry in loaded.entries:
        if (entry_type and entry.type != entry_type) or (review and not entry.needs_review):
            continue
        flag = " [needs-review]" if entry.needs_review else ""
        terms = " | ".join(f"{lang}: {entry.preferred(lang)}" for lang in loaded.languages)
        typer.echo(f"{entry.id}\t{entry.type}\t{terms}{flag}")
    return 0


@glossary_app.command("show")
def show(
    key: Annotated[str, typer.Argument(help="An entry id or any term or form of it.")],
    glossary: GlossaryOpt = None,
) -> int:
    """The entry as written in the file, with its location and generated forms."""
    from aligntool.core.errors import InputError
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.formats.glossary.store import format_entry

    path = _glossary(glossary)  # the file actually read (None means: look in the default places)
    loaded = Glossary.load(path)
    entries = [loaded.get(key)] if loaded.get(key) else loaded.lookup(key)
    if not entries:
        raise InputError(f"{path}: no entry has the id or term '{key}'")
    for entry in entries:
        typer.echo(f"# {path}:{entry.line}")
        typer.echo(format_entry(entry), nl=False)
        for lang in loaded.languages:
            typer.echo(f"  # {lang} forms: {', '.join(entry_forms(entry, lang))}")
    return 0


@glossary_app.command("add")
def add(
    entry_id: Annotated[str, typer.Argument(help="Stable id, e.g. csto-joint-staff.")],
    entry_type: Annotated[str, typer.Option(
        "--type", metavar="TYPE", help="organisation, body, post, person, place, …")],
    en: Annotated[list[str], typer.Option(metavar="TERM", help="English term (repeat; the first is preferred).")],
    ru: Annotated[list[str] | None, typer.Option(metavar="TERM", help="Russian term (repeat).")] = None,
    kk: Annotated[list[str] | None, typer.Option(metavar="TERM", help="Kazakh term (repeat).")] = None,
    note: Annotated[str, typer.Option(help="Note (write needs-review if a form is unconfirmed).")] = "",
    source: Annotated[str, typer.Option(help="Where the official forms come from.")] = "",
    after: Annotated[str | None, typer.Option(
        metavar="ID", help="Insert after this entry id (default: at the end).")] = None,
    glossary: GlossaryOpt = None,
) -> int:
    """Add an entry; only the new lines appear in the file's diff."""
    from aligntool.engines.terminology.edits import add_entry

    terms = {lang: values for lang, values in (("en", en), ("ru", ru or []), ("kk", kk or [])) if values}
    glossary = _glossary(glossary, editing=True)
    entry = add_entry(glossary, entry_id, entry_type, terms, note=note, source=source, after=after)
    typer.echo(f"added '{entry.id}' to {glossary}")
    return 0


@glossary_app.command("edit")
def edit(
    entry_id: Annotated[str, typer.Argument(help="The entry to change.")],
    new_id: Annotated[str | None, typer.Option("--id", metavar="ID", help="Rename the entry.")] = None,
    entry_type: Annotated[str | None, typer.Option("--type", metavar="TYPE", help="New type.")] = None,
    note: Annotated[str | None, typer.Option(help="New note.")] = None,
    source: Annotated[str | None, typer.Option(help="New source.")] = None,
    add_term: Annotated[list[str] | None, typer.Option(
        "--add-term", metavar="LANG=TEXT[=STATUS]",
        help="Add a term (admitted unless STATUS is given); repeatable.")] = None,
    remove_term: Annotated[list[str] | None, typer.Option(
        "--remove-term", metavar="LANG=TEXT", help="Remove a term; repeatable.")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", metavar="LANG=TEXT=STATUS",
        help="Set a term's STATUS: preferred, admitted, deprecated or forbidden; repeatable.")] = None,
    glossary: GlossaryOpt = None,
) -> int:
    """Change one entry; only its lines are rewritten."""
    from aligntool.engines.terminology.edits import EntryChanges, edit_entry

    changes = EntryChanges(new_id, entry_type, note, source, add_term or [], remove_term or [], status or [])
    glossary = _glossary(glossary, editing=True)
    entry = edit_entry(glossary, entry_id, changes)
    typer.echo(f"updated '{entry.id}' in {glossary}")
    return 0


@glossary_app.command("remove")
def remove(
    entry_id: Annotated[str, typer.Argument(help="The entry to delete.")],
    glossary: GlossaryOpt = None,
) -> int:
    """Delete one entry."""
    from aligntool.engines.terminology.edits import remove_entry

    glossary = _glossary(glossary, editing=True)
    remove_entry(glossary, entry_id)
    typer.echo(f"removed '{entry_id}' from {glossary}")
    return 0


@glossary_app.command("validate")
def validate(
    path: Annotated[Path | None, typer.Argument(
        metavar="FILE", help="The glossary file (default: as --glossary).")] = None,
    warnings: Annotated[bool, typer.Option("--warnings/--no-warnings", help="Show warnings too.")] = True,
) -> int:
    """Print every problem as file:line: message; exit 1 when there is an error."""
    from aligntool.engines.terminology.validate import validate as run_validation
    from aligntool.formats.glossary.store import read_glossary_file

    path = _glossary(path)
    doc = read_glossary_file(path)
    problems = run_validation(doc)
    for problem in problems:
        if warnings or problem.severity == "error":
            typer.echo(problem.format(str(path)))
    errors = sum(1 for p in problems if p.severity == "error")
    review = sum(1 for e in doc.entries for t in e.terms if t.needs_review)
    typer.echo(f"{path}: {len(doc.entries)} entries, {errors} error(s), {len(problems) - errors} warning(s), "
               f"{review} term(s) marked needs-review", err=True)
    return 1 if errors else 0


@glossary_app.command("forms")
def forms(
    term: Annotated[str, typer.Argument(help="A term (or entry id) of the glossary, or any phrase.")],
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help="ru or kk.")] = "ru",
    entry_type: Annotated[str, typer.Option(
        "--type", metavar="TYPE", help="Type for a phrase not in the glossary.")] = "concept",
    cases: Annotated[bool, typer.Option(
        "--cases", help="Show the case of each form (ru: nomn:sing … loct:plur; kk: nom … attr; *: any).")] = False,
    glossary: GlossaryOpt = None,
) -> int:
    """Show the generated inflected forms of a term (or of every allowed term of an entry)."""
    from aligntool.engines.terminology.inflect import generate_forms, labelled_forms
    from aligntool.formats.glossary.base import make_term
    from aligntool.formats.glossary.model import ALLOWED_STATUSES

    def show(entry: Entry | None, terms: list[Term], fallback: list[str]) -> int:
        if not cases:
            for line in fallback:
                typer.echo(line)
            return 0
        seen: set[tuple[str, str]] = set()
        for candidate in terms:
            for label, form in labelled_forms(candidate, entry.type if entry is not None else entry_type):
                if (label, form) not in seen:
                    seen.add((label, form))
                    typer.echo(f"{label}\t{form}")
        return 0

    loaded = _optional_glossary(glossary)
    entry = loaded.get(term)
    if entry is not None:
        return show(entry, entry.terms_in(lang, ALLOWED_STATUSES), entry_forms(entry, lang))
    for found in loaded.lookup(term, lang):
        for candidate in found.terms_in(lang):
            if candidate.text.casefold() == term.casefold():
                return show(found, [candidate], term_forms(found, candidate))
    entries = loaded.lookup(term)  # a term of another language (CSTO --lang kk): the entry's forms
    if entries:
        for entry in entries:
            show(entry, entry.terms_in(lang, ALLOWED_STATUSES), entry_forms(entry, lang))
        return 0
    phrase = make_term(term, lang)
    return show(None, [phrase], generate_forms(phrase, entry_type))


@glossary_app.command("check")
def check(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="A TMX; or SOURCE TMX (the units whose source is a segment "
                                                     "of SOURCE); or SOURCE TARGET line-aligned text files.")],
    to: Annotated[str | None, typer.Option(
        "--to", metavar="LANG,…", help="Target languages (default: all in the TMX).")] = None,
    source_lang: Annotated[str, typer.Option("--from", metavar="LANG", help="Source language.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the failure records and counts as JSON.")] = False,
    glossary: GlossaryOpt = None,
) -> int:
    """Each term failure as TARGET:LINE: class: message (missing, wrong-form, other-entity, deprecated,
    forbidden, count-short), then the units checked and the exact and lemma success rates."""
    from aligntool.engines.terminology.check import check_files
    from aligntool.engines.terminology.termbase import Glossary

    report = check_files(Glossary.load(_glossary(glossary)), files, source_lang, _split_langs(to) if to else None)
    if as_json:
        import json

        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for issue in report.issues:
            typer.echo(issue.format())
        typer.echo(report.summary())
    return 1 if report.issues else 0


@glossary_app.command("extract")
def extract(
    corpus: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="Documents to mine for candidate terms (text, docx, html, md, xlf, pdf).")],
    output_format: Annotated[str, typer.Option(
        "--format", metavar="text|tsv", help="text, or tsv (for `import`).")] = "text",
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help="Language of the corpus.")] = "en",
    min_count: Annotated[int, typer.Option("--min-count", help="Minimum frequency.")] = 1,
    limit: Annotated[int, typer.Option("--limit", help="At most this many candidates (0: all).")] = 0,
    glossary: GlossaryOpt = None,
) -> int:
    """Candidate terms not yet in the glossary, most frequent first, each with a context line."""
    from aligntool.engines.terminology.extract import extract_candidates
    from aligntool.formats.glossary.base import one_line, slug

    loaded = _optional_glossary(glossary)
    found = extract_candidates(corpus, loaded, lang, min_count)
    found = found[:limit] if limit else found
    if output_format == "tsv":
        typer.echo("\t".join(["id", "type", lang, *[c for c in ("ru", "kk") if c != lang], "note"]))
        for item in found:
            note = one_line(f"needs-review: {item.count}x {item.kind}, {item.where}: {item.context}")
            typer.echo("\t".join([slug(item.text), "concept", item.text, "", "", note]))
        return 0
    for item in found:
        typer.echo(f"{item.count:>4}  {item.kind:<8} {item.text}\n      {item.where}: {item.context}")
    return 0


@glossary_app.command("export")
def export(
    output_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", help="tbx, tbx2, omegat, csv, amazon or tsv.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="Output file (written atomically).")],
    to: Annotated[str, typer.Option("--to", metavar="LANG,…", help="Target language(s), e.g. ru or ru,kk.")] = "ru,kk",
    source_lang: Annotated[str, typer.Option("--from", metavar="LANG", help="Source language.")] = "en",
    glossary: GlossaryOpt = None,
) -> int:
    """Write the glossary in a CAT-tool or MT-service format (pair formats use the first --to language)."""
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.formats.glossary.registry import get_format

    loaded = Glossary.load(_glossary(glossary))
    fmt = get_format(output_format)
    fmt.write(loaded.entries, out, source_lang, _split_langs(to))
    typer.echo(f"wrote {out} ({fmt.description}, glossary {loaded.signature()})")
    return 0


@glossary_app.command("import")
def import_file(
    path: Annotated[Path, typer.Argument(
        metavar="FILE", help="A TBX, TBX2, OmegaT, CSV, Amazon CSV or aligntool TSV file.")],
    input_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="auto, or a format name.")] = "auto",
    source_lang: Annotated[str, typer.Option("--from", metavar="LANG", help="Source language of pair formats.")] = "en",
    to: Annotated[str, typer.Option(
        "--to", metavar="LANG", help="Target language of pair formats (csv, omegat).")] = "ru",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
    glossary: GlossaryOpt = None,
) -> int:
    """Merge a file into the glossary: new terms join matching entries, new entries are appended."""
    from aligntool.engines.terminology.edits import merge_entries
    from aligntool.formats.glossary.registry import detect_format, get_format

    name = detect_format(path) if input_format == "auto" else input_format
    entries = get_format(name).read(path, source_lang, _split_langs(to)[0])
    glossary = _glossary(glossary, editing=True)
    gaps: list[str] = []
    added, updated, terms = merge_entries(glossary, entries, source_lang, dry_run=dry_run, problems=gaps)
    for gap in gaps:
        typer.echo(f"{path}: {gap}", err=True)
    verb = "would add" if dry_run else "added"
    typer.echo(f"{path} ({name}): {verb} {added} entries and {terms} terms; {updated} entries updated")
    return 0


def register(app: typer.Typer) -> None:
    """Add the ``glossary`` command group to the main app."""
    app.add_typer(glossary_app, name="glossary")
