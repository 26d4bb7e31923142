/* "Copy link" in the share bars of stories and products.
 *
 * The clipboard API exists only in secure contexts (HTTPS, or the local machine): on a site
 * served over plain HTTP `navigator.clipboard` is undefined. There the link is copied from a
 * selected, invisible text field; if the browser refuses that too, a prompt shows the link.
 */
(function () {
    "use strict";

    function copyBySelection(text) {
        var field = document.createElement("textarea");
        field.value = text;
        field.setAttribute("readonly", "");
        field.style.position = "fixed";
        field.style.opacity = "0";
        document.body.appendChild(field);
        field.select();
        var copied = false;
        try {
            copied = document.execCommand("copy");
        } catch (error) {
            copied = false;
        }
        field.remove();
        return copied;
    }

    function copy(text) {
        if (navigator.clipboard && navigator.clipboard.writeText) {
            return navigator.clipboard.writeText(text).then(
                function () { return true; },
                function () { return copyBySelection(text); }
            );
        }
        return Promise.resolve(copyBySelection(text));
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-copy-url]");
        if (!button) return;
        copy(button.dataset.copyUrl).then(function (copied) {
            if (copied) {
                button.textContent = "Link copied";
            } else {
                window.prompt("Copy this link:", button.dataset.copyUrl);
            }
        });
    });
})();
