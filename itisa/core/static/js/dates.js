/* Dates on one line (ADR 0020): Chromium breaks "2026-12-15" after a hyphen in Chinese text, so every date
   (and date-time) in the page's text is wrapped in <span class="date"> (white-space: nowrap). Runs on load and
   after every HTMX swap; touches text only, never form fields or scripts. A static file: the CSP allows it. */
(function () {
  "use strict";
  var DATE = /\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?/g;
  var SKIP = { SCRIPT: 1, STYLE: 1, TEXTAREA: 1, OPTION: 1, INPUT: 1, SELECT: 1, TITLE: 1 };
  function wrap(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        if (!p || SKIP[p.nodeName] || (p.classList && p.classList.contains("date"))) { return NodeFilter.FILTER_REJECT; }
        DATE.lastIndex = 0;
        return DATE.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var found = [];
    while (walker.nextNode()) { found.push(walker.currentNode); }
    found.forEach(function (node) {
      var text = node.nodeValue, frag = document.createDocumentFragment(), last = 0, m;
      DATE.lastIndex = 0;
      while ((m = DATE.exec(text)) !== null) {
        if (m.index > last) { frag.appendChild(document.createTextNode(text.slice(last, m.index))); }
        var span = document.createElement("span");
        span.className = "date";
        span.textContent = m[0];
        frag.appendChild(span);
        last = m.index + m[0].length;
      }
      if (last < text.length) { frag.appendChild(document.createTextNode(text.slice(last))); }
      node.parentNode.replaceChild(frag, node);
    });
  }
  function init() { wrap(document.body); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSettle", function (e) { wrap(e.target || document.body); });
})();
