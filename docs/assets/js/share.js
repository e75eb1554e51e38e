/* Sharing links: the "Share this page" button (overrides/partials/share.html)
   and the permalink after each heading, which also copies the section's link.
   Confirmations use Material's own toast, made a live region so screen
   readers hear them too. Re-run on every page view, including pages reached
   through Material's instant navigation (document$). */
(function () {
  "use strict";

  function toast() {
    return document.querySelector("[data-md-component=dialog] .md-dialog__inner");
  }

  function makeLiveRegion() {
    var region = toast();
    if (region && !region.hasAttribute("role")) {
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
    }
  }

  function announce(message) {
    if (window.alert$ && typeof window.alert$.next === "function") {
      window.alert$.next(message);
      return;
    }
    var region = toast();
    if (region) {
      region.textContent = message;
    }
  }

  // The published address of this page, without any #fragment.
  function pageUrl() {
    var share = document.querySelector(".page-share[data-share-url]");
    if (share) {
      return share.getAttribute("data-share-url");
    }
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.href : location.href.split("#")[0];
  }

  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    field.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
    }
    return copyWithSelection(text);
  }

  function copyAndConfirm(text, done) {
    copy(text).then(
      function () { announce(done); },
      function () { announce("Could not copy. The link is " + text); }
    );
  }

  // Permalinks: the browser still follows the link (so the address bar shows
  // the section), and the section's link is copied as well.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.headerlink");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var id = decodeURIComponent(link.hash.slice(1));
    if (!id) {
      return;
    }
    copyAndConfirm(pageUrl() + "#" + encodeURIComponent(id), "Link to this section copied");
  }, true);

  function shareButtonClicked(event) {
    var box = event.currentTarget.closest(".page-share");
    var url = box.getAttribute("data-share-url");
    if (typeof navigator.share === "function") {
      navigator.share({
        title: box.getAttribute("data-share-title"),
        text: box.getAttribute("data-share-text"),
        url: url
      }).catch(function (error) {
        // Closing the share sheet is not a failure; anything else falls back to copying.
        if (!error || error.name !== "AbortError") {
          copyAndConfirm(url, "Link to this page copied");
        }
      });
    } else {
      copyAndConfirm(url, "Link to this page copied");
    }
  }

  function setUpPage() {
    makeLiveRegion();
    var canShare = typeof navigator.share === "function";
    document.querySelectorAll(".page-share__button:not([data-share-ready])").forEach(function (button) {
      button.setAttribute("data-share-ready", "");
      button.querySelector(".page-share__button-text").textContent = canShare ? "Share" : "Copy link";
      button.addEventListener("click", shareButtonClicked);
    });
    document.querySelectorAll(".md-typeset a.headerlink").forEach(function (link) {
      var heading = link.parentElement;
      var name = heading ? heading.textContent.replace(link.textContent, "").trim() : "";
      link.setAttribute("aria-label", "Copy link to section: " + name);
      link.setAttribute("title", "Copy link to this section");
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpPage);
  } else {
    setUpPage();
  }
})();
