"""``kcbudget schema``: JSON Schema of the row models into ``schemas/``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kcbudget.cli.common import run
from kcbudget.cli.collector import resume_gc
from kcbudget.errors import KcbudgetError
from kcbudget.render.files import write_text_atomic


def schema_texts() -> dict[str, str]:

    from kcbudget.model.rows import SCHEMAS  # lazy: pydantic, kept out of --help

    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=False)
        schema["$id"] = f"https://kcbudget.example/schemas/{name}.json"
        out[f"{name}.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    # lazy: pandas; --help and `import kcbudget` stay fast
    from kcbudget.read.declared import layout_schema

    schema = layout_schema()
    schema["$id"] = "https://kcbudget.example/schemas/layout.json"
    out["layout.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def schema_cmd(
        out: Path = typer.Option(Path("schemas"), "--out", help="Folder to write into."),
        force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    ) -> None:
        """Write the JSON Schema of the row models and of the layout file.

        Example: kcbudget schema --out schemas
        """

        def body() -> int:
            resume_gc()  # nothing to import first: the collector paused at the start resumes
            try:
                out.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                raise KcbudgetError("not_a_folder", path=out) from None
            except OSError as exc:
                raise KcbudgetError("cannot_create_folder", path=out,
                                    reason=exc.strerror or exc) from None
            texts = schema_texts()
            for name, text in texts.items():  # refuse before writing anything
                target = out / name
                if target.exists() and not force and _read(target) != text:
                    raise KcbudgetError("out_exists", path=target)
            for name, text in texts.items():
                target = out / name
                if target.exists() and _read(target) == text:
                    continue  # already current: nothing to write
                write_text_atomic(target, text, force=True)
                print(target)
            return 0

        run(body)
