// Autosave of each part and upload progress for the submission form. Without scripts the
// forms still work: each posts its part and the page reloads.
(function () {
  "use strict";
  var csrf = document.querySelector('input[name="csrf_token"]').value;

  // The server counts words by the Unicode word-boundary rules (UAX #29) without a
  // dictionary, so each Han ideograph and each Hiragana character is a word of its own.
  // Chromium's Intl.Segmenter joins them into dictionary words, so such runs are split here.
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  var ideographs = /[\p{Script=Han}\p{Script=Hiragana}]/u;
  var wordCharacter = /[\p{L}\p{N}]/u;

  function wordsInSegment(segment) {
    var count = 0;
    var inRun = false;
    Array.from(segment).forEach(function (character) {
      if (ideographs.test(character)) {
        count += 1;
        inRun = false;
      } else if (wordCharacter.test(character)) {
        if (!inRun) { count += 1; }
        inRun = true;
      }
    });
    return count;
  }

  function words(text) {
    if (segmenter === null) {
      var trimmed = text.trim();
      return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
    }
    var count = 0;
    for (var part of segmenter.segment(text)) {
      if (part.isWordLike) { count += wordsInSegment(part.segment); }
    }
    return count;
  }

  function answerOf(kind, text) {
    if (text.trim() === "") { return null; }
    if (kind === "text") { return { type: "text", text: text }; }
    if (kind === "artifact_text") {
      return { type: "artifacts", items: [{ kind: "text", text: text }] };
    }
    var links = text.split("\n").map(function (line) { return line.trim(); })
      .filter(function (line) { return line !== ""; })
      .map(function (url) { return { kind: "link", url: url }; });
    return { type: "artifacts", items: links };
  }

  function fillList(list, messages) {
    list.replaceChildren.apply(list, messages.map(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      return item;
    }));
    list.hidden = messages.length === 0;
  }

  // Shows the gaps the server returned after a save in the list of each part and in the
  // list before the submit button, so that both match the stored answers without a reload.
  function showGaps(missing) {
    document.querySelectorAll("section.part").forEach(function (section) {
      var list = section.querySelector("ul.gaps");
      var partId = section.id.replace(/^part-/, "");
      if (list === null) { return; }
      fillList(list, missing.filter(function (gap) { return gap.part_id === partId; })
        .map(function (gap) { return gap.message; }));
    });
    var summary = document.getElementById("completeness");
    var list = document.getElementById("missing");
    if (summary === null || list === null) { return; }
    summary.textContent = missing.length === 0
      ? "Every required part is complete." : "Still missing:";
    fillList(list, missing.map(function (gap) { return gap.message; }));
  }

  function save(form, status) {
    var textarea = form.querySelector("textarea");
    var url = form.action.replace("/submissions/", "/api/v1/submissions/");
    // Leaving the field and pressing Save both fire, so skip text that was already sent.
    if (form.dataset.sent === textarea.value) { return Promise.resolve(); }
    form.dataset.sent = textarea.value;
    status.textContent = "Saving…";
    return fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(answerOf(form.dataset.kind, textarea.value))
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) {
          showGaps(body.missing);
          status.textContent = "Saved. " + (body.missing.length === 0
            ? "Every required part is complete."
            : body.missing.length + " item(s) still missing before you can submit.");
        } else {
          delete form.dataset.sent;
          status.textContent = "Not saved: " + body.error.message;
        }
      });
    }).catch(function () {
      delete form.dataset.sent;
      status.textContent = "Not saved: the server could not be reached. Your text is still here; try again.";
    });
  }

  document.querySelectorAll("form.autosave").forEach(function (form) {
    var textarea = form.querySelector("textarea");
    var status = form.querySelector(".save-status");
    var limit = parseInt(textarea.dataset.wordLimit || "0", 10);
    function count() {
      if (limit > 0) { status.textContent = words(textarea.value) + " of " + limit + " words"; }
    }
    textarea.addEventListener("input", count);
    textarea.addEventListener("change", function () { save(form, status); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(form, status);
    });
  });

  document.querySelectorAll("form.remove-file").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = form.closest("section").querySelector(".upload-status");
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        body: new URLSearchParams(new FormData(form))
      }).then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) {
            form.closest("li").remove();
            showGaps(body.missing);
            status.textContent = "Removed.";
          } else {
            status.textContent = "Not removed: " + body.error.message;
          }
        });
      }).catch(function () {
        status.textContent = "Not removed: the server could not be reached. Try again.";
      });
    });
  });

  document.querySelectorAll("form.upload").forEach(function (form) {
    var progress = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      progress.hidden = false;
      progress.value = 0;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          progress.value = Math.round(100 * e.loaded / e.total);
          status.textContent = "Uploading: " + progress.value + "%";
        }
      });
      request.addEventListener("load", function () {
        if (request.status >= 200 && request.status < 300) {
          status.textContent = "Uploaded.";
          window.location.reload();
        } else {
          var message = "the server rejected the file (" + request.status + ")";
          try { message = JSON.parse(request.responseText).error.message; } catch (ignored) { }
          status.textContent = "Not uploaded: " + message;
        }
      });
      request.addEventListener("error", function () {
        status.textContent = "Not uploaded: the server could not be reached. Try again.";
      });
      request.send(new FormData(form));
    });
  });
})();
