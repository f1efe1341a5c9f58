"""The HTML the server makes: Jinja2 templates, autoescaped.

The app shell is the frontend's own `index.html` (also served as a static file by hosts of the
frontend alone), so its blocks are written as HTML comments: `<!--% block head %-->`. Server
templates (app/templates/) extend it with the same delimiters; values are `{{ … }}` and always
escaped. What they say goes through `{% trans %}` / `_()` (jinja2.ext.i18n), in the request's
language (app/i18n.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from app import i18n
from app.errors import NotFound

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Templates:
    def __init__(self, frontend_dir: Path) -> None:
        self.env = Environment(
            loader=FileSystemLoader([str(frontend_dir), str(TEMPLATES)]),
            autoescape=True,
            block_start_string="<!--%",
            block_end_string="%-->",
            undefined=StrictUndefined,
            auto_reload=True,  # the shell is a file people edit (the API address)
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.policies["ext.i18n.trimmed"] = True  # as Babel extracts them (app/messages.py)
        # The request's language at the time of rendering, not at the time of loading.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            lambda message: i18n.translations(i18n.current()).gettext(message),
            lambda singular, plural, n: i18n.translations(i18n.current()).ngettext(singular, plural, n),
            newstyle=True,
        )

    def render(self, name: str, **context: Any) -> str:
        try:
            template = self.env.get_template(name)
        except TemplateNotFound as exc:
            raise NotFound(i18n._("This server has no frontend.")) from exc
        return template.render(**context)
