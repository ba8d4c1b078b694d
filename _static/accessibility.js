/*
 * Accessibility repairs of the stock Jupyter Book 1 theme markup (sphinx-book-theme 1.3,
 * pydata-sphinx-theme 0.17, myst-nb 1.4, docutils citations), applied when a page loads.
 * Jupyter Book adds every .js file in _static/ to every page. tests/test_browser.py runs
 * axe-core on each built page and fails on any serious or critical violation.
 */
(function () {
  "use strict";

  function repair() {
    // WCAG 2.5.3 (label in name): an aria-label that hides the visible text. The search buttons
    // show "Search Ctrl+K" and the hide-input toggles "Show code cell source"; without the label
    // their accessible name is exactly what they show.
    document
      .querySelectorAll(".search-button__button[aria-label], details > summary[aria-label]")
      .forEach(function (element) { element.removeAttribute("aria-label"); });

    // The colour-mode button is named by its aria-label ("Color mode"); its sun, moon and
    // half-circle icons are decoration, but Font Awesome turns their titles ("Light", "Dark",
    // "System Settings") into text inside the button that the name does not contain.
    document
      .querySelectorAll(".theme-switch-button i, .theme-switch-button svg")
      .forEach(function (icon) {
        icon.removeAttribute("title");
        icon.removeAttribute("role");
        icon.removeAttribute("aria-labelledby");
        icon.setAttribute("aria-hidden", "true");
        icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
      });

    // Bibliography: docutils gives each entry role="doc-biblioentry", deprecated in DPUB-ARIA 1.1
    // and not an item of the surrounding role="list", so the list has no valid items.
    document
      .querySelectorAll('[role="list"] > [role="doc-biblioentry"]')
      .forEach(function (entry) { entry.setAttribute("role", "listitem"); });

    // Wide tables and outputs scroll inside their own container; a keyboard user must be able to
    // reach it to scroll it (WCAG 2.1.1), so a container that scrolls joins the tab order.
    document
      .querySelectorAll(".pst-scrollable-table-container, div.cell_output, div.output")
      .forEach(function (box) {
        if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Scrollable table");
        }
      });

    // The general index lays its columns out with tables that have no header row; they are
    // layout, not data, and a screen reader should not announce them as tables.
    document
      .querySelectorAll("table.indextable:not([role])")
      .forEach(function (table) { table.setAttribute("role", "presentation"); });
  }

  // Font Awesome replaces the <i> icons with <svg> after the document is parsed: repair then, and
  // again once everything has loaded.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
  window.addEventListener("load", repair);
})();
