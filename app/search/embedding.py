"""Text to vectors, with the small embedding model that ships inside the `wordllama` wheel.

The model (`l2_supercat`, 256 dimensions: a token embedding table, 32,000 x 256 float16,
16 MB) and its tokenizer are read from the installed package's own files, never fetched:
wordllama's loader looks for the bundled tokenizer in a folder the wheel does not have
(`tokenizer/`; the wheel ships `tokenizers/`) and would then download one, so the files are
opened here by path, and nothing here can reach a network. A text's vector is the mean of
its tokens' rows, normalised: similarity is a dot product.

All 256 dimensions are kept. The model's leading 128 stand on their own (it was trained
so), which would halve the store and the scan; but they tell gibberish from meaning less
well: with the similarity floor set where 95% of random keyboard mash finds nothing (0.31
for 256, 0.37 for 128), 128 dimensions answered far fewer judged questions (over the corpus,
success@5 0.75 against 0.84; bench/quality.py).

What is embedded was chosen by measuring on the judged questions (bench/quality.py): an
entry's title, keywords and the start of its summary found as many answers as adding the
start of its body, at a fraction of the cost, and dropping common function words ("how",
"the", "for") from both sides lifted answers that were found lower down.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

MODEL_NAME = "wordllama-l2_supercat-256"
DIM = 256
WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
# Of an entry's text (title, keywords, then the summary): over the seed's judged questions 500
# characters find as many answers as 2,000, and the model embeds short texts several times
# faster (about 9,000 a second of 400 characters, 1,500 of 300 words, on 2 cores).
MAX_CHARS = 500
BATCH = 256  # texts embedded at a time: bounds the float32 rows gathered (~30 MB)

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


@dataclass(frozen=True)
class Model:
    table: npt.NDArray[np.float16]  # one row per token of the vocabulary, DIM wide
    tokenizer: Tokenizer


@lru_cache(maxsize=1)
def model() -> Model:
    """The model, loaded once per process from the package's files (about 0.2 s)."""
    weights, tokenizer_path = model_files()
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Model(_mapped_tensor(weights, "embedding.weight"), tokenizer)


def _mapped_tensor(path: Path, name: str) -> npt.NDArray[np.float16]:
    """A float16 tensor of a .safetensors file, memory-mapped rather than read: every worker
    then shares the one copy in the page cache (safetensors' own loaders copy it into each
    process, and wordllama's turns it into float32, twice the size). The format is an 8-byte
    little-endian header length, a JSON header naming each tensor's dtype, shape and byte
    range, then the raw data."""
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        info = json.loads(f.read(size))[name]
    if info["dtype"] != "F16" or len(info["shape"]) != 2 or info["shape"][1] != DIM:
        raise RuntimeError(f"{path}: {name} is {info['dtype']} {info['shape']}, not F16 [n, {DIM}]")
    begin, _ = info["data_offsets"]
    return np.memmap(path, dtype=np.float16, mode="r", offset=8 + size + begin, shape=tuple(info["shape"]))


def meaningful(text: str) -> str:
    """The words of a text that carry meaning (function words dropped), in order."""
    return " ".join(w for w in _WORD.findall(text[:MAX_CHARS]) if w.casefold() not in STOP_WORDS)


def embed(texts: Sequence[str]) -> Vectors:
    """Unit vectors (rows) of these texts; a text with no meaningful words gets zeros.

    The model's own arithmetic (wordllama's `embed`: the mean of the tokens' rows, then
    normalised), done without its padding: wordllama pads each batch to its longest text and
    multiplies by a mask, while here each text's token rows are summed straight from one
    gather (np.add.reduceat), several times faster on entries of uneven length. The mean's
    division is left out, as normalising cancels it. tests/search/test_meaning.py holds the
    two to the same vectors."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    llama = model()
    for start in range(0, len(texts), BATCH):
        chunk = [meaningful(t) for t in texts[start : start + BATCH]]
        # No lock: the tokenizer is only read, so a search's query and the indexer's batch
        # are embedded side by side (it lets go of Python's lock while it works).
        ids = [encoding.ids for encoding in llama.tokenizer.encode_batch(chunk, add_special_tokens=False)]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        nonempty = np.flatnonzero(lengths)
        if not len(nonempty):
            continue
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
        np.clip(flat, 0, len(llama.table) - 1, out=flat)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        out[start + nonempty] = np.add.reduceat(llama.table[flat].astype(np.float32), starts, axis=0)
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
