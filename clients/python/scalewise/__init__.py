"""Python client for the Scalewise daemon (`scalewise serve`).

    import scalewise
    best = scalewise.optimal(flops=1e24, law="chinchilla-epoch")   # default client
    sw = scalewise.Client()                                          # or your own
    sw.predict(params="7B", tokens="1.4T")["loss"]

Module-level functions use one shared client, started on first use. Fits and hardware rows
stay in its memory unless asked to persist: `scalewise.configure(persist=True)` (or
`Client(persist=True)`).
"""
import functools
import inspect
import threading

from . import errors
from ._binary import find_binary
from ._methods import Methods
from .client import AsyncClient, Client, RequestFuture
from .errors import (DaemonCrashed, DaemonNotFound, InternalError, InvalidParams, InvalidRequest,
                     MethodNotFound, NoAnswer, NumericalError, ParseError, RequestCancelled,
                     ScalewiseError, Timeout)
from .plan import plan_experiments, plot_plan, plot_plan_curve
from .plots import frontier, plot_fit, plot_frontier, plot_tco
from .result import Result, ResultList

__version__ = "0.1.0"

_default = None
_default_lock = threading.Lock()


_default_options = {}


def default_client():
    """The shared client used by the module-level functions."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Client(**_default_options)
        return _default


def configure(**options):
    """Options for the shared client (those of `Client`: persist, binary, args, timeout, env);
    a running shared client is closed and the next call starts one with them."""
    global _default
    with _default_lock:
        _default_options.clear()
        _default_options.update(options)
        old, _default = _default, None
    if old is not None:
        old.close()


def call(method, params=None, timeout=None, progress=None):
    return default_client().call(method, params, timeout=timeout, progress=progress)


def _module_function(name):
    def function(*args, **kwargs):
        return getattr(default_client(), name)(*args, **kwargs)
    method = getattr(Methods, name)
    functools.update_wrapper(function, method)
    signature = inspect.signature(method)
    function.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    del function.__wrapped__
    return function


_WRAPPERS = [n for n, v in vars(Methods).items() if callable(v) and not n.startswith("_")]
for _name in _WRAPPERS:
    globals()[_name] = _module_function(_name)

__all__ = ["Client", "AsyncClient", "RequestFuture", "Result", "ResultList", "call", "default_client", "configure",
           "find_binary", "frontier", "plot_frontier", "plot_tco", "plot_fit", "errors",
           "plan_experiments", "plot_plan", "plot_plan_curve",
           "ScalewiseError", "InvalidParams", "MethodNotFound", "DaemonCrashed", "DaemonNotFound", "Timeout",
           "RequestCancelled", "NoAnswer", "NumericalError", "ParseError", "InvalidRequest", "InternalError",
           *_WRAPPERS]
