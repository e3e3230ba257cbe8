// veille: keyboard navigation, stars and read marks, new articles without a reload.
"use strict";
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const post = (url, data) => fetch(url, {
    method: "POST", headers: {"X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded"},
    body: new URLSearchParams(data), credentials: "same-origin",
  });
  const items = () => Array.from(document.querySelectorAll(".item"));
  let current = -1;
  const select = (index) => {
    const all = items();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((item, i) => item.classList.toggle("current", i === current));
    all[current].scrollIntoView({block: "nearest"});
  };
  const star = (id, on) => post(`/articles/${id}/star`, {on: on ? "true" : "false"});
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("input, textarea, select") || event.metaKey || event.ctrlKey || event.altKey) return;
    const card = document.querySelector(".card");
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current - 1); }
    else if (event.key === "o" && current >= 0) { window.location = items()[current].dataset.href; }
    else if (event.key === "/") { event.preventDefault(); document.getElementById("search").focus(); }
    else if (event.key === "s") {
      if (card) { document.getElementById("star").click(); }
      else if (current >= 0 && items()[current].dataset.id) {
        const item = items()[current];
        const on = !item.querySelector(".star");
        star(item.dataset.id, on).then(() => {
          if (on) { item.querySelector(".meta").insertAdjacentHTML("beforeend", ' <span class="star">★</span>'); }
          else { item.querySelector(".star").remove(); }
        });
      }
    } else { return; }
    event.preventDefault();
  });
  const button = document.getElementById("star");
  if (button) {
    const card = document.querySelector(".card");
    button.addEventListener("click", () => {
      const on = card.dataset.starred !== "true";
      star(card.dataset.id, on).then((response) => {
        if (!response.ok) return;
        card.dataset.starred = on ? "true" : "false";
        button.textContent = on ? button.dataset.off : button.dataset.on;
      });
    });
  }
  const unread = document.getElementById("unread");
  if (unread) {
    const card = document.querySelector(".card");
    let isRead = true;
    // Opening the page marks the article read from here, not by the GET itself, so that a
    // browser's prefetch or a link preview does not.
    post(`/articles/${card.dataset.id}/read`, {on: "true"});
    unread.addEventListener("click", () => {
      post(`/articles/${card.dataset.id}/read`, {on: isRead ? "false" : "true"}).then((response) => {
        if (!response.ok) return;
        isRead = !isRead;
        [unread.textContent, unread.dataset.done] = [unread.dataset.done, unread.textContent];
      });
    });
  }
  const banner = document.getElementById("new-articles");
  if (banner) {
    let latest = Number(banner.dataset.latest);
    const params = new URLSearchParams(window.location.search);
    const showNew = () => {
      const query = new URLSearchParams(params);
      query.delete("cursor");
      query.set("after", latest);
      return fetch(`/timeline/new?${query}`)
      .then((response) => response.text()).then((html) => {
        const box = document.createElement("div");
        box.innerHTML = html;
        const fresh = Array.from(box.querySelectorAll(".item"));
        if (!fresh.length) return;
        const timeline = document.getElementById("timeline");
        const ids = Array.from(box.querySelectorAll("[data-id]"), (element) => Number(element.dataset.id));
        fresh.reverse().forEach((item) => timeline.prepend(item));
        latest = Math.max(latest, ...ids);
        const form = new Intl.PluralRules(document.documentElement.lang).select(ids.length);
        banner.textContent = (form === "one" ? banner.dataset.one : banner.dataset.other).replace("{count}", ids.length);
        banner.hidden = false;
        setTimeout(() => { banner.hidden = true; }, 8000);
      });
    };
    const poll = () => fetch("/api/latest").then((r) => r.json()).then((data) => {
      if (data.latest > latest && !params.get("cursor")) showNew();
    }).catch(() => {});
    setInterval(poll, Number(document.body.dataset.poll || 15000));
  }
  document.querySelectorAll(".item").forEach((item) => item.addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    select(items().indexOf(item));
  }));
})();
