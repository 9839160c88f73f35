"""Domain errors: what can go wrong in the business rules themselves."""


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class InvalidValue(DomainError):
    """A value object was given something it cannot represent."""


class IllegalTransition(DomainError):
    """A job was asked to move to a state its current state does not allow."""

    def __init__(self, job_id: str, current: str, wanted: str) -> None:
        super().__init__(f"job {job_id} is {current} and cannot become {wanted}")
        self.job_id = job_id
        self.current = current
        self.wanted = wanted
