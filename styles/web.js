/* readerbook — web edition: note references open their note in a pop-up
   (click, Enter, or hover); Escape or the close button closes it and returns
   to the reference.  No network, no library: works opened from the folder. */
(function () {
  "use strict";
  var open = null; // {box, ref, pinned}
  var hoverTimer = null;

  function noteFor(ref) {
    var href = ref.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash !== 0) return null; // a note on this page only
    return document.getElementById(decodeURIComponent(href.slice(1)));
  }

  function close(returnFocus) {
    clearTimeout(hoverTimer); // a hover that began before does not open it again
    if (!open) return;
    var ref = open.ref;
    open.box.parentNode.removeChild(open.box);
    ref.removeAttribute("aria-expanded");
    open = null;
    if (returnFocus) ref.focus();
  }

  function show(ref, pinned) {
    var note = noteFor(ref);
    if (!note) return false;
    if (open && open.ref === ref) {
      open.pinned = open.pinned || pinned;
      if (pinned) open.box.focus();
      return true;
    }
    close(false);
    var box = document.createElement("div");
    box.className = "note-popup";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Note " + ref.textContent);
    box.tabIndex = -1;
    var content = note.cloneNode(true);
    Array.prototype.forEach.call(content.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    Array.prototype.forEach.call(content.querySelectorAll("[role=doc-backlink]"), function (el) { el.parentNode.removeChild(el); });
    var number = document.createElement("span");
    number.className = "note-popup-number";
    number.textContent = ref.textContent + ".";
    box.appendChild(number);
    while (content.firstChild) box.appendChild(content.firstChild);
    var full = document.createElement("p");
    full.className = "note-full";
    var link = document.createElement("a");
    link.href = "#" + note.id;
    link.textContent = "Go to the note";
    full.appendChild(link);
    box.appendChild(full);
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "note-close";
    shut.setAttribute("aria-label", "Close the note");
    shut.textContent = "×";
    shut.addEventListener("click", function () { close(true); });
    box.appendChild(shut);
    box.addEventListener("mouseleave", function () { if (open && !open.pinned) close(false); });
    link.addEventListener("click", function () { close(false); });
    document.body.appendChild(box);
    var r = ref.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(window.scrollX + r.left - 24, window.scrollX + width - box.offsetWidth - 8));
    box.style.left = left + "px";
    box.style.top = window.scrollY + r.bottom + 6 + "px";
    ref.setAttribute("aria-expanded", "true");
    open = { box: box, ref: ref, pinned: pinned };
    if (pinned) box.focus();
    return true;
  }

  document.addEventListener("click", function (e) {
    var ref = e.target.closest ? e.target.closest("a.noteref") : null;
    if (ref && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
      clearTimeout(hoverTimer);
      if (show(ref, true)) e.preventDefault();
      return;
    }
    if (open && !open.box.contains(e.target)) close(false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && open) close(true);
  });
  document.addEventListener("mouseover", function (e) {
    var ref = e.target.closest ? e.target.closest("a.noteref") : null;
    if (!ref || (open && open.pinned)) return;
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () { show(ref, false); }, 250);
  });
  document.addEventListener("mouseout", function (e) {
    var ref = e.target.closest ? e.target.closest("a.noteref") : null;
    if (!ref) return;
    clearTimeout(hoverTimer);
    if (open && !open.pinned && open.ref === ref && !(e.relatedTarget && open.box.contains(e.relatedTarget))) close(false);
  });
})();
