// The public survey form (a file: the Content-Security-Policy runs no inline script).
(function () {
// the chosen number stays highlighted; one tap is enough on a phone
document.querySelectorAll('[role=radiogroup] input').forEach(function (input) {
  input.addEventListener('change', function () {
    input.closest('[role=radiogroup]').querySelectorAll('label').forEach(function (l) { l.classList.remove('active'); });
    input.parentElement.classList.add('active');
  });
});
// a second tap on "send" while the first is on its way does nothing
var form = document.querySelector('[data-testid=survey-form]');
if (form) form.addEventListener('submit', function (e) {
  var button = e.target.querySelector('[data-testid=send]');
  if (button.dataset.sent) { e.preventDefault(); } button.dataset.sent = '1';
});
})();
