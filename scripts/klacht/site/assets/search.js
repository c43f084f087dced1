// A complaint number typed in the site's search (K-2026-012, k-2026-12) is looked up as one
// phrase: Material's search (lunr) splits it at the hyphens into the words k, 2026 and 012 and lists
// every page with any of them, each marked "Ontbreekt: 012". As a phrase every part is required,
// so the complaint's own page comes first (its title holds the number) and pages without it not
// at all. The query goes to Material's search worker as a message {type: 2, data: query}; only
// that message is rewritten, and only when the whole query is one complaint number.
(function () {
  var NUMBER = /^\s*[Kk]-?(\d{4})-(\d{1,6})\s*$/;
  var QUERY = 2;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      var found = NUMBER.exec(message.data);
      if (found) {
        var number = found[2].length < 3 ? ("00" + found[2]).slice(-3) : found[2];
        message = { type: QUERY, data: '"K ' + found[1] + " " + number + '"' };
      }
    }
    return post.apply(this, [message].concat([].slice.call(arguments, 1)));
  };
})();
