'use strict';
document.getElementById('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const button = document.getElementById('sign-in');
  const error = document.getElementById('login-error');
  error.textContent = '';
  button.disabled = true;
  try {
    const me = await Vigil.api('/api/v1/auth/login', {
      method: 'POST', allowAnonymous: true,
      body: { username: document.getElementById('username').value, password: document.getElementById('password').value },
    });
    // The language this user chose, in whatever browser they chose it, wins over this browser's.
    if (me.language) I18n.remember(me.language);
    const next = new URLSearchParams(location.search).get('next');
    // Only a path on this site: an open redirect would let a link send a signed-in user anywhere.
    location.href = next && /^\/[A-Za-z0-9._\-/?=&%]*$/.test(next) && !next.startsWith('//') ? next : 'index.html';
  } catch (e) {
    error.textContent = Vigil.errorText(e);
    button.disabled = false;
  }
});
