// The library: the preview follows the choices; Print and Download follow too.
"use strict";
(() => {
  const form = document.getElementById("choices");
  const box = document.getElementById("preview");
  const status = document.getElementById("status");
  const names = ["article", "location", "language", "level", "length", "paper", "layout",
                 "large_print"];
  let pending = null;

  function chosen() { return form.querySelector('input[name="article"]:checked'); }

  function fit() {
    const article = chosen();
    if (article && article.dataset.levels) handouts.fit(form, JSON.parse(article.dataset.levels));
  }

  async function update() {
    const article = chosen();
    const q = handouts.query(form, names);
    document.getElementById("print").href = `/handout.pdf?${q}`;
    document.getElementById("download").href = `/handout.pdf?${q}&download=1`;
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
        status.textContent = "";
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
      if (e.name !== "AbortError") { handouts.showError(box, handouts.say("no_answer")); }
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
