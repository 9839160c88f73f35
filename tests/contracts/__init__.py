"""Behaviour every adapter of a port must show, as test classes that each adapter's tests subclass."""
