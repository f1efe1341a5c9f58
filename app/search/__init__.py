"""Search: an embedded tantivy index derived from the database through the change log.

analysis.py   the text analyzers, hyphen folding and synonyms
documents.py  the index schema and an entry's document
index.py      one index directory: open, write (one process), reload, rebuild, compare
indexer.py    the thread that applies the change log to the index, in sequence order
query.py      the query language (words, "phrases", -exclusions, OR, prefix*) → tantivy
service.py    search, facets, snippets and suggestions
welsh.py      Welsh: its analysis, the initial mutations (candidate radicals), the glossary
"""
