// The discharge form's home exercises: pick from the library (by region, by
// name), set each one's dose, and preview the pages. The program travels in
// one field, "exercises": a JSON list shaped like a program file's entries.
"use strict";
(() => {
  const form = document.getElementById("discharge");
  const library = document.getElementById("exercise-library");
  const region = document.getElementById("exercise-region");
  const search = document.getElementById("exercise-search");
  const program = document.getElementById("program");
  const empty = document.getElementById("program-empty");
  const field = document.getElementById("exercises-field");
  const row = document.getElementById("program-row");
  const status = document.getElementById("program-status");
  const pages = document.getElementById("program-pages");
  if (!form || !library) return;

  function filter() {
    const r = region.value, q = search.value.trim().toLowerCase();
    for (const item of library.children) {
      const shown = (!r || item.dataset.region === r) && (!q || item.dataset.name.includes(q));
      item.hidden = !shown;
    }
  }
  region.addEventListener("change", filter);
  search.addEventListener("input", filter);

  function save() {
    const entries = [...program.children].map((li) => {
      const dose = {};
      for (const key of ["reps", "hold", "sets", "per_day"]) {
        dose[key] = Number(li.querySelector("." + key).value);
      }
      if (li.dataset.sided) dose.side = li.querySelector(".side").value;
      const note = li.querySelector(".exercise-note").value.trim();
      if (note) dose.note = note;
      return {[li.dataset.slug]: dose};
    });
    field.value = entries.length ? JSON.stringify(entries) : "";
    empty.hidden = entries.length > 0;
  }

  function add(item) {
    const li = row.content.firstElementChild.cloneNode(true);
    const dose = JSON.parse(item.dataset.dose);
    li.dataset.slug = item.dataset.slug;
    li.dataset.sided = item.dataset.sided;
    li.querySelector(".exercise-name").textContent = item.querySelector(".exercise-name").textContent;
    for (const key of ["reps", "hold", "sets", "per_day"]) { li.querySelector("." + key).value = dose[key]; }
    li.querySelector(".side-field").hidden = !item.dataset.sided;
    li.querySelector(".remove").addEventListener("click", () => { li.remove(); save(); });
    li.querySelector(".up").addEventListener("click", () => {
      if (li.previousElementSibling) program.insertBefore(li, li.previousElementSibling);
      save();
    });
    li.addEventListener("input", save);
    li.addEventListener("change", save);
    program.append(li);
    save();
  }
  for (const item of library.children) {
    item.querySelector(".add").addEventListener("click", () => add(item));
  }
  save();

  document.getElementById("program-preview").addEventListener("click", async () => {
    save();
    if (!field.value) { status.textContent = empty.textContent; return; }
    status.textContent = handouts.say("making_pdf");
    const body = new FormData(form);
    try {
      const r = await fetch("/api/program", {method: "POST", body,
                                             headers: {"X-Requested-With": "fetch"}});
      if (!r.ok) { handouts.showError(status, await handouts.errorOf(r)); return; }
      const made = await r.json();
      handouts.showPages(pages, made.images, made.title);
      status.textContent = handouts.pages(made.pages);
    } catch (err) {
      handouts.showError(status, handouts.say("no_answer"));
    }
  });
})();
