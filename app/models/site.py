"""What the site says about itself to other clients: its name, licence and feeds (/meta), and
oEmbed answers for partners' pages."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Licence(BaseModel):
    name: str
    url: str


class SiteMeta(BaseModel):
    name: str
    description: str
    licence: Licence
    feeds: dict[str, str]
    docs: str


class OEmbed(BaseModel):
    """oEmbed 1.0 `rich` answer (https://oembed.com/)."""

    version: Literal["1.0"] = "1.0"
    type: Literal["rich"] = "rich"
    title: str
    author_name: str
    provider_name: str
    provider_url: str
    html: str
    width: int
    height: int
    cache_age: int


class Messages(BaseModel):
    """A language's catalogue of the browser's messages: English text → the language's."""

    lang: str
    messages: dict[str, str]
