/*
 * Wide tables and, on phones, figures scroll sideways in their own box.
 * - Each table caption is moved out of its table, to stand above the scroll box: inside, it
 *   scrolled out of view with the table. The table stays labelled by it (aria-labelledby) and
 *   keeps its id, so the numbered references still reach it.
 * - A box wider than the page says so, with a line the reader can see before scrolling, and its
 *   table is laid out as a wide one (content width, text wrapped in narrow columns): squeezed to
 *   the page, its columns would be cut mid-word at the box's edge.
 * - A link to a table folded in a dropdown (a long table) opens the dropdown.
 */
(function () {
  "use strict";

  function hint(text) {
    var span = document.createElement("span");
    span.className = "scroll-hint";
    span.textContent = text;
    return span;
  }

  function overflows(box) {
    return box.scrollWidth > box.clientWidth + 1;
  }

  function liftCaptions() {
    document.querySelectorAll(".pst-scrollable-table-container > table").forEach(function (table, i) {
      var box = table.parentElement;
      var caption = table.querySelector(":scope > caption");
      var label = document.createElement("div");
      label.className = "table-caption";
      label.id = (table.id || "table-" + i) + "-caption";
      if (caption) {
        while (caption.firstChild) { label.appendChild(caption.firstChild); }
        caption.remove();
        table.setAttribute("aria-labelledby", label.id);
      }
      if (overflows(box)) {
        table.classList.add("wide");
        label.appendChild(hint(" Wider than the page: scroll the table sideways."));
      }
      if (label.childNodes.length) { box.parentElement.insertBefore(label, box); }
    });
  }

  function markWideFigures() {
    document.querySelectorAll("figure > a.image-reference").forEach(function (link) {
      if (!overflows(link) || link.previousElementSibling && link.previousElementSibling.classList.contains("scroll-hint")) { return; }
      var line = hint("Wider than the screen: scroll the figure sideways, or tap it to open it at full size.");
      link.parentElement.insertBefore(line, link);
    });
  }

  function unfoldTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var folded = target && target.closest("details");
    if (folded && !folded.open) {
      folded.open = true;
      target.scrollIntoView();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", liftCaptions);
  } else {
    liftCaptions();
  }
  window.addEventListener("load", function () { markWideFigures(); unfoldTarget(); });
  window.addEventListener("hashchange", unfoldTarget);
})();
