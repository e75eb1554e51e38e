"""The offline copy's settings, taken from one switch: the offline plugin.

When `OFFLINE=true` enables Material's offline plugin (tools/offline.py does),
this hook, running before the plugin:
- loads the iframe-worker shim from the copy itself, so the plugin does not add
  it from unpkg.com (search then runs from file:// with no request out);
- turns off instant navigation, which cannot fetch pages from file://.
The published site is left as configured and never loads the shim.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

SHIM = "assets/js/iframe-worker-shim.js"
NOT_OFFLINE = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")


def offline_enabled(config) -> bool:
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "offline":
            return bool(plugin.config.enabled)
    return False


@event_priority(10)  # before the offline plugin (priority 0) looks for a shim
def on_config(config):
    if not offline_enabled(config):
        return config
    polyfills = config.extra.get("polyfills") or []
    if SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, SHIM]
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f not in NOT_OFFLINE]
    return config
