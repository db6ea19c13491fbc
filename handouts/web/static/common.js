// Shared by the pages: the CSRF token, the choices as a query, pages as
// images, the page's words (translated by the server) and the choices an
// article has.
"use strict";
const handouts = {
  words: JSON.parse(document.getElementById("words").textContent),
  say(key, values = {}) {
    return (this.words[key] || key).replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  },
  pages(n) { return this.say(n === 1 ? "page_one" : "page_many", {n}); },
  csrf() { return document.querySelector('meta[name="csrf-token"]').content; },
  query(form, names) {
    const data = new FormData(form), q = new URLSearchParams();
    for (const n of names) { if (data.get(n) !== null) q.set(n, data.get(n)); }
    return q.toString();
  },
  // Offer only what the article has: its languages, the levels written in
  // the chosen one (both, for a bilingual sheet), and a bilingual sheet only
  // as a brief; a tri-fold is one language, the standard length, not large
  // print. `levels` maps language -> levels, from the article's data-levels.
  fit(form, levels) {
    const pick = (select, ok) => {
      if (!select) return;
      for (const o of select.options) { o.disabled = !ok(o.value); }
      if (select.selectedOptions[0] && select.selectedOptions[0].disabled) {
        const first = [...select.options].find((o) => !o.disabled);
        if (first) select.value = first.value;
      }
    };
    const layout = form.querySelector('[name="layout"]');
    const trifold = Boolean(layout) && layout.value === "trifold";
    const language = form.querySelector('[name="language"]');
    pick(language, (v) => v.split("+").every((l) => l in levels) && !(trifold && v.includes("+")));
    const parts = language ? language.value.split("+") : Object.keys(levels).slice(0, 1);
    pick(form.querySelector('[name="level"]'),
         (v) => parts.every((l) => (levels[l] || []).includes(v)));
    pick(form.querySelector('[name="length"]'),
         (v) => (parts.length === 1 || v === "brief") && (!trifold || v === "standard"));
    const large = form.querySelector('[name="large_print"]');
    if (large) { large.disabled = trifold; if (trifold) large.checked = false; }
  },
  showPages(box, images, title) {
    const pages = images.map((src, i) => {
      const img = document.createElement("img");
      img.src = src;
      img.alt = handouts.say("page_alt", {page: i + 1, pages: images.length, title});
      img.className = "page";
      img.addEventListener("load", () => {  // a tri-fold's landscape pages get the room
        img.classList.toggle("landscape", img.naturalWidth > img.naturalHeight);
      });
      return img;
    });
    box.replaceChildren(...pages);
  },
  showError(box, message) {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    box.replaceChildren(p);
  },
  async errorOf(response) {
    try { return (await response.json()).error; }
    catch (e) { return handouts.say("answered", {status: response.status}); }
  },
};
