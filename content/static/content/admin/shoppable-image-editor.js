/* The shoppable-image block in the page editor: click the picture to place a hotspot.
 *
 * The block's fields stay the source of truth (x and y in percent, 0 to 100); this only shows the
 * chosen picture with a dot per hotspot and, on a click, writes the clicked position into the
 * hotspot being edited (the last one whose fields had focus, else the first without a position).
 */
(function () {
    "use strict";

    function placeHotspots(root, prefix) {
        var hotspotField = new RegExp("^" + prefix + "-hotspots-(\\d+)-value-");
        var stage = document.createElement("div");
        stage.className = "hotspot-placer";
        stage.innerHTML =
            '<p class="hotspot-placer__help">Click the picture to place the hotspot you are editing.</p>' +
            '<div class="hotspot-placer__picture"><img alt="" draggable="false"></div>';
        root.appendChild(stage);
        var picture = stage.querySelector(".hotspot-placer__picture");
        var help = stage.querySelector(".hotspot-placer__help");
        var img = picture.querySelector("img");
        var active = null;

        function field(index, name) {
            return document.getElementById(prefix + "-hotspots-" + index + "-value-" + name);
        }

        function hotspotIndexes() {
            var inputs = root.querySelectorAll('input[id^="' + prefix + '-hotspots-"][id$="-value-x"]');
            return Array.prototype.map.call(inputs, function (input) {
                return input.id.match(hotspotField)[1];
            }).filter(function (index) {
                // Wagtail's ListBlock marks a removed item in a hidden input that has a name but
                // no id; the item's fields stay in the page until it is saved.
                var deleted = root.querySelector(
                    'input[name="' + prefix + "-hotspots-" + index + '-deleted"]'
                );
                return !deleted || deleted.value !== "1";
            });
        }

        function chosenPicture() {
            var chooser = document.getElementById(prefix + "-image");
            var field = chooser && chooser.closest("[data-field-wrapper], .w-field__wrapper");
            var preview = (field || root).querySelector(".chooser img, img[data-chooser-image]");
            return chooser && chooser.value && preview ? preview.getAttribute("src") : "";
        }

        function refresh() {
            var src = chosenPicture();
            picture.hidden = !src;
            help.hidden = !src;
            if (src && img.getAttribute("src") !== src) img.setAttribute("src", src);
            picture.querySelectorAll(".hotspot-placer__dot").forEach(function (dot) { dot.remove(); });
            hotspotIndexes().forEach(function (index, position) {
                var x = parseFloat(field(index, "x").value);
                var y = parseFloat(field(index, "y").value);
                if (isNaN(x) || isNaN(y)) return;
                var dot = document.createElement("span");
                dot.className = "hotspot-placer__dot" + (index === active ? " is-active" : "");
                dot.style.left = Math.min(Math.max(x, 0), 100) + "%";
                dot.style.top = Math.min(Math.max(y, 0), 100) + "%";
                dot.textContent = String(position + 1);
                picture.appendChild(dot);
            });
        }

        function setValue(input, value) {
            input.value = value;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new Event("change", { bubbles: true }));
        }

        root.addEventListener("focusin", function (event) {
            var match = event.target.id && event.target.id.match(hotspotField);
            if (match) { active = match[1]; refresh(); }
        });
        picture.addEventListener("click", function (event) {
            var box = img.getBoundingClientRect();
            var indexes = hotspotIndexes();
            var target = indexes.indexOf(active) >= 0 ? active : indexes.find(function (index) {
                return field(index, "x").value === "" || field(index, "y").value === "";
            });
            if (target === undefined) {
                help.textContent = "Add a hotspot below first, then click where it goes.";
                return;
            }
            var x = ((event.clientX - box.left) / box.width) * 100;
            var y = ((event.clientY - box.top) / box.height) * 100;
            setValue(field(target, "x"), Math.min(Math.max(x, 0), 100).toFixed(1));
            setValue(field(target, "y"), Math.min(Math.max(y, 0), 100).toFixed(1));
            active = target;
            refresh();
        });
        root.addEventListener("input", refresh);
        new MutationObserver(function (mutations) {
            if (mutations.some(function (mutation) { return !stage.contains(mutation.target); })) refresh();
        }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["src", "value"] });
        refresh();
    }

    class ShoppableImageBlockDefinition extends window.wagtailStreamField.blocks.StructBlockDefinition {
        render(placeholder, prefix, initialState, initialError) {
            var block = super.render(placeholder, prefix, initialState, initialError);
            var chooser = document.getElementById(prefix + "-image");
            var root = chooser && chooser.closest(".shoppable-image-block");
            if (root) placeHotspots(root, prefix);
            return block;
        }
    }

    window.telepath.register("content.blocks.ShoppableImageBlock", ShoppableImageBlockDefinition);
})();
