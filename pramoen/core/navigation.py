"""Extension points for the page shell: an app adds its menu entry and home-page section from its
own ``AppConfig.ready()`` without editing shared templates:

    navigation.register_menu(
        MenuItem("monitoring", _("Monitoring"), "monitoring:home", group=navigation.COMMITTEES, order=50)
    )
    navigation.register_home_section(HomeSection("monitoring/_home.html", visible=..., order=50))

The menu is grouped by task (``MY_WORK`` · ``SCORES`` · ``DATA`` · ``COMMITTEES`` · ``SETTINGS``); an app
may add a group of its own with ``register_group``.  ``visible(user)`` decides per user (ask
``pramoen.orgs.policy.can`` there): an entry is shown only to a role that may open its page, and a group
only when one of its entries is shown.  A home-section template gets the usual context plus ``user``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=256)
def _entry_url(url_name: str, query: str, prefix: str) -> str:
    """A menu entry's address, worked out once per process (every page's menu asks for each of them; the
    script prefix is part of the key, as ``reverse`` depends on it)."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:  # an app registered a name it does not serve: never a 500 in the shell
        return ""
    return f"{url}?{query}" if query else url


def _always(user: Any) -> bool:
    return bool(user.is_authenticated)


MY_WORK = "work"
SCORES = "scores"
DATA = "data"
COMMITTEES = "committees"
SETTINGS = "settings"


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: str | Promise
    order: int = 100


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool] = _always
    order: int = 100
    group: str = MY_WORK
    # query string added to the address (e.g. "status=submitted"), without the "?"
    query: str = ""

    @property
    def url(self) -> str:
        return _entry_url(self.url_name, self.query, get_script_prefix())


@dataclass(frozen=True)
class HomeSection:
    template: str
    visible: Callable[[Any], bool] = _always
    order: int = 100


@dataclass
class ShownGroup:
    """A group as one user sees it: only the entries that user may open."""

    group: MenuGroup
    items: list[MenuItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.group.key

    @property
    def label(self) -> str | Promise:
        return self.group.label


_groups: dict[str, MenuGroup] = {}
_menu: dict[str, MenuItem] = {}
_home: dict[str, HomeSection] = {}


def register_group(group: MenuGroup) -> None:
    _groups[group.key] = group


def register_menu(item: MenuItem) -> None:
    _menu[item.key] = item


def unregister_menu(key: str) -> None:
    _menu.pop(key, None)


def register_home_section(section: HomeSection) -> None:
    _home[section.template] = section


for _group in (
    MenuGroup(MY_WORK, _("My work"), 10),
    MenuGroup(SCORES, _("Scores"), 20),
    MenuGroup(DATA, _("Imported data"), 30),
    MenuGroup(COMMITTEES, _("Committees"), 40),
    MenuGroup(SETTINGS, _("Settings"), 50),
):
    register_group(_group)


def menu_for(user: Any) -> list[MenuItem]:
    """Every entry the user may open, in menu order (groups first, then each entry's order)."""
    return [item for group in grouped_menu_for(user) for item in group.items]


def grouped_menu_for(user: Any) -> list[ShownGroup]:
    if not getattr(user, "is_authenticated", False):
        return []
    shown: dict[str, ShownGroup] = {}
    for item in sorted(_menu.values(), key=lambda i: (i.order, i.key)):
        if not item.url or not item.visible(user):
            continue
        group = _groups.get(item.group) or _groups[MY_WORK]
        shown.setdefault(group.key, ShownGroup(group)).items.append(item)
    return sorted(shown.values(), key=lambda g: (g.group.order, g.group.key))


def home_sections_for(user: Any) -> list[HomeSection]:
    return sorted((s for s in _home.values() if s.visible(user)), key=lambda s: (s.order, s.template))


@dataclass(frozen=True)
class Bell:
    """The notification bell in the page header: where it leads and how many are unread."""

    url_name: str
    unread: Callable[[Any], int]


_bell: list[Bell] = []


def register_bell(bell: Bell) -> None:
    _bell[:] = [bell]


def bell_for(user: Any) -> tuple[str, int] | None:
    if not _bell or not getattr(user, "is_authenticated", False):
        return None
    return reverse(_bell[0].url_name), _bell[0].unread(user)
