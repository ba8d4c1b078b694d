"""Sphinx extension of the render: write only the pages whose content changed, and reuse the others
from the last site, byte for byte as a clean build writes them.

The render (`render.py`) puts RECORD in its output folder: `null`, or the digests the last site was
written from, with that site's pages and search index. After reading, this extension compares the
digests of this build with them (and puts its own in RECORD):

- the interface, everything one page can show of another (titles, the table of contents,
  numbering, labels, citations, glossary terms, images): if it changed, every page is written;
- otherwise only the documents whose doctree changed are written (Sphinx adds the root document).

Everything else of the site (static files, images, downloads, indices, inventory) is written by
Sphinx as in a clean build. The citations of re-read documents are put back in reading order, as
a clean build holds them (else every change would look like a change of the interface). Three
fixes make a partial write match a clean one: Sphinx 7.4 keeps no
index entries (glossary terms) of the pages it does not write, so they are restored from the
last index; it keeps words that no page has any more, which are dropped; and it copies only the
images of the pages it writes, so every image is copied.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.search import js_index

from .digests import digest

ADDRESS = re.compile(r"at 0x[0-9a-f]+")  # where an object is in memory, which differs by process
RECORD = ".page-record.json"  # in the output folder while Sphinx runs; moved out by the render

# Build bookkeeping of Sphinx's environment, not what a page shows of another document.
NOT_INTERFACE = {
    "app", "doctreedir", "srcdir", "config", "config_status", "config_status_extra", "events", "project",
    "version", "versioning_condition", "versioning_compare", "domains", "settings", "all_docs",
    "dependencies", "included", "reread_always", "_pickled_doctree_cache", "_write_doc_doctree_cache",
    "temp_data", "ref_context",
}


def canonical(value):
    """`value` as nested tuples of plain values, in an order that does not depend on the process."""
    if isinstance(value, nodes.Node):
        return "node", value.pformat()
    if isinstance(value, dict):
        return "dict", tuple(sorted(((canonical(k), canonical(v)) for k, v in value.items()), key=repr))
    if isinstance(value, (set, frozenset)):
        return "set", tuple(sorted((canonical(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return type(value).__name__, tuple(canonical(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, type) or callable(value):  # a class or a function, by its name
        return "named", f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(type(value)))}"
    if hasattr(value, "__dict__"):
        return type(value).__qualname__, canonical(vars(value))
    return ADDRESS.sub("at 0x", repr(value))


def citations_in_reading_order(app, env) -> None:
    """At `env-updated`: sphinxcontrib-bibtex appends the citations of each document it reads to
    one list, so a re-read document's move to its end. Sorted (stably) by document, the list is
    the one a clean build makes, which reads every document in the order of their names."""
    references = env.domaindata.get("cite", {}).get("citation_refs")
    if isinstance(references, list):
        references.sort(key=lambda reference: reference.docname)


def interface_digests(env) -> dict[str, str]:
    """A digest of each part of the interface, by the name of its attribute of the environment."""
    state = {k: v for k, v in vars(env).items() if k not in NOT_INTERFACE and not k.startswith("_search_index")}
    state["found_docs"] = env.found_docs
    return {k: digest(repr(canonical(v)).encode()) for k, v in sorted(state.items())}


def doctree_digests(env) -> dict[str, str]:
    folder = Path(env.doctreedir)
    return {doc: digest((folder / f"{doc}.doctree").read_bytes()) for doc in sorted(env.found_docs)}


class PageReuse:
    """The state of one build: the record of the last site, and the documents written."""

    def __init__(self):
        self.active = False  # only in the render, which puts RECORD in the output folder
        self.written: set[str] = set()

    def pages_to_write(self, app, env) -> list[str]:
        """At `env-get-updated`: the documents to write besides those Sphinx re-read."""
        record_path = Path(app.outdir) / RECORD
        if not record_path.is_file():
            return []  # a build without the render (plain `jupyter-book build`): nothing to do
        self.active = True
        last = json.loads(record_path.read_text(encoding="utf-8"))
        current = {"interface": interface_digests(env), "doctrees": doctree_digests(env)}
        record_path.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if last is None or last["interface"] != current["interface"]:
            return sorted(env.found_docs)
        return sorted(d for d, value in current["doctrees"].items() if last["doctrees"].get(d) != value)

    def note_written(self, app, doctree, docname) -> None:
        self.written.add(docname)

    def complete_the_site(self, app, *args) -> list:
        """At `html-collect-pages`, before the index is dumped and the images are copied: the
        index entries of the pages Sphinx did not write, and every image."""
        builder = app.builder
        if not self.active or getattr(builder, "indexer", None) is None:
            return []
        indexer = builder.indexer
        kept = set(indexer._titles) - self.written
        if kept:
            restored = restored_index_entries(Path(app.outdir) / builder.searchindex_filename, kept)
            fed = indexer._index_entries
            indexer._index_entries = {d: restored.get(d, []) if d in kept else fed[d]
                                      for d in sorted(kept | (self.written & set(fed)))}
        # words of the last index that no page has any more: a clean index lacks them
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [w for w, docs in mapping.items() if not docs]:
                del mapping[word]
        for image, (_, unique) in builder.env.images.items():
            builder.images.setdefault(image, unique)
        return []


def restored_index_entries(searchindex: Path, docnames: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """The index entries of `docnames` in a search index Sphinx wrote, as its indexer holds them."""
    with open(searchindex, encoding="utf-8") as handle:
        frozen = js_index.load(handle)
    restored: dict[str, list] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for doc_index, entry_id, main in places:
            docname = frozen["docnames"][doc_index]
            if docname in docnames:
                restored.setdefault(docname, []).append((entry, entry_id, "main" if main else ""))
    return {d: sorted(entries) for d, entries in restored.items()}


def setup(app):
    reuse = PageReuse()
    app.connect("env-updated", citations_in_reading_order)
    app.connect("env-get-updated", reuse.pages_to_write)
    app.connect("doctree-resolved", reuse.note_written)
    app.connect("html-collect-pages", reuse.complete_the_site)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
