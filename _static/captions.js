/*
 * A wide table scrolls sideways in its container, and its <caption> scrolled with it out of view.
 * Each table caption is moved out, to stand above its scroll container; the table stays labelled
 * by it (aria-labelledby), and its id keeps the numbered caption's links working.
 */
(function () {
  "use strict";

  function lift() {
    document.querySelectorAll(".pst-scrollable-table-container > table > caption").forEach(function (caption, i) {
      var table = caption.parentElement;
      var box = table.parentElement;
      var label = document.createElement("div");
      label.className = "table-caption";
      label.id = (table.id || "table-" + i) + "-caption";
      while (caption.firstChild) { label.appendChild(caption.firstChild); }
      caption.remove();
      box.parentElement.insertBefore(label, box);
      table.setAttribute("aria-labelledby", label.id);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", lift);
  } else {
    lift();
  }
})();
