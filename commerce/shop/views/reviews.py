"""`/reviews/write/<token>/`: a buyer reviews a product through the link in their e-mail."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from commerce.catalogue.exceptions import CommerceError
from commerce.shop.exceptions import (
    AlreadyReviewed,
    InvalidReviewLink,
    ReviewLinkExpired,
    ReviewNotAllowed,
)
from commerce.shop.forms import ReviewForm
from commerce.shop.services.reviews import line_for_review, write_review

# How each refusal is answered; nothing was written in any of them.
REFUSAL_STATUS = {
    InvalidReviewLink: 404,
    ReviewLinkExpired: 400,
    ReviewNotAllowed: 403,
    AlreadyReviewed: 409,
}


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, token: str) -> HttpResponse:
    """The review form of the product a signed link names; a valid post records the review."""
    try:
        line = line_for_review(token)
        form = ReviewForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            context = {"form": form, "line": line}
            status = 400 if form.is_bound else 200
            return TemplateResponse(request, "commerce/review_form.html", context, status=status)
        review = write_review(line, **form.cleaned_data)
    except (InvalidReviewLink, ReviewLinkExpired, ReviewNotAllowed, AlreadyReviewed) as error:
        return _refuse(request, error)
    return TemplateResponse(request, "commerce/review_thanks.html", {"review": review})


def _refuse(request: HttpRequest, error: CommerceError) -> HttpResponse:
    context = {"message": error.message}
    status = REFUSAL_STATUS[type(error)]
    return TemplateResponse(request, "commerce/review_refused.html", context, status=status)
