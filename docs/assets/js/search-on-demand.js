/* Search loads its index and worker (about 37 KB) when the reader goes to search, not
   with every page: Material 9.8 asks for both as a page loads, with no setting to wait.
   Before Material's script runs, its configuration (#__config "search") is given a
   stand-in worker that loads Material's with the first message, the index; and, as
   the theme has no hook for when to ask for the index, Material's one request for it
   waits for the reader: the only browser API the guide wraps. From a folder (the
   offline copy) Material waits for the reader itself, so this does nothing there. */
(() => {
  if (location.protocol === "file:") return;
  const element = document.getElementById("__config");
  const config = JSON.parse(element.textContent);
  const worker = JSON.stringify(`${new URL(config.search, location.href)}`);
  const standIn = `addEventListener("message", function start(event) {
    removeEventListener("message", start);
    importScripts(${worker});
    dispatchEvent(new MessageEvent("message", { data: event.data }));
  });`;
  config.search = URL.createObjectURL(new Blob([standIn], { type: "text/javascript" }));
  element.textContent = JSON.stringify(config);

  let wanted;
  const searching = new Promise((resolve) => { wanted = resolve; });
  const search = (event) =>
    event.target.closest?.(".md-search, [for='__search'], [data-toggles='__search'], #__search") && wanted();
  for (const type of ["focusin", "change", "pointerover", "touchstart"]) addEventListener(type, search, true);
  addEventListener("keydown", (event) => ["/", "s", "f"].includes(event.key) && wanted(), true);

  const { open } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (/search\/search_index\.json$/.test(url)) {
      const { send } = this;
      this.send = (...body) => searching.then(() => send.apply(this, body));
    }
    return open.call(this, method, url, ...rest);
  };
})();
