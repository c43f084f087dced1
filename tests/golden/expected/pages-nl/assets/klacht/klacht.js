// Sortable tables of the Klachtenregister (tablesort, vendored; no CDN).
document$.subscribe(function () {
  document.querySelectorAll("table.klacht-sortable").forEach(function (table) {
    if (!table.dataset.klachtSortable) {
      table.dataset.klachtSortable = "1";
      new Tablesort(table);
    }
  });
});
