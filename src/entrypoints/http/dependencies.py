"""How handlers declare what the container gives them.

`Injected[T]` is a named dependency (Litestar's `NamedDependency`) that its signature model
passes through untouched (`SkipValidation`): ports are Protocols, which it cannot check with
isinstance.
"""

from typing import TypeVar

from litestar.di import NamedDependency
from litestar.params import SkipValidation

T = TypeVar("T")
Injected = NamedDependency[SkipValidation[T]]
