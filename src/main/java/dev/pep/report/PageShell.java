package dev.pep.report;

/**
 * What every report page has around its sections: the head with the page's inline styles, and at
 * the bottom the status line with the inline script that checks, once the page has loaded, that
 * every chart image decoded and is not blank ({@code data-render} on the body: {@code ok N charts}
 * or what failed). Nothing comes from elsewhere, so the page opens without a network.
 */
final class PageShell {
  private PageShell() {}

  /** From the doctype to the opening {@code <body>}. */
  static void head(Html h) {
    h.raw(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>pep report</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
        h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
        table { border-collapse: collapse; margin: .8em 0; }
        th, td { padding: .2em .7em; border-bottom: 1px solid #eee; text-align: left; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        img.chart { display: block; max-width: 100%; margin: .8em 0; }
        .meta, .note { color: #555; font-size: .9em; }
        #render-status { color: #777; font-size: .8em; margin-top: 3em; }
        </style>
        </head>
        <body>
        """);
  }

  /** The status line for {@code charts} charts, the script that fills it in, and the page's end. */
  static void tail(Html h, int charts) {
    h.raw("<p id=\"render-status\">Checking the " + charts + " charts…</p>\n");
    h.raw(
        """
        <script>
        (function () {
          function mark(status) {
            document.body.setAttribute('data-render', status);
            document.getElementById('render-status').textContent = 'Charts: ' + status;
          }
          function blank(img) {
            var c = document.createElement('canvas');
            c.width = img.naturalWidth;
            c.height = img.naturalHeight;
            var x = c.getContext('2d');
            x.drawImage(img, 0, 0);
            var d = x.getImageData(0, 0, c.width, c.height).data;
            for (var i = 4; i < d.length; i += 4) {
              if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return false;
            }
            return true;
          }
          window.addEventListener('error', function (e) { mark('error: ' + e.message); });
          window.addEventListener('load', function () {
            var imgs = Array.prototype.slice.call(document.querySelectorAll('img.chart'));
            var bad = imgs.filter(function (i) {
              return !(i.complete && i.naturalWidth > 0) || blank(i);
            });
            mark(bad.length === 0
                ? 'ok ' + imgs.length + ' charts rendered'
                : 'failed: ' + bad.map(function (i) { return i.alt; }).join(', '));
          });
        })();
        </script>
        </body>
        </html>
        """);
  }
}
