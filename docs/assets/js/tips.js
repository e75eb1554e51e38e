// Shows a citation's sources, or a term's meaning, only when a reader hovers, focuses
// or taps it. Material's tooltips set one up for every marker on load, work that
// grows with the citations; listeners on the document need none, and serve pages
// that instant navigation swaps in. Without JavaScript, numbers link to the page's
// sources and a term's definition is its accessible description.
(() => {
  const MARKER = "a.footnote-ref, abbr.term";
  let tip = null;
  let shown = null;
  let timer = 0;
  let tapped = null;

  // "2–4" lists sources 2, 3 and 4, whichever of its numbers is asked about.
  const lines = (marker) => {
    if (marker.matches("abbr")) return [document.getElementById(marker.getAttribute("aria-describedby")).textContent];
    const notes = document.getElementById(decodeURIComponent(marker.hash.slice(1))).parentElement.children;
    const numbers = marker.parentElement.closest("sup").textContent.split(",").flatMap((part) => {
      const [first, last = first] = part.split("–").map(Number);
      return Array.from({ length: last - first + 1 }, (_, i) => first + i);
    });
    return numbers.filter((n) => notes[n - 1]).map((n) => {
      const note = notes[n - 1].cloneNode(true);
      note.querySelectorAll("a").forEach((a) => a.remove());
      return `${n}. ${note.textContent.trim()}`;
    });
  };

  const hide = () => {
    clearTimeout(timer);
    if (!shown) return;
    tip.hidden = true;
    if (shown.matches("a")) shown.removeAttribute("aria-describedby");
    shown = null;
  };

  const show = (marker) => {
    clearTimeout(timer);
    if (shown === marker) return;
    hide();
    if (!tip?.isConnected) {
      tip = document.createElement("div");
      tip.id = "guide-tip";
      tip.className = "guide-tip";
      tip.setAttribute("role", "tooltip");
      // The pointer may move onto the box without it closing (WCAG 1.4.13).
      tip.addEventListener("pointerenter", () => clearTimeout(timer));
      tip.addEventListener("pointerleave", () => { timer = setTimeout(hide, 300); });
      document.body.append(tip);
    }
    tip.replaceChildren(...lines(marker).map((text) => Object.assign(document.createElement("p"), { textContent: text })));
    tip.hidden = false;
    // Below the marker, above it if there is no room; never past the screen's sides.
    const box = marker.getBoundingClientRect();
    const below = box.bottom + tip.offsetHeight + 8 <= innerHeight || box.top < tip.offsetHeight + 8;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = `${left + scrollX}px`;
    tip.style.top = `${(below ? box.bottom + 4 : box.top - tip.offsetHeight - 4) + scrollY}px`;
    if (marker.matches("a")) marker.setAttribute("aria-describedby", tip.id);
    shown = marker;
  };

  const markerOf = (event) => event.target instanceof Element && event.target.closest(MARKER);
  const on = (type, handler, capture = false) => document.addEventListener(type, handler, capture);

  on("pointerover", (event) => {
    if (event.pointerType === "mouse" && markerOf(event)) show(markerOf(event));
  });
  on("pointerout", (event) => {
    if (event.pointerType === "mouse" && markerOf(event) === shown) timer = setTimeout(hide, 300);
  });
  on("focusin", (event) => {
    if (markerOf(event)) show(markerOf(event));
  });
  on("focusout", (event) => {
    if (markerOf(event) === shown) hide();
  });
  on("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  // A tap shows the box (the tap's focus may already have); a second tap hides a
  // term's box, or follows a number's link. Captured, so instant navigation never
  // sees a first tap.
  on("pointerdown", (event) => {
    tapped = event.pointerType === "mouse" ? null : { marker: markerOf(event), before: shown };
  }, true);
  on("click", (event) => {
    const marker = markerOf(event);
    const tap = tapped;
    tapped = null;
    if (!marker) return hide();
    if (!tap || tap.marker !== marker) return;
    if (tap.before !== marker) {
      event.preventDefault();
      event.stopPropagation();
      show(marker);
    } else if (marker.matches("abbr")) {
      hide();
    }
  }, true);
})();
