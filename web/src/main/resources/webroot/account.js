'use strict';
// The signed-in user's own account: change the password, make and revoke API tokens (a token's secret
// is shown once, when it is made).
(async () => {
  const { el, api } = Vigil;
  try {
    await Vigil.page('account.html');
  } catch (e) {
    return;
  }
  const tokensBox = document.getElementById('tokens');
  const newToken = document.getElementById('new-token');
  const secret = document.getElementById('token-secret');
  /** Long enough to read the message before the sign-in page replaces it. */
  const SIGN_IN_AGAIN_DELAY_MS = 1500;

  async function loadTokens() {
    try {
      const list = (await api('/api/v1/tokens')).items;
      if (list.length === 0) { Vigil.stateBox(tokensBox, 'empty', t('account.noTokens')); return; }
      tokensBox.replaceChildren(el('table', {},
        el('thead', {}, el('tr', {}, ['name', 'created', 'lastUsed', ''].map((h) => el('th', {}, h ? t('account.col.' + h) : '')))),
        el('tbody', {}, list.map((k) => el('tr', { 'data-token': k.name },
          el('td', {}, k.name), el('td', {}, Vigil.time(k.createdAt)),
          el('td', {}, k.lastUsed ? Vigil.time(k.lastUsed) : t('account.neverUsed')),
          el('td', {}, el('button', {
            class: 'revoke', onclick: async () => {
              if (!confirm(t('account.confirmRevoke', { name: k.name }))) return;
              const out = document.getElementById('token-result');
              try {
                await api('/api/v1/tokens/' + encodeURIComponent(k.id), { method: 'DELETE' });
                out.className = 'ok'; out.textContent = t('account.revoked', { name: k.name });
              } catch (e) {
                out.className = 'error'; out.textContent = Vigil.errorText(e);
              }
              loadTokens();
            },
          }, t('account.revoke'))))))));
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(tokensBox, 'error', Vigil.errorText(e));
    }
  }

  document.getElementById('token-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = document.getElementById('token-result');
    out.textContent = '';
    try {
      const made = await api('/api/v1/tokens', { method: 'POST', body: { name: ev.target.elements.name.value } });
      secret.textContent = made.token;
      newToken.classList.remove('hidden');
      out.className = 'ok'; out.textContent = t('account.created', { name: made.name });
      ev.target.reset();
      loadTokens();
    } catch (e) {
      out.className = 'error'; out.textContent = Vigil.errorText(e);
    }
  });
  // Once hidden the secret is gone from the page: the server keeps only its digest.
  document.getElementById('token-hide').addEventListener('click', () => {
    secret.textContent = '';
    newToken.classList.add('hidden');
  });

  document.getElementById('password-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const out = document.getElementById('password-result');
    if (f.password.value !== f.repeat.value) {
      out.className = 'error'; out.textContent = t('account.mismatch');
      return;
    }
    try {
      await api('/api/v1/auth/password', { method: 'POST', body: { current: f.current.value, password: f.password.value } });
      // The server ended every session of this user, this one too.
      out.className = 'ok'; out.textContent = t('account.passwordChanged');
      ev.target.reset();
      setTimeout(() => { location.href = 'login.html'; }, SIGN_IN_AGAIN_DELAY_MS);
    } catch (e) {
      out.className = 'error';
      out.textContent = e.code === 'invalid_credentials' ? t('account.wrongCurrent') : Vigil.errorText(e);
    }
  });
  loadTokens();
})();
