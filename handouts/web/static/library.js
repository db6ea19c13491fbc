// The library: the preview follows the choices; Print and Download follow too.
"use strict";
(() => {
  const form = document.getElementById("choices");
  const box = document.getElementById("preview");
  const status = document.getElementById("status");
  const names = ["article", "location", "level", "length", "paper"];
  let pending = null;

  async function update() {
    const q = handouts.query(form, names);
    document.getElementById("print").href = `/handout.pdf?${q}`;
    document.getElementById("download").href = `/handout.pdf?${q}&download=1`;
    if (pending) pending.abort();
    pending = new AbortController();
    box.setAttribute("aria-busy", "true");
    status.textContent = "Making the preview…";
    try {
      const r = await fetch(`/api/preview?${q}`, {signal: pending.signal,
                                                  headers: {"X-Requested-With": "fetch"}});
      if (!r.ok) {
        const message = await handouts.errorOf(r);
        handouts.showError(box, message);
        status.textContent = "";
      } else {
        const data = await r.json();
        const title = form.querySelector('input[name="article"]:checked')
          .closest("label").querySelector(".title").textContent;
        handouts.showPages(box, data.images, title);
        status.textContent = `${data.pages} page${data.pages === 1 ? "" : "s"}, ` +
          `reading grade ${data.grade.toFixed(1)}; downloads as ${data.filename}`;
      }
    } catch (e) {
      if (e.name !== "AbortError") { handouts.showError(box, "The server did not answer."); }
      return;
    } finally {
      box.setAttribute("aria-busy", "false");
    }
  }
  let soon = null;  // choices changed in quick succession make one preview
  form.addEventListener("change", () => { clearTimeout(soon); soon = setTimeout(update, 150); });
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  update();
})();
