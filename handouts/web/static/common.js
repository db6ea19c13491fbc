// Shared by the pages: the CSRF token, the choices as a query, pages as images.
"use strict";
const handouts = {
  csrf() { return document.querySelector('meta[name="csrf-token"]').content; },
  query(form, names) {
    const data = new FormData(form), q = new URLSearchParams();
    for (const n of names) { if (data.get(n) !== null) q.set(n, data.get(n)); }
    return q.toString();
  },
  showPages(box, images, title) {
    const pages = images.map((src, i) => {
      const img = document.createElement("img");
      img.src = src;
      img.alt = `Page ${i + 1} of ${images.length} of ${title}`;
      img.className = "page";
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
    catch (e) { return `The server answered ${response.status}.`; }
  },
};
