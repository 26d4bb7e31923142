"""The payment providers; the only place that talks to each provider.

Each provider's SDK is imported by its gateway module alone (`stripe_gateway`, `xendit_gateway`),
which turns the provider's answers into plain dataclasses and the shop's own states, and its
failures into `PaymentProviderRefused` / `PaymentProviderUnavailable`, so no provider's
vocabulary leaks into services, models or views.
"""
