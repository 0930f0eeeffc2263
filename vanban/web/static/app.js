// vanban: clicking a field (or a zone, a figure) marks where it was read in the clean text.
"use strict";
(function () {
  // Python offsets count code points; JavaScript strings count UTF-16 units.
  function units(text, points) {
    var i = 0, n = 0;
    while (n < points && i < text.length) {
      i += text.codePointAt(i) > 0xffff ? 2 : 1;
      n++;
    }
    return i;
  }
  function mark(start, end) {
    var pre = document.getElementById("van-ban-text");
    if (!pre) return;
    var text = pre.textContent;
    pre.textContent = text;
    if (!pre.firstChild || end <= start) return;
    var range = document.createRange();
    range.setStart(pre.firstChild, units(text, start));
    range.setEnd(pre.firstChild, units(text, end));
    var m = document.createElement("mark");
    m.id = "vi-tri";
    range.surroundContents(m);
    m.scrollIntoView({block: "center"});
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-start]");
    if (!b) return;
    e.preventDefault();
    document.querySelectorAll(".span.on").forEach(function (x) { x.classList.remove("on"); });
    b.classList.add("on");
    mark(parseInt(b.dataset.start, 10), parseInt(b.dataset.end, 10));
  });
  var sort = document.getElementById("sort");
  if (sort) sort.addEventListener("change", function () { sort.form.submit(); });
})();
