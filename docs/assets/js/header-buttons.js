/* Keyboard and screen readers: Material leaves the search dialog unnamed, and its
   menu and search buttons are labels that Tab skips (a label may not be given the
   button role). Each becomes a named <button> that clicks the hidden checkbox as the
   label did, and opening the menu or search moves the focus into it. */
(() => {
  document.querySelector(".md-search[role='dialog']")?.setAttribute("aria-label", "Search this guide");
  for (const [target, name] of [["__drawer", "Menu"], ["__search", "Search this guide"]]) {
    for (const label of document.querySelectorAll(`label.md-header__button[for="${target}"]`)) {
      const toggle = document.getElementById(target);
      const button = document.createElement("button");
      button.type = "button";
      button.className = label.className;
      button.dataset.toggles = target;
      button.setAttribute("aria-label", name);
      button.setAttribute("aria-expanded", toggle.checked);
      button.append(...label.childNodes);
      button.addEventListener("click", () => toggle.click());
      toggle.addEventListener("change", () => button.setAttribute("aria-expanded", toggle.checked));
      label.replaceWith(button);
    }
  }
  document.getElementById("__search")?.addEventListener("change", (event) => {
    if (event.target.checked) document.querySelector(".md-search__input")?.focus();
  });

  // Focus the first link on the drawer's open panel: one on a closed sub-panel would
  // scroll the drawer sideways to a blank space. (Safari 16 has no checkVisibility.)
  const shown = (element) => element.checkVisibility?.() ?? element.getClientRects().length > 0;
  document.getElementById("__drawer")?.addEventListener("change", (event) => {
    const drawer = document.querySelector(".md-sidebar--primary")?.getBoundingClientRect();
    if (!event.target.checked || !drawer) return;
    const links = [...document.querySelectorAll(".md-sidebar--primary .md-nav__link[href]")];
    links.find((link) => shown(link) && link.getBoundingClientRect().left - drawer.left < drawer.width / 2)?.focus();
  });
})();
