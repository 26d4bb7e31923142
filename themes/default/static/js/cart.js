// Add to cart without leaving the story. Without this script the same forms post and come back.
(function () {
    "use strict";

    function showCount(count) {
        document.querySelectorAll("[data-cart-count]").forEach(function (element) {
            element.textContent = String(count);
        });
    }

    document.addEventListener("submit", function (event) {
        var form = event.target.closest("[data-buy-controls]");
        // "Buy now" (a button with its own formaction) goes to Stripe as a normal submission.
        if (!form || (event.submitter && event.submitter.hasAttribute("formaction"))) {
            return;
        }
        event.preventDefault();
        var status = form.querySelector("[data-buy-status]");
        var button = event.submitter;
        if (button) {
            button.disabled = true;
        }
        fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            headers: { Accept: "application/json" },
            credentials: "same-origin",
        })
            .then(function (response) {
                return response.json().catch(function () {
                    return { ok: false, error: "Something went wrong; please try again." };
                });
            })
            .then(function (answer) {
                if (answer.ok) {
                    showCount(answer.cart.count);
                }
                status.textContent = answer.ok ? answer.message : answer.error;
                status.classList.toggle("buy-controls__status--error", !answer.ok);
            })
            .catch(function () {
                status.textContent = "We could not reach the shop; please try again.";
                status.classList.add("buy-controls__status--error");
            })
            .finally(function () {
                if (button) {
                    button.disabled = false;
                }
            });
    });
})();
