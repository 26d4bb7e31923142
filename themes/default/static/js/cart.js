// Add to cart without leaving the story. Without this script the same forms post and come back.
(function () {
    "use strict";

    function showCount(count) {
        document.querySelectorAll("[data-cart-count]").forEach(function (element) {
            element.textContent = String(count);
        });
    }

    document.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        // "Buy now" and "Check out" go to Stripe as normal submissions. The button is disabled
        // once the submission is under way, so a double click opens one checkout, not two.
        if (submitter && submitter.hasAttribute("data-submit-once")) {
            window.setTimeout(function () {
                submitter.disabled = true;
            }, 0);
            return;
        }
        var form = event.target.closest("[data-buy-controls]");
        if (!form) {
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

    // Back from Stripe with the browser's Back button, the page may be shown as it was left.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            document.querySelectorAll("[data-submit-once]").forEach(function (button) {
                button.disabled = false;
            });
        }
    });
})();
