"""The shop's own errors. Each carries a message a reader or editor can act on."""

from commerce.catalogue.exceptions import CommerceError


class InvalidCartRequest(CommerceError):
    """The cart request names no known variant, or a quantity that cannot be bought."""


class OutOfStock(CommerceError):
    """Fewer units are left than the reader asked for."""


class HoldLimitReached(CommerceError):
    """The checkout would hold more stock than one client may (units, or a variant's share)."""


class TooManyOpenCheckouts(CommerceError):
    """The reader's connection already has as many open checkouts as one client may."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds until its oldest open checkout can be replaced


class EmptyCart(CommerceError):
    """There is nothing to check out."""


class CheckoutInProgress(CommerceError):
    """The reader's browser is opening another checkout at the same moment (a double click)."""


class PaymentsNotConfigured(CommerceError):
    """No Stripe key is configured, so nothing can be paid for."""


class PaymentProviderError(CommerceError):
    """Stripe failed, timed out or refused the request."""


class PaymentProviderRefused(PaymentProviderError):
    """Stripe answered with a clear refusal (a 4xx): it did not do what was asked."""


class PaymentProviderUnavailable(PaymentProviderError):
    """Stripe did not answer, or failed (a timeout, a 5xx): whether it did the work is unknown.

    Repeating the request with the same idempotency key is safe and tells."""


class InvalidWebhook(CommerceError):
    """A webhook whose signature or body does not verify."""


class ForgedWebhook(InvalidWebhook):
    """A notification without the provider's signature or token: not from the provider."""


class UnknownOrder(CommerceError):
    """A Stripe object that names no order of this shop."""


class InvalidStatusChange(CommerceError):
    """A move of an order between states that the status table does not allow."""


class OrderNotSettleable(CommerceError):
    """Only an order that needs attention is settled by hand."""


class RefundNotAllowed(CommerceError):
    """The order cannot be refunded by that amount."""


class InvalidReviewLink(CommerceError):
    """A review link that was tampered with, or names no purchase of this shop."""


class ReviewLinkExpired(CommerceError):
    """A review link older than the time buyers have to review."""


class ReviewNotAllowed(CommerceError):
    """The purchase a review link names cannot be reviewed (unpaid, refunded, no product)."""


class AlreadyReviewed(CommerceError):
    """The purchase a review link names already has its review."""
