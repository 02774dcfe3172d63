"""The typer application: the only package that imports typer."""

from __future__ import annotations

import importlib
import sys
import types

from kcbudget import __version__

VERSION_LINE = f"kcbudget {__version__}"  # what ``kcbudget --version`` prints


def _defer_import(module_name: str, class_name: str) -> None:
    """Make ``module_name`` load only when its ``class_name`` is first used.

    typer's help formatter (``typer.rich_utils``) imports ``rich.markdown`` (and with
    it markdown-it) and ``rich.traceback`` (and with it Pygments) at its top, for
    Markdown help texts and pretty tracebacks, which kcbudget never uses (its help
    is Rich markup, ``pretty_exceptions_enable=False``).  They cost most of the time
    of ``kcbudget --help``.  Until something uses the class, a stand-in module holds
    a stand-in class that forwards construction and class attributes to the real
    one, imported then; any other attribute of the module imports it too.
    """

    if module_name in sys.modules:
        return
    package_name, _, leaf = module_name.rpartition(".")
    stub = types.ModuleType(module_name)

    def real():

        if sys.modules.get(module_name) is stub:
            del sys.modules[module_name]
        return importlib.import_module(module_name)

    class Forward(type):
        def __getattr__(cls, name):
            return getattr(getattr(real(), class_name), name)

        def __instancecheck__(cls, obj):
            return isinstance(obj, getattr(real(), class_name))

    def construct(cls, *args, **kwargs):
        return getattr(real(), class_name)(*args, **kwargs)

    stub.__dict__[class_name] = Forward(class_name, (), {"__new__": construct})
    def attribute(name: str):
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(real(), name)

    stub.__getattr__ = attribute  # type: ignore[method-assign]
    sys.modules[module_name] = stub
    package = sys.modules.get(package_name)
    if package is not None and not hasattr(package, leaf):
        setattr(package, leaf, stub)


_defer_import("rich.markdown", "Markdown")
_defer_import("rich.traceback", "Traceback")
