// The library: the preview follows the choices; Print and Download follow too,
// and are disabled while the preview shows an error (the PDF would be that
// error, not a handout).
"use strict";
(() => {
  const form = document.getElementById("choices");
  const box = document.getElementById("preview");
  const status = document.getElementById("status");
  const names = ["article", "location", "language", "level", "length", "paper", "layout",
                 "large_print"];
  let pending = null;

  function chosen() { return form.querySelector('input[name="article"]:checked'); }

  // A link is disabled by taking its address away (it cannot be followed or
  // focused) and saying so to screen readers.
  function offer(q, ok) {
    for (const [id, extra] of [["print", ""], ["download", "&download=1"]]) {
      const link = document.getElementById(id);
      if (ok) {
        link.href = `/handout.pdf?${q}${extra}`;
        link.removeAttribute("aria-disabled");
      } else {
        link.removeAttribute("href");
        link.setAttribute("aria-disabled", "true");
      }
    }
  }

  function fit() {
    const article = chosen();
    if (article && article.dataset.levels) handouts.fit(form, JSON.parse(article.dataset.levels));
  }

  async function update() {
    const article = chosen();
    const q = handouts.query(form, names);
    offer(q, true);
    if (pending) pending.abort();
    pending = new AbortController();
    box.setAttribute("aria-busy", "true");
    status.textContent = handouts.say("making_preview");
    try {
      const r = await fetch(`/api/preview?${q}`, {signal: pending.signal,
                                                  headers: {"X-Requested-With": "fetch"}});
      if (!r.ok) {
        const message = await handouts.errorOf(r);
        handouts.showError(box, message);
        offer(q, false);
        status.textContent = handouts.say("cannot_print");
      } else {
        const data = await r.json();
        const title = article.closest("label").querySelector(".title").textContent;
        handouts.showPages(box, data.images, title);
        const pages = handouts.pages(data.pages);
        status.textContent = data.readability
          ? handouts.say("previewed_figures", {pages, figures: data.readability, file: data.filename})
          : handouts.say("previewed", {pages, grade: data.grade.toFixed(1), file: data.filename});
      }
    } catch (e) {
      if (e.name !== "AbortError") {
        handouts.showError(box, handouts.say("no_answer"));
        offer(q, false);
      }
      return;
    } finally {
      box.setAttribute("aria-busy", "false");
    }
  }
  let soon = null;  // choices changed in quick succession make one preview
  form.addEventListener("change", () => { fit(); clearTimeout(soon); soon = setTimeout(update, 150); });
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  fit();
  update();
})();
