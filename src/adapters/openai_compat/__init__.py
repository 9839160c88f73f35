"""OpenAI's audio API shapes: what its clients expect to read back."""

from adapters.openai_compat.errors import InvalidField, error_object, error_type, param_of
from adapters.openai_compat.language_names import LANGUAGE_NAMES, language_name
from adapters.openai_compat.responses import (
    GRANULARITIES,
    RESPONSE_FORMATS,
    diarized_json,
    simple_json,
    verbose_json,
)

__all__ = [
    "GRANULARITIES",
    "LANGUAGE_NAMES",
    "RESPONSE_FORMATS",
    "InvalidField",
    "diarized_json",
    "error_object",
    "error_type",
    "language_name",
    "param_of",
    "simple_json",
    "verbose_json",
]
