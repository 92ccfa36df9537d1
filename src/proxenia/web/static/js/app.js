/*
 * Proxenia — small page helpers. Plain ES2019, no build step, same-origin
 * requests only. htmx does everything else.
 *
 * (a) Confirmation: <form data-confirm="Delete this tie?"> or
 *     <button data-confirm="Delete this tie?"> asks window.confirm(message)
 *     first; cancelling stops the submit (and any htmx request it would start);
 *     a yes adds confirmed=yes to the form (without JavaScript, the server asks).
 *
 * (b) Typeahead over a native <datalist>:
 *       <input type="text" name="partner_name" list="partner-options"
 *              data-typeahead="/api/actors/suggest" data-target="partner_id"
 *              autocomplete="off">
 *       <datalist id="partner-options"></datalist>
 *       <input type="hidden" name="partner_id">
 *     On input (debounced 200 ms, at least 2 characters) it GETs
 *     data-typeahead + "?q=" + text (same origin only), which returns
 *     {"items": [{"id", "name", "country_code", "kind"}]}, and fills the
 *     datalist (option value = name, data-id = id). When the input's value
 *     matches an option, the hidden input named by data-target (looked up in
 *     the same form first, then the document) gets the option's id;
 *     otherwise it is cleared.
 *
 * (c) The main menu on a phone: <nav class="site-nav"> with a hidden
 *     <button class="nav-toggle" aria-controls="…"> before its list. On a
 *     narrow screen the button is shown and the list folded until it is
 *     pressed (aria-expanded says which); without JavaScript, or on a wider
 *     screen, the links are always shown.
 */
(function () {
  "use strict";

  /* ---------------------------------------------------------- confirm */
  /* A "yes" is carried to the server as confirmed=yes; without JavaScript the server asks on a page. */
  function confirmed(el, form) {
    var message = el && el.getAttribute("data-confirm");
    if (!message) return true;
    if (!window.confirm(message)) return false;
    if (form) {
      var input = form.querySelector('input[name="confirmed"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "confirmed";
        form.appendChild(input);
      }
      input.value = "yes";
    }
    return true;
  }

  /* Buttons: capture phase, so a "no" stops htmx and the form submit too. */
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest("button[data-confirm]") : null;
      if (!button || button.disabled) return;
      if (!confirmed(button, button.form)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  /* Forms: capture phase, before htmx's own submit handler. */
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form || !form.matches || !form.matches("form[data-confirm]")) return;
      /* A data-confirm button already asked (its click handler ran first). */
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute && submitter.hasAttribute("data-confirm")) return;
      if (!confirmed(form, form)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  /* -------------------------------------------------------- typeahead */
  var DEBOUNCE_MS = 200;
  var MIN_CHARS = 2;
  var state = typeof WeakMap === "function" ? new WeakMap() : null;

  function stateFor(input) {
    var s = state.get(input);
    if (!s) {
      s = { timer: null, controller: null, seq: 0 };
      state.set(input, s);
    }
    return s;
  }

  function suggestUrl(input, query) {
    var base = input.getAttribute("data-typeahead");
    if (!base) return null;
    try {
      var u = new URL(base, document.baseURI);
      if (u.origin !== window.location.origin) return null;
      u.searchParams.set("q", query);
      return u.href;
    } catch (e) {
      return null;
    }
  }

  function datalistFor(input) {
    var id = input.getAttribute("list");
    return id ? document.getElementById(id) : null;
  }

  function targetFor(input) {
    var name = input.getAttribute("data-target");
    if (!name) return null;
    var form = input.form;
    if (form && form.elements) {
      var el = form.elements.namedItem(name);
      if (el && el.tagName) return el;
    }
    return document.querySelector('input[name="' + (window.CSS && CSS.escape ? CSS.escape(name) : name) + '"]');
  }

  function syncTarget(input) {
    var target = targetFor(input);
    if (!target) return;
    var list = datalistFor(input);
    var value = input.value;
    var id = "";
    if (list && value) {
      var options = list.options;
      for (var i = 0; i < options.length; i++) {
        if (options[i].value === value) {
          id = options[i].getAttribute("data-id") || "";
          break;
        }
      }
    }
    if (target.value !== id) {
      target.value = id;
      target.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function fill(list, items) {
    var frag = document.createDocumentFragment();
    var seen = {};
    items.forEach(function (item) {
      if (!item || !item.name) return;
      var option = document.createElement("option");
      option.value = String(item.name);
      option.setAttribute("data-id", item.id === undefined || item.id === null ? "" : String(item.id));
      var extra = [item.country_code, item.kind].filter(Boolean).join(" · ");
      if (extra) option.label = extra;
      /* Same name twice (two Springfields): keep the first, its id wins. */
      if (seen[option.value]) return;
      seen[option.value] = true;
      frag.appendChild(option);
    });
    list.textContent = "";
    list.appendChild(frag);
  }

  function lookup(input) {
    var s = stateFor(input);
    var query = input.value.trim();
    var list = datalistFor(input);
    if (!list || query.length < MIN_CHARS) return;
    var url = suggestUrl(input, query);
    if (!url) return;
    if (s.controller) s.controller.abort();
    s.controller = typeof AbortController === "function" ? new AbortController() : null;
    var seq = ++s.seq;
    input.setAttribute("aria-busy", "true");
    fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: s.controller ? s.controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (seq !== s.seq) return; /* a newer request is on its way */
        fill(list, (data && Array.isArray(data.items) && data.items) || []);
        syncTarget(input);
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") return;
        if (window.console) console.warn("typeahead:", err);
      })
      .then(function () {
        if (seq === s.seq) input.removeAttribute("aria-busy");
      });
  }

  function onTypeahead(event) {
    var input = event.target;
    if (!state || !input || !input.matches || !input.matches("input[data-typeahead]")) return;
    syncTarget(input); /* a picked option sets the id at once */
    if (event.type !== "input") return;
    var s = stateFor(input);
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(function () {
      s.timer = null;
      lookup(input);
    }, DEBOUNCE_MS);
  }

  document.addEventListener("input", onTypeahead);
  document.addEventListener("change", onTypeahead);

  /* Browser suggestions from history would mix with ours. */
  function prepare(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var inputs = scope.querySelectorAll("input[data-typeahead]:not([autocomplete])");
    for (var i = 0; i < inputs.length; i++) inputs[i].setAttribute("autocomplete", "off");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  } else {
    prepare(document);
  }
  document.addEventListener("htmx:load", function (e) { prepare(e.target); });

  /* ------------------------------------------------------ phone menu */
  var PHONE = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;

  function foldMenu() {
    var nav = document.querySelector(".site-nav");
    var toggle = nav && nav.querySelector(".nav-toggle");
    if (!nav || !toggle || !PHONE) return;
    if (PHONE.matches) {
      toggle.hidden = false;
      toggle.setAttribute("aria-expanded", "false");
      nav.classList.add("folded");
    } else {
      toggle.hidden = true;
      toggle.setAttribute("aria-expanded", "true");
      nav.classList.remove("folded");
    }
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target && event.target.closest ? event.target.closest(".nav-toggle") : null;
    if (!toggle) return;
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.closest(".site-nav").classList.toggle("folded", !open);
  });
  if (PHONE) {
    if (PHONE.addEventListener) PHONE.addEventListener("change", foldMenu);
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", foldMenu);
    } else {
      foldMenu();
    }
  }
})();
