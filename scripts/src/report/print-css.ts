/**
 * Print rules shared by the HTML reports (the verify evidence pack, the release record, the access
 * review), so each prints on US Letter and on A4 with every column on the page: the page keeps the
 * printer's paper size with 12 mm margins (CSS Paged Media `@page`,
 * https://www.w3.org/TR/css-page-3/#page-size-prop), tables use a fixed layout at the page's width
 * with long names and paths wrapped inside their cells (`overflow-wrap: anywhere`,
 * https://www.w3.org/TR/css-text-3/#overflow-wrap-property), header rows repeat on every page, and
 * a row is not split across pages.
 */
export const PRINT_MARGIN_MM = 12;

export const PRINT_CSS = `
@page { margin: ${PRINT_MARGIN_MM}mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9.5pt; }
  table { font-size: 8pt; table-layout: fixed; width: 100%; }
  th, td { padding: 0.2rem 0.3rem; overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  section.control { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
}`;
