// Enhances the article's tools; without JavaScript the links still work (?size=…, column).
(function () {
  "use strict";
  var KEY = "ducha.fontSize";
  var SIZES = ["large", "medium", "small"];

  function setSize(article, size) {
    SIZES.forEach(function (s) { article.classList.remove("size-" + s); });
    article.classList.add("size-" + size);
    article.querySelectorAll(".font-size a").forEach(function (link) {
      if (link.dataset.size === size) { link.setAttribute("aria-current", "true"); }
      else { link.removeAttribute("aria-current"); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var article = document.getElementById("article");
    if (!article) { return; }
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    if (stored && SIZES.indexOf(stored) >= 0 && !/[?&]size=/.test(window.location.search)) {
      setSize(article, stored);
    }
    article.querySelectorAll(".font-size a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        setSize(article, link.dataset.size);
        try { window.localStorage.setItem(KEY, link.dataset.size); } catch (e) { /* ignore */ }
      });
    });
    var print = article.querySelector("[data-action=print]");
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
    var close = article.querySelector("[data-action=close]");
    close.addEventListener("click", function (event) {
      // Browsers close only windows a script opened; otherwise the link leads to the column.
      if (window.opener) { event.preventDefault(); window.close(); }
    });
  });
})();
