// Small enhancements of search; everything works without them.
// 1. The site search box suggests stories and products as you type (/search/suggest/).
// 2. On the search page, ticking a filter or changing the sort applies it at once.
(function () {
    "use strict";

    function suggestions(input) {
        var url = input.getAttribute("data-suggest-url");
        var list = document.createElement("ul");
        var timer = null;
        var latest = 0;
        list.className = "search-suggestions";
        list.id = "site-search-suggestions";
        list.setAttribute("role", "listbox");
        list.hidden = true;
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-autocomplete", "list");
        input.parentNode.appendChild(list);

        function show(data) {
            list.textContent = "";
            data.stories.concat(data.products).forEach(function (item) {
                var entry = document.createElement("li");
                var link = document.createElement("a");
                var kind = document.createElement("span");
                entry.setAttribute("role", "option");
                link.href = item.url;
                link.textContent = item.title;
                kind.className = "search-suggestions__kind";
                kind.textContent = item.price ? item.type + " · " + item.price : item.type;
                link.appendChild(kind);
                entry.appendChild(link);
                list.appendChild(entry);
            });
            list.hidden = list.children.length === 0;
        }

        function ask() {
            var query = input.value.trim();
            var asked = ++latest;
            if (query.length < 2) {
                list.hidden = true;
                return;
            }
            fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (data) { if (data && asked === latest) { show(data); } })
                .catch(function () { list.hidden = true; });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, 200);
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "Escape") { list.hidden = true; }
        });
        document.addEventListener("click", function (event) {
            if (!list.contains(event.target) && event.target !== input) { list.hidden = true; }
        });
    }

    function instantFilters(form) {
        var apply = form.querySelector(".search__apply");
        if (apply) { apply.hidden = true; }
        form.addEventListener("change", function (event) {
            if (event.target.matches("input[type=checkbox], select")) { form.submit(); }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        var input = document.querySelector("input[data-suggest-url]");
        var form = document.querySelector("form[data-search-filters]");
        if (input && window.fetch) { suggestions(input); }
        if (form) { instantFilters(form); }
    });
}());
