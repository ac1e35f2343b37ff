(function () {
  "use strict";
  var feed = /*LOA_DATA*/null;
  var doc = document;
  var tag = doc.currentScript;
  if (!tag) {
    // Browsers without currentScript: take the first tag of this feed not yet served.
    var tags = doc.getElementsByTagName("script");
    for (var k = 0; k < tags.length; k++) {
      var src = tags[k].getAttribute("src") || "";
      if (src.indexOf(feed.script) !== -1 && !tags[k].hasAttribute("data-loa-xong")) {
        tag = tags[k];
        break;
      }
    }
  }
  if (!tag || !tag.parentNode || tag.hasAttribute("data-loa-xong")) return;
  tag.setAttribute("data-loa-xong", "");

  var limit = parseInt(tag.getAttribute("data-limit"), 10);
  if (!(limit > 0)) limit = 5;
  var summary = /^(1|true|yes|co|có)$/i.test(tag.getAttribute("data-summary") || "");

  function el(name, cls, text) {
    var e = doc.createElement(name);
    if (cls) e.className = cls;
    if (text) e.appendChild(doc.createTextNode(text));
    return e;
  }
  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  if (!doc.getElementById("loa-nhung-css")) {
    var css = el("style", "", feed.css);
    css.id = "loa-nhung-css";
    (doc.head || tag.parentNode).appendChild(css);
  }

  var box = el("div", "loa-nhung");
  box.setAttribute("lang", "vi");
  var head = el("p", "loa-nhung__ten");
  head.appendChild(link(feed.url, feed.title));
  box.appendChild(head);
  var list = el("ul", "loa-nhung__ds");
  var items = feed.items.slice(0, limit);
  for (var i = 0; i < items.length; i++) {
    var it = items[i];
    var li = el("li", "loa-nhung__muc");
    li.appendChild(link(it.url, it.title));
    var meta = el("span", "loa-nhung__meta");
    var time = el("time", "", it.date);
    time.setAttribute("datetime", it.iso);
    meta.appendChild(time);
    if (it.unit) meta.appendChild(doc.createTextNode(" · " + it.unit));
    li.appendChild(meta);
    if (summary && it.summary) li.appendChild(el("p", "loa-nhung__tt", it.summary));
    list.appendChild(li);
  }
  if (!items.length) list.appendChild(el("li", "loa-nhung__muc", feed.empty));
  box.appendChild(list);
  tag.parentNode.insertBefore(box, tag.nextSibling);
})();
