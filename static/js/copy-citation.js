// "Copy" buttons beside the article's GOST and APA references. The buttons are hidden in the
// page and shown here, so a reader without scripts never meets a button that does nothing.
// The outcome is announced through the section's status region (aria-live).
(function () {
  var status = document.querySelector(".citation .copy-status");
  var buttons = document.querySelectorAll(".citation .copy-button[data-copy]");
  if (!status || !buttons.length) {
    return;
  }

  function announce(message) {
    // Emptied first, so the same message twice in a row is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyBySelection(element) {
    // Pages served over plain HTTP have no Clipboard API: the older command still works there.
    selectText(element);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    announce(status.getAttribute(copied ? "data-copied" : "data-failed"));
  }

  function copy(button) {
    var reference = document.getElementById(button.getAttribute("data-copy"));
    if (!reference) {
      return;
    }
    var text = reference.textContent.replace(/\s+/g, " ").trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          announce(status.getAttribute("data-copied"));
        },
        function () {
          copyBySelection(reference);
        }
      );
    } else {
      copyBySelection(reference);
    }
  }

  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button);
    });
  });
})();
