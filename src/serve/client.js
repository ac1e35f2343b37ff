(function () {
  "use strict";
  var OVERLAY = "loa-loi";
  function overlay(errors) {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
    if (!errors || !errors.length) return;
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.93);color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:1.5rem";
    var h = document.createElement("p");
    h.style.cssText = "font:700 1.1rem system-ui,sans-serif;color:#ffb4a8;margin:0 0 1rem";
    h.textContent = "Chưa dựng lại được trang vì các lỗi dưới đây. Sửa rồi lưu tệp: trang sẽ tự tải lại.";
    box.appendChild(h);
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = errors.join("\n");
    box.appendChild(pre);
    (document.body || document.documentElement).appendChild(box);
  }
  function swapCss(version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").replace(/[?&]loa=\d+$/, "");
      links[i].setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "loa=" + version);
    }
  }
  var es = new EventSource("/__loa/su-kien");
  es.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    overlay(s.errors);
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) { swapCss(JSON.parse(e.data).generation); overlay([]); });
  es.addEventListener("errors", function (e) { overlay(JSON.parse(e.data).errors); });
})();
