"""Helpers every test suite shares: one fake clock, job polling, socket checks."""
