"""Adapters that inject faults into another adapter, for the fault-injection tests only."""

from adapters.faults.transcriber import FaultyTranscriber, InjectedFault

__all__ = ["FaultyTranscriber", "InjectedFault"]
