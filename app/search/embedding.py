"""Text to vectors, with the small embedding model that ships inside the `wordllama` wheel.

The model (`l2_supercat`, 256 dimensions: a token embedding table, 32,000 × 256, 16 MB) and
its tokenizer are read from the installed package's own files, never fetched: wordllama's
loader looks for the bundled tokenizer in a folder the wheel does not have (`tokenizer/`,
the wheel ships `tokenizers/`) and would then download one, so the files are opened here by
path. A text's vector is the mean of its tokens' vectors, normalised: similarity is a dot
product.

What is embedded was chosen by measuring on the judged questions (bench/quality.py): an
entry's title, keywords and the start of its summary found as many answers as adding the
start of its body, at a fraction of the cost, and dropping common function words ("how",
"the", "for") from both sides lifted answers that were found lower down.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from wordllama import WordLlamaInference

MODEL_NAME = "wordllama-l2_supercat-256"
DIM = 256
WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
# Of an entry's text (title, keywords, then the summary): over the seed's judged questions 500
# characters find as many answers as 2,000, and the model embeds short texts several times
# faster (about 9,000 a second of 400 characters, 1,500 of 300 words, on 2 cores).
MAX_CHARS = 500
BATCH = 256  # texts per call to the model (each batch is padded to its longest text)

Vectors = npt.NDArray[np.float32]

_WORD = re.compile(r"\w[\w'’-]*")
# Words that carry no meaning of their own; in a question they outnumber the ones that do.
STOP_WORDS = frozenset(
    """a an the and or nor but of for to in on at by with from as into onto about over under
    than then so if is are was were be been being am it its it's this that these those there
    here how what which who whom whose why when where can could would should shall will may
    might must do does did done doing i me my we us our you your they them their he him his
    she her hers not no any some all such very just also get gets got have has had having
    let lets way ways""".split()  # noqa: SIM905 - a list of 100 quoted words reads worse
)


def model_files() -> tuple[Path, Path]:
    """The weights and tokenizer inside the installed wordllama package."""
    root = Path(str(files("wordllama")))
    weights, tokenizer = root / WEIGHTS, root / TOKENIZER
    for path in (weights, tokenizer):
        if not path.is_file():
            raise RuntimeError(f"The installed wordllama package has no {path.name} (expected at {path})")
    return weights, tokenizer


@lru_cache(maxsize=1)
def model() -> WordLlamaInference:
    """The model, loaded once per process from the package's files (about 0.3 s)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    # Importing wordllama calls logging.basicConfig(level=INFO), which would add a handler
    # to the root logger of a process that has not configured one (the CLI): undo it.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from wordllama import WordLlamaInference

    root.handlers[:], root.level = handlers, level

    weights, tokenizer_path = model_files()
    with safe_open(str(weights), framework="np", device="cpu") as f:
        table = f.get_tensor("embedding.weight")
    return WordLlamaInference(table, Tokenizer.from_file(str(tokenizer_path)))


def meaningful(text: str) -> str:
    """The words of a text that carry meaning (function words dropped), in order."""
    return " ".join(w for w in _WORD.findall(text[:MAX_CHARS]) if w.casefold() not in STOP_WORDS)


def embed(texts: Sequence[str]) -> Vectors:
    """Unit vectors (rows) of these texts; a text with no meaningful words gets zeros."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    cleaned = [meaningful(t) for t in texts]
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    wanted = [i for i, t in enumerate(cleaned) if t]
    if not wanted:
        return out
    # Texts of similar length are batched together: each batch is padded to its longest.
    wanted.sort(key=lambda i: len(cleaned[i]))
    # No lock: the tokenizer is only read (its padding is set once, when it is loaded), so
    # a search's query and the indexer's batch are embedded side by side.
    llama = model()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        out[chunk] = llama.embed([cleaned[i] for i in chunk], norm=False, batch_size=BATCH)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def embed_one(text: str) -> npt.NDArray[np.float32] | None:
    """The unit vector of one text, or None when it has no meaningful words."""
    vector = embed([text])[0]
    return vector if vector.any() else None


# The columns an entry's text for embedding is made of.
TEXT_COLUMNS = ("title", "keywords", "summary")


def entry_text(row: Mapping[str, Any]) -> str:
    keywords: Iterable[str] = row.get("keywords") or []
    return "\n".join([str(row["title"]), "; ".join(k for k in keywords if k), str(row.get("summary") or "")])
