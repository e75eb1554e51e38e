/* Sharing links: the "Share this page" button (overrides/partials/share.html)
   and the permalink after each heading, which also copies the section's link.
   Confirmations use Material's own toast, made a live region so screen
   readers hear them too. Set up on every page view, including pages reached
   through Material's instant navigation (document$). */
(() => {
  const toast = () => document.querySelector("[data-md-component=dialog] .md-dialog__inner");

  const makeLiveRegion = () => {
    const region = toast();
    if (region && !region.hasAttribute("role")) {
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
    }
  };

  const announce = (message) => {
    if (typeof window.alert$?.next === "function") {
      window.alert$.next(message);
      return;
    }
    const region = toast();
    if (region) region.textContent = message;
  };

  // The published address of this page, without any #fragment.
  const pageUrl = () => {
    const share = document.querySelector(".page-share[data-share-url]");
    if (share) return share.getAttribute("data-share-url");
    const canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.href : location.href.split("#")[0];
  };

  const copyWithSelection = (text) => {
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    field.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  };

  const copy = (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(() => copyWithSelection(text));
    }
    return copyWithSelection(text);
  };

  const copyAndConfirm = (text, done) => {
    copy(text).then(
      () => announce(done),
      () => announce(`Could not copy. The link is ${text}`),
    );
  };

  // Permalinks: the browser still follows the link (so the address bar shows
  // the section), and the section's link is copied as well.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a.headerlink");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const id = decodeURIComponent(link.hash.slice(1));
    if (id) copyAndConfirm(`${pageUrl()}#${encodeURIComponent(id)}`, "Link to this section copied");
  }, true);

  const shareButtonClicked = (event) => {
    const box = event.currentTarget.closest(".page-share");
    const url = box.getAttribute("data-share-url");
    if (typeof navigator.share !== "function") {
      copyAndConfirm(url, "Link to this page copied");
      return;
    }
    navigator.share({
      title: box.getAttribute("data-share-title"),
      text: box.getAttribute("data-share-text"),
      url,
    }).catch((error) => {
      // Closing the share sheet is not a failure; anything else falls back to copying.
      if (error?.name !== "AbortError") copyAndConfirm(url, "Link to this page copied");
    });
  };

  const setUpPage = () => {
    makeLiveRegion();
    const canShare = typeof navigator.share === "function";
    for (const button of document.querySelectorAll(".page-share__button:not([data-share-ready])")) {
      button.setAttribute("data-share-ready", "");
      button.querySelector(".page-share__button-text").textContent = canShare ? "Share" : "Copy link";
      button.addEventListener("click", shareButtonClicked);
    }
    for (const link of document.querySelectorAll(".md-typeset a.headerlink")) {
      const heading = link.parentElement;
      const name = heading ? heading.textContent.replace(link.textContent, "").trim() : "";
      link.setAttribute("aria-label", `Copy link to section: ${name}`);
      link.setAttribute("title", "Copy link to this section");
    }
  };

  if (typeof window.document$?.subscribe === "function") {
    window.document$.subscribe(setUpPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpPage);
  } else {
    setUpPage();
  }
})();
