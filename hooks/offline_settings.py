"""The offline copy's settings, from one switch: Material's offline plugin.

When `OFFLINE=true` enables the plugin (tools/offline.py does), this hook,
running before the plugins set themselves up:
- loads the iframe-worker shim from the copy itself, so the plugin does not add
  it from unpkg.com (search then runs from file:// with no request out);
- turns off instant navigation, which cannot fetch pages from file://, and
  social cards, which nothing reads from a folder.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from guide import facts

SHIM = "assets/js/iframe-worker-shim.js"
NOT_OFFLINE = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")


@event_priority(10)  # before the offline plugin (priority 0) looks for a shim
def on_config(config):
    if not facts.is_offline_copy(config):
        return config
    polyfills = config.extra.get("polyfills") or []
    if SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, SHIM]
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f not in NOT_OFFLINE]
    social = facts.plugin(config, "social")
    if social:
        social.config.enabled = False
    return config
