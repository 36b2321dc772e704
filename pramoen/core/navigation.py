"""Extension points for the page shell: an app adds its menu entry and home-page section from its
own ``AppConfig.ready()`` without editing shared templates:

    navigation.register_menu(MenuItem("monitoring", _("Monitoring"), "monitoring-home", order=50))
    navigation.register_home_section(HomeSection("monitoring/_home.html", visible=..., order=50))

``visible(user)`` decides per user (ask ``pramoen.orgs.policy.can`` there).  A home-section template gets
the usual context plus ``user``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


def _always(user: Any) -> bool:
    return bool(user.is_authenticated)


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool] = _always
    order: int = 100


@dataclass(frozen=True)
class HomeSection:
    template: str
    visible: Callable[[Any], bool] = _always
    order: int = 100


_menu: dict[str, MenuItem] = {}
_home: dict[str, HomeSection] = {}


def register_menu(item: MenuItem) -> None:
    _menu[item.key] = item


def register_home_section(section: HomeSection) -> None:
    _home[section.template] = section


def menu_for(user: Any) -> list[MenuItem]:
    return sorted((i for i in _menu.values() if i.visible(user)), key=lambda i: (i.order, i.key))


def home_sections_for(user: Any) -> list[HomeSection]:
    return sorted((s for s in _home.values() if s.visible(user)), key=lambda s: (s.order, s.template))
