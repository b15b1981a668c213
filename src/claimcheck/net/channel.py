"""Which client a probe request goes through.

Live links go through the asyncio client (``aio.AsyncClient``). Under a vcrpy
cassette every request goes through the synchronous urllib3 client
(``client.Client``) in a worker thread instead, because vcrpy records and
replays urllib3's connections and cannot see the asyncio client's sockets. The
Wayback lookup always uses the synchronous client.
"""

from __future__ import annotations

import asyncio
import time

from claimcheck.net import ProbeOptions
from claimcheck.net.exchange import BodyPlan, CookieJar, Outcome
from claimcheck.net.safety import AddressGuard

__all__ = ["Channel"]


class Channel:
    """The probe's one way out: the asyncio client for live links, or the
    synchronous client (in a worker thread) when a cassette records or replays,
    since vcrpy patches urllib3. The Wayback lookup always uses the latter."""

    def __init__(self, options: ProbeOptions, guard: AddressGuard, *, recorded: bool) -> None:
        self.options = options
        self.guard = guard
        self._recorded = recorded
        self._live = None
        self._sync = None
        if not recorded:
            from claimcheck.net.aio import AsyncClient

            self._live = AsyncClient(options, guard)

    def sync_client(self):
        if self._sync is None:
            from claimcheck.net.client import Client

            self._sync = Client(self.options, self.guard, pinned=not self._recorded)
        return self._sync

    async def send(self, method: str, url: str, plan: BodyPlan | None, *, cookies: CookieJar,
                   retries: int | None = None) -> Outcome:
        if self._live is not None:
            return await self._live.send(method, url, plan, retries=retries, cookies=cookies)
        return await asyncio.to_thread(self.sync_client().send, method, url,
                                       _sync_reader(plan, self.options.timeout),
                                       retries=retries, cookies=cookies)

    async def aclose(self) -> None:
        if self._live is not None:
            await self._live.aclose()
        if self._sync is not None:
            self._sync.close()


def _sync_reader(plan: BodyPlan | None, timeout: float):
    if plan is None:
        return None
    from claimcheck.net.transport import read_body  # loaded with the synchronous client

    def read(response) -> tuple[bytes, bool] | None:
        limit = plan(response.status, response.headers)
        return None if limit is None else read_body(response, limit, time.monotonic() + timeout)

    return read
