// The discharge form: the note previewed as typed, the PDF fetched by POST
// and saved, so the page is never replaced and a reload resubmits nothing.
"use strict";
(() => {
  const form = document.getElementById("discharge");
  const note = document.getElementById("note");
  const shown = document.getElementById("note-preview");
  const status = document.getElementById("status");
  const article = document.getElementById("article");
  let timer = null;

  function fit() { handouts.fit(form, JSON.parse(article.selectedOptions[0].dataset.levels || "{}")); }
  form.addEventListener("change", fit);
  fit();

  async function previewNote() {
    const body = new FormData();
    body.set("note", note.value);
    body.set("csrf", handouts.csrf());
    const r = await fetch("/api/note", {method: "POST", body,
                                        headers: {"X-Requested-With": "fetch"}});
    if (r.ok) { shown.innerHTML = (await r.json()).html; }  // escaped by the server
    else { handouts.showError(shown, await handouts.errorOf(r)); }
  }
  note.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(previewNote, 250); });

  function filenameOf(response) {
    const header = response.headers.get("content-disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/.exec(header);
    if (star) return decodeURIComponent(star[1]);
    const plain = /filename="([^"]+)"/.exec(header);
    return plain ? plain[1] : "handout.pdf";
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.textContent = handouts.say("making_pdf");
    const buttons = form.querySelectorAll("button[type=submit]");
    const body = new FormData(form);  // the button pressed says PDF or FHIR record
    if (e.submitter && e.submitter.name) body.set(e.submitter.name, e.submitter.value);
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await fetch("/discharge", {method: "POST", body,
                                           headers: {"X-Requested-With": "fetch"}});
      if (!r.ok) { handouts.showError(status, await handouts.errorOf(r)); return; }
      const name = filenameOf(r), url = URL.createObjectURL(await r.blob());
      const a = document.createElement("a");
      a.href = url; a.download = name;
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      const pages = r.headers.get("x-handout-pages");
      const left = r.headers.get("x-handout-left-out");
      status.textContent = handouts.say("downloaded", {file: name, pages: handouts.pages(Number(pages))}) +
        (left ? " " + handouts.say("left_out", {items: decodeURIComponent(left)}) : "");
    } catch (err) {
      handouts.showError(status, handouts.say("no_answer"));
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
})();
