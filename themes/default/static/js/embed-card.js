/*
 * The embeddable product card (/embed/products/<id>/) tells the page framing it how tall it
 * is, so the loader (/embed/loader.js) can size the iframe. The card's id comes from this
 * script's data-embed-id attribute.
 */
(function () {
    "use strict";
    if (window.parent === window) { return; }
    var script = document.currentScript;
    var id = (script && script.getAttribute("data-embed-id")) || "";
    var lastHeight = 0;
    function sendHeight() {
        var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height === lastHeight) { return; }
        lastHeight = height;
        window.parent.postMessage({ storyshop: "resize", height: height, id: id }, "*");
    }
    window.addEventListener("load", sendHeight);
    if ("ResizeObserver" in window) {
        new ResizeObserver(sendHeight).observe(document.documentElement);
    }
    sendHeight();
})();
