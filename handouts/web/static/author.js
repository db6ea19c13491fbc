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
    const say = (k, v) => handouts.say(k, v);
    const target = r.target_grade === null ? say("no_target") : say("or_below", {grade: r.target_grade});
    const rows = [["fk_grade", r.fk_grade.toFixed(1)], ["target", target],
                  ["result", r.result], ["SMOG", r.smog.toFixed(1)],
                  ["words_per_sentence", r.avg_sentence_length.toFixed(1)],
                  ["long_sentences", String(r.long_sentence_count)],
                  ["hard_words", String(r.hard_word_count)]];
    for (const [k, v] of rows) { dl.append(el("dt", say(k)), el("dd", v, k === "result" ? `result ${v}` : "")); }
    const parts = [dl];
    if (r.hard_words.length) {
      parts.push(el("h3", handouts.say("hard_words_heading")));
      const ul = el("ul", undefined, "hard-words");
      for (const h of r.hard_words) {
        ul.append(el("li", `${h.word} → ${h.plain}` + (h.count > 1 ? ` (${h.count}×)` : "")));
      }
      parts.push(ul);
    }
    if (r.long_sentences.length) {
      parts.push(el("h3", handouts.say("long_sentences")));
      const ul = el("ul", undefined, "long-sentences");
      for (const s of r.long_sentences) { ul.append(el("li", handouts.say("long_sentence", s))); }
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
          const plainer = handouts.say("plainer", {word: part.plain});
          m.title = plainer;
          node = document.createDocumentFragment();
          node.append(m, el("span", ` (${plainer})`, "plain"));
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
    status.textContent = handouts.say("rendering");
    try {
      const r = await fetch(`/api/author?${q}`, {signal: pending.signal,
                                                 headers: {"X-Requested-With": "fetch"}});
      if (!r.ok) {
        handouts.showError(box, await handouts.errorOf(r));
        status.textContent = handouts.say("mistake");
      } else {
        const data = await r.json();
        const title = form.querySelector("#article option:checked").textContent;
        handouts.showPages(box, data.images, title);
        showFigures(data.report);
        showText(data.text);
        status.textContent = handouts.say("editing", {pages: handouts.pages(data.pages), file: data.file});
      }
      renders += 1;
      box.dataset.renders = String(renders);
    } catch (e) {
      if (e.name !== "AbortError") { handouts.showError(box, handouts.say("no_answer")); }
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
