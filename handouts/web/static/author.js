// The author preview: re-rendered on each change the server reports
// (server-sent events), with the figures of `handouts check` beside it.
"use strict";
(() => {
  const form = document.getElementById("choices");
  const box = document.getElementById("preview");
  const figures = document.getElementById("figures");
  const text = document.getElementById("text");
  const status = document.getElementById("status");
  const names = ["article", "location", "level", "length", "paper"];
  let pending = null, renders = 0;

  function el(tag, content, cls) {
    const e = document.createElement(tag);
    if (content !== undefined) e.textContent = content;
    if (cls) e.className = cls;
    return e;
  }

  function showFigures(r) {
    const dl = el("dl", undefined, "figures");
    const target = r.target_grade === null ? "none" : `${r.target_grade} or below`;
    const rows = [["Grade (Flesch-Kincaid)", r.fk_grade.toFixed(1)], ["Target", target],
                  ["Result", r.result], ["SMOG", r.smog.toFixed(1)],
                  ["Words per sentence", r.avg_sentence_length.toFixed(1)],
                  ["Sentences over 20 words", String(r.long_sentence_count)],
                  ["Hard words", String(r.hard_word_count)]];
    for (const [k, v] of rows) { dl.append(el("dt", k), el("dd", v, k === "Result" ? `result ${v}` : "")); }
    const parts = [dl];
    if (r.hard_words.length) {
      parts.push(el("h3", "Hard words, with plainer alternatives"));
      const ul = el("ul", undefined, "hard-words");
      for (const h of r.hard_words) {
        ul.append(el("li", `${h.word} → ${h.plain}` + (h.count > 1 ? ` (${h.count}×)` : "")));
      }
      parts.push(ul);
    }
    if (r.long_sentences.length) {
      parts.push(el("h3", "Sentences over 20 words"));
      const ul = el("ul", undefined, "long-sentences");
      for (const s of r.long_sentences) { ul.append(el("li", `${s.words} words: ${s.text}`)); }
      parts.push(ul);
    }
    figures.replaceChildren(...parts);
  }

  function showText(blocks) {
    text.replaceChildren(...blocks.map((b) => {
      const block = el(b.kind === "heading" ? "h4" : "p");
      for (const part of b.parts) {
        let node = document.createTextNode(part.text);
        if (part.plain) {
          const m = el("mark", part.text, "hard");
          m.title = `plainer: ${part.plain}`;
          node = document.createDocumentFragment();
          node.append(m, el("span", ` (plainer: ${part.plain})`, "plain"));
        }
        if (part.long) { const m = el("mark", undefined, "long"); m.append(node); node = m; }
        block.append(node);
      }
      return block;
    }));
  }

  async function update() {
    const q = handouts.query(form, names);
    if (pending) pending.abort();
    pending = new AbortController();
    box.setAttribute("aria-busy", "true");
    status.textContent = "Rendering…";
    try {
      const r = await fetch(`/api/author?${q}`, {signal: pending.signal,
                                                 headers: {"X-Requested-With": "fetch"}});
      if (!r.ok) {
        handouts.showError(box, await handouts.errorOf(r));
        status.textContent = "The file has a mistake; the preview follows once it is fixed.";
      } else {
        const data = await r.json();
        const title = form.querySelector("#article option:checked").textContent;
        handouts.showPages(box, data.images, title);
        showFigures(data.report);
        showText(data.text);
        status.textContent = `${data.pages} page${data.pages === 1 ? "" : "s"}; ` +
          `editing ${data.file}`;
      }
      renders += 1;
      box.dataset.renders = String(renders);
    } catch (e) {
      if (e.name !== "AbortError") { handouts.showError(box, "The server did not answer."); }
    } finally {
      box.setAttribute("aria-busy", "false");
    }
  }
  let soon = null;  // choices changed in quick succession make one preview
  form.addEventListener("change", () => { clearTimeout(soon); soon = setTimeout(update, 150); });
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  const events = new EventSource("/events");
  events.addEventListener("change", update);
  update();
})();
