/*
 * Navigation repairs of the stock theme (sphinx-book-theme 1.3 over pydata-sphinx-theme 0.17):
 * both themes bind the sidebar toggles with document.querySelector, i.e. to the first
 * ".primary-toggle" / ".secondary-toggle" of the page, which is in the hidden header bar, so
 * the visible buttons of the article header do nothing. Here every visible toggle opens and
 * closes its sidebar: at wide widths by hiding or showing it in place, at narrow widths as the
 * theme's drawer (its <dialog>).
 */
(function () {
  "use strict";

  var WIDE = "(min-width: 992px)";

  function bind() {
    [["primary-toggle", "pst-primary-sidebar", "pst-sidebar-hidden"],
     ["secondary-toggle", "pst-secondary-sidebar", "book-hidden"]].forEach(function (spec) {
      var first = document.querySelector("." + spec[0]);
      var sidebar = document.getElementById(spec[1]);
      document.querySelectorAll(".bd-header-article ." + spec[0]).forEach(function (button) {
        if (button === first || button.dataset.bookBound) { return; }
        button.dataset.bookBound = "true";
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          button.blur();
          var wide = window.matchMedia(WIDE).matches;
          var style = sidebar && getComputedStyle(sidebar);
          var shown = !!sidebar && style.display !== "none" && style.visibility !== "hidden" &&
            sidebar.getBoundingClientRect().width > 0;
          if (wide && sidebar && (shown || sidebar.classList.contains(spec[2]))) {
            sidebar.classList.toggle(spec[2]);
          } else if (first) {
            first.click(); // the theme's own handler: the drawer
          }
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
