"""What makes an entry readable on its own, by someone who arrives from search with no context.

Each check takes an entry's fields and returns the problems it finds, in words an editor can
act on. The seed's content check (tests/test_content.py) holds every seed entry to them; they
take plain values, so anything else that shows entries can use them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

SUMMARY_MIN_CHARS = 40
SUMMARY_MAX_SENTENCES = 3
GUIDANCE_MIN_WORDS = 80  # a leaf section of the toolkit
INTRODUCTION_MIN_WORDS = 30  # a parent section of the toolkit, introducing its children
SECTION_MIN_EXAMPLES = 2  # entries other than sections that a leaf section relates to

# A first word that points at something outside the entry ("Their aim is…", "This report…").
_DANGLING_START = re.compile(
    r"^(?:their|they|them|this|these|those|that|it|its|he|she|his|her|here|there|we|our|us|such)\b", re.IGNORECASE
)
_LEFTOVERS = re.compile(
    r"\b(?:click here|read (?:it|them|more)? ?here|find (?:it|them|out more) here|here:|see here|"
    r"read it in full|available here|more here|link below|see below|see above)\b|\[(?:…|\.\.\.)\]|\[\s*\]",
    re.IGNORECASE,
)
# Web addresses in running text, in any of the forms the sources use.
# Brackets may belong to an address (Wikipedia's do); one left unbalanced at its end does not.
ADDRESS = re.compile(
    r"(?:https?://[^\s<>\[\]\"']+|\bwww\.[^\s<>\[\]\"']+|"
    r"(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|co\.uk|org\.uk|gov\.uk|ac\.uk|nhs\.uk|wales|cymru|gc\.ca)"
    r"(?:/[^\s<>\[\]\"']*)?(?![\w@-]|\.\w))",
    re.IGNORECASE,
)
# A Markdown link's target is an address in its proper place: [label](https://…).
_MARKDOWN_LINK = re.compile(r"\]\((?:https?://|mailto:)[^)\s]*\)|<https?://[^>\s]+>")
_SENTENCE_END = re.compile(r"[.!?](?:[\"'’”)\]]*)(?=\s+[A-Z‘“'\"(]|\s*$)")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|approx|Dr|Mr|Mrs|Ms|St|No|vs|Prof|Ref|inc|Ltd|Co|cf)\.", re.IGNORECASE)
_TRUNCATED = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$|[-–—:,;(/]\s*$")
# Titles that are a link's anchor, a website's name standing for its article, or a heading.
_ANCHOR_TITLES = {
    "here",
    "click here",
    "link",
    "website",
    "read more",
    "more",
    "wikipedia",
    "youtube",
    "video",
    "report",
    "article",
    "this report",
    "find out more",
}


def words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", _MARKDOWN_LINK.sub("]", text))


def sentences(text: str) -> int:
    """How many sentences a short text has (abbreviations such as "e.g." do not end one)."""
    text = _ABBREVIATIONS.sub("ABBR", " ".join(text.split()))
    return max(1, len(_SENTENCE_END.findall(text)))


def bare_addresses(text: str) -> list[str]:
    """Web addresses standing in running text (not as the target of a Markdown link)."""
    return ADDRESS.findall(_MARKDOWN_LINK.sub("]", text))


def summary_problems(summary: str) -> list[str]:
    text = " ".join(summary.split())
    problems = []
    if len(text) < SUMMARY_MIN_CHARS:
        problems.append(f"the summary has {len(text)} characters; it needs at least {SUMMARY_MIN_CHARS}")
        return problems
    if _DANGLING_START.match(text):
        problems.append(f"the summary starts with {text.split()[0]!r}, which points outside the entry")
    if text[0].islower():
        problems.append("the summary starts in lower case, as a fragment does")
    if sentences(text) > SUMMARY_MAX_SENTENCES:
        problems.append(f"the summary has more than {SUMMARY_MAX_SENTENCES} sentences")
    if not text.rstrip("’”\"')").endswith((".", "!", "?")):
        problems.append("the summary does not end as a sentence does")
    found = _LEFTOVERS.search(text)
    if found:
        problems.append(f"the summary has a leftover of its source: {found.group()!r}")
    for address in bare_addresses(text):
        problems.append(f"the summary has a web address in its text ({address}); it belongs in url or links")
    return problems


def title_problems(title: str) -> list[str]:
    text = " ".join(title.split())
    problems = []
    if text.casefold() in _ANCHOR_TITLES:
        problems.append(f"the title {text!r} is a link's anchor text, not the thing's name")
    if _TRUNCATED.search(text) or "[…]" in text or "[...]" in text:
        problems.append(f"the title {text!r} looks cut off")
    first = text[:1]
    if first.islower() and not _LOWER_CASE_NAMES.match(text):
        problems.append(f"the title {text!r} starts in lower case, as running text does")
    if bare_addresses(text):
        problems.append(f"the title {text!r} is a web address")
    return problems


# Names that their owners write in lower case.
_LOWER_CASE_NAMES = re.compile(r"^(?:nef\b|u\.lab\b|iPad|eBay)")


def body_problems(body: str) -> list[str]:
    problems = []
    for address in bare_addresses(body):
        problems.append(f"the body has a bare web address ({address}); make it a link or put it in links")
    found = _LEFTOVERS.search(body)
    if found:
        problems.append(f"the body has a leftover of its source: {found.group()!r}")
    return problems


def duplicate_key(title: str) -> str:
    """Titles that differ only in case, accents, hyphens, spacing, punctuation or a leading
    "The" name the same thing ("Coproduction Wales" and "Co-production Wales")."""
    text = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"\([^)]*\)", "", text)  # an acronym in brackets: "Think Local Act Personal (TLAP)"
    return re.sub(r"[^a-z0-9]+", "", text)


def normalised_address(url: str) -> str:
    """An address compared without scheme, "www.", case of its host, trailing punctuation or
    the escaping of Markdown."""
    url = url.strip().replace("\\(", "(").replace("\\)", ")").replace("\\_", "_")
    while url and (url[-1] in ">.,;:\\" or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    host, _, path = url.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.rstrip("/")
    return f"{host}/{path}" if path else host


def entry_addresses(entry: Mapping[str, Any]) -> set[str]:
    """The addresses an entry holds in its address fields (url, links, publications)."""
    found: set[str] = set()
    if entry.get("url"):
        found.add(normalised_address(entry["url"]))
    for link in entry.get("links") or []:
        found.add(normalised_address(link["url"]))
    for publication in entry.get("publications") or []:
        if publication.get("url"):
            found.add(normalised_address(publication["url"]))
    return found


def source_addresses(text: str) -> set[str]:
    """Every web address a source document gives, in any form (e-mail addresses are not)."""
    return {normalised_address(a) for a in ADDRESS.findall(text)}


def entry_problems(kind: str, entry: Mapping[str, Any]) -> list[str]:
    """Every problem of one entry on its own (duplicates and addresses are checked across
    entries, by the caller)."""
    problems = title_problems(entry.get("title") or "")
    problems += summary_problems(entry.get("summary") or "")
    problems += body_problems(entry.get("body") or "")
    return problems


def guidance_problems(body: str, *, has_children: bool, examples: Iterable[str]) -> list[str]:
    """A toolkit section: a leaf holds guidance and shows it in practice; a parent introduces."""
    count = len(words(body))
    if has_children:
        if count < INTRODUCTION_MIN_WORDS:
            return [f"the section introduces its subsections in {count} words; it needs at least {INTRODUCTION_MIN_WORDS}"]
        return []
    problems = []
    if count < GUIDANCE_MIN_WORDS:
        problems.append(f"the section's guidance has {count} words; it needs at least {GUIDANCE_MIN_WORDS}")
    shown = list(examples)
    if len(shown) < SECTION_MIN_EXAMPLES:
        problems.append(
            f"the section relates to {len(shown)} entries that show it in practice; it needs at least "
            f"{SECTION_MIN_EXAMPLES} (resources, projects or networks)"
        )
    return problems
