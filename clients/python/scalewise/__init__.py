"""Python client for the Scalewise daemon (`scalewise serve`).

    import scalewise
    best = scalewise.optimal(flops=1e24, law="chinchilla-epoch")   # default client
    sw = scalewise.Client(args=["--no-state"])                       # or your own
    sw.predict(params=7e9, tokens=1.4e12)["loss"]

Module-level functions use one shared client, started on first use.
"""
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


def default_client():
    """The shared client used by the module-level functions."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Client()
        return _default


def call(method, params=None, timeout=None, progress=None):
    return default_client().call(method, params, timeout=timeout, progress=progress)


def _module_function(name):
    def function(*args, **kwargs):
        return getattr(default_client(), name)(*args, **kwargs)
    function.__name__ = name
    function.__doc__ = getattr(Methods, name).__doc__
    return function


_WRAPPERS = [n for n, v in vars(Methods).items() if callable(v) and not n.startswith("_")]
for _name in _WRAPPERS:
    globals()[_name] = _module_function(_name)

__all__ = ["Client", "AsyncClient", "RequestFuture", "Result", "ResultList", "call", "default_client",
           "find_binary", "frontier", "plot_frontier", "plot_tco", "plot_fit", "errors",
           "plan_experiments", "plot_plan", "plot_plan_curve",
           "ScalewiseError", "InvalidParams", "MethodNotFound", "DaemonCrashed", "DaemonNotFound", "Timeout",
           "RequestCancelled", "NoAnswer", "NumericalError", "ParseError", "InvalidRequest", "InternalError",
           *_WRAPPERS]
