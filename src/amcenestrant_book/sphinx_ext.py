"""The book's Sphinx extension (listed after myst_nb in _config.yml):

- `{glue:text}` numbers link to where they come from: the data row a chapter read them from
  (`display.glue_value(..., source=row)`), or the method anchor of a derived number;
- `{register}`d13`` links a register entry on the discrepancies page, `{datapage}`efficacy`` the
  data page of a table (for figure captions: "Data: {datapage}`efficacy`");
- every figure image links to its own file (the SVG), so a reader can open it at full size.
"""

from __future__ import annotations

import pybtex.plugin
from docutils import nodes
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import retrieve_glue_data
from pybtex.backends.plaintext import Backend as PlainTextBackend
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_refnode

from .datapages import field_words, page_path
from .display import GLUE_METADATA

GLUED = "glued-number"


def register_label(entry: str) -> str:
    """The label of a register entry ("d13") on the discrepancies page."""
    return entry.strip().lower()


ROW_REF = "bookrow"  # a reference to a label that keeps its content (the glued number) as it is


def _xref(target: str, content: nodes.Node, reftype: str = "ref") -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="std", reftype=reftype, reftarget=target,
                                 refexplicit=True, refwarn=True)
    xref += content
    return xref


class LinkedPasteTextRole(PasteTextRole):
    """myst-nb's `{glue:text}`, the pasted number linked to the source its glue names."""

    def run(self):
        pasted, messages = super().run()
        key = self.text.rsplit(":", 1)[0] if ":" in self.text else self.text
        if len(pasted) != 1 or not isinstance(pasted[0], nodes.inline) or "::" in key:
            return pasted, messages
        try:
            link = retrieve_glue_data(self.document, key).metadata.get(GLUE_METADATA, {})
        except RetrievalError:
            return pasted, messages
        number = pasted[0]
        number["classes"].append(GLUED)
        if "label" in link:
            linked = _xref(link["label"], number, reftype=ROW_REF)
        elif "href" in link:
            linked = nodes.reference("", "", number, refuri=link["href"], internal=True)
        else:
            return pasted, messages
        if link.get("title"):
            number["glue_title"] = link["title"]
        self.set_source_info(linked)
        return [linked], messages


class RegisterRole(SphinxRole):
    """{register}`d13`: "register entry d13", linked to the entry."""

    def run(self):
        text = f"register entry {self.text.strip()}"
        return [_xref(register_label(self.text), nodes.inline(text, text))], []


class DataPageRole(SphinxRole):
    """{datapage}`efficacy`: a link to the data page of the table, named in words. (Not `{data}`:
    Sphinx's Python domain owns that role name.)"""

    def run(self):
        text = f"{field_words(self.text.strip())} data"
        return [_xref("/" + page_path(self.text.strip()), nodes.inline(text, text), reftype="doc")], []


def _resolve_row(app, env, node, contnode):
    """Resolve a glued number's link to its row label. Sphinx's own `ref` would replace the
    number's node with the label's text node and lose its classes; this keeps it."""
    if node.get("reftype") != ROW_REF:
        return None
    found = env.get_domain("std").anonlabels.get(node["reftarget"].lower())
    if found is None:
        return None  # Sphinx then warns: the row has no label on any data page
    docname, labelid = found
    return make_refnode(app.builder, node["refdoc"], docname, labelid, contnode)


def _link_titles_and_figures(app, doctree, docname) -> None:
    """After references are resolved: tooltips on glued numbers, and figure images linked to
    their file (Sphinx links a sized image to its file; 100% is the size the theme shows)."""
    for number in doctree.findall(nodes.inline):
        if GLUED in number["classes"] and number.get("glue_title") and isinstance(number.parent, nodes.reference):
            number.parent["reftitle"] = number["glue_title"]
    for image in doctree.findall(nodes.image):
        if isinstance(image.parent, nodes.figure) and not any(k in image for k in ("width", "height", "scale")):
            image["width"] = "100%"


def register_plain_text_backend() -> None:
    """sphinxcontrib-bibtex asks pybtex for its plain-text backend once per citation, and pybtex
    then reads the metadata of every installed package (a third of a render's time for the book's
    1,700 citations). Registered at run time, the same class is found in a dictionary."""
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", PlainTextBackend, force=True)


def setup(app):
    app.setup_extension("myst_nb")
    register_plain_text_backend()
    app.add_role_to_domain("glue", "text", LinkedPasteTextRole(), override=True)
    app.add_role("register", RegisterRole())
    app.add_role("datapage", DataPageRole())
    app.connect("missing-reference", _resolve_row)
    app.connect("doctree-resolved", _link_titles_and_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
