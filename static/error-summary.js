// The error summary takes the focus when the page loads (web/error_summary.h), as the GOV.UK
// Design System's does: `autofocus` is not honoured on a div by every browser, nor after a
// redirect.  Following one of its links puts the focus in the field and its label or legend in view.
(function () {
  var summary = document.getElementById('error-summary');
  if (!summary) return;
  if (document.activeElement !== summary) summary.focus();
  summary.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (!a) return;
    var field = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (!field) return;
    var input = field.matches('input, select, textarea, button') ? field : field.querySelector('input, select, textarea');
    if (!input) return;
    ev.preventDefault();
    var fieldset = input.closest('fieldset');
    var label = document.querySelector('label[for="' + (window.CSS && CSS.escape ? CSS.escape(input.id) : input.id) + '"]');
    (label || (fieldset && fieldset.querySelector('legend')) || input).scrollIntoView();
    var r = input.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) input.scrollIntoView({ block: 'center' });
    input.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, '', a.getAttribute('href'));
  });
})();
