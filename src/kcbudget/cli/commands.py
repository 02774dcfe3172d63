"""The commands of ``kcbudget``: one table for the root help page
(:mod:`kcbudget.cli.roothelp`) and the run's group (:mod:`kcbudget.cli.app`), which
loads a command's module when the command is asked for."""

from __future__ import annotations

# The commands in the order of the help page, the module of kcbudget.cli that registers
# each one, and the first paragraph of its help in English as its docstring writes it
# (the catalogue's "help" section gives the Vietnamese by that text)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("validate", "validate", "Check workbooks against the spreadsheet contract."),
    ("inspect", "inspect", "Show, sheet by sheet, what kcbudget understood: each column's "
                           "header path and\nmeaning, and why; the row kinds; what was "
                           "not read."),
    ("summarize", "summarize", "Roll up planned and executed funds by group and program "
                               "(KCQG, KCĐP, ALL)."),
    ("reconcile", "reconcile", "Match the đề án of a plan against what was executed."),
    ("demo", "demo", "Validate the sample workbooks of a checkout (sample_data/) and "
                     "explain the findings."),
    ("schema", "schema", "Write the JSON Schema of the row models and of the layout file."),
    ("provinces", "reference_cmds", "List provinces with GSO codes and regions, and the "
                                    "2025 merger."),
    ("regions", "reference_cmds", "List the conference regions with their slugs, aliases "
                                  "and provinces."),
    ("template", "template", "Write a blank workbook to fill in: title block, unit line, "
                             "Vietnamese headers,\ndrop-down lists, number formats and an "
                             "instructions sheet."),
)
