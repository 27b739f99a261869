"""The data dictionary: a codebook rendered as Markdown for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracktr._text import markdown_text
from tracktr.missing import MARKERS
from tracktr.survey._questions import GridQuestion, MultiQuestion, NumericQuestion

if TYPE_CHECKING:
    from tracktr.survey._survey import Survey


def _cell(text: object) -> str:
    return markdown_text(text)


def to_markdown(survey: Survey) -> str:  # noqa: PLR0912, PLR0915  (one section per field)
    """Render `survey` as a Markdown data dictionary."""
    lines = [f"# {markdown_text(survey.title, cell=False)}: data dictionary", ""]
    if survey.description:
        lines += [survey.description.strip(), ""]
    lines.append(f"- Respondent id column: `{survey.respondent_id}`")
    lines.append(f"- Respondents are {survey.population}; {len(survey.questions)} questions.")
    markers = ", ".join(f"`{m}` ({k})" for m, k in MARKERS.items() if k in survey.missing_kinds)
    lines.append(f"- Missing markers: {markers}.")
    for kind, values in survey.missing.items():
        shown = ", ".join(repr(v) for v in values)
        lines.append(f"- Raw values read as {kind}: {shown}.")
    lines.append("")
    for question in survey.questions:
        heading = f"## `{question.id}` ({question.type})"
        if question.source:
            heading += f" - {question.source}"
        lines += [heading, "", f"> {_cell(question.text)}", ""]
        if question.ask_if is not None:
            lines.append(f"- Asked of: {question.base or question.ask_if.describe()}")
            lines.append(f"- Routing: `{question.ask_if.describe()}`")
        else:
            lines.append("- Asked of: everyone")
        lines.append(f"- Base: {survey.base_description(question.id)}")
        if isinstance(question, MultiQuestion):
            if question.form == "delimited":
                lines.append(f"- Stored as one column, labels joined by `{question.separator}`")
            elif question.form == "slots":
                slots = ", ".join(f"`{c}`" for c in question.slots)
                lines.append(f"- Stored as slot columns {slots}, one code per slot")
            else:
                lines.append("- Stored as one binary column per option (1 = ticked)")
        if isinstance(question, NumericQuestion):
            bounds = f"{question.min if question.min is not None else '-inf'} to "
            bounds += f"{question.max if question.max is not None else 'inf'}"
            lines.append(f"- Range: {bounds}{' (whole numbers)' if question.integer else ''}")
        if question.inferred:
            lines.append("- Options inferred from the report, not copied from the questionnaire")
        if question.note:
            lines.append(f"- Note: {_cell(question.note)}")
        lines.append("")
        if isinstance(question, GridQuestion):
            lines += ["| item | label | column |", "|---|---|---|"]
            lines += [f"| {i.id} | {_cell(i.label)} | `{i.column}` |" for i in question.items]
            lines.append("")
        if question.options:
            show_column = isinstance(question, MultiQuestion) and question.form == "indicator"
            header = "| code | label | flags |" + (" column |" if show_column else "")
            lines += [header, "|---|---|---|" + ("---|" if show_column else "")]
            columns = question.columns if show_column else [""] * len(question.options)
            for option, column in zip(question.options, columns, strict=True):
                flags = ", ".join(
                    flag
                    for flag, on in (
                        ("don't know", option.dont_know),
                        ("exclusive", option.exclusive),
                    )
                    if on
                )
                row = f"| {option.code} | {_cell(option.label)} | {flags} |"
                lines.append(row + (f" `{column}` |" if show_column else ""))
            lines.append("")
        if isinstance(question, NumericQuestion) and question.bands:
            lines += ["| band | from | to (excl.) |", "|---|---|---|"]
            for band in question.bands:
                low = "" if band.min is None else f"{band.min:g}"
                high = "" if band.max is None else f"{band.max:g}"
                lines.append(f"| {_cell(band.label)} | {low} | {high} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
