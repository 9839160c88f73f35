"""How handlers declare what the container gives them.

`Injected[T]` marks a parameter as a dependency Litestar must pass through untouched:
ports are Protocols, which its signature validation cannot check with isinstance.
"""

from typing import Annotated, TypeVar

from litestar.params import Dependency

T = TypeVar("T")
Injected = Annotated[T, Dependency(skip_validation=True)]
