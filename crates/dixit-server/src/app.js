// dixit: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    var box = document.querySelector("input[type=search]");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
  // On an article, bring the quote named in the URL into view, centred.
  window.addEventListener("load", function () {
    if (!location.hash || location.hash.indexOf("#q-") !== 0) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el && el.scrollIntoView) el.scrollIntoView({ block: "center" });
  });
})();
