"""The staff navigation, filled by the apps that own the pages (nothing central lists them).

Each app registers its links in its AppConfig.ready(); the base layout shows the links the signed-in
user's role may use (darcha.accounts.roles), in registration order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from darcha.accounts.roles import Capability


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: str | Promise
    capability: Capability
    # Only for users attached to a centre (the front desk needs one).
    needs_center: bool = False
    # Paths under `root_name`'s URL that also belong to this link (e.g. the desk's forms).
    root_name: str = ""
    sub_paths: tuple[str, ...] = ()


LINKS: list[NavLink] = []


def register(link: NavLink) -> None:
    if all(existing.url_name != link.url_name for existing in LINKS):
        LINKS.append(link)
