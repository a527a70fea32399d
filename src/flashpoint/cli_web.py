"""The ``serve`` command: the dashboard and REST API over a database.
``register(app)`` adds it to the ``flashpoint`` Typer app; ``serve_dashboard``
is the library function it calls (``demo`` calls it too)."""

from __future__ import annotations

import errno
import inspect
import os
import socket
from typing import Annotated

import typer
from rich.console import Console

DB_HELP = "SQLite path or database URL (postgresql://...); default $FLASHPOINT_DB or ./flashpoint.db"

out = Console()


def check_port(host: str, port: int) -> None:
    """Exit 2 with one line when ``host:port`` cannot be bound (taken by
    another server, or not this machine's address), instead of uvicorn's
    traceback after the dashboard's URL is printed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror or exc})"
        Console(stderr=True).print(
            f"[red]error:[/red] port {port} on {host} {reason}; choose another with --port "
            f"(make demo PORT=...)", highlight=False, soft_wrap=True)  # fmt: skip
        raise typer.Exit(2) from exc


def serve_dashboard(
    db: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    cache_ttl_s: float = 30.0,
    alerts: str | None = None,
    workers: int = 1,
) -> None:
    """Serve the dashboard on ``host:port`` until interrupted (uvicorn), in
    ``workers`` processes (each with its own analysis cache; more than one
    answers concurrent clients on every core; ``serve_reuseport`` where the
    system has ``SO_REUSEPORT``).
    Articles whose fusion a crash left missing or stale are fused first, so
    the incident pages show every stored event. With ``alerts`` (a rules
    file), the rules are checked every ``interval`` seconds of the file in a
    background thread (``flashpoint.alerts``)."""
    import uvicorn

    from flashpoint.cli_common import fuse_pending, open_store
    from flashpoint.web import create_app

    config = None
    if alerts is not None:
        from flashpoint.alerts import AlertConfigError, load_config

        try:
            config = load_config(alerts)
        except AlertConfigError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    check_port(host, port)
    store = open_store(db)
    try:
        fuse_pending(store, console=out)
    finally:
        store.close()
    timer = None
    if workers > 1:
        from flashpoint.web.app import ENV_ALERTS, ENV_DB, ENV_TTL

        os.environ.update({ENV_DB: str(db or ""), ENV_TTL: str(cache_ttl_s),
                           ENV_ALERTS: str(alerts or "")})  # fmt: skip
        target = "flashpoint.web.app:app_from_environment"
        alert_store = open_store(db) if config is not None else None
    else:
        target = create_app(db, cache_ttl_s=cache_ttl_s, warm=True)
        target.state.alerts = config  # the feed's title and length
        alert_store = target.state.store
    if config is not None:
        from flashpoint.alerts import Alerter, AlertTimer

        timer = AlertTimer(Alerter(config, alert_store)).start()
    shown = f"[{host}]" if ":" in host else host
    out.print(f"flashpoint dashboard on http://{shown}:{port}/  (API docs: /docs; Ctrl-C stops)")
    options = {}
    if workers > 1 and "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters:
        # a worker busy building its views answers uvicorn's health check late;
        # it is slow, not dead, so give it longer than the default 5 s
        options["timeout_worker_healthcheck"] = 60
    try:
        if workers > 1 and hasattr(socket, "SO_REUSEPORT"):
            serve_reuseport(host, port, workers)
        else:
            uvicorn.run(target, host=host, port=port, log_level="warning", workers=workers,
                        factory=workers > 1, **options)  # fmt: skip
    finally:
        if timer is not None:
            timer.stop()


def serve_reuseport(host: str, port: int, workers: int) -> None:
    """``workers`` server processes, each listening on a socket of its own
    bound with ``SO_REUSEPORT`` to ``host:port``: the kernel spreads new
    connections over them. (uvicorn's workers share one socket, and the one
    that wakes first accepts every waiting connection: twenty clients
    connecting together all went to one process while the other idled.)
    Each listens only once its views are warm. Returns when they have
    stopped; stops them all when one stops or on SIGTERM / Ctrl-C."""
    import multiprocessing
    import signal

    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_reuseport_worker, args=(host, port), daemon=True,
                             name=f"flashpoint-web-{k}") for k in range(workers)]  # fmt: skip

    def stop(signum, _frame) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for proc in procs:
            proc.start()
        while all(proc.is_alive() for proc in procs):
            procs[0].join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()


def _reuseport_worker(host: str, port: int) -> None:  # pragma: no cover (a subprocess)
    import uvicorn

    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)  # listens (and so gets connections) after the app's warm-up
    config = uvicorn.Config("flashpoint.web.app:app_from_environment", factory=True,
                            log_level="warning")  # fmt: skip
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
        host: Annotated[str, typer.Option(
            "--host", help="Address to bind (default: this machine only).")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                          help="Port to listen on.")] = 8000,
        cache_ttl: Annotated[float, typer.Option(
            "--cache-ttl", min=0.0, help="Seconds the analysis views are kept.")] = 30.0,
        alerts: Annotated[str | None, typer.Option(
            "--alerts", metavar="RULES.yaml",
            help="Alert rules (YAML, see the README's Alerts): checked every "
            "interval of the file, sent to a webhook, email and /alerts.atom.")] = None,
        workers: Annotated[int, typer.Option(
            "--workers", min=1, max=64,
            help="Server processes (each core answers clients; default 1).")] = 1,
    ) -> None:  # fmt: skip
        """Serve the dashboard and the read-only REST API (OpenAPI at /docs)."""
        serve_dashboard(db, host=host, port=port, cache_ttl_s=cache_ttl, alerts=alerts,
                        workers=workers)
