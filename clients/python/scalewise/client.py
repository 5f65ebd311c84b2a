"""The connection to one `scalewise serve` process: started on first use, reused,
restarted when it died. A reader thread resolves one future per request, so the
synchronous API blocks only on a `concurrent.futures.Future` and never touches an
asyncio event loop (safe inside Jupyter's running loop); the async API awaits the same
futures."""
import asyncio
import collections
import concurrent.futures
import itertools
import json
import logging
import os
import subprocess
import threading

from . import errors
from ._binary import find_binary
from ._methods import Methods
from .result import Result, wrap

log = logging.getLogger("scalewise")

DEFAULT_TIMEOUT = 60.0
STDERR_TAIL_LINES = 40


INT64 = 2 ** 63


def _wire_numbers(value):
    """Integers beyond 64 bits fail the daemon's parse (-32700, id null): send them as
    floats, which is what they are (FLOPs, tokens)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value) if not -INT64 <= value < INT64 else value
    if isinstance(value, dict):
        return {k: _wire_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_wire_numbers(v) for v in value]
    return value


def encode(message):
    try:
        text = json.dumps(_wire_numbers(message), separators=(",", ":"), allow_nan=False)
    except ValueError as e:  # NaN or infinity: cannot be represented in JSON
        raise errors.InvalidParams(f"cannot send {message.get('method')}: {e}", code=-32602,
                                   data={"field": "params", "reason": "NaN and infinities cannot be sent"},
                                   method=message.get("method")) from None
    except TypeError as e:
        raise TypeError(f"{message.get('method')}: params must be JSON values: {e}") from None
    return (text + "\n").encode()


class RequestFuture(concurrent.futures.Future):
    """The pending answer to one request. `cancel()` sends `$/cancelRequest` to the
    daemon (long work stops there) and cancels the future at once."""

    def __init__(self, client, request_id, method):
        super().__init__()
        self._client = client
        self.id = request_id
        self.method = method

    def cancel(self):
        if self.done():
            return False
        self._client._send_cancel(self.id)
        return super().cancel()


class _Process:
    """One daemon process with its reader threads."""

    def __init__(self, client, argv, env):
        self.client = client
        # Buffered pipes: readline returns as soon as a line is there. Only the reader
        # threads close stdout/stderr (at end of input): closing them from another
        # thread could let a reader read a reused descriptor of a newer daemon.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.stderr_tail = collections.deque(maxlen=STDERR_TAIL_LINES)
        self.write_lock = threading.Lock()
        self.stderr_done = threading.Event()
        self.dead = False
        threading.Thread(target=self._read_stderr, name="scalewise-stderr", daemon=True).start()
        threading.Thread(target=self._read_stdout, name="scalewise-reader", daemon=True).start()

    def alive(self):
        return not self.dead and self.proc.poll() is None

    def send(self, message):
        self.write(encode(message))

    def write(self, data):
        with self.write_lock:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def stderr_text(self):
        return "".join(self.stderr_tail).rstrip()

    def _read_stderr(self):
        try:
            for raw in iter(self.proc.stderr.readline, b""):
                line = raw.decode("utf-8", "replace")
                self.stderr_tail.append(line)
                log.debug("daemon: %s", line.rstrip())
        except (OSError, ValueError):
            pass
        finally:
            self.proc.stderr.close()
            self.stderr_done.set()

    def _read_stdout(self):
        try:
            for raw in iter(self.proc.stdout.readline, b""):
                if not raw.strip():
                    continue
                try:
                    message = json.loads(raw)
                except ValueError:
                    log.warning("unparseable line from daemon: %r", raw[:200])
                    continue
                for one in message if isinstance(message, list) else [message]:
                    self.client._dispatch(self, one)
        except (OSError, ValueError):
            pass
        finally:
            self.dead = True
            self.proc.stdout.close()
            try:
                returncode = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                returncode = None
            self.stderr_done.wait(timeout=2)
            self.client._process_ended(self, returncode)


class Client(Methods):
    """A synchronous client. Every method returns a `Result` (a dict) or raises a
    `ScalewiseError`. `submit()` returns a `RequestFuture`; `acall()` is awaitable.

    binary: path of `scalewise` (default: SCALEWISE_BIN, PATH, the repository's build).
    args: extra arguments for `scalewise serve` (for example ["--data-dir", "data"]).
    timeout: default seconds to wait for an answer (None waits forever).
    persist: False (the default) keeps fitted laws and hardware rows in this daemon's memory
        (`serve --no-state`); True writes them to the state directory ($XDG_STATE_HOME/scalewise,
        or args' --state-dir), where later daemons read them back.
    """

    def __init__(self, binary=None, args=(), timeout=DEFAULT_TIMEOUT, env=None, persist=False):
        self.binary = binary
        self.persist = persist
        self.args = list(args)
        if not persist and not any(a in ("--no-state", "--state-dir") or a.startswith("--state-dir=") for a in self.args):
            self.args.append("--no-state")
        self.timeout = timeout
        self.env = env
        self._lock = threading.RLock()
        self._process = None
        self._pending = {}
        self._progress = {}
        self._ids = itertools.count(1)
        self.server_info = None
        self.capabilities = None
        self.restarts = -1

    # ---- lifecycle -------------------------------------------------------------

    def start(self):
        """Starts the daemon if it is not running; returns its `initialize` result."""
        with self._lock:
            if self._process is not None and self._process.alive():
                return self.server_info
            binary = self.binary or find_binary()
            env = {**os.environ, **(self.env or {})}
            try:
                self._process = _Process(self, [binary, "serve", *self.args], env)
            except OSError as e:
                raise errors.DaemonCrashed(f"cannot start {binary}: {e}") from e
            self.restarts += 1
        init = self._submit("initialize", {"processId": os.getpid(), "clientInfo": {"name": "scalewise-python"}},
                            None).result(self.timeout)
        self.server_info = wrap(init)
        self.capabilities = init.get("capabilities") if isinstance(init, dict) else None
        return self.server_info

    @property
    def pid(self):
        p = self._process
        return p.proc.pid if p is not None and p.alive() else None

    def alive(self):
        p = self._process
        return p is not None and p.alive()

    def close(self, timeout=5.0):
        """Shuts the daemon down politely (`shutdown`, `exit`), killing it if it hangs."""
        with self._lock:
            p, self._process = self._process, None
        if p is None:
            return
        if p.alive():
            try:
                fut = self._submit_to(p, "shutdown", None, None)
                fut.result(timeout)
                p.send({"jsonrpc": "2.0", "method": "exit"})
                p.proc.stdin.close()
                p.proc.wait(timeout)
            except Exception:
                p.proc.kill()
                p.proc.wait()
        try:
            p.proc.stdin.close()  # stdout and stderr are closed by their reader threads
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            p = self._process
            if p is not None and p.proc.poll() is None:
                p.proc.kill()
        except Exception:
            pass

    # ---- calls -----------------------------------------------------------------

    def submit(self, method, params=None, progress=None):
        """Sends a request and returns its `RequestFuture` (result: a `Result`).
        progress: a callable receiving each `$/progress` value ({kind, percentage,
        message}); a `workDoneToken` is added to the params for it."""
        self._ensure_started()
        return self._submit(method, params, progress)

    def call(self, method, params=None, timeout=None, progress=None):
        """Calls a method and waits for its result. timeout: seconds (default: the
        client's); on expiry the request is cancelled and `Timeout` raised."""
        fut = self.submit(method, params, progress)
        wait = self.timeout if timeout is None else timeout
        try:
            return fut.result(wait)
        except concurrent.futures.TimeoutError:
            fut.cancel()
            raise errors.Timeout(f"no answer within {wait} s", method=method) from None
        except concurrent.futures.CancelledError:
            raise errors.RequestCancelled("request cancelled", code=-32800, method=method) from None

    async def acall(self, method, params=None, timeout=None, progress=None):
        """The awaitable form of `call`. Cancelling the awaiting task sends
        `$/cancelRequest`. Progress callbacks run on the event loop."""
        loop = asyncio.get_running_loop()
        if progress is not None:
            user = progress
            progress = lambda value: loop.call_soon_threadsafe(user, value)  # noqa: E731
        if not self.alive():
            await loop.run_in_executor(None, self.start)
        fut = self.submit(method, params, progress)
        wait = self.timeout if timeout is None else timeout
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), wait)
        except asyncio.TimeoutError:
            fut.cancel()
            raise errors.Timeout(f"no answer within {wait} s", method=method) from None

    def notify(self, method, params=None):
        """Sends a notification (no answer)."""
        self._ensure_started()
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self._process.send(message)

    def _call(self, method, params, timeout=None, progress=None):
        return self.call(method, params, timeout=timeout, progress=progress)

    # ---- internals -------------------------------------------------------------

    def _ensure_started(self):
        if not self.alive():
            self.start()

    def _submit(self, method, params, progress):
        with self._lock:
            p = self._process
        if p is None:
            raise errors.DaemonCrashed("daemon is not running")
        return self._submit_to(p, method, params, progress)

    def _submit_to(self, p, method, params, progress):
        request_id = next(self._ids)
        fut = RequestFuture(self, request_id, method)
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            params = dict(params)
            if progress is not None:
                params.setdefault("workDoneToken", f"scalewise-py-{request_id}")
            message["params"] = params
        elif progress is not None:
            message["params"] = {"workDoneToken": f"scalewise-py-{request_id}"}
        data = encode(message)
        if progress is not None:
            self._progress[message["params"]["workDoneToken"]] = progress
            fut.add_done_callback(lambda _f, t=message["params"]["workDoneToken"]: self._progress.pop(t, None))
        self._pending[request_id] = (fut, p)
        try:
            p.write(data)
        except (OSError, ValueError) as e:
            self._pending.pop(request_id, None)
            p.stderr_done.wait(timeout=2)
            code = p.proc.poll()
            raise errors.DaemonCrashed(f"cannot send {method}: {e}", code, p.stderr_text()) from None
        return fut

    def _send_cancel(self, request_id):
        entry = self._pending.get(request_id)
        if entry is None:
            return
        try:
            entry[1].send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": request_id}})
        except (OSError, ValueError):
            pass

    def _dispatch(self, p, message):
        if "id" in message and ("result" in message or "error" in message) and "method" not in message:
            entry = self._pending.pop(message.get("id"), None)
            if entry is None:
                if message.get("error"):
                    log.warning("daemon error without a request: %s", message["error"])
                return
            fut = entry[0]
            if fut.done():
                return
            if "error" in message and message["error"] is not None:
                fut.set_exception(errors.from_error_object(message["error"], fut.method))
            else:
                result = wrap(message.get("result"))
                if isinstance(result, Result):
                    result.client = self  # plot_fit asks the daemon that fitted for its bootstrap band
                fut.set_result(result)
            return
        method = message.get("method")
        params = message.get("params") or {}
        if method == "$/progress":
            callback = self._progress.get(params.get("token"))
            if callback is not None:
                try:
                    callback(params.get("value"))
                except Exception:
                    log.exception("progress callback failed")
        elif method in ("window/logMessage", "window/showMessage"):
            log.info("daemon: %s", params.get("message"))
        elif "id" in message:
            # A request from the server this client does not implement.
            try:
                p.send({"jsonrpc": "2.0", "id": message["id"],
                        "error": {"code": -32601, "message": f"client does not handle {method}"}})
            except (OSError, ValueError):
                pass

    def _process_ended(self, p, returncode):
        failed = [(rid, fut) for rid, (fut, owner) in list(self._pending.items()) if owner is p]
        if failed:
            exc_text = p.stderr_text()
            for rid, fut in failed:
                self._pending.pop(rid, None)
                if not fut.done():
                    fut.set_exception(errors.DaemonCrashed(
                        f"the daemon exited before answering {fut.method}", returncode, exc_text))


class AsyncClient(Methods):
    """The asynchronous API: the same methods as `Client`, each a coroutine.

        async with AsyncClient() as sw:
            best = await sw.optimal(flops=1e24)
    """

    def __init__(self, client=None, **kwargs):
        self.client = client or Client(**kwargs)

    async def start(self):
        return await asyncio.get_running_loop().run_in_executor(None, self.client.start)

    async def call(self, method, params=None, timeout=None, progress=None):
        return await self.client.acall(method, params, timeout=timeout, progress=progress)

    def _call(self, method, params, timeout=None, progress=None):
        return self.call(method, params, timeout=timeout, progress=progress)

    async def close(self):
        await asyncio.get_running_loop().run_in_executor(None, self.client.close)

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc):
        await self.close()
