/* Suggest-as-you-type for the search boxes: the WAI-ARIA combobox pattern (list autocomplete).
   ↓/↑ move through the suggestions, Enter opens the one chosen (or searches), Esc closes the list.
   Without JavaScript the box is a plain search form. */
(function () {
  "use strict";
  var DELAY = 150;

  function setup(box) {
    var input = box.querySelector('[role="combobox"]');
    var list = box.querySelector('[role="listbox"]');
    var status = box.querySelector("[data-suggest-status]");
    var timer = null;
    var active = -1;
    var request = 0;

    function options() { return list.querySelectorAll('[role="option"]'); }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function render(suggestions) {
      list.innerHTML = "";
      active = -1;
      suggestions.forEach(function (suggestion, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = suggestion.url;
        var text = document.createElement("span");
        text.textContent = suggestion.text;
        var badge = document.createElement("span");
        badge.className = "badge badge--type-" + suggestion.type;
        badge.textContent = box.dataset["label" + suggestion.type.charAt(0).toUpperCase() + suggestion.type.slice(1)] || suggestion.type;
        item.appendChild(text);
        item.appendChild(badge);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { window.location.href = suggestion.url; });
        list.appendChild(item);
      });
      var open = suggestions.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
      status.textContent = open ? box.dataset.statusSome.replace("{count}", suggestions.length) : box.dataset.statusNone;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++request;
      fetch(box.dataset.suggestUrl + "?q=" + encodeURIComponent(q.slice(0, 50)), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (mine === request) { render(data.suggestions || []); } })
        .catch(function () { if (mine === request) { close(); } });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) { highlight(active + 1); } else { fetchSuggestions(); }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].dataset.url;
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("[data-suggest]").forEach(setup);
})();
