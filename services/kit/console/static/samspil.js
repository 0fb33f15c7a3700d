// Samspil's consoles: live updates, a key that blanks the screen at once, sign-out after
// inactivity, and no files: a file dropped or pasted onto a page is refused here, as the
// server refuses it too.
(function () {
  "use strict";
  var body = document.body;

  // Live updates: the server says only that something changed; the page fetches itself.
  if (body.dataset.live === "on" && window.EventSource) {
    var pending = false;
    var refresh = function () {
      if (pending) { return; }
      pending = true;
      window.setTimeout(function () {
        pending = false;
        fetch(window.location.href, { credentials: "same-origin", headers: { "X-Samspil-Live": "1" } })
          .then(function (answer) { return answer.ok ? answer.text() : null; })
          .then(function (html) {
            if (!html) { return; }
            var fresh = new DOMParser().parseFromString(html, "text/html");
            // The page's content, and any other part marked data-live (a count in the menu).
            Array.prototype.forEach.call(fresh.querySelectorAll("[data-live]"), function (part) {
              var current = part.id && document.getElementById(part.id);
              if (current && !current.contains(document.activeElement)) {
                current.innerHTML = part.innerHTML;
              }
            });
          });
      }, 150);
    };
    new EventSource("/live").addEventListener("changed", refresh);
  }

  // A key that blanks the screen at once (a pupil walks in): Escape, or the button.
  var blank = document.getElementById("blank-screen");
  var hide = function () { body.classList.add("blanked"); blank.hidden = false; document.getElementById("show-screen").focus(); };
  var show = function () { body.classList.remove("blanked"); blank.hidden = true; };
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && body.dataset.idleSeconds) { hide(); }
  });
  var blankButton = document.getElementById("blank-button");
  if (blankButton) { blankButton.addEventListener("click", hide); }
  document.getElementById("show-screen").addEventListener("click", show);

  // Sign-out after inactivity: the server ends the session too; this hides the page.
  var idle = parseInt(body.dataset.idleSeconds || "0", 10);
  if (idle > 0) {
    var timer;
    var restart = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { window.location.assign("/signin"); }, idle * 1000);
    };
    ["keydown", "mousedown", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }

  // No files, ever: refuse a dropped or pasted file before it reaches any field.
  var refusal = document.getElementById("file-refused");
  var refuseFiles = function (event) {
    var data = event.dataTransfer || event.clipboardData;
    var carries = data && ((data.files && data.files.length) ||
      Array.prototype.some.call(data.types || [], function (type) { return type === "Files"; }));
    if (!carries) { return; }
    event.preventDefault();
    event.stopPropagation();
    if (event.type !== "dragover") {
      refusal.textContent = body.dataset.filesRefused;
      refusal.hidden = false;
      refusal.focus();
    }
  };
  ["dragover", "drop", "paste"].forEach(function (name) {
    document.addEventListener(name, refuseFiles, true);
  });
}());
