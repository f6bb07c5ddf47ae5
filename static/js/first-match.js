// An article opened from search results (or from a shared address with the search in it)
// scrolls to its first highlighted match. Previous/next links carry #first-match and the
// browser goes there itself; without scripts the "Jump to first match" link does the same.
(function () {
  if (location.hash) {
    return;
  }
  var match = document.getElementById("first-match");
  if (match) {
    match.scrollIntoView({ block: "center" });
  }
})();
