/* Search loads its index and worker (about 37 KB, a third of a first visit) when
   the reader first goes to search, not on every page view. Runs before Material's
   script (overrides/main.html), which asks for both at start-up. */
(() => {
  let wanted
  const opened = new Promise(resolve => { wanted = resolve })
  const search = event => event.target.closest?.(".md-search, [for='__search'], [data-toggles='__search'], #__search") && wanted()
  for (const type of ["focusin", "change", "pointerover", "touchstart"]) addEventListener(type, search, true)
  addEventListener("keydown", event => ["/", "s", "f"].includes(event.key) && wanted(), true)
  const { open, send } = XMLHttpRequest.prototype
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.searchIndex = /search\/search_index\.json$/.test(url)
    return open.call(this, method, url, ...rest)
  }
  XMLHttpRequest.prototype.send = function (...body) {
    if (this.searchIndex) opened.then(() => send.apply(this, body))
    else send.apply(this, body)
  }
  const RealWorker = window.Worker
  window.Worker = class extends EventTarget {
    constructor(...args) { super(); this.args = args }
    postMessage(...message) {
      if (!this.worker) {
        this.worker = new RealWorker(...this.args)
        for (const type of ["message", "error", "messageerror"])
          this.worker.addEventListener(type, event => {
            const copy = new event.constructor(type, event)
            this.dispatchEvent(copy)
            this["on" + type]?.(copy)
          })
      }
      this.worker.postMessage(...message)
    }
    terminate() { this.worker?.terminate() }
  }
})()
