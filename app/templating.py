"""The HTML the server makes: Jinja2 templates, autoescaped.

The app shell is the frontend's own `index.html` (also served as a static file by hosts of the
frontend alone), so its blocks are written as HTML comments: `<!--% block head %-->`. Server
templates (app/templates/) extend it with the same delimiters; values are `{{ … }}` and always
escaped. What they say goes through `{% trans %}` / `_()` (jinja2.ext.i18n), in the request's
language (app/i18n.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from app import i18n
from app.errors import NotFound

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Templates:
    def __init__(self, frontend_dir: Path) -> None:
        self.modules = ModuleGraph(frontend_dir)
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
        return template.render(preloads=self.modules.preloads(), **context)


class ModuleGraph:
    """The scripts the page's one script (js/main.js) imports, directly or not, as addresses
    for `<link rel="modulepreload">`: the browser then fetches them all at once, instead of
    finding each level of imports only once the level above has arrived. Read from the files
    (static `import … from './x.js'` lines), again whenever one of them changes."""

    IMPORT = re.compile(
        r"""^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.{1,2}/[^'"]+)['"]"""  # import { x } from './x.js'
        r"""|^\s*import\s*['"](\.{1,2}/[^'"]+)['"]""",  # import './x.js'
        re.M,
    )

    def __init__(self, frontend_dir: Path, entry: str = "js/main.js") -> None:
        self.root = frontend_dir
        self.entry = frontend_dir / entry
        self.stamp: tuple[float, ...] = ()
        self.found: list[str] = []

    def preloads(self) -> list[str]:
        files = sorted((self.root / "js").rglob("*.js")) if (self.root / "js").is_dir() else []
        stamp = tuple(f.stat().st_mtime for f in files)
        if stamp != self.stamp:
            self.found, self.stamp = self._walk(), stamp
        return self.found

    def _walk(self) -> list[str]:
        seen: list[Path] = []
        todo = [self.entry.resolve()]
        while todo:
            path = todo.pop(0)
            if path in seen or not path.is_file():
                continue
            seen.append(path)
            for match in self.IMPORT.finditer(path.read_text(encoding="utf-8")):
                todo.append((path.parent / (match.group(1) or match.group(2))).resolve())
        return ["/" + p.relative_to(self.root.resolve()).as_posix() for p in seen]
