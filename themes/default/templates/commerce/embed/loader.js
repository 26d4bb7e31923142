/*
 * Storyshop creator widgets (/embed/loader.js).
 *
 * Replaces each <div data-storyshop-product="<id>" data-storyshop-via="<story id>"
 * data-storyshop-ref="<creator's referral code>"> (via and ref optional) with an iframe of the product's card from the shop that served this script, and sizes each iframe
 * to the height its card reports (messages from the shop's origin and that very iframe only).
 * Safe to include more than once: each copy handles the placeholders still on the page.
 */
(function () {
    "use strict";
    var script = document.currentScript;
    if (!script || !script.src) { return; }
    var shopOrigin = new URL(script.src).origin;
    var frames = [];
    var NUMBER = /^[0-9]{1,18}$/;
    var CODE = /^[a-z0-9]{1,20}$/;

    function cardUrl(productId, via, ref) {
        var url = new URL("/embed/products/" + productId + "/", shopOrigin);
        if (via && NUMBER.test(via)) { url.searchParams.set("via", via); }
        if (ref && CODE.test(ref)) { url.searchParams.set("ref", ref); }
        return url.href;
    }

    function embed(placeholder) {
        var productId = placeholder.getAttribute("data-storyshop-product");
        if (!NUMBER.test(productId || "")) { return; }
        var frame = document.createElement("iframe");
        frame.src = cardUrl(
            productId,
            placeholder.getAttribute("data-storyshop-via"),
            placeholder.getAttribute("data-storyshop-ref")
        );
        frame.title = placeholder.getAttribute("data-storyshop-title") || "A product from the shop";
        frame.loading = "lazy";
        frame.width = "320";
        frame.height = "440";
        frame.style.border = "0";
        frame.style.maxWidth = "100%";
        frame.style.display = "block";
        placeholder.replaceWith(frame);
        frames.push(frame);
    }

    function embedAll() {
        document.querySelectorAll("div[data-storyshop-product]").forEach(embed);
    }

    window.addEventListener("message", function (event) {
        if (event.origin !== shopOrigin) { return; }
        var data = event.data;
        if (!data || data.storyshop !== "resize") { return; }
        var height = Number(data.height);
        if (!(height > 0 && height < 10000)) { return; }
        frames.forEach(function (frame) {
            if (frame.contentWindow === event.source) {
                frame.style.height = Math.ceil(height) + "px";
            }
        });
    });

    embedAll();
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", embedAll);
    }
})();
