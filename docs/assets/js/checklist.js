// Ticks on a page's checklist (the questions to ask a professional) are kept on this
// device, so a reader can tick questions off over several visits. They stay in this
// browser's localStorage: nothing is sent anywhere. On paper the boxes are empty
// (assets/css/extra.css), ready to tick by hand.
(() => {
  const BOX = ".task-list-item > input[type=checkbox]";
  const key = () => `guide-ticks:${location.pathname}`;
  const boxes = () => [...document.querySelectorAll(BOX)];

  const restore = () => {
    let ticked = [];
    try {
      ticked = JSON.parse(localStorage.getItem(key())) || [];
    } catch {
      // Storage switched off or unreadable: the boxes start empty.
    }
    boxes().forEach((box) => { box.checked = ticked.includes(box.getAttribute("aria-label")); });
  };

  document.addEventListener("change", (event) => {
    if (!(event.target instanceof Element) || !event.target.matches(BOX)) return;
    const ticked = boxes().filter((box) => box.checked).map((box) => box.getAttribute("aria-label"));
    try {
      localStorage.setItem(key(), JSON.stringify(ticked));
    } catch {
      // Storage switched off: the ticks last until the reader leaves the page.
    }
  });

  // Material's instant navigation swaps pages in without a load: restore after each.
  if (window.document$) window.document$.subscribe(restore);
  else restore();
})();
