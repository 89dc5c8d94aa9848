// Records every Content-Security-Policy or Trusted Types violation the page reports, for the test.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective}: ${e.blockedURI || e.sample || ''}`);
});
