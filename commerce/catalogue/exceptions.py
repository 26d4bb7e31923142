"""The catalogue's errors, and the base of every error of the shop."""


class CommerceError(Exception):
    """Base class: something the shop refused to do, with a message that says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MoneyError(CommerceError):
    """An amount that cannot be expressed in the currency's minor units."""
