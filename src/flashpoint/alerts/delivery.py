"""Sending alerts: a webhook (JSON POST) and email (SMTP), off the caller's thread.

``Dispatcher.submit(alert)`` only queues (it never waits on the network), so
a slow or failing receiver never holds up ingestion. One background thread
sends what is due; a send that fails for a reason that may pass (no
connection, a timeout, HTTP 5xx, 408 or 429, an SMTP 4xx reply) is tried
again after ``backoff * 2**attempt`` seconds (at most ``MAX_BACKOFF_S``), up
to the channel's ``retries``; other failures (HTTP 4xx, SMTP 5xx) are given
up at once. The queue is bounded (``max_pending``): beyond it a new alert is
dropped for that channel, with a warning, rather than grow without end.

``close(timeout)`` waits up to ``timeout`` seconds for what is queued (so a
``watch --once`` sends its alerts before exiting), then stops the thread.
Each outcome goes to ``on_result(alert, channel, ok, detail)``.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import smtplib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flashpoint import __version__
from flashpoint.alerts.config import Channel

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 300.0
DEFAULT_MAX_PENDING = 1000
RETRY_STATUSES = frozenset({408, 425, 429})


class DeliveryError(Exception):
    """A send that failed; ``retry`` says whether trying again may help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


# -- channels ------------------------------------------------------------------------


def send_webhook(channel: Channel, alert: dict) -> str:
    """POST the alert as JSON; the receiver can drop repeats by the
    ``Idempotency-Key`` header (the alert's key)."""
    import httpx

    headers = {"User-Agent": f"flashpoint/{__version__}", "Idempotency-Key": alert["key"],
               **channel.options.get("headers", {})}  # fmt: skip
    try:
        response = httpx.post(channel.options["url"], json=alert, headers=headers,
                              timeout=channel.timeout_s)  # fmt: skip
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}", retry=True) from exc
    if response.is_success:
        return f"HTTP {response.status_code}"
    retry = response.status_code >= 500 or response.status_code in RETRY_STATUSES
    raise DeliveryError(f"HTTP {response.status_code}", retry=retry)


def email_message(channel: Channel, alert: dict) -> EmailMessage:
    opts = channel.options
    msg = EmailMessage()
    # one line: a header never carries a line break from the article text
    msg["Subject"] = " ".join(f"{opts['subject_prefix']} {alert['title']}".split())
    msg["From"] = opts["from"]
    msg["To"] = ", ".join(opts["to"])
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="flashpoint.alerts")
    msg["X-Flashpoint-Alert"] = alert["key"]
    lines = [alert["title"], ""]
    if alert.get("summary") and alert["summary"] != alert["title"]:
        lines += [f"“{alert['summary']}”", ""]
    if alert.get("link"):
        lines.append(alert["link"])
    lines.append(f"rule: {alert['rule']} ({alert['kind']})")
    msg.set_content("\n".join(lines) + "\n")
    return msg


def send_email(channel: Channel, alert: dict) -> str:
    """Send the alert by SMTP (``ssl``: SMTPS; ``starttls``: upgrade; log in
    when ``username`` is given, with the password from ``password_env``)."""
    opts = channel.options
    cls = smtplib.SMTP_SSL if opts.get("ssl") else smtplib.SMTP
    try:
        with cls(opts["host"], opts["port"], timeout=channel.timeout_s) as smtp:
            if opts.get("starttls") and not opts.get("ssl"):
                smtp.starttls()
            if opts.get("username"):
                smtp.login(opts["username"], os.environ.get(opts.get("password_env") or "", ""))
            smtp.send_message(email_message(channel, alert))
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP {exc.smtp_code} {exc.smtp_error!r}",
                            retry=400 <= exc.smtp_code < 500) from exc  # fmt: skip
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"recipients refused: {exc.recipients}", retry=False) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}", retry=True) from exc
    return f"sent to {len(opts['to'])} recipient(s)"


SENDERS: dict[str, Callable[[Channel, dict], str]] = {
    "webhook": send_webhook,
    "email": send_email,
}


# -- the queue -----------------------------------------------------------------------


@dataclass(order=True)
class _Task:
    due: float
    seq: int
    channel: Channel = field(compare=False)
    alert: dict = field(compare=False)
    attempt: int = field(default=0, compare=False)


class Dispatcher:
    """A background thread that sends alerts to ``channels``, with retries."""

    def __init__(
        self,
        channels,
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        on_result: Callable[[dict, str, bool, str], None] | None = None,
        senders: dict[str, Callable[[Channel, dict], str]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channels = tuple(channels)
        self.max_pending = max_pending
        self.on_result = on_result
        self.senders = senders or SENDERS
        self._clock = clock
        self._heap: list[_Task] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._busy = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    def submit(self, alert: dict) -> None:
        """Queue ``alert`` for every channel; returns at once."""
        if not self.channels:
            return
        with self._cond:
            if self._stopping:
                return
            for channel in self.channels:
                if len(self._heap) >= self.max_pending:
                    log.warning("alert queue full (%d): %s not sent to %s",
                                self.max_pending, alert["key"], channel.kind)  # fmt: skip
                    self._report(alert, channel.kind, False, "dropped: queue full")
                    continue
                heapq.heappush(self._heap, _Task(self._clock(), next(self._seq), channel, alert))
            self._start()
            self._cond.notify_all()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._heap) + self._busy

    def close(self, timeout: float = 30.0) -> int:
        """Wait up to ``timeout`` s for the queue to empty, then stop; returns
        how many sends were left undone."""
        deadline = self._clock() + timeout
        with self._cond:
            while (self._heap or self._busy) and self._clock() < deadline:
                self._cond.wait(min(0.1, max(0.0, deadline - self._clock())))
            self._stopping = True
            left = len(self._heap) + self._busy
            for task in self._heap:
                self._report(task.alert, task.channel.kind, False, "not sent: stopped")
            self._heap.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=max(1.0, deadline - self._clock()))
        if left:
            log.warning("%d alert send(s) left undone at close", left)
        return left

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="alert-delivery", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (not self._heap or self._heap[0].due > self._clock()):
                    wait = self._heap[0].due - self._clock() if self._heap else None
                    self._cond.wait(wait)
                if self._stopping:
                    return
                task = heapq.heappop(self._heap)
                self._busy += 1
            try:
                self._attempt(task)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def _attempt(self, task: _Task) -> None:
        kind = task.channel.kind
        try:
            detail = self.senders[kind](task.channel, task.alert)
        except Exception as exc:  # a failing receiver never stops the thread
            retry = exc.retry if isinstance(exc, DeliveryError) else True
            if retry and task.attempt < task.channel.retries:
                delay = min(task.channel.backoff_s * 2**task.attempt, MAX_BACKOFF_S)
                log.info("alert %s to %s failed (%s); retry in %.1f s",
                         task.alert["key"], kind, exc, delay)  # fmt: skip
                with self._cond:
                    if not self._stopping:
                        heapq.heappush(self._heap, _Task(self._clock() + delay, next(self._seq),
                                                         task.channel, task.alert,
                                                         task.attempt + 1))  # fmt: skip
                        return
            log.warning("alert %s to %s failed: %s", task.alert["key"], kind, exc)
            self._report(task.alert, kind, False, str(exc))
            return
        self._report(task.alert, kind, True, detail)

    def _report(self, alert: dict, kind: str, ok: bool, detail: str) -> None:
        if self.on_result is None:
            return
        try:
            self.on_result(alert, kind, ok, detail)
        except Exception:
            log.exception("on_result failed")
