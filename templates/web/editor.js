// The register editor's live check (rekisteri.web.editor). Each change of a field is sent as it
// is made (a text after a pause in typing); the answer's messages go to their fields and the
// check's findings and the notice's preview are replaced. Without this script the form's
// buttons do the same through whole pages. Nothing here reaches another origin.
"use strict";
(() => {
  const form = document.getElementById("register-form");
  if (!form) return;
  const csrf = form.querySelector("input[name=csrf]").value;
  const panel = document.getElementById("panel");
  const preview = document.getElementById("preview");
  const stale = document.getElementById("stale");
  const unsaved = document.getElementById("unsaved");
  const status = document.getElementById("status");
  const timers = new Map();
  let sent = Promise.resolve();

  const fieldOf = (control) => control.closest(".field, .list, .section, .group");

  function body(name) {
    const params = new URLSearchParams();
    params.append("csrf", csrf);
    params.append("preview", form.dataset.preview || "");
    for (const control of form.elements) {
      if (control.name !== name) continue;
      if (control.type === "checkbox" && !control.checked) continue;
      params.append(name, control.value);
    }
    return params;
  }

  function show(answer) {
    if (answer.reload) {
      window.location.reload();
      return;
    }
    for (const box of form.querySelectorAll(".error")) {
      const id = box.id.slice(2);
      const messages = answer.errors[id] || [];
      const text = messages.join("\n");
      if (box.textContent !== text) {
        box.replaceChildren(...messages.map((message) => {
          const line = document.createElement("p");
          line.textContent = message;
          return line;
        }));
      }
      const holder = document.getElementById(id);
      if (holder) {
        for (const control of holder.querySelectorAll(":scope > input, :scope > select, :scope > textarea, :scope > fieldset > input, :scope > fieldset > textarea")) {
          if (messages.length) control.setAttribute("aria-invalid", "true");
          else control.removeAttribute("aria-invalid");
        }
      }
    }
    panel.innerHTML = answer.panel;
    if (!answer.stale) preview.innerHTML = answer.preview;
    stale.hidden = !answer.stale;
    unsaved.hidden = !answer.unsaved;
  }

  function send(name) {
    const params = body(name);
    // One change after another, in the order they were made.
    sent = sent.then(() =>
      fetch("/editor/field", {
        method: "POST",
        body: params,
        credentials: "same-origin",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
        .then((answer) => (answer.ok ? answer.json() : null))
        .then((answer) => { if (answer) show(answer); })
        .catch(() => {})
    );
  }

  function later(control, wait) {
    if (!control.name || control.name === "csrf" || !fieldOf(control)) return;
    clearTimeout(timers.get(control.name));
    timers.set(control.name, setTimeout(() => {
      timers.delete(control.name);
      send(control.name);
    }, wait));
  }

  form.addEventListener("input", (event) => {
    const control = event.target;
    if (control.tagName === "INPUT" || control.tagName === "TEXTAREA") later(control, 400);
  });
  form.addEventListener("change", (event) => later(event.target, 0));

  // A link of the findings to a field opens the sections around it and puts the focus there.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#f-']");
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    const control = target.querySelector("input, select, textarea, summary") || target;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    control.focus();
  });

  // After adding, moving or removing an entry the page comes back at it: the focus goes to its
  // first field (a new entry's id), or to the list.
  if (window.location.hash.startsWith("#f-")) {
    const target = document.getElementById(window.location.hash.slice(1));
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) {
      target.scrollIntoView({ block: "center" });
      const control = target.querySelector("input:not([type=hidden]), select, textarea, summary");
      if (control) control.focus();
    }
  }
  // After a save the message saying so takes the focus, so a screen reader reads it.
  if (status && status.textContent.trim() && status.querySelector("p:not([hidden])")) status.focus();
})();
