// The default theme's one script, loaded by every page (cached once, not sent with each page).
(function () {
  // A link to a question (`/hoi-dap/#ma-otp`) opens it, also when only the `#…` changes.
  function openTarget() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    var box = el && el.closest("details");
    if (box && !box.open) {
      box.open = true;
      el.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
  // A phone's own share sheet (Zalo, Messenger, …), where the browser has one.
  var shares = document.querySelectorAll(".share-sheet");
  for (var s = 0; navigator.share && s < shares.length; s++) {
    shares[s].hidden = false;
    shares[s].addEventListener("click", function (e) {
      var b = e.currentTarget;
      navigator.share({ title: b.getAttribute("data-title"), url: b.getAttribute("data-url") }).catch(function () {});
    });
  }
  // Where the browser lets a page write the clipboard, a button copies the link; elsewhere
  // the link stays in its field, to select and copy by hand.
  if (!navigator.clipboard) return;
  var buttons = document.querySelectorAll(".copy-link");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (e) {
      var b = e.currentTarget;
      navigator.clipboard.writeText(b.getAttribute("data-url")).then(function () {
        b.textContent = "Đã chép liên kết";
      }, function () {
        var f = b.parentNode.querySelector(".copy-field");
        if (f) f.select();
      });
    });
  }
})();
